"""Beijing's shipped monitoring inputs and the daily series they support.

* ``data/monitoring/beijing_ratios.csv`` — P_s(y)/P_s(2019) per sector for 2020–2025, only
  where a sourced figure exists in the repository (with its source and status); every other
  year is ``missing`` with the reason, never filled in.
* ``data/monitoring/cm_shapes_beijing.csv`` — daily shares of each year, 2021–2025, derived from
  the Carbon Monitor Cities export by :mod:`peakzero.monitoring.derive_shapes` (timing only).

:func:`beijing_daily` puts them together on the CEADs 2019 anchor: days of a sector-year
without a sourced ratio are NaN.
"""

from __future__ import annotations

from functools import cache
from io import StringIO

import pandas as pd

from peakzero.io.packaged import data_text
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import daily_emissions
from peakzero.monitoring.sectors import monitored_sectors
from peakzero.monitoring.shapes import calendar_weights, carbon_monitor_shape

__all__ = ["beijing_cm_shapes", "beijing_daily", "beijing_ratios"]

REGION = "CN-BJ"


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
