"""IAMC format: long (``model, scenario, region, variable, unit, year, value``) and wide.

The long table is what engines exchange; the wide CSV (one column per year) is what pyam and
the IAMC scenario explorer read.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["IAMC_COLUMNS", "IAMC_INDEX", "to_wide"]

IAMC_INDEX = ("model", "scenario", "region", "variable", "unit")
IAMC_COLUMNS = (*IAMC_INDEX, "year", "value")


def to_wide(long: pd.DataFrame) -> pd.DataFrame:
    """Pivot an IAMC long table to the wide layout (years as columns, sorted)."""
    wide = long.pivot_table(
        index=list(IAMC_INDEX), columns="year", values="value", aggfunc="sum", sort=True
    )
    wide.columns = [str(int(year)) for year in wide.columns]
    return wide.reset_index()
