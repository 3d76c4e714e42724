"""Year-on-year: a month or a day range against the same period a year earlier, like for like.

Every result states its basis: the leap-day policy, totals or per calendar day or per working
day (China's official calendar with its 调休 make-up days, from ``chinese-calendar``), calendar
or Spring-Festival alignment, and whether buildings were HDD-normalised. Methods and sources:
``docs/methods/monitoring-analysis.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import chinese_calendar
import pandas as pd

from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.monitoring.weather import DEFAULT_HDD_BASE, fit_hdd, value_problems

__all__ = [
    "Basis",
    "LeapDay",
    "YoyResult",
    "compared_days",
    "spring_festival",
    "spring_festival_yoy",
    "working_days",
    "year_on_year",
]

LeapDay = Literal["include", "exclude", "rescale"]
Basis = Literal["total", "per_calendar_day", "per_working_day"]
_LEAP = ("include", "exclude", "rescale")
_BASES = ("total", "per_calendar_day", "per_working_day")


@dataclass(frozen=True)
class YoyResult:
    """One comparison of a period with the same period a year earlier.

    ``current_total`` / ``previous_total`` are sums over the days counted (kt for an emissions
    series), after the leap-day policy; ``current`` / ``previous`` are on ``basis``;
    ``change = current / previous − 1``. ``statement`` says in one sentence what was compared.
    """

    current_start: pd.Timestamp
    current_end: pd.Timestamp
    previous_start: pd.Timestamp
    previous_end: pd.Timestamp
    current_total: float
    previous_total: float
    current_days: float
    previous_days: float
    current_working_days: float
    previous_working_days: float
    current: float
    previous: float
    change: float
    basis: str
    leap_day: str
    alignment: str
    hdd_normalised: bool
    statement: str


@cache
def _spring_festival_table() -> dict[int, pd.Timestamp]:
    text = resources.files("peakzero.data").joinpath("monitoring/spring_festival.csv")
    table = pd.read_csv(str(text), dtype=str)
    if table[["year", "date", "source", "status"]].isna().any().any():
        msg = "data/monitoring/spring_festival.csv: every row needs year, date, source and status"
        raise ReferenceDataError(msg)
    return {int(y): pd.Timestamp(d) for y, d in zip(table["year"], table["date"], strict=True)}


def spring_festival(year: int) -> pd.Timestamp:
    """The first day of the lunar year (春节, 正月初一) in ``year`` (packaged table, 2004–2030)."""
    table = _spring_festival_table()
    if year not in table:
        msg = (
            f"Spring Festival date of {year} not in the packaged table ({min(table)}–{max(table)})"
        )
        raise InputError(Problem("spring_festival", msg, value=year))
    return table[year]


@cache
def _calendar() -> tuple[frozenset[int], pd.Index, pd.Index]:
    """chinese-calendar's years, holidays and 调休 working days, read once: rebuilding them took
    most of a year-on-year's time (the page makes a dozen per request)."""
    years = frozenset(d.year for d in chinese_calendar.holidays)
    holidays = pd.DatetimeIndex(list(chinese_calendar.holidays)).astype("datetime64[ns]")
    extra = pd.DatetimeIndex(list(chinese_calendar.workdays)).astype("datetime64[ns]")
    return years, holidays, extra


def working_days(dates: pd.Series) -> pd.Series:
    """True on China's official working days: Monday–Friday unless a public holiday, plus 调休 days.

    From ``chinese-calendar``'s tables, vectorised; a date outside the years it knows is an
    :class:`InputError` (the tables are announced year by year by the State Council).
    """
    known, holidays, extra = _calendar()
    outside = ~dates.dt.year.isin(known)
    if outside.any():
        span = f"{min(known)}–{max(known)}"
        msg = f"chinese-calendar knows China's holidays for {span} only"
        raise InputError(Problem("working days", msg, value=str(dates[outside].iloc[0].date())))
    day = dates.dt.normalize()
    weekday = dates.dt.day_of_week < 5
    return ((weekday & ~day.isin(holidays)) | day.isin(extra)).rename("working_day")


