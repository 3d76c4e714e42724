"""The accounting engine: validated activity data × factors → emissions by gas and scope.

Scope 1, combustion (IPCC 2006 Vol. 2 Eq. 2.1, sectoral approach)::

    energy [TJ]   = activity [t | m^3] × NCV [TJ/t | TJ/m^3]      (or activity already in TJ)
    CO2 [t]       = energy × CO2 factor [t/TJ]
    CO2 factor    = published factor per TJ, or carbon content [t C/TJ] × oxidation × 44/12
    CH4, N2O [t]  = energy × factor [t/TJ], where the factor set has one

Scope 1, process: cement production [t] × process factor [t CO2/t].
Scope 2: purchased electricity or heat [MWh] × a named grid or heat factor [t CO2/MWh].
CO2e = mass of gas × GWP of the chosen metric (e.g. AR5GWP100), always named with the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero import codes, constants
from peakzero.accounting.activity import distinct_pairs
from peakzero.accounting.factors import FactorSet, GridFactor, canonical_gwp_metric, gwp_values
from peakzero.constants import CO2_PER_C as C_TO_CO2
from peakzero.errors import InputError, Problem
from peakzero.io.frames import categorical

__all__ = [
    "EMISSION_COLUMNS",
    "Inventory",
    "combustion_factors",
    "compute_inventory",
    "gas_factor",
    "per_fuel",
]

EMISSION_COLUMNS = ("region", "year", "sector", "gpc", "fuel", "gas", "scope", "value", "unit")
GASES = ("CO2", "CH4", "N2O")
_COMBUSTION_KINDS = ("solid", "liquid", "gas")


@dataclass(frozen=True)
class Inventory:
    """Emissions with the choices that produced them.

    ``emissions`` has :data:`EMISSION_COLUMNS` (values in t of the gas) plus ``co2e`` (t CO2e
    under ``gwp_metric``) and ``line`` (the activity line each row comes from).
    ``activity`` is the validated activity with ``energy_tj`` for combusted fuels.
    """

    emissions: pd.DataFrame
    activity: pd.DataFrame
    factor_set: str
    electricity_factor: str
    heat_factor: str
    gwp_metric: str


def compute_inventory(
    activity: pd.DataFrame,
    factors: FactorSet,
    electricity: GridFactor,
    heat: GridFactor,
    gwp: str = "AR5GWP100",
) -> Inventory:
    """Compute emissions for validated activity data (see :func:`validate_activity`).

    Raises
    ------
    InputError
        If the factor set lacks a factor a row needs (one problem per fuel and unit basis).
    """
    metric = canonical_gwp_metric(gwp)
    table = factors.canonical()
    kind = activity["fuel"].map({f: c.get("kind") for f, c in codes.fuels().items()})
    source = str(activity.attrs.get("file", "activity data"))
    problems: list[Problem] = []

    combusted = kind.isin(_COMBUSTION_KINDS).to_numpy()
    combustion = activity[combusted]
    energy_tj, co2_per_tj = combustion_factors(combustion, factors, source, problems, table)
    process = activity[kind.eq("process")]
    process_co2 = per_fuel(process, table["process_co2"])
    problems += _missing(process, process_co2.isna(), factors, source, "process CO2 factor")
    if problems:
        raise InputError(problems)

    gwp_table = gwp_values(metric)
    parts = [
        _rows(combustion, energy_tj * co2_per_tj, "CO2", 1, gwp_table),
        _rows(process, process["quantity"] * process_co2, "CO2", 1, gwp_table),
    ]
    sector_table = factors.sector_factors()
    for gas, column in (("CH4", "ch4_factor"), ("N2O", "n2o_factor")):
        per_tj = gas_factor(combustion, table[column], sector_table, column)
        parts.append(_rows(combustion, energy_tj * per_tj, gas, 1, gwp_table))
    for carrier, grid in (("electricity", electricity), ("heat", heat)):
        purchased = activity[activity["fuel"].eq(carrier)]
        # constants.MWH_PER_TJ, not imported by name: the unit registry behind it is built on
        # first use, and importing this module (the platform's start) must not build it.
        scope2 = purchased["quantity"] * constants.MWH_PER_TJ * grid.t_co2_per_mwh
        parts.append(_rows(purchased, scope2, "CO2", 2, gwp_table))

    emissions = pd.concat(parts, ignore_index=True)
    # Positional, not an index alignment: the combusted rows are a mask of the activity rows.
    energy = np.full(len(activity), np.nan)
    energy[combusted] = energy_tj.to_numpy(dtype="float64")
    enriched = activity.assign(energy_tj=energy)
    return Inventory(
        emissions.reset_index(drop=True), enriched, factors.info.id, electricity.id, heat.id, metric
    )


def combustion_factors(
    rows: pd.DataFrame,
    factors: FactorSet,
    source: str,
    problems: list[Problem],
    table: pd.DataFrame | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Energy [TJ] of combusted ``rows`` and their CO2 factor [t/TJ].

    ``rows`` need ``fuel, basis, quantity, line``; a fuel lacking a factor adds one problem.
    ``table`` is ``factors.canonical()`` if the caller has it already.
    """
    table = factors.canonical() if table is None else table
    ncv = np.select(
        [rows["basis"].eq("mass"), rows["basis"].eq("volume")],
        [per_fuel(rows, table["ncv_mass"]), per_fuel(rows, table["ncv_volume"])],
        default=1.0,
    )
    energy_tj = rows["quantity"] * pd.Series(ncv, index=rows.index, dtype="float64")
    for basis, what in (("mass", "NCV per mass"), ("volume", "NCV per volume")):
        missing = rows["basis"].eq(basis) & energy_tj.isna()
        hint = "; give the activity in energy units (TJ, tce) or choose a factor set that has one"
        problems += _missing(rows, missing, factors, source, what, hint)
    derived = table["carbon_content"] * table["oxidation"] * C_TO_CO2
    per_tj = table["co2_factor"].fillna(derived)
    co2_per_tj = per_fuel(rows, per_tj)
    problems += _missing(rows, co2_per_tj.isna(), factors, source, "CO2 factor or carbon content")
    return energy_tj, co2_per_tj


