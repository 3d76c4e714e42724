"""Year-on-year of a month or a day range, each sector alone and the total of the sectors both
periods have (:func:`yoy_study`); a sector without both periods is named with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.errors import InputError
from peakzero.monitoring.views import apply_view
from peakzero.monitoring.weather import value_problems
from peakzero.monitoring.yoy import YoyResult, compared_days, year_on_year
from peakzero.studies.monitoring.inputs import MonitoringInputs

__all__ = ["YoyStudy", "yoy_study"]


@dataclass(frozen=True)
class YoyStudy:
    """Year-on-year of a period: the total of the sectors both periods have, and each sector.

    ``total`` is ``None`` when no sector has both periods; ``by_sector``: ``sector, current,
    previous, change_pct, statement`` (NaN with the reason in ``statement`` where a sector
    lacks a period); ``sectors`` are the sectors the total sums.
    """

    region: str
    start: pd.Timestamp
    end: pd.Timestamp
    total: YoyResult | None
    by_sector: pd.DataFrame
    sectors: tuple[str, ...]
    view: str
    base_inventory: str


def _yoy_or_reason(
    daily: pd.DataFrame, start: str, end: str | None, leap_day: str, basis: str
) -> YoyResult | str:
    try:
        return year_on_year(daily, start, end, leap_day=leap_day, basis=basis)  # type: ignore[arg-type]
    except InputError as exc:
        return str(exc).splitlines()[0]


def _compared_rows(known: pd.DataFrame, start: str, end: str | None) -> pd.DataFrame:
    """The rows of the two periods compared, when that gives the same result as all of them.

    A comparison reads only those days, but first checks every row it is given: with no row to
    report, the years outside the periods are dropped once here instead of being checked and
    summed again for every sector (the page makes twelve studies per request).
    """
    try:
        first, last = compared_days(start, end)
    except (InputError, ValueError):
        return known  # the comparison says what is wrong with the period
    if value_problems(known, "daily series"):
        return known  # the comparison reports them, as it would for the whole series
    return known[known["date"].between(first, last)]


def _month(start: str, end: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day of the month ``start`` (``YYYY-MM``, no ``end``), else None."""
    if end is not None or len(start) != 7:
        return None
    try:
        first = pd.Timestamp(f"{start}-01")
    except ValueError:
        return None  # the comparison says what is wrong with it
    return first, first + pd.offsets.MonthEnd(0)


def _no_day_of(rows: pd.DataFrame, month: tuple[pd.Timestamp, pd.Timestamp] | None) -> bool:
    """True when ``rows`` have no day of ``month``: its comparison would fail on a missing day,
    and a sector with a known reason shows that reason rather than the failure's, so the
    comparison need not be made (most of the page's sectors in a year without ratios)."""
    return month is not None and not rows["date"].between(*month).any()


def yoy_study(
    inputs: MonitoringInputs,
    start: str,
    end: str | None = None,
    *,
    leap_day: str = "exclude",
    basis: str = "total",
    view: str = "territorial",
    aviation: bool = True,
    grid_factor: str | None = None,
) -> YoyStudy:
    """Year-on-year of the month ``start`` (``YYYY-MM``) or the days ``start``…``end``.

    Each sector is compared alone; the total sums the sectors with every day of both periods
    (the others are named, never filled in). ``leap_day`` and ``basis`` as
    :func:`peakzero.monitoring.yoy.year_on_year`.
    """
    shown = apply_view(
        inputs.daily, view, aviation, electricity=inputs.electricity, grid_factor=grid_factor
    ).data
    known = _compared_rows(shown[shown["value"].notna()], start, end)
    rows = []
    usable = []
    first_result: YoyResult | None = None
    # unique(), and one split by sector: iterating or comparing every Arrow row per sector was
    # most of a year-on-year's time.
    by_sector = dict(iter(known.groupby("sector", sort=False, observed=True)))
    month = _month(start, end)
    gaps = inputs.missing.drop_duplicates("sector", keep="last")  # a sector's last reason
    last_reasons = dict(zip(gaps["sector"], gaps["reason"], strict=True))
    for sector in sorted(set(shown["sector"].unique())):  # a handful of sectors, not days
        rows_of = by_sector.get(sector, known.iloc[:0])
        result: YoyResult | str
        if sector in last_reasons and _no_day_of(rows_of, month):
            result = "a month without a day fails; its known reason is shown"
        else:
            result = _yoy_or_reason(rows_of, start, end, leap_day, basis)
        if isinstance(result, YoyResult):
            usable.append(sector)
            first_result = first_result or result
            rows.append(
                (sector, result.current, result.previous, 100.0 * result.change, result.statement)
            )
        else:
            why = f"missing: {last_reasons[sector]}" if sector in last_reasons else result
            rows.append((sector, np.nan, np.nan, np.nan, why))
    total: YoyResult | None = None
    if usable:
        total_or = _yoy_or_reason(known[known["sector"].isin(usable)], start, end, leap_day, basis)
        total = total_or if isinstance(total_or, YoyResult) else None
    columns = ["sector", "current", "previous", "change_pct", "statement"]
    period_start = (
        first_result.current_start
        if first_result
        else pd.Timestamp(start if end else start + "-01")
    )
    period_end = (
        first_result.current_end
        if first_result
        else (pd.Timestamp(end) if end else period_start + pd.offsets.MonthEnd(0))
    )
    return YoyStudy(
        region=inputs.region,
        start=period_start,
        end=period_end,
        total=total,
        by_sector=pd.DataFrame(rows, columns=columns),
        sectors=tuple(usable),
        view=view,
        base_inventory=f"{inputs.base_inventory} {inputs.base_year}",
    )
