"""A monitored series as text: CSV, JSON and IAMC (what ``peakzero monitor`` and the report write).

IAMC: :mod:`peakzero.io.iamc` has no sub-annual convention, so the IAMC output follows pyam's
``subannual`` extra column (``pyam.IamDataFrame(..., subannual=...)``): ``year`` plus
``subannual`` = the month ``MM`` (monthly sums, unit ``kt CO2/month``) or the day ``MM-DD``
(daily values, unit ``kt CO2/day``). Variables are ``Emissions|CO2|<GPC sub-sector>`` and the
total ``Emissions|CO2`` (left out where a sector is missing: a partial sum is never written).
"""

from __future__ import annotations

import pandas as pd

from peakzero.io.jsonify import to_json
from peakzero.studies.monitoring.series import MonitoredSeries

__all__ = ["MODEL", "series_csv", "series_frame", "series_iamc", "series_json"]

MODEL = "peakzero monitoring"
_BAND = ["value", "sigma", "low", "high"]


def series_frame(series: MonitoredSeries, scale: str = "monthly") -> pd.DataFrame:
    """Sectors then the total, one row per period: ``region, period, sector, value, sigma,
    low, high, unit`` (period ``YYYY-MM-DD`` daily or ``YYYY-MM`` monthly)."""
    if scale == "daily":
        sectors = series.daily.assign(period=series.daily["date"].dt.strftime("%Y-%m-%d"))
        total = series.daily_total.assign(period=series.daily_total["date"].dt.strftime("%Y-%m-%d"))
        unit = series.unit_daily
    else:
        sectors, total, unit = series.monthly, series.monthly_total, series.unit_monthly
    rows = pd.concat([sectors, total.assign(sector="total")], ignore_index=True)
    rows = rows[["region", "period", "sector", *_BAND]].assign(unit=unit)
    return rows.sort_values(["region", "period"], kind="stable", ignore_index=True)


def series_csv(series: MonitoredSeries, scale: str = "monthly") -> str:
    """The series as CSV (:func:`series_frame`)."""
    return str(series_frame(series, scale).to_csv(index=False))


def series_json(series: MonitoredSeries, scale: str = "monthly") -> str:
    """What the series counts, its rows and the missing sector-years with their reasons."""
    rows = series_frame(series, scale)
    document = {
        **series.describe(),
        "scale": scale,
        "rows": rows.astype(object).where(rows.notna(), None).to_dict(orient="records"),
        "missing": series.missing.to_dict(orient="records"),
    }
    return to_json(document) + "\n"


def series_iamc(series: MonitoredSeries, scale: str = "monthly") -> str:
    """IAMC wide with pyam's ``subannual`` column (see the module docstring)."""
    rows = series_frame(series, scale)
    rows = rows[rows["value"].notna()]
    when = pd.to_datetime(rows["period"])
    variable = "Emissions|CO2|" + rows["sector"].astype(str)
    variable = variable.where(rows["sector"].ne("total"), "Emissions|CO2")
    scenario = f"monitored ({series.view}, aviation {'in' if series.aviation else 'out'})"
    long = pd.DataFrame(
        {
            "model": MODEL,
            "scenario": scenario,
            "region": rows["region"],
            "variable": variable,
            "unit": series.unit_daily if scale == "daily" else "kt CO2/month",
            "subannual": when.dt.strftime("%m-%d" if scale == "daily" else "%m"),
            "year": when.dt.year,
            "value": rows["value"],
        }
    )
    index = ["model", "scenario", "region", "variable", "unit", "subannual"]
    wide = long.pivot_table(index=index, columns="year", values="value", aggfunc="sum")
    wide.columns = [str(int(y)) for y in wide.columns]
    return str(wide.reset_index().to_csv(index=False))
