"""Supply data and the IPCC reference approach (IPCC 2006 Vol. 2 Ch. 6).

Supply is long format ``region, year, fuel, flow, value, unit`` with ``flow`` one of
:data:`FLOW_SIGNS`. Apparent consumption = production + imports − exports − international
bunkers − stock change; carbon in non-energy use (feedstocks, lubricants, bitumen) is excluded.
For a city, imports and exports are inflows from and outflows to other provinces.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from peakzero import codes
from peakzero.accounting.activity import (
    check_units,
    check_values,
    check_years,
    resolve_column,
    resolve_regions,
)
from peakzero.accounting.engine import combustion_factors
from peakzero.accounting.factors import FactorSet
from peakzero.errors import InputError, Problem
from peakzero.io.tables import read_table

__all__ = ["FLOW_SIGNS", "SUPPLY_COLUMNS", "read_supply", "reference_approach"]

SUPPLY_COLUMNS = ("region", "year", "fuel", "flow", "value", "unit")
FLOW_SIGNS = {
    "production": 1.0,
    "imports": 1.0,
    "exports": -1.0,
    "international_bunkers": -1.0,
    "stock_change": -1.0,  # a stock build (positive) is fuel not burned this year
    "non_energy_use": -1.0,
}
_COMBUSTED = tuple(
    f for f, c in codes.fuels().items() if c.get("kind") in ("solid", "liquid", "gas")
)


def read_supply(path: str | os.PathLike[str], sheet: str | None = None) -> pd.DataFrame:
    """Read and validate a supply file.

    Returns columns ``region, year, fuel, flow, value, unit, basis, quantity, line``.

    Raises
    ------
    InputError
        One problem per defective cell or duplicate row.
    """
    table = read_table(path, SUPPLY_COLUMNS, sheet=sheet)
    problems: list[Problem] = []
    out = pd.DataFrame(index=table.frame.index)
    out["region"] = resolve_regions(table, problems)
    out["year"] = check_years(table, problems)
    out["fuel"] = resolve_column(table.frame["fuel"], codes.fuels().resolve)
    bad_fuel = ~out["fuel"].isin(_COMBUSTED)
    for row in np.flatnonzero(bad_fuel.to_numpy()):
        msg = f"not a combusted fuel; allowed: {', '.join(_COMBUSTED)}"
        problems.append(table.problem(row, "fuel", msg, table.frame["fuel"].iloc[row]))
    out["flow"] = table.frame["flow"].str.strip().str.lower()
    for row in np.flatnonzero((~out["flow"].isin(FLOW_SIGNS)).to_numpy()):
        msg = f"unknown flow; allowed: {', '.join(FLOW_SIGNS)}"
        problems.append(table.problem(row, "flow", msg, table.frame["flow"].iloc[row]))
    # A stock draw is a negative stock change; every other flow is a non-negative amount.
    out["value"] = check_values(table, problems, allow_negative=True)
    negative = out["value"].lt(0) & out["flow"].ne("stock_change")
    for row in np.flatnonzero(negative.to_numpy()):
        msg = "value must be ≥ 0 (only stock_change may be negative)"
        problems.append(table.problem(row, "value", msg, table.frame["value"].iloc[row]))
    out["unit"] = table.frame["unit"].str.strip()
    problems += check_units(table, out, bad_fuel)
    out["line"] = table.lines
    duplicated = out.duplicated(["region", "year", "fuel", "flow"], keep="first")
    for row in np.flatnonzero(duplicated.to_numpy()):
        problems.append(table.problem(row, None, "duplicate (region, year, fuel, flow) row"))
    if problems:
        raise InputError(problems)
    out.attrs["file"] = table.file
    return out


def reference_approach(supply: pd.DataFrame, factors: FactorSet) -> pd.DataFrame:
    """CO2 of apparent consumption per region, year and fuel (t CO2), with the same factors.

    Returns columns ``region, year, fuel, energy_tj, co2``.
    """
    problems: list[Problem] = []
    source = str(supply.attrs.get("file", "supply data"))
    energy_tj, co2_per_tj = combustion_factors(supply, factors, source, problems)
    if problems:
        raise InputError(problems)
    sign = supply["flow"].map(FLOW_SIGNS).astype("float64")
    signed = supply.assign(energy_tj=energy_tj * sign, co2=energy_tj * co2_per_tj * sign)
    grouped = signed.groupby(["region", "year", "fuel"], as_index=False)[["energy_tj", "co2"]]
    return grouped.sum()
