"""Activity data: read, validate and bring into canonical units.

Input is long format ``region, year, sector, fuel, value, unit`` (CSV or XLSX), optionally with an
``uncertainty`` column (activity-data uncertainty, % half-width of the 95 % interval). Every defect
becomes one :class:`~peakzero.errors.Problem` naming file, line, column, value and what is allowed;
nothing is computed from a file that has any.

Files repeat a few names and units many times, so text columns are factorised and every check
runs once per distinct spelling; results are categorical columns (fast to map and group).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peakzero import codes
from peakzero.errors import InputError, Problem
from peakzero.io.frames import categorical
from peakzero.io.tables import Table, read_table
from peakzero.units import UnitError, parse_unit

__all__ = [
    "ACTIVITY_COLUMNS",
    "check_units",
    "check_values",
    "check_years",
    "distinct_pairs",
    "read_activity",
    "resolve_column",
    "resolve_regions",
    "validate_activity",
]

ACTIVITY_COLUMNS = ("region", "year", "sector", "fuel", "value", "unit")
OPTIONAL_COLUMNS = ("uncertainty",)

# Canonical unit per physical basis; the engine multiplies these by factors in matching units.
CANONICAL_UNITS: dict[str, str] = {"mass": "t", "volume": "m**3", "energy": "TJ"}
_DIMENSIONS: dict[str, str] = {
    "mass": "[mass]",
    "volume": "[length] ** 3",
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
}
# Which bases each fuel kind may be given in.
_ALLOWED_BASES: dict[str, tuple[str, ...]] = {
    "solid": ("mass", "energy"),
    "liquid": ("mass", "volume", "energy"),
    "gas": ("volume", "mass", "energy"),
    "electricity": ("energy",),
    "heat": ("energy",),
    "process": ("mass",),
}
_ACCEPTED_FUELS = tuple(
    fuel_id for fuel_id, code in codes.fuels().items() if code.get("kind") in _ALLOWED_BASES
)
_SECTOR_HELP = (
    "unknown sector; give a GPC sub-sector (I.1 … VI.1), an energy-balance code "
    "(EB01 … EB47 or 1 … 47) or its English or Chinese name"
)


@dataclass(frozen=True)
class _UnitInfo:
    basis: str | None
    factor: float  # value in this unit × factor = value in the canonical unit of the basis
    error: str | None = None


def _unit_info(text: str) -> _UnitInfo:
    try:
        quantity = parse_unit(text)
    except UnitError as exc:
        return _UnitInfo(None, math.nan, str(exc))
    for basis, dimension in _DIMENSIONS.items():
        if quantity.dimensionality == quantity._REGISTRY.get_dimensionality(dimension):
            try:
                factor = float(quantity.to(CANONICAL_UNITS[basis]).magnitude)
            except OverflowError:
                factor = math.inf
            # A scale inside the unit ("-1 t", "0 t") must not slip past the value checks.
            if not (math.isfinite(factor) and factor > 0):
                return _UnitInfo(
                    None, math.nan, f"unit {text!r} has a scale that is not a finite number > 0"
                )
            return _UnitInfo(basis, factor)
    return _UnitInfo(None, math.nan, f"unit {text!r} is not a mass, volume or energy")


def read_activity(path: str | os.PathLike[str], sheet: str | None = None) -> pd.DataFrame:
    """Read and validate an activity file; see :func:`validate_activity` for the result."""
    return validate_activity(read_table(path, ACTIVITY_COLUMNS, OPTIONAL_COLUMNS, sheet))


def validate_activity(table: Table) -> pd.DataFrame:
    """Check every cell of an activity table and return it in canonical form.

    Returns
    -------
    pandas.DataFrame
        Columns ``region, year, sector, fuel, value, unit, basis, quantity, uncertainty, line,
        gpc``. ``quantity`` is ``value`` in t, m^3 or TJ according to ``basis``;
        ``uncertainty`` is NaN where not given; ``line`` is the source line.

    Raises
    ------
    InputError
        With one problem per defective cell and per duplicate row.
    """
    frame = table.frame
    if frame.empty:
        msg = "no data rows; give at least one row of region,year,sector,fuel,value,unit"
        raise InputError(Problem(table.file, msg, sheet=table.sheet))
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    out["region"] = resolve_regions(table, problems)
    out["year"] = check_years(table, problems)
    out["sector"] = resolve_column(frame["sector"], codes.resolve_sector)
    problems += _unresolved(table, out["sector"].isna(), "sector", _SECTOR_HELP)
    out["fuel"] = resolve_column(frame["fuel"], codes.fuels().resolve)
    bad_fuel = ~out["fuel"].isin(_ACCEPTED_FUELS)
    problems += _unresolved(
        table, bad_fuel, "fuel", f"unknown fuel; allowed: {', '.join(_ACCEPTED_FUELS)}"
    )
    out["value"] = check_values(table, problems, allow_negative=False)
    problems += check_units(table, out, bad_fuel)
    out["uncertainty"] = _uncertainty(table, problems)
    out["line"] = np.asarray(table.lines, dtype="int64")
    valid = ~bad_fuel & out["sector"].notna() & out["year"].gt(0) & out["region"].notna()
    problems += _duplicates(table, out, valid)
    if problems:
        raise InputError(problems)
    out["gpc"] = _gpc(out["sector"], out["fuel"])
    out.attrs["file"] = table.file
    return out


def _unresolved(table: Table, mask: pd.Series, column: str, message: str) -> list[Problem]:
    given = table.frame[column]
    return [
        table.problem(r, column, message, given.iloc[r]) for r in np.flatnonzero(mask.to_numpy())
    ]


def resolve_column(column: pd.Series, resolve: Callable[[str], str | None]) -> pd.Series:
    """Resolve each distinct spelling once; the result is categorical (NaN where unresolved)."""
    positions, uniques = pd.factorize(column, use_na_sentinel=False)
    resolved = [resolve(str(text).strip()) for text in uniques]
    categories = sorted({r for r in resolved if r is not None})
    lookup = {c: i for i, c in enumerate(categories)}
    mapped = np.array([lookup.get(r, -1) if r is not None else -1 for r in resolved] + [-1])
    values = categorical(mapped[positions], categories)
    return pd.Series(values, index=column.index)


def resolve_regions(table: Table, problems: list[Problem]) -> pd.Series:
    """Known regions (by id or name) become their ids; other names are kept as given."""
    regions = codes.regions()

    def known_or_given(text: str) -> str | None:
        return regions.resolve(text) or (text or None)

    resolved = resolve_column(table.frame["region"], known_or_given)
    message = "region is empty; give a region id or name"
    problems += _unresolved(table, resolved.isna(), "region", message)
    return resolved


def _numbers(column: pd.Series) -> pd.Series:
    """Numbers from a column that may already be numeric or hold text (with 1,000 separators)."""
    if pd.api.types.is_numeric_dtype(column):
        return column.astype("float64")
    positions, uniques = pd.factorize(column, use_na_sentinel=False)
    text = pd.Series(uniques, dtype="object").astype(str).str.strip().str.replace(",", "")
    parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    return pd.Series(parsed[positions], index=column.index)


def check_years(table: Table, problems: list[Problem]) -> pd.Series:
    """Whole-number years 1900–2100 (0 where invalid, with a problem)."""
    years = _numbers(table.frame["year"])
    bad = years.isna() | (years % 1 != 0) | ~years.between(1900, 2100)
    problems += _unresolved(table, bad, "year", "year must be a whole number 1900–2100")
    return years.where(~bad, 0).astype("int64")


def check_values(table: Table, problems: list[Problem], allow_negative: bool) -> pd.Series:
    """Finite numbers, ≥ 0 unless ``allow_negative``."""
    values = _numbers(table.frame["value"])
    bad = ~np.isfinite(values)
    if not allow_negative:
        bad |= values < 0
    message = "value must be a number" + ("" if allow_negative else " ≥ 0")
    problems += _unresolved(table, bad, "value", message)
    return values


def check_units(table: Table, out: pd.DataFrame, bad_fuel: pd.Series) -> list[Problem]:
    """Set ``unit``, ``basis`` and ``quantity`` (canonical units) on ``out``; report bad units.

    ``out`` needs ``fuel`` and ``value``; a fuel's kind limits the bases it may be given in.
    """
    unit = resolve_column(table.frame["unit"], lambda text: text or None)
    infos = {text: _unit_info(text) for text in unit.cat.categories}
    out["unit"] = unit
    out["basis"] = unit.map({k: v.basis for k, v in infos.items()}).astype("category")
    factor = unit.map({k: v.factor for k, v in infos.items()}).astype("float64")
    out["quantity"] = out["value"] * factor
    problems = []
    for row in np.flatnonzero(out["basis"].isna().to_numpy()):
        text = table.frame["unit"].iloc[row]
        info = infos.get(unit.iloc[row]) if isinstance(unit.iloc[row], str) else None
        reason = info.error if info is not None else "unit is empty"
        msg = f"{reason}; give a mass (t, 万吨), volume (m^3, 亿立方米) or energy (TJ, tce)"
        problems.append(table.problem(row, "unit", msg, text))
    kinds = {fuel_id: code.get("kind") for fuel_id, code in codes.fuels().items()}
    allowed = {(f, b) for f in _ACCEPTED_FUELS for b in _ALLOWED_BASES[kinds[f]]}
    accepted = _pairs(out["fuel"], out["basis"], lambda fuel, basis: (fuel, basis) in allowed)
    wrong = out["basis"].notna() & ~bad_fuel & accepted.ne(True)
    for row in np.flatnonzero(wrong.to_numpy()):
        fuel, basis = out["fuel"].iloc[row], out["basis"].iloc[row]
        msg = f"{fuel} cannot be given as {basis}; use {' or '.join(_ALLOWED_BASES[kinds[fuel]])}"
        problems.append(table.problem(row, "unit", msg, table.frame["unit"].iloc[row]))
    return problems


def _pairs(
    first: pd.Series, second: pd.Series, function: Callable[[str, str], object]
) -> pd.Series:
    """``function`` of each row's pair of categorical values, evaluated once per distinct pair.

    Returns a categorical series; rows where either value is missing get NaN.
    """
    pairs, inverse = distinct_pairs(first, second)
    results = [
        function(one, two) if one is not None and two is not None else None for one, two in pairs
    ]
    categories = sorted({r for r in results if r is not None}, key=str)
    lookup = {c: n for n, c in enumerate(categories)}
    codes_of_unique = np.array([lookup.get(r, -1) if r is not None else -1 for r in results])
    values = categorical(codes_of_unique[inverse], categories)
    return pd.Series(values, index=first.index)


def distinct_pairs(first: pd.Series, second: pd.Series) -> tuple[list[tuple[Any, Any]], NDArray]:
    """The distinct ``(first, second)`` pairs of two categorical columns and each row's pair.

    Returns the pairs (``None`` for a missing value), ordered by category codes, and for each row
    the position of its pair in that list.
    """
    width = len(second.cat.categories) + 1
    keys = (
        (first.cat.codes.to_numpy(np.int64) + 1) * width + second.cat.codes.to_numpy(np.int64) + 1
    )
    space = (len(first.cat.categories) + 1) * width
    if space <= max(len(keys), 1 << 16):
        # Few categories (fuels, units, sectors): counting the keys finds the distinct pairs in
        # one pass, where sorting 400,000 keys (np.unique) took longer than the rest of the check.
        unique = np.flatnonzero(np.bincount(keys, minlength=space))
        position = np.zeros(space, dtype=np.int64)
        position[unique] = np.arange(len(unique))
        inverse = position[keys]
    else:
        unique, inverse = np.unique(keys, return_inverse=True)
    # Plain lists: indexing an Arrow-backed Index once per pair costs more than the conversion.
    ones = [None, *first.cat.categories.tolist()]
    twos = [None, *second.cat.categories.tolist()]
    pairs = [(ones[key // width], twos[key % width]) for key in unique.tolist()]
    return pairs, inverse.reshape(-1)


def _uncertainty(table: Table, problems: list[Problem]) -> pd.Series:
    if "uncertainty" not in table.frame:
        return pd.Series(np.nan, index=table.frame.index)
    given = table.frame["uncertainty"].astype(str).str.strip().str.rstrip("%")
    values = pd.Series(pd.to_numeric(given.where(given.ne("")), errors="coerce"), dtype="float64")
    bad = given.ne("") & given.ne("nan") & (values.isna() | (values < 0))
    message = "uncertainty must be a percentage ≥ 0 (95 % half-width) or empty"
    problems += _unresolved(table, bad, "uncertainty", message)
    return values


def _duplicates(table: Table, out: pd.DataFrame, valid: pd.Series) -> list[Problem]:
    """Rows whose (region, year, sector, fuel) repeat an earlier valid row."""
    keys = ["region", "year", "sector", "fuel"]
    dup = out.duplicated(keys, keep=False) & valid
    if not dup.any():
        return []
    first_line = out[dup].groupby(keys, observed=True)["line"].transform("min")
    problems = []
    for row, first in zip(np.flatnonzero(dup.to_numpy()), first_line, strict=True):
        if out["line"].iloc[row] != first:
            key = ", ".join(str(out[k].iloc[row]) for k in keys)
            msg = f"duplicate row: ({key}) is already given on line {first}; merge or remove one"
            problems.append(table.problem(row, None, msg))
    return problems


def _gpc(sectors: pd.Series, fuels: pd.Series) -> pd.Series:
    return _pairs(sectors, fuels, codes.gpc_for)
