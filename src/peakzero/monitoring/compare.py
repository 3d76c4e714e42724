"""Compare peakzero's daily series with an external estimate (Carbon Monitor Cities).

Per comparison sector (a set of Carbon Monitor sectors and the GPC sub-sectors they map to) and
for the total of those sectors: annual levels and their ratio, year-on-year changes side by
side, and Pearson correlations of daily and of monthly anomalies. Every statistic is computed on
the days both series cover, so a day one side lacks (Carbon Monitor drops 29 February) is left
out of both. Levels are reported but are not a test of either series: see :data:`LEVELS_CAVEAT`
and ``docs/methods/monitoring-external.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem

__all__ = ["LEVELS_CAVEAT", "TOTAL", "Comparison", "compare"]

TOTAL = "Total"
LEVELS_CAVEAT = (
    "Carbon Monitor levels disagree with the city's inventory by tens of percent (Beijing 2021: "
    "149.5 Mt in the live city export, 106.3 Mt provincial, 87.0 Mt city release v0325, 76.9 Mt "
    "CMCC, against 89.18 Mt CEADs in 2019; research/monitoring.md §2.4, computed and verified "
    "figures); they are used for shape and timing only, never to judge or rescale a level."
)
Baseline = Literal["month", "week"]
_OURS = "ours (peakzero daily series)"
_THEIRS = "external estimate"
_COLUMNS = ("date", "region", "sector", "value")
_MIN_N = 3  # fewer paired values than this give no correlation
_FLAT = 1e-9  # anomalies below this fraction of the series' level are treated as zero


@dataclass(frozen=True)
class Comparison:
    """The comparison of two daily series.

    ``annual``: ``region, sector, year, days`` (days both cover), ``ours`` and ``theirs`` (Mt
    CO2 over those days), ``ratio`` (ours / theirs), ``ours_yoy_pct``, ``theirs_yoy_pct`` and
    ``yoy_difference_pp`` (ours − theirs). ``correlation``: ``region, sector, daily_r, daily_n,
    monthly_r, monthly_n``. ``groups`` maps each comparison sector to the GPC sub-sectors it
    covers; ``uncovered`` lists our sectors that no external sector maps to (left out, also from
    the total).
    """

    annual: pd.DataFrame
    correlation: pd.DataFrame
    groups: Mapping[str, tuple[str, ...]]
    uncovered: tuple[str, ...]
    regions: tuple[str, ...]
    daily_baseline: Baseline
    caveat: str = field(default=LEVELS_CAVEAT)


def compare(
    ours_daily: pd.DataFrame,
    external_daily: pd.DataFrame,
    *,
    sector_map: Mapping[str, Sequence[str]],
    daily_baseline: Baseline = "month",
) -> Comparison:
    """Compare our DAILY series (GPC sub-sectors) with an external one (its own sectors).

    Parameters
    ----------
    ours_daily, external_daily
        DAILY frames (``date, region, sector, value``, kt CO2 per day). Regions present in only
        one of them are left out.
    sector_map
        External sector -> the GPC sub-sectors it is compared with
        (:func:`peakzero.monitoring.external.sector_map`). External sectors mapped to the same
        set are compared together (Domestic + International Aviation); two sets that overlap
        without being equal would count a sub-sector twice and are refused.
    daily_baseline
        What a daily anomaly deviates from: ``"month"`` (the series' mean over the calendar
        month) or ``"week"`` (its centred 7-day mean, undefined within 3 days of a gap).

    Raises
    ------
    InputError
        If a frame lacks a column or repeats a (date, region, sector), an external sector is
        not in ``sector_map``, the map's sets overlap, or the frames share no region.
    """
    if daily_baseline not in ("month", "week"):
        msg = f"daily_baseline must be 'month' or 'week', not {daily_baseline!r}"
        raise ValueError(msg)
    _check_frame(ours_daily, _OURS)
    _check_frame(external_daily, _THEIRS)
    external_sectors = [str(s) for s in external_daily["sector"].astype(str).unique()]
    labels, groups = _groups(external_sectors, sector_map)
    by_gpc = {gpc: label for label, ids in groups.items() for gpc in ids}
    our_sectors = pd.Series(ours_daily["sector"].astype(str))
    uncovered = tuple(sorted(set(our_sectors.unique()) - set(by_gpc)))
    regions = tuple(
        sorted(set(ours_daily["region"].unique()) & set(external_daily["region"].unique()))
    )
    if not regions:
        msg = "the two series share no region; compare series of the same city"
        raise InputError(Problem(_THEIRS, msg, column="region"))
    ours = _wide(ours_daily.assign(sector=our_sectors.map(by_gpc)), regions)
    theirs = _wide(external_daily.assign(sector=external_daily["sector"].map(labels)), regions)
    ours, theirs = _aligned(ours, theirs, list(groups))
    common = ours.notna() & theirs.notna()
    ours, theirs = ours.where(common), theirs.where(common)
    annual = _annual(ours, theirs, common)
    correlation = _correlations(ours, theirs, daily_baseline)
    return Comparison(annual, correlation, groups, uncovered, regions, daily_baseline)


def _check_frame(frame: pd.DataFrame, name: str) -> None:
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        msg = f"missing column(s) {', '.join(missing)}; a DAILY frame has {', '.join(_COLUMNS)}"
        raise InputError(Problem(name, msg))
    repeated = frame[frame.duplicated(["date", "region", "sector"], keep="first")]
    if not repeated.empty:
        raise InputError(
            [
                Problem(name, "this date, region and sector appears twice", column="date", value=r)
                for r in repeated[["date", "region", "sector"]].astype(str).agg(" ".join, axis=1)
            ]
        )


def _groups(
    sectors: Sequence[str], sector_map: Mapping[str, Sequence[str]]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Comparison sector of each external sector, and the GPC ids of each comparison sector."""
    unknown = [s for s in sectors if s not in sector_map]
    if unknown:
        allowed = ", ".join(sector_map)
        raise InputError(
            [
                Problem(_THEIRS, f"no GPC sub-sectors for this sector; map one of {allowed}", None,
                        "sector", s)
                for s in unknown
            ]
        )  # fmt: skip
    by_set: dict[frozenset[str], list[str]] = {}
    for sector in sectors:
        by_set.setdefault(frozenset(sector_map[sector]), []).append(sector)
    sets = list(by_set)
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            if a & b:
                shared = ", ".join(sorted(a & b))
                msg = (
                    f"{' + '.join(by_set[a])} and {' + '.join(by_set[b])} both map to {shared}; "
                    "map them to the same GPC sub-sectors or to disjoint ones"
                )
                raise InputError(Problem("sector_map", msg, column="sector", value=shared))
    labels: dict[str, str] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for gpc, members in by_set.items():
        label = " + ".join(members)
        groups[label] = tuple(sorted(gpc))
        labels.update(dict.fromkeys(members, label))
    return labels, groups