def compared_days(
    start: str | dt.date, end: str | dt.date | None = None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day :func:`year_on_year` of ``start``…``end`` reads (the earlier
    period's first day, the period's last): a caller may cut a long series to them first."""
    first, last = _period(start, end)
    return first - pd.DateOffset(years=1), last


def _period(start: str | dt.date, end: str | dt.date | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A month ``YYYY-MM`` (``end`` omitted) or a day range, both ends included."""
    if end is None and isinstance(start, str) and len(start) == 7:
        first = pd.Timestamp(f"{start}-01")
        return first, first + pd.offsets.MonthEnd(0)
    first = pd.Timestamp(start)
    return first, pd.Timestamp(end) if end is not None else first


def _daily_values(
    daily: pd.DataFrame,
    weather: pd.DataFrame | None,
    hdd_base: float,
    season_term: bool,
    source: str,
) -> tuple[pd.Series, str]:
    """One value per date (rows of several sectors are summed), HDD-normalised if asked."""
    raise_if_any(value_problems(daily, source))
    values = daily.groupby("date")["value"].sum()
    if weather is None:
        return values, "raw"
    frame = values.rename("value").reset_index()
    fit = fit_hdd(frame, weather, base=hdd_base, season_term=season_term, source=source)
    normalised = fit.series.set_index("date")["normalised"]
    b, r2 = fit.coefficients["b"], fit.r2
    note = f"HDD-normalised (base {hdd_base:g} °C, b = {b:.4g} per °C·day, R² = {r2:.3f})"
    return normalised, note


def _window(
    values: pd.Series, first: pd.Timestamp, last: pd.Timestamp, drop_leap: bool, source: str
) -> tuple[pd.DatetimeIndex, list[Problem]]:
    days = pd.date_range(first, last, freq="D")
    if drop_leap:
        days = days[~((days.month == 2) & (days.day == 29))]
    missing = days[~days.isin(values.index)]
    hint = "; with a 29 February missing, compare with leap_day='exclude'"
    problems = [
        Problem(
            source,
            "date missing from the series" + (hint if d.month == 2 and d.day == 29 else ""),
            value=str(d.date()),
        )
        for d in missing
    ]
    return days, problems


def _compare(
    values: pd.Series,
    current: tuple[pd.Timestamp, pd.Timestamp],
    previous: tuple[pd.Timestamp, pd.Timestamp],
    leap_day: str,
    basis: str,
    alignment: str,
    note: str,
    source: str,
) -> YoyResult:
    drop = leap_day == "exclude"
    cur_days, cur_problems = _window(values, *current, drop, source)
    prev_days, prev_problems = _window(values, *previous, drop, source)
    raise_if_any(cur_problems + prev_problems)
    totals, counts, works = [], [], []
    for days in (cur_days, prev_days):
        has_leap = bool(((days.month == 2) & (days.day == 29)).any())
        # "rescale": the period holding 29 February stands for one day fewer, (n − 1)/n of it,
        # so both periods count the same number of days; its working days scale alike.
        factor = (len(days) - 1) / len(days) if leap_day == "rescale" and has_leap else 1.0
        totals.append(float(values.loc[days].sum()) * factor)
        counts.append(len(days) * factor)
        works.append(float(working_days(pd.Series(days)).sum()) * factor)
    per = {"total": [1.0, 1.0], "per_calendar_day": counts, "per_working_day": works}[basis]
    cur, prev = totals[0] / per[0], totals[1] / per[1]
    leap_note = leap_day if alignment == "calendar" else "not applicable (equal windows)"
    statement = (
        f"{current[0].date()}…{current[1].date()} against {previous[0].date()}…{previous[1].date()}"
        f" ({alignment} alignment), {basis.replace('_', ' ')}, 29 February: {leap_note}, {note}"
    )
    return YoyResult(
        current_start=current[0],
        current_end=current[1],
        previous_start=previous[0],
        previous_end=previous[1],
        current_total=totals[0],
        previous_total=totals[1],
        current_days=counts[0],
        previous_days=counts[1],
        current_working_days=works[0],
        previous_working_days=works[1],
        current=cur,
        previous=prev,
        change=cur / prev - 1.0,
        basis=basis,
        leap_day=leap_note,
        alignment=alignment,
        hdd_normalised=note.startswith("HDD"),
        statement=statement,
    )


def _check_options(leap_day: str, basis: str, source: str) -> None:
    problems = []
    if leap_day not in _LEAP:
        problems.append(Problem(source, f"leap_day must be one of {list(_LEAP)}", value=leap_day))
    if basis not in _BASES:
        problems.append(Problem(source, f"basis must be one of {list(_BASES)}", value=basis))
    raise_if_any(problems)


def year_on_year(
    daily: pd.DataFrame,
    start: str | dt.date,
    end: str | dt.date | None = None,
    *,
    leap_day: LeapDay = "exclude",
    basis: Basis = "total",
    weather: pd.DataFrame | None = None,
    hdd_base: float = DEFAULT_HDD_BASE,
    season_term: bool = False,
    source: str = "daily series",
) -> YoyResult:
    """Compare ``start``…``end`` (or the month ``start`` = ``YYYY-MM``) with a year earlier.

    The earlier period is the same calendar dates one year back (29 February → 28 February; a
    period ending on a month's last day ends on that month's last day a year earlier).
    ``leap_day``: ``include`` counts 29 February (29 days against 28), ``exclude`` drops it,
    ``rescale`` keeps it and scales that period's total by (n − 1)/n. ``basis``: totals, per
    calendar day, or per working day of China's official calendar. With ``weather`` (``date,
    tmean``), values are first weather-normalised by :func:`fit_hdd` on the whole series given
    (meant for buildings). Rows of several sectors or regions are summed per date. A day of either
    period missing from the series is an :class:`InputError`; nothing is filled in.
    """
    _check_options(leap_day, basis, source)
    values, note = _daily_values(daily, weather, hdd_base, season_term, source)
    first, last = _period(start, end)
    back = pd.DateOffset(years=1)
    previous_last = last - back
    if last.is_month_end:
        # February 2025 is compared with the whole of February 2024, 29th included.
        previous_last += pd.offsets.MonthEnd(0)
    return _compare(
        values,
        (first, last),
        (first - back, previous_last),
        leap_day,
        basis,
        "calendar",
        note,
        source,
    )


def spring_festival_yoy(
    daily: pd.DataFrame,
    year: int,
    *,
    days_before: int = 7,
    days_after: int = 14,
    basis: Basis = "total",
    weather: pd.DataFrame | None = None,
    hdd_base: float = DEFAULT_HDD_BASE,
    season_term: bool = False,
    source: str = "daily series",
) -> YoyResult:
    """Compare the days around Spring Festival of ``year`` with those of ``year − 1``.

    Each window runs from ``days_before`` days before 正月初一 to ``days_after`` days after it,
    both included, so the two windows have the same length and the holiday sits on the same
    day of each; the leap-day policy does not apply (a 29 February inside a window is a day like
    any other and must be in the series).
    """
    _check_options("exclude", basis, source)
    values, note = _daily_values(daily, weather, hdd_base, season_term, source)
    before, after = pd.Timedelta(days=days_before), pd.Timedelta(days=days_after)
    now, then = spring_festival(year), spring_festival(year - 1)
    note += (
        f"; Spring Festival {now.date()} and {then.date()}, from {days_before} days before"
        f" to {days_after} days after"
    )
    return _compare(
        values,
        (now - before, now + after),
        (then - before, then + after),
        "include",
        basis,
        "spring_festival",
        note,
        source,
    )
