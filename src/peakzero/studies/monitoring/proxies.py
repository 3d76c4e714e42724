"""Daily emissions by sector from PROXIES rows on an inventory anchor (:func:`daily_from_proxies`).

The method (:mod:`peakzero.monitoring.method`) reduces here to ``E_s(d) = A_s(y0) × P_s(d) /
P_s(y0)``: the ratio P_s(y)/P_s(y0) times the share P_s(d)/P_s(y) is P_s(d)/P_s(y0), which also
holds for a year still running (no partial year is scaled up).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import DAILY_COLUMNS, daily_emissions
from peakzero.monitoring.sectors import SCOPE2_ELECTRICITY, monitored_sectors
from peakzero.monitoring.shapes import calendar_weights, spread_monthly

__all__ = ["MISSING_COLUMNS", "daily_from_proxies", "electricity_days"]

MISSING_COLUMNS = ("region", "sector", "year", "reason")


def _chosen_proxy(proxies: pd.DataFrame) -> pd.DataFrame:
    """One proxy kind per (region, sector): the sector's default kind if given, else the first."""
    sectors = monitored_sectors()
    keys = ["region", "sector", "proxy"]
    # Ranked once per series (region, sector, proxy), not per row: only the keys are kept.
    series = proxies[keys].drop_duplicates()
    default = series["sector"].map({k: s.proxy for k, s in sectors.items()})
    preferred = series.assign(_rank=np.where(series["proxy"].eq(default), 0, 1))
    best = preferred.sort_values(["_rank", "proxy"]).drop_duplicates(["region", "sector"])
    chosen = proxies.merge(best[keys], on=keys)
    return chosen


def _daily_proxy(proxies: pd.DataFrame) -> pd.DataFrame:
    """Daily values of every series: daily rows as given, monthly rows spread over their days."""
    is_day = proxies["period"].astype(str).str.len().eq(10)
    days = proxies[is_day]
    parts = [
        pd.DataFrame(
            {
                "date": pd.to_datetime(days["period"]),
                "region": days["region"],
                "sector": days["sector"],
                "proxy": days["proxy"],
                "value": days["value"].astype(float),
            }
        )
    ]
    months = proxies[~is_day]
    if not months.empty:
        starts = pd.to_datetime(months["period"], format="%Y-%m")
        every = pd.date_range(starts.min(), starts.max() + pd.offsets.MonthEnd(0), freq="D")
        spread = spread_monthly(
            months[["region", "sector", "proxy", "period", "value"]], calendar_weights(every)
        )
        parts.append(spread[["date", "region", "sector", "proxy", "value"]])
    return pd.concat(parts, ignore_index=True)


def daily_from_proxies(
    proxies: pd.DataFrame, anchor_table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Daily emissions by sector from PROXIES rows on an inventory anchor.

    ``anchor_table`` holds the inventory by monitored sector (``region, sector, year, value`` in
    Mt CO2, several years allowed). The base year y0 is the latest inventory year every series
    covers whole; a series without a whole y0 gives NaN days, listed in the returned ``missing``.
    Monthly rows are spread over their days in equal parts (calendar shape).

    Returns ``(daily, missing, base_year)``.
    """
    scope1 = {k for k, s in monitored_sectors().items() if s.scope == 1}
    chosen = _chosen_proxy(proxies[proxies["sector"].isin(scope1)])
    if chosen.empty:
        msg = "no proxy of a scope-1 monitored sector; use one of " + ", ".join(sorted(scope1))
        raise InputError(Problem("proxies", msg, column="sector"))
    days = _daily_proxy(chosen)
    days["year"] = days["date"].dt.year
    per_year = days.groupby(["region", "sector", "year"]).agg(
        value=("value", "sum"), n=("value", "size")
    )
    length = pd.Series(per_year.index.get_level_values("year")).map(
        lambda y: 366 if pd.Timestamp(year=y, month=12, day=31).dayofyear == 366 else 365
    )
    whole = per_year[per_year["n"].to_numpy() >= length.to_numpy()]
    years = sorted(set(anchor_table["year"].astype(int).unique().tolist()))
    whole_years = set(whole.index.get_level_values("year").unique().tolist())
    covered = [y for y in years if y in whole_years]
    base_year = covered[-1] if covered else years[-1]
    base = anchor(anchor_table, base_year)
    p0 = whole.xs(base_year, level="year")["value"] if covered else pd.Series(dtype=float)
    keys = pd.MultiIndex.from_frame(days[["region", "sector"]])
    shape = days.assign(value=days["value"].to_numpy() / p0.reindex(keys).to_numpy())
    # unique() before set(): iterating 124,000 Arrow strings one by one took most of the time.
    shown = set(shape["sector"].unique())
    known = set(base["sector"].unique()) & shown
    no_anchor = sorted(shown - known)
    shape = shape[shape["sector"].isin(known)]
    ratios = shape[["region", "sector", "year"]].drop_duplicates().assign(ratio=1.0)
    daily = daily_emissions(base, ratios, shape[list(DAILY_COLUMNS)], normalise=False)
    pairs = chosen[["region", "sector"]].drop_duplicates()
    no_base = pairs[~pd.MultiIndex.from_frame(pairs).isin(p0.index)]
    missing = pd.concat(
        [
            pd.DataFrame(
                {
                    "region": no_base["region"],
                    "sector": no_base["sector"],
                    "year": base_year,
                    "reason": f"the proxy does not cover the whole base year {base_year}",
                }
            ),
            pd.DataFrame(
                {
                    "region": chosen["region"].iloc[0],
                    "sector": no_anchor,
                    "year": base_year,
                    "reason": "no inventory for this sector in the base year",
                }
            ),
        ],
        ignore_index=True,
    )
    return daily, missing[list(MISSING_COLUMNS)], base_year


def electricity_days(proxies: pd.DataFrame) -> pd.DataFrame | None:
    """Purchased electricity by day (``date, region, value`` MWh/day) for the scope 1+2 view,
    or None when the proxies hold none."""
    rows = proxies[
        proxies["sector"].eq(SCOPE2_ELECTRICITY) & proxies["proxy"].eq("electricity_consumption")
    ]
    if rows.empty:
        return None
    days = _daily_proxy(rows)
    return days[["date", "region", "value"]].reset_index(drop=True)
