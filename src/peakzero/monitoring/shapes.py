"""Daily shapes: how a monthly (or annual) proxy is spread over the days of its period.

A shape is a non-negative weight per day; a month's proxy is split over its days in
proportion to the weights (:func:`spread_monthly`). Four kinds (``sectors.csv`` names each
sector's default):

* ``calendar`` — every day weighs 1.
* ``working_days`` — China's working days weigh 1 and rest days ``off_day`` (default 0):
  weekends, public holidays and the 调休 swaps come from the ``chinese-calendar`` library,
  which knows each year's State Council holiday notice (2004–2026 in version 1.11; a year it
  does not know is an error, not a guess).
* ``hdd`` — heating degree days, ``HDD = max(0, base − Tmean)`` with ``base`` 18 °C by default
  (the dossier's best fit: Beijing residential = 17.20 + 1.401·HDD18, R² 0.866, monitoring.md
  §2.1), counted inside the heating season only (Beijing's legal season Nov 15 – Mar 15,
  《北京市供热采暖管理办法》, monitoring.md §3), plus ``base_load`` for cooking and hot water:
  by default that fit's intercept over its slope, 17.20 / 1.401 ≈ 12.3 °C·day (a ratio of the
  shape, not a level; spreading Carbon Monitor's monthly residential sums this way gives a
  daily correlation of about 0.94 with its daily series, tested when the data are present).
* ``carbon_monitor`` — a Carbon Monitor series used for its timing only: normalised to shares
  of each month or year, its level is never used (:func:`carbon_monitor_shape`).

A month whose weights are all zero (a summer month under ``hdd`` with no base load) falls back
to equal days, so its proxy is not lost.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from chinese_calendar import constants as cn_calendar

from peakzero.errors import InputError, Problem, raise_if_any
from peakzero.monitoring.sectors import monitored_sectors

__all__ = [
    "BEIJING_BASE_LOAD",
    "DEFAULT_HDD_BASE",
    "HEATING_SEASON",
    "calendar_weights",
    "carbon_monitor_shape",
    "hdd",
    "hdd_weights",
    "heating_season",
    "spread_monthly",
    "working_day_weights",
]

DEFAULT_HDD_BASE = 18.0  # °C
# Beijing residential = 17.20 + 1.401·HDD18 kt/day, R² 0.866 (monitoring.md §2.1, computed from
# the Carbon Monitor Cities export): the non-heating load in degree-day units.
BEIJING_BASE_LOAD = 17.20 / 1.401
HEATING_SEASON = ((11, 15), (3, 15))  # (month, day) first and last day, Beijing
_HOLIDAYS = pd.DatetimeIndex(sorted(cn_calendar.holidays))
_SWAPPED_WORKDAYS = pd.DatetimeIndex(sorted(cn_calendar.workdays))
_KNOWN_YEARS = (_HOLIDAYS.year.min(), _HOLIDAYS.year.max())

BoolArray = npt.NDArray[np.bool_]


def _dates(dates: pd.Series | pd.DatetimeIndex) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(dates)).normalize()


def calendar_weights(dates: pd.Series | pd.DatetimeIndex) -> pd.Series:
    """Weight 1 for every day."""
    index = _dates(dates)
    return pd.Series(1.0, index=index, name="weight")


def working_day_weights(dates: pd.Series | pd.DatetimeIndex, off_day: float = 0.0) -> pd.Series:
    """1 on China's working days (调休 Saturdays and Sundays included), ``off_day`` otherwise.

    Raises
    ------
    InputError
        For a year ``chinese-calendar`` has no holiday notice for.
    """
    index = _dates(dates)
    years = sorted(set(index.year) - set(range(_KNOWN_YEARS[0], _KNOWN_YEARS[1] + 1)))
    raise_if_any(
        Problem(
            "dates",
            f"chinese-calendar knows holidays of {_KNOWN_YEARS[0]}–{_KNOWN_YEARS[1]} only",
            column="date",
            value=year,
        )
        for year in years
    )
    weekday = index.day_of_week < 5
    work = (weekday & ~index.isin(_HOLIDAYS)) | index.isin(_SWAPPED_WORKDAYS)
    return pd.Series(np.where(work, 1.0, off_day), index=index, name="weight")


def heating_season(
    dates: pd.Series | pd.DatetimeIndex,
    season: tuple[tuple[int, int], tuple[int, int]] = HEATING_SEASON,
) -> BoolArray:
    """Whether each day lies in the heating season (``((11, 15), (3, 15))``: both ends in)."""
    index = _dates(dates)
    key = index.month * 100 + index.day
    (m0, d0), (m1, d1) = season
    start, end = m0 * 100 + d0, m1 * 100 + d1
    inside = (key >= start) | (key <= end) if start > end else (key >= start) & (key <= end)
    return np.asarray(inside, dtype=bool)


def hdd(temperature: pd.DataFrame, base: float = DEFAULT_HDD_BASE) -> pd.Series:
    """Heating degree days ``max(0, base − Tmean)`` in °C·day, indexed by date.

    ``temperature`` has ``date`` and either ``tmean`` or ``high`` and ``low`` (°C; the mean is
    then their average, as the dossier's fit used).
    """
    if "tmean" in temperature:
        mean = temperature["tmean"].astype(float)
    else:
        mean = (temperature["high"].astype(float) + temperature["low"].astype(float)) / 2
    values = np.maximum(0.0, base - mean.to_numpy())
    return pd.Series(values, index=_dates(temperature["date"]), name="hdd")


def hdd_weights(
    temperature: pd.DataFrame,
    base: float = DEFAULT_HDD_BASE,
    base_load: float = BEIJING_BASE_LOAD,
    season: tuple[tuple[int, int], tuple[int, int]] | None = HEATING_SEASON,
) -> pd.Series:
    """``base_load + HDD`` per day, HDD counted only inside ``season`` (``None``: all year).

    ``base_load`` (in °C·day equivalents) stands for the non-heating use of the sector's fuel
    (default :data:`BEIJING_BASE_LOAD`); 0 puts a heating month's gas on its cold days only.
    """
    degree_days = hdd(temperature, base)
    if season is not None:
        degree_days = degree_days.where(
            heating_season(pd.DatetimeIndex(degree_days.index), season), 0.0
        )
    return (degree_days + base_load).rename("weight")


def spread_monthly(monthly: pd.DataFrame, weights: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """Split monthly proxies over their days in proportion to ``weights``.

    Parameters
    ----------
    monthly
        ``region, sector, period ('YYYY-MM'), value`` (other columns such as ``proxy`` and
        ``unit`` are kept).
    weights
        A Series of weights by date (one shape for every row), or a frame ``date, value`` plus
        any of ``region`` and ``sector`` to give each its own shape.

    Returns
    -------
    One row per day of each month: ``date, region, sector, value`` (+ the kept columns); the
    days of a month sum to its value.

    Raises
    ------
    InputError
        If a period is not a month, or a day of a month has no weight or two.
    """
    periods = pd.to_datetime(monthly["period"].astype(str), format="%Y-%m", errors="coerce")
    raise_if_any(
        Problem("proxies", "not a month (YYYY-MM)", None, "period", value)
        for value in monthly.loc[periods.isna(), "period"]
    )
    rows = monthly.assign(_start=periods.to_numpy(), _row=np.arange(len(monthly)))
    lengths = rows["_start"].dt.days_in_month.to_numpy()
    days = rows.iloc[np.repeat(np.arange(len(rows)), lengths)].reset_index(drop=True)
    offset = np.arange(len(days)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    days["date"] = days["_start"] + pd.to_timedelta(offset, unit="D")
    table = (
        weights.rename("weight").rename_axis("date").reset_index()
        if isinstance(weights, pd.Series)
        else weights.rename(columns={"value": "weight"})
    )
    keys = ["date", *(k for k in ("region", "sector") if k in table)]
    table = table.assign(date=_dates(table["date"]))
    twice = table.loc[table.duplicated(keys), "date"].drop_duplicates()
    raise_if_any(
        Problem("weights", "two weights for one day", None, "date", f"{day:%Y-%m-%d}")
        for day in twice[:20]
    )
    days = days.merge(table[[*keys, "weight"]], on=keys, how="left")
    absent = days.loc[days["weight"].isna(), "date"].drop_duplicates()
    raise_if_any(
        Problem("weights", "no weight for this day", None, "date", f"{day:%Y-%m-%d}")
        for day in absent[:20]
    )
    total = days.groupby("_row")["weight"].transform("sum")
    share = np.where(
        total > 0, days["weight"] / total.where(total > 0), 1.0 / days["_start"].dt.days_in_month
    )
    days["value"] = days["value"].astype(float) * share
    kept = [c for c in monthly.columns if c not in ("period", "value")]
    return days[["date", *kept, "value"]]


def carbon_monitor_shape(series: pd.DataFrame, region: str, by: str = "year") -> pd.DataFrame:
    """A Carbon Monitor daily series as the shape of every monitored sector it fits.

    ``series`` has ``date, sector, value`` with Carbon Monitor sectors (``Power``,
    ``Residential`` …; or already normalised shares). Each sector is normalised to shares of
    each ``by`` period (``year`` or ``month``) — only its timing is kept — and given to every
    monitored sector whose ``cm_sector`` names it (``sectors.csv``). Returns a DAILY frame
    ``date, region, sector, value`` (shares).

    Use ``by="year"`` for :func:`peakzero.monitoring.method.daily_emissions` (the shape spans
    the year) and ``by="month"`` as weights of :func:`spread_monthly`, where a monthly proxy
    sets each month's level — month shares given to ``daily_emissions`` would weigh every
    month alike.

    Raises
    ------
    InputError
        If ``by`` is neither ``year`` nor ``month``.
    """
    if by not in ("year", "month"):
        raise InputError(Problem("shape", "use year or month", column="by", value=by))
    frame = series[["date", "sector", "value"]].assign(date=lambda f: _dates(f["date"]))
    period = frame["date"].dt.year if by == "year" else frame["date"].dt.strftime("%Y-%m")
    total = frame.groupby([frame["sector"], period])["value"].transform("sum")
    frame = frame.assign(value=frame["value"].astype(float) / total)
    links = pd.DataFrame(
        [(s.cm_sector, s.id) for s in monitored_sectors().values() if s.cm_sector],
        columns=["sector", "monitored"],
    )
    out = frame.merge(links, on="sector").drop(columns="sector")
    out = out.rename(columns={"monitored": "sector"}).assign(region=region)
    return (
        out[["date", "region", "sector", "value"]]
        .sort_values(["sector", "date"])
        .reset_index(drop=True)
    )
