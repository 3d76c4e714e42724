"""Daily emissions by monitored sector, anchored to the inventory (the CMCC method).

For sector s, year y and day d (Huo et al. 2022, *Sci Data*, doi 10.1038/s41597-022-01796-3;
code ``dh107/Carbon-Monitor-Cities`` ``Carbon_Monitor_Cities_China.py``, monitoring.md §1.4)::

    E_s(d) = A_s(y0) × P_s(y) / P_s(y0) × P_s(d) / P_s(y)

A_s(y0) is the inventory of the base year (:func:`peakzero.monitoring.mapping.anchor`), P_s(y)
the sector's annual proxy and P_s(d) its daily proxy or shape. The annual ratio sets the level,
the shape only the timing: a year's days sum to ``A_s(y0) × P_s(y)/P_s(y0)`` whatever the shape.
A year without a sourced ratio gives missing values (NaN), never an invented level.
"""

from __future__ import annotations

import pandas as pd

from peakzero.errors import Problem, raise_if_any
from peakzero.monitoring.periods import month_labels

__all__ = [
    "DAILY_COLUMNS",
    "KT_PER_MT",
    "annual",
    "annual_ratios",
    "daily_emissions",
    "monthly",
]

DAILY_COLUMNS = ("date", "region", "sector", "value")
KT_PER_MT = 1000.0
_KEYS = ["region", "sector"]


def annual_ratios(proxy: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """P_s(y) / P_s(y0) from annual proxy values (``region, sector, year, value``).

    Returns ``region, sector, year, ratio``. A sector without a positive base-year value is an
    error: its ratio cannot be formed.

    Raises
    ------
    InputError
        One problem per (region, sector) whose base-year proxy is missing or not positive.
    """
    frame = proxy[[*_KEYS, "year", "value"]].astype({"year": int, "value": float})
    base = frame[frame["year"].eq(base_year)].set_index(_KEYS)["value"]
    pairs = frame[_KEYS].drop_duplicates().set_index(_KEYS).index
    bad = [key for key in pairs if not base.get(key, 0.0) > 0.0]
    raise_if_any(
        Problem("annual proxy", f"no positive proxy for base year {base_year}", None, "sector", k)
        for k in bad
    )
    out = frame.join(base.rename("base"), on=_KEYS)
    out["ratio"] = out["value"] / out["base"]
    return out[[*_KEYS, "year", "ratio"]].reset_index(drop=True)


def daily_emissions(
    anchor: pd.DataFrame,
    ratios: pd.DataFrame,
    shape: pd.DataFrame,
    normalise: bool = True,
) -> pd.DataFrame:
    """E_s(d) in kt CO2 per day for every day and sector of ``shape``.

    Parameters
    ----------
    anchor
        A_s(y0): ``region, sector, value`` in Mt CO2 (one base year; see ``mapping.anchor``).
    ratios
        P_s(y)/P_s(y0): ``region, sector, year, ratio`` (:func:`annual_ratios`, or a shipped
        ratio table). A (sector, year) absent or NaN here gives NaN days.
    shape
        P_s(d): a DAILY frame ``date, region, sector, value`` (a daily proxy or a shape).
    normalise
        ``True``: divide each day by its sector's sum over the days of that year in ``shape``
        (P_s(d)/P_s(y); the year must be complete). ``False``: ``value`` already holds shares
        of the full year — use it for a year still running, whose days so far do not sum to 1.

    Returns
    -------
    A DAILY frame ``date, region, sector, value`` (kt CO2/day), sorted.

    Raises
    ------
    InputError
        An anchor of several base years, a (sector, year) with two ratios, a day given twice,
        a shape sector without an anchor, or a negative shape value.
    """
    daily = shape[list(DAILY_COLUMNS)].copy()
    daily["date"] = pd.to_datetime(daily["date"])
    daily["value"] = daily["value"].astype(float)
    base = anchor.groupby(_KEYS)["value"].sum()
    keys = daily[_KEYS].drop_duplicates()
    missing = [k for k in keys.itertuples(index=False, name=None) if k not in base.index]
    negative = daily.index[daily["value"].lt(0)]
    years = sorted(set(anchor["year"])) if "year" in anchor else []
    twice = ratios[ratios.duplicated([*_KEYS, "year"])]
    repeated = daily[daily.duplicated(["date", *_KEYS])]
    raise_if_any(
        [Problem("anchor", "one base year only", None, "year", years) for _ in years[1:2]]
        + [
            Problem("ratios", "two ratios for one sector and year", None, "sector", key)
            for key in twice[[*_KEYS, "year"]].itertuples(index=False, name=None)
        ]
        + [
            Problem("shape", f"day given twice: {day:%Y-%m-%d}", None, "sector", sector)
            for day, sector in zip(repeated["date"], repeated["sector"], strict=True)
        ]
        + [
            Problem("shape", "no anchor (inventory) for this sector", None, "sector", k)
            for k in missing
        ]
        + [
            Problem("shape", f"negative value on {day:%Y-%m-%d}", None, "value", value)
            for day, value in zip(
                daily.loc[negative, "date"], daily.loc[negative, "value"], strict=True
            )
        ]
    )
    daily["year"] = daily["date"].dt.year
    if normalise:
        total = daily.groupby([*_KEYS, "year"])["value"].transform("sum")
        share = daily["value"] / total.where(total > 0)
    else:
        share = daily["value"]
    ratio = ratios.set_index([*_KEYS, "year"])["ratio"].astype(float)
    lookup = pd.MultiIndex.from_frame(daily[[*_KEYS, "year"]])
    level = base.reindex(pd.MultiIndex.from_frame(daily[_KEYS])).to_numpy() * KT_PER_MT
    daily["value"] = level * ratio.reindex(lookup).to_numpy() * share.to_numpy()
    out = daily[list(DAILY_COLUMNS)].sort_values(["region", "sector", "date"])
    return out.reset_index(drop=True)


def _aggregate(daily: pd.DataFrame, period: pd.Series, name: str) -> pd.DataFrame:
    frame = daily.assign(**{name: period})
    # min_count=1: a period whose days are all unknown stays unknown instead of becoming 0.
    out = frame.groupby(["region", "sector", name])[["value"]].sum(min_count=1)
    return out.reset_index()


def monthly(daily: pd.DataFrame) -> pd.DataFrame:
    """Monthly sums of a DAILY frame: ``region, sector, period ('YYYY-MM'), value`` (kt).

    Bands are not summed: days' errors are correlated, see
    :func:`peakzero.monitoring.uncertainty.band`.
    """
    return _aggregate(daily, month_labels(daily["date"]), "period")


def annual(daily: pd.DataFrame) -> pd.DataFrame:
    """Annual sums of a DAILY frame: ``region, sector, year, value`` (kt CO2)."""
    return _aggregate(daily, daily["date"].dt.year, "year")
