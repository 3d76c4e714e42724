"""Named, versioned reference factor sets with provenance (排放因子).

Three kinds of set are described in ``data/factors/sets.yaml``:

* ``combustion`` — fuel factors in ``combustion.csv`` (long format: one row per set, fuel and
  parameter, with unit, source and status). A user file in the same format can stand in for a set.
* ``grid`` — electricity and heat factors in ``grid.csv``, each chosen by its own id
  (:mod:`peakzero.accounting.grid_factors`).
* ``gwp`` — GWP100 values per IPCC report in ``gwp.csv`` (:mod:`peakzero.accounting.gwp`).

Values are stored in the units they are published in; :meth:`FactorSet.canonical` converts them
with the unit registry into the fixed units the engine uses. CH4 and N2O factors that apply to one
GPC sub-sector only (column ``gpc``) are kept apart, in :meth:`FactorSet.sector_factors`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from peakzero import codes
from peakzero.accounting.factor_table import (
    CANONICAL_COLUMNS,
    FACTOR_COLUMNS,
    PARAMETERS,
    SECTOR_PARAMETERS,
    canonical_target,
    gpc_prefixes,
    parse_table,
)
from peakzero.accounting.grid_factors import GridFactor, grid_factors, load_grid_factor
from peakzero.accounting.gwp import GWP_METRICS, canonical_gwp_metric, gwp_values
from peakzero.errors import InputError, Problem, ReferenceDataError
from peakzero.io.reference import (
    decode_csv,
    package_file,
    packaged_text,
    raise_reference,
)

__all__ = [
    "CANONICAL_COLUMNS",
    "FACTOR_COLUMNS",
    "GWP_METRICS",
    "PARAMETERS",
    "SECTOR_COLUMNS",
    "SECTOR_PARAMETERS",
    "FactorSet",
    "FactorSetInfo",
    "GridFactor",
    "canonical_gwp_metric",
    "factor_set_info",
    "grid_factors",
    "gwp_values",
    "list_factor_sets",
    "load_factor_set",
    "load_grid_factor",
    "lookup_factor",
]

KINDS = ("combustion", "grid", "gwp")
SECTOR_COLUMNS = ("fuel", "gpc", *SECTOR_PARAMETERS)
"""The columns of :meth:`FactorSet.sector_factors`."""
_INFO_FIELDS = ("kind", "name_en", "name_zh", "version", "description", "provenance")


@dataclass(frozen=True)
class FactorSetInfo:
    """The metadata of a factor set (an entry of ``sets.yaml``, or of a user file)."""

    id: str
    kind: str
    name_en: str
    name_zh: str
    version: str
    description: str
    provenance: str


@dataclass(frozen=True, eq=False)
class FactorSet:
    """A combustion factor set: its metadata and its rows.

    ``table`` has the columns of ``combustion.csv`` (:data:`FACTOR_COLUMNS`); ``fuel`` holds
    canonical fuel ids, ``gpc`` a GPC code or prefix (empty: every sector) and ``value`` floats in
    the row's ``unit``.
    """

    info: FactorSetInfo
    table: pd.DataFrame

    def canonical(self) -> pd.DataFrame:
        """One row per fuel in the engine's units, NaN where the set lacks a parameter.

        Only rows that apply to every sector (empty ``gpc``) are used; the sector-specific CH4 and
        N2O factors are in :meth:`sector_factors`.

        Returns
        -------
        pandas.DataFrame
            Index ``fuel`` (codelist order); float columns ``ncv_mass`` [TJ/t], ``ncv_volume``
            [TJ/m^3], ``carbon_content`` [t C/TJ], ``oxidation`` [fraction; 1.0 where absent],
            ``co2_factor`` [t CO2/TJ, oxidation included], ``ch4_factor`` and ``n2o_factor``
            [t of the gas/TJ] and ``process_co2`` [t CO2/t product].
        """
        rows = self.table[self.table["gpc"].eq("")]
        present = set(rows["fuel"])
        order = [f for f in codes.fuels() if f in present]
        out = pd.DataFrame(
            float("nan"), index=pd.Index(order, name="fuel"), columns=list(CANONICAL_COLUMNS)
        )
        for fuel, parameter, value, unit in zip(
            rows["fuel"], rows["parameter"], rows["value"], rows["unit"], strict=True
        ):
            column, factor = canonical_target(fuel, parameter, unit)
            out.loc[fuel, column] = float(value) * factor
        out["oxidation"] = out["oxidation"].fillna(1.0)
        return out

    def sector_factors(self) -> pd.DataFrame:
        """The CH4 and N2O factors that apply to one GPC sub-sector (or prefix) only.

        Returns
        -------
        pandas.DataFrame
            Columns ``fuel``, ``gpc`` (a GPC code or dotted prefix: ``I.4`` covers ``I.4`` and
            ``I.4.4``), ``ch4_factor`` and ``n2o_factor`` [t of the gas/TJ, NaN where the set has
            no such row]; one row per (fuel, gpc) with any sector-specific row, fuels in codelist
            order and GPC values in :func:`~peakzero.accounting.factor_table.gpc_prefixes` order;
            a default integer index. Empty (with these columns) if the set has no such rows.
        """
        rows = self.table[self.table["gpc"].ne("")]
        values: dict[tuple[str, str], dict[str, float]] = {}
        for fuel, gpc, parameter, value, unit in zip(
            rows["fuel"], rows["gpc"], rows["parameter"], rows["value"], rows["unit"], strict=True
        ):
            column, factor = canonical_target(fuel, parameter, unit)
            values.setdefault((fuel, gpc), {})[column] = float(value) * factor
        fuels, prefixes = list(codes.fuels()), gpc_prefixes()
        keys = sorted(values, key=lambda k: (fuels.index(k[0]), prefixes.index(k[1])))
        out = pd.DataFrame(
            [
                [fuel, gpc, *(values[fuel, gpc].get(c, float("nan")) for c in SECTOR_PARAMETERS)]
                for fuel, gpc in keys
            ],
            columns=list(SECTOR_COLUMNS),
        )
        return out.astype(dict.fromkeys(SECTOR_PARAMETERS, "float64"))


def list_factor_sets() -> list[FactorSetInfo]:
    """Every packaged set of every kind (combustion, grid, gwp), in ``sets.yaml`` order."""
    return list(_sets().values())


def factor_set_info(ref: str) -> FactorSetInfo:
    """The metadata of a packaged set by id (case-insensitive; ``AR5`` names ``AR5GWP100``).

    Raises
    ------
    InputError
        If no set has this id (the message lists the valid ids).
    """
    sets = {key.casefold(): info for key, info in _sets().items()}
    found = sets.get(str(ref).strip().casefold())
    if found is None:
        try:
            found = _sets()[canonical_gwp_metric(str(ref))]
        except InputError:
            msg = f"unknown factor set id; use one of {', '.join(_sets())}"
            raise InputError(Problem("factor set", msg, value=ref)) from None
    return found


def lookup_factor(ref: str) -> FactorSetInfo | GridFactor:
    """A packaged set (of any kind) or a single grid/heat factor, by id.

    Raises
    ------
    InputError
        If ``ref`` is neither (the message lists the set ids and the grid factor ids).
    """
    try:
        return factor_set_info(ref)
    except InputError:
        pass
    try:
        return load_grid_factor(ref, carrier=None)
    except InputError:
        valid = [*_sets(), *(f.id for f in grid_factors())]
        msg = f"unknown factor set or grid factor id; use one of {', '.join(valid)}"
        raise InputError(Problem("factor set", msg, value=ref)) from None


def load_factor_set(ref: str | os.PathLike[str]) -> FactorSet:
    """A combustion factor set: a packaged set by id, or a user CSV file.

    Parameters
    ----------
    ref
        A combustion set id of ``sets.yaml`` (e.g. ``cn-gbt2589-provincial-2011``), or the path
        of a CSV file with the columns of ``combustion.csv`` holding one set (e.g. the measured
        factors of an enterprise). Its ``note`` column may be left out.

    Raises
    ------
    InputError
        For an unknown id or a missing file (listing the valid ids), a set that is not a
        combustion set, or a user file with defects (one problem per defect, with its line).
    """
    if isinstance(ref, str) and not _looks_like_path(ref):
        info = factor_set_info(ref)
        if info.kind != "combustion":
            valid = ", ".join(i.id for i in list_factor_sets() if i.kind == "combustion")
            msg = f"{info.id} is a {info.kind} set, not a combustion factor set; use one of {valid}"
            raise InputError(Problem("factor set", msg, value=ref))
        table = _packaged_table()
        rows = table[table["factor_set"] == info.id].reset_index(drop=True)
        return FactorSet(info, rows)
    return _load_user_file(Path(ref))


def _looks_like_path(ref: str) -> bool:
    return ref.lower().endswith(".csv") or os.sep in ref or "/" in ref or Path(ref).is_file()


@cache
def _sets() -> dict[str, FactorSetInfo]:
    file = package_file("sets.yaml")
    try:
        raw = yaml.safe_load(packaged_text("sets.yaml"))
    except yaml.YAMLError as exc:
        msg = f"{file} is not valid YAML: {exc}"
        raise ReferenceDataError(msg) from exc
    problems: list[Problem] = []
    sets: dict[str, FactorSetInfo] = {}
    for key, entry in (raw or {}).items():
        fields = {name: str((entry or {}).get(name) or "").strip() for name in _INFO_FIELDS}
        problems += [Problem(file, f"{key} lacks {n}") for n, v in fields.items() if not v]
        if fields["kind"] not in KINDS:
            problems.append(Problem(file, f"{key}: kind must be one of {', '.join(KINDS)}"))
        if fields["kind"] == "gwp" and key not in GWP_METRICS:
            problems.append(Problem(file, f"{key}: a gwp set id must be one of {GWP_METRICS}"))
        sets[str(key)] = FactorSetInfo(id=str(key), **fields)
    absent = [m for m in GWP_METRICS if m not in sets]
    if absent:
        problems.append(Problem(file, f"no gwp set for {', '.join(absent)}"))
    raise_reference(problems)
    return sets


@cache
def _packaged_table() -> pd.DataFrame:
    file = package_file("combustion.csv")
    combustion = [i.id for i in _sets().values() if i.kind == "combustion"]
    table, problems = parse_table(packaged_text("combustion.csv"), file, sets=combustion)
    problems += [
        Problem(file, f"combustion set {s} of sets.yaml has no rows")
        for s in combustion
        if s not in set(table["factor_set"])
    ]
    raise_reference(problems)
    return table


def _load_user_file(path: Path) -> FactorSet:
    file = str(path)
    if not path.is_file():
        valid = ", ".join(i.id for i in list_factor_sets() if i.kind == "combustion")
        msg = f"factor file not found; give an existing CSV file or a set id ({valid})"
        raise InputError(Problem(file, msg))
    data = path.read_bytes()
    text, problems = decode_csv(data, file)
    if problems:
        raise InputError(problems)
    table, problems = parse_table(text, file, sets=None)
    if not problems and table.empty:
        problems.append(Problem(file, "no factor rows below the header"))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    set_id = str(table["factor_set"].iloc[0])
    info = FactorSetInfo(
        id=set_id,
        kind="combustion",
        name_en=f"User factor set {set_id}",
        name_zh=f"用户排放因子 {set_id}",
        # The file's digest identifies exactly which version of the user's table was used.
        version="sha256:" + hashlib.sha256(data).hexdigest()[:12],
        description=f"Factors read from {path.name}",
        provenance=f"user file {path.resolve()}; each row cites its own source and status",
    )
    return FactorSet(info, table)