def _wide(daily: pd.DataFrame, regions: Sequence[str]) -> pd.DataFrame:
    """Dates × (region, sector) in kt CO2/day; unmapped sectors and other regions dropped.

    Sub-sectors of one comparison sector are summed; a day is kept when any of them has it.
    """
    kept = daily[daily["region"].isin(regions) & daily["sector"].notna()]
    dates = pd.to_datetime(kept["date"]).astype("datetime64[ns]")
    values = pd.to_numeric(kept["value"]).astype("float64")
    summed = values.groupby([dates, kept["region"], kept["sector"]]).sum(min_count=1)
    return summed.unstack(["region", "sector"])


def _aligned(
    ours: pd.DataFrame, theirs: pd.DataFrame, order: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frames on one complete daily index and the same columns, with a total per region."""
    ranks = {label: i for i, label in enumerate(order)}
    shared = sorted(
        ((str(c[0]), str(c[1])) for c in theirs.columns if c in ours.columns),
        key=lambda c: (c[0], ranks[c[1]]),
    )
    if not shared:
        msg = f"our series has none of the compared sectors' GPC sub-sectors ({', '.join(order)})"
        raise InputError(Problem(_OURS, msg, column="sector"))
    names = ["region", "sector"]
    columns = pd.MultiIndex.from_tuples(shared, names=names)
    regions = list(dict.fromkeys(r for r, _ in shared))
    layout = pd.MultiIndex.from_tuples(
        [c for r in regions for c in [*(c for c in shared if c[0] == r), (r, TOTAL)]], names=names
    )
    start = min(ours.index.min(), theirs.index.min())
    end = max(ours.index.max(), theirs.index.max())
    days = pd.date_range(start, end, freq="D", name="date").astype("datetime64[ns]")
    out = []
    for frame in (ours, theirs):
        wide = frame.reindex(index=days, columns=columns)
        # The total needs every sector on the day, so that it compares like with like.
        every = wide.notna().T.groupby(level="region", sort=False).all().T
        total = wide.T.groupby(level="region", sort=False).sum(min_count=1).T.where(every)
        total.columns = pd.MultiIndex.from_tuples([(r, TOTAL) for r in total.columns], names=names)
        out.append(pd.concat([wide, total], axis=1).reindex(columns=layout))
    return out[0], out[1]


def _annual(ours: pd.DataFrame, theirs: pd.DataFrame, common: pd.DataFrame) -> pd.DataFrame:
    year = pd.DatetimeIndex(ours.index).year.rename("year")
    days = common.groupby(year).sum()
    ours_mt = ours.groupby(year).sum(min_count=1) / 1000
    theirs_mt = theirs.groupby(year).sum(min_count=1) / 1000
    table = pd.DataFrame(
        {
            "days": _long(days),
            "ours": _long(ours_mt),
            "theirs": _long(theirs_mt),
            "ratio": _long(ours_mt / theirs_mt),
            # Years are consecutive rows (the daily index is complete), so shift(1) is y - 1.
            "ours_yoy_pct": _long((ours_mt / ours_mt.shift(1) - 1) * 100),
            "theirs_yoy_pct": _long((theirs_mt / theirs_mt.shift(1) - 1) * 100),
        }
    )
    table["yoy_difference_pp"] = table["ours_yoy_pct"] - table["theirs_yoy_pct"]
    table["days"] = table["days"].astype("int64")
    table = table.reset_index()
    table["year"] = table["year"].astype("int64")
    # Region, then sector in the columns' order (total last), then year.
    sectors = dict.fromkeys(str(s) for s in ours.columns.get_level_values("sector"))
    rank = {sector: i for i, sector in enumerate(sectors)}
    table = table.sort_values(
        ["region", "sector", "year"],
        key=lambda c: c.map(rank) if c.name == "sector" else c,
        ignore_index=True,
    )
    return table[["region", "sector", "year", *table.columns.drop(["region", "sector", "year"])]]


def _long(wide: pd.DataFrame) -> pd.Series:
    """(year) × (region, sector) -> a series indexed by region, sector, year."""
    return pd.Series(wide.stack(["region", "sector"], future_stack=True))


def _correlations(ours: pd.DataFrame, theirs: pd.DataFrame, baseline: Baseline) -> pd.DataFrame:
    daily = _pearson(_daily_anomaly(ours, baseline), _daily_anomaly(theirs, baseline), ours, theirs)
    monthly_ours, monthly_theirs = _monthly(ours), _monthly(theirs)
    monthly = _pearson(
        _year_anomaly(monthly_ours), _year_anomaly(monthly_theirs), monthly_ours, monthly_theirs
    )
    table = pd.DataFrame(
        {
            "daily_r": daily[0],
            "daily_n": daily[1],
            "monthly_r": monthly[0],
            "monthly_n": monthly[1],
        }
    )
    table.index.names = ["region", "sector"]
    return table.reset_index()


def _daily_anomaly(wide: pd.DataFrame, baseline: Baseline) -> pd.DataFrame:
    if baseline == "week":
        return wide - wide.rolling(7, center=True, min_periods=7).mean()
    month = pd.DatetimeIndex(wide.index).to_period("M")
    return wide - wide.groupby(month).transform("mean")


def _monthly(wide: pd.DataFrame) -> pd.DataFrame:
    """Mean daily value of each month (kt/day) over the days both cover."""
    return wide.groupby(pd.DatetimeIndex(wide.index).to_period("M")).mean()


def _year_anomaly(monthly: pd.DataFrame) -> pd.DataFrame:
    """Each month's deviation from the mean month of its year."""
    return monthly - monthly.groupby(pd.PeriodIndex(monthly.index).year).transform("mean")


def _pearson(
    a: pd.DataFrame, b: pd.DataFrame, level_a: pd.DataFrame, level_b: pd.DataFrame
) -> tuple[pd.Series, pd.Series]:
    """Column-wise Pearson r of paired values, and their count; NaN when undefined."""
    paired = a.notna() & b.notna()
    n = paired.sum()
    x, y = a.where(paired), b.where(paired)
    dx, dy = x - x.mean(), y - y.mean()
    sx, sy = np.sqrt((dx**2).sum()), np.sqrt((dy**2).sum())
    r = (dx * dy).sum() / (sx * sy)
    # Anomalies that are rounding noise (a series flat within each month) have no correlation.
    flat = (sx <= _FLAT * level_a.abs().mean() * np.sqrt(n)) | (
        sy <= _FLAT * level_b.abs().mean() * np.sqrt(n)
    )
    r = r.where((n >= _MIN_N) & ~flat).clip(-1.0, 1.0)
    return r, n.astype("int64")
