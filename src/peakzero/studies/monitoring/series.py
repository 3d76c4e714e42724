"""The monitored series of a period, daily and monthly by sector with bands and totals, in one
view (territorial or scope 1+2, with or without aviation): :func:`monitored_series`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.uncertainty import CONFIDENCE, band, total_band
from peakzero.monitoring.views import apply_view
from peakzero.studies.monitoring.inputs import MonitoringInputs

__all__ = ["MonitoredSeries", "monitored_series"]


@dataclass(frozen=True)
class MonitoredSeries:
    """Daily and monthly emissions by sector with bands (kt CO2), in one view.

    ``daily``: ``date, region, sector, value, sigma, low, high`` (kt CO2/day); ``monthly``:
    ``region, sector, period, value, sigma, low, high`` (kt CO2 per month); ``daily_total`` and
    ``monthly_total`` sum the sectors (σ in quadrature; NaN when a sector is missing).
    """

    region: str
    start: pd.Timestamp
    end: pd.Timestamp
    view: str
    aviation: bool
    grid_factor: str | None
    gases: str
    base_inventory: str
    base_year: int
    proxies_source: str
    daily: pd.DataFrame
    monthly: pd.DataFrame
    daily_total: pd.DataFrame
    monthly_total: pd.DataFrame
    missing: pd.DataFrame
    confidence: str = CONFIDENCE
    unit_daily: str = "kt CO2/day"
    unit_monthly: str = "kt CO2"

    @property
    def sectors(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.daily["sector"].unique())))  # unique(): fast on Arrow

    def describe(self) -> dict[str, object]:
        """What the series counts, for a header or a JSON document."""
        return {
            "region": self.region,
            "from": f"{self.start:%Y-%m-%d}",
            "to": f"{self.end:%Y-%m-%d}",
            "view": self.view,
            "aviation": "included" if self.aviation else "excluded (GPC II.4)",
            "grid_factor": self.grid_factor,
            "gases": self.gases,
            "base_inventory": f"{self.base_inventory} {self.base_year}",
            "proxies": self.proxies_source,
            "band": f"±1σ, confidence {self.confidence}",
        }


def _day(value: str | dt.date | pd.Timestamp | None, default: pd.Timestamp) -> pd.Timestamp:
    return default if value is None else pd.Timestamp(value)


def _total(banded: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum of the sectors; NaN (never a partial sum) where any sector is missing."""
    out = total_band(banded, by)
    gaps = banded["value"].isna().groupby([banded[k] for k in by]).any()
    unknown = gaps.reindex(pd.MultiIndex.from_frame(out[by])).to_numpy()
    out.loc[unknown, ["value", "sigma", "low", "high"]] = np.nan
    return out


def monitored_series(
    inputs: MonitoringInputs,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    view: str = "territorial",
    aviation: bool = True,
    grid_factor: str | None = None,
    correlation: float = 1.0,
) -> MonitoredSeries:
    """The daily and monthly series of ``inputs`` from ``start`` to ``end`` (both included).

    ``view``: ``territorial`` (scope 1) or ``scope1+2`` (with ``grid_factor``, an electricity
    factor id, and electricity proxies); ``aviation=False`` leaves out GPC II.4.
    ``correlation``: ρ between daily errors within a month (1: fully correlated, the cautious
    default).
    """
    first = _day(start, inputs.first_day)
    last = _day(end, pd.Timestamp(inputs.daily["date"].max()))
    if last < first:
        msg = f"the end is before the start ({first:%Y-%m-%d})"
        raise InputError(Problem("period", msg, column="to", value=f"{last:%Y-%m-%d}"))
    shown = apply_view(
        inputs.daily, view, aviation, electricity=inputs.electricity, grid_factor=grid_factor
    )
    data = shown.data[shown.data["date"].between(first, last)].reset_index(drop=True)
    if data.empty:
        msg = (
            f"no monitored days in this period; the series runs {inputs.first_day:%Y-%m-%d}"
            f" … {pd.Timestamp(inputs.daily['date'].max()):%Y-%m-%d}"
        )
        raise InputError(Problem("period", msg, column="from", value=f"{first:%Y-%m-%d}"))
    daily = band(data, "daily")
    by_month = band(data, "monthly", correlation)
    years = set(range(first.year, last.year + 1))
    gaps = inputs.missing
    sectors = set(shown.data["sector"].unique())  # unique(): iterating every row is slow
    missing = gaps[gaps["year"].isin(years) & gaps["sector"].isin(sectors)]
    missing = missing.reset_index(drop=True)
    return MonitoredSeries(
        region=inputs.region,
        start=first,
        end=last,
        view=shown.view,
        aviation=shown.aviation,
        grid_factor=shown.grid_factor,
        gases=shown.gases,
        base_inventory=inputs.base_inventory,
        base_year=inputs.base_year,
        proxies_source=inputs.proxies_source,
        daily=daily,
        monthly=by_month,
        daily_total=_total(daily, ["date", "region"]),
        monthly_total=_total(by_month, ["region", "period"]),
        missing=missing,
    )
