"""Reading an inventory's history: totals per year, the peak, the mix of one year."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero import codes
from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import view_totals

__all__ = ["Peak", "annual_totals", "find_peak", "mix"]


@dataclass(frozen=True)
class Peak:
    """The highest year of a series and how far the latest year is below it."""

    year: int
    value: float
    latest_year: int
    latest_value: float

    @property
    def change_since_peak(self) -> float:
        """Latest value relative to the peak (−0.15 = 15 % below)."""
        return self.latest_value / self.value - 1.0


def annual_totals(
    inventory: Inventory, region: str, view: str = "territorial", aviation: bool = True
) -> pd.Series:
    """CO2 totals per year of one region and view, in Mt CO2 (index: year)."""
    totals = view_totals(inventory, view, aviation)
    mine = totals[totals["region"] == region].set_index("year")["co2"]
    return (mine / 1e6).sort_index().rename(region)


def find_peak(series: pd.Series) -> Peak:
    """The peak of a yearly series (the first year if the maximum repeats)."""
    if series.empty:
        msg = "cannot find the peak of an empty series"
        raise ValueError(msg)
    year = int(series.index.to_numpy()[series.to_numpy().argmax()])
    latest = int(series.index.max())
    return Peak(year, float(series[year]), latest, float(series[latest]))


def mix(
    inventory: Inventory,
    region: str,
    year: int,
    by: str,
    view: str = "territorial",
    aviation: bool = True,
) -> pd.DataFrame:
    """One year's emissions by ``fuel``, fuel ``group`` or ``gpc`` sub-sector, in Mt CO2.

    Returns columns ``code, name_en, name_zh, co2, share``, largest first.
    """
    column = "fuel" if by == "group" else by
    totals = view_totals(inventory, view, aviation, by=[column])
    totals = totals[(totals["region"] == region) & (totals["year"] == year)]
    values = totals.set_index(column)["co2"] / 1e6
    if by == "group":
        groups = {f: c.get("group") for f, c in codes.fuels().items()}
        values = values.groupby(values.index.map(groups)).sum()
    labels = codes.gpc_sectors() if by == "gpc" else codes.fuels()
    table = pd.DataFrame({"code": values.index, "co2": values.to_numpy()})
    if by == "group":
        table["name_en"] = table["code"].str.capitalize()
        table["name_zh"] = table["code"].map(_GROUP_ZH)
    else:
        table["name_en"] = table["code"].map(lambda c: labels[c].name_en)
        table["name_zh"] = table["code"].map(lambda c: labels[c].name_zh)
    table["share"] = table["co2"] / table["co2"].sum()
    table = table[table["co2"] != 0]
    columns = ["code", "name_en", "name_zh", "co2", "share"]
    return table.sort_values("co2", ascending=False, ignore_index=True)[columns]


_GROUP_ZH = {
    "coal": "煤炭",
    "oil": "石油",
    "gas": "天然气",
    "process": "工业过程",
    "electricity": "电力",
    "heat": "热力",
    "other": "其他",
}
