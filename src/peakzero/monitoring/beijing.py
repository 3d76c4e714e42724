"""Beijing's shipped monitoring inputs and the daily series they support.

* ``data/monitoring/beijing_ratios.csv`` — P_s(y)/P_s(2019) per sector for 2020–2025, only
  where a sourced figure exists in the repository (with its source and status); every other
  year is ``missing`` with the reason, never filled in.
* ``data/monitoring/cm_shapes_beijing.csv`` — daily shares of each year, 2021–2025, derived from
  the Carbon Monitor Cities export by :mod:`peakzero.monitoring.derive_shapes` (timing only).

:func:`beijing_daily` puts them together on the CEADs 2019 anchor: days of a sector-year
without a sourced ratio are NaN. :func:`beijing_monthly` sums them by month,
:func:`beijing_gaps` lists every sector-year of 2021–2025 left NaN with its reason, and
:func:`beijing_totals` gives the scope-1 total of a year only when every sector has a value.
"""

from __future__ import annotations

from functools import cache
from io import StringIO

import pandas as pd

from peakzero.io.packaged import data_text
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import annual, daily_emissions, monthly
from peakzero.monitoring.sectors import monitored_sectors
from peakzero.monitoring.shapes import calendar_weights, carbon_monitor_shape

__all__ = [
    "YEARS",
    "beijing_cm_shapes",
    "beijing_daily",
    "beijing_gaps",
    "beijing_monthly",
    "beijing_ratios",
    "beijing_totals",
]

REGION = "CN-BJ"
#: The monitored years: those the shipped daily shapes cover.
YEARS = (2021, 2022, 2023, 2024, 2025)


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(StringIO(data_text("monitoring", name)), keep_default_na=True)


def beijing_ratios() -> pd.DataFrame:
    """``region, sector, year, base_year, ratio, proxy, source, status, note`` (NaN = missing)."""
    return _read("beijing_ratios.csv").astype({"sector": str}).copy()


def beijing_cm_shapes() -> pd.DataFrame:
    """``region, date, sector (Carbon Monitor), share, filled``: shares of each year."""
    frame = _read("cm_shapes_beijing.csv").copy()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def beijing_daily() -> pd.DataFrame:
    """Beijing's daily emissions by monitored sector (scope 1), kt CO2/day, 2021–2025.

    Sectors with a Carbon Monitor sector take its daily shape, the others equal days; the level
    is CEADs 2019 × the shipped ratio, NaN where no sourced ratio exists.
    """
    shapes = beijing_cm_shapes().rename(columns={"share": "value"})
    scope1 = [s for s in monitored_sectors().values() if s.scope == 1]
    cm = carbon_monitor_shape(shapes, REGION)
    cm = cm[cm["sector"].isin([s.id for s in scope1])]
    days = pd.DatetimeIndex(shapes["date"].drop_duplicates().sort_values())
    plain = [s.id for s in scope1 if not s.cm_sector]
    weights = calendar_weights(days)
    flat = pd.concat(
        [
            pd.DataFrame({"date": days, "region": REGION, "sector": s, "value": weights.to_numpy()})
            for s in plain
        ],
        ignore_index=True,
    )
    ratios = beijing_ratios()
    return daily_emissions(anchor(), ratios[ratios["ratio"].notna()], pd.concat([cm, flat]))


def beijing_monthly() -> pd.DataFrame:
    """Beijing's monthly emissions by monitored sector, kt CO2: ``region, sector, period, value``.

    A month stays NaN when its sector-year has no sourced ratio (never 0).
    """
    return monthly(beijing_daily())


def _sector_years() -> pd.DataFrame:
    """Every scope-1 sector × monitored year, with its annual sum (NaN = not monitored)."""
    scope1 = [s.id for s in monitored_sectors().values() if s.scope == 1]
    grid = pd.MultiIndex.from_product([scope1, YEARS], names=["sector", "year"])
    sums = annual(beijing_daily()).astype({"year": int}).set_index(["sector", "year"])["value"]
    return sums.reindex(grid).rename("value").reset_index()


def beijing_gaps() -> pd.DataFrame:
    """``region, sector, year, reason``: the scope-1 sector-years of 2021–2025 left NaN.

    The reason is the ratio table's note when no sourced ratio exists, otherwise the missing
    daily shape.
    """
    frame = _sector_years()
    ratios = beijing_ratios().astype({"year": int}).set_index(["sector", "year"])
    keys = pd.MultiIndex.from_frame(frame[["sector", "year"]])
    ratio = ratios["ratio"].reindex(keys).to_numpy()
    note = ratios["note"].reindex(keys).fillna("no row in beijing_ratios.csv").to_numpy()
    reason = pd.Series("no daily shape for this sector-year", index=frame.index)
    no_ratio = pd.isna(ratio)
    reason[no_ratio] = "no sourced ratio: " + pd.Series(note, index=frame.index)[no_ratio]
    gaps = frame.assign(region=REGION, reason=reason)[frame["value"].isna()]
    return gaps[["region", "sector", "year", "reason"]].reset_index(drop=True)


def beijing_totals() -> pd.DataFrame:
    """``region, year, value, complete, missing``: Beijing's scope-1 total per year, kt CO2.

    The total is reported only for a complete year (every scope-1 sector monitored); otherwise
    ``value`` is NaN and ``missing`` names the sectors without a value. A partial sum would read
    as a fall in emissions.
    """
    table = _sector_years().set_index(["year", "sector"])["value"].unstack("sector")
    absent = table.isna()
    complete = ~absent.any(axis=1)
    missing = absent.apply(lambda row: ", ".join(row.index[row]), axis=1)  # five rows, one per year
    return pd.DataFrame(
        {
            "region": REGION,
            "year": table.index.astype(int),
            "value": table.sum(axis=1).where(complete).to_numpy(),
            "complete": complete.to_numpy(),
            "missing": missing.to_numpy(),
        }
    )