def gas_factor(
    rows: pd.DataFrame, all_sectors: pd.Series, by_sector: pd.DataFrame, column: str
) -> pd.Series:
    """A CH4 or N2O factor [t/TJ] for each of ``rows`` (which need ``fuel`` and ``gpc``).

    The value of the most specific ``gpc`` of :meth:`FactorSet.sector_factors` that matches the
    row's GPC sub-sector (equal, or a prefix followed by a dot), else the set's all-sector
    factor, else NaN. IPCC's Table 2.2 defaults, for instance, hold for energy industries only.
    """
    known = by_sector[by_sector[column].notna()]
    by_fuel: dict[str, list[tuple[str, float]]] = {}
    for fuel, prefix, value in zip(known["fuel"], known["gpc"], known[column], strict=True):
        by_fuel.setdefault(fuel, []).append((prefix, value))
    # The lookup runs once per distinct (fuel, gpc) pair (a few hundred), found from the category
    # codes: converting 400,000 rows to strings and a MultiIndex took most of the accounting time.
    fuels, gpcs = (
        c if isinstance(c.dtype, pd.CategoricalDtype) else c.astype("category")
        for c in (rows["fuel"], rows["gpc"])
    )
    pairs, inverse = distinct_pairs(fuels, gpcs)
    chosen = np.empty(len(pairs), dtype="float64")
    for n, (fuel_id, sub_sector) in enumerate(pairs):
        fuel, gpc = str(fuel_id), str(sub_sector)
        matches = [
            (len(prefix), value)
            for prefix, value in by_fuel.get(fuel, [])
            if gpc == prefix or gpc.startswith(f"{prefix}.")
        ]
        chosen[n] = max(matches)[1] if matches else all_sectors.get(fuel, np.nan)
    return pd.Series(chosen[inverse], index=rows.index, dtype="float64")


def per_fuel(rows: pd.DataFrame, factor: pd.Series) -> pd.Series:
    """``factor`` (indexed by fuel id) looked up for each row, as floats (NaN where absent)."""
    return rows["fuel"].map(factor).astype("float64")


def _missing(
    rows: pd.DataFrame,
    mask: pd.Series,
    factors: FactorSet,
    source: str,
    what: str,
    hint: str = "; choose a factor set that has one",
) -> list[Problem]:
    """One problem per fuel lacking a factor, at its first line (files repeat fuels a lot)."""
    problems = []
    for fuel, group in rows[mask].groupby("fuel", sort=True):
        others = len(group) - 1
        more = f" (and {others} more rows)" if others else ""
        msg = f"factor set {factors.info.id} has no {what} for {fuel}{hint}{more}"
        first = group.iloc[0]
        problems.append(Problem(source, msg, int(first["line"]), "fuel", fuel))
    return problems


def _rows(
    activity: pd.DataFrame, values: pd.Series, gas: str, scope: int, gwp: dict[str, float]
) -> pd.DataFrame:
    keep = values.notna().to_numpy()
    rows = activity.loc[keep, ["region", "year", "sector", "gpc", "fuel", "line"]]
    count = int(keep.sum())
    # Shared categories keep the concatenated table categorical (fast to group and sort).
    position = np.full(count, GASES.index(gas))
    rows = rows.assign(
        gas=categorical(position, GASES),
        scope=np.full(count, scope, dtype="int64"),
        value=values[keep].astype("float64"),
        unit=categorical(position, [f"t {g}" for g in GASES]),
    )
    rows["co2e"] = rows["value"] * gwp[gas]
    return rows[[*EMISSION_COLUMNS, "co2e", "line"]]
