"""Nowcast this year's total from the year to date, with a band and a back-test.

``estimate = YTD ÷ mean(YTD share of past years)``, the share of a year being the sum from
1 January to the same calendar day divided by that year's total (dossier §4 item 4). Per sector
and for the total of all sectors given (the total uses its own share, not the sum of the sector
nowcasts). Methods, band and sources: ``docs/methods/monitoring-analysis.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem, raise_if_any
from peakzero.monitoring.weather import value_problems

__all__ = ["TOTAL", "History", "backtest", "nowcast", "yearly_shares"]

TOTAL = "total"
"""The ``series`` name of the sum of all sectors given."""

History = Literal["prior", "leave_one_out"]


def _frame(daily: pd.DataFrame, source: str) -> pd.DataFrame:
    """``date, series, value``: each sector (regions summed) and the total of all of them."""
    problems = value_problems(daily, source)
    if "sector" not in daily.columns:
        problems.append(
            Problem(source, "missing column; a daily series has a sector", column="sector")
        )
    raise_if_any(problems)
    sectors = daily.groupby(["date", "sector"])["value"].sum().reset_index()
    sectors = sectors.rename(columns={"sector": "series"}).astype({"series": str})
    total = sectors.groupby("date", as_index=False)["value"].sum().assign(series=TOTAL)
    return pd.concat([sectors, total], ignore_index=True)


def yearly_shares(
    daily: pd.DataFrame, month: int, day: int, *, source: str = "daily series"
) -> pd.DataFrame:
    """Per series and year: ``ytd`` (1 January … month/day), ``annual``, ``share``, ``complete``.

    A year is complete when the series has both its 1 January and its 31 December (missing days
    in between, such as an export without 29 February, are the data-quality gate's business).
    A cut on 29 February takes the whole of February in other years.
    """
    return _shares(_frame(daily, source), month, day)


def _shares(frame: pd.DataFrame, month: int, day: int) -> pd.DataFrame:
    """:func:`yearly_shares` of a :func:`_frame` (made once for a back-test's several cuts)."""
    dates = frame["date"]
    key = dates.dt.month * 100 + dates.dt.day
    frame = frame.assign(
        year=dates.dt.year, ytd=frame["value"].where(key <= month * 100 + day, 0.0)
    )
    grouped = frame.groupby(["series", "year"])
    table = grouped.agg(
        ytd=("ytd", "sum"), annual=("value", "sum"), first=("date", "min"), last=("date", "max")
    )
    starts = pd.to_datetime(table.index.get_level_values("year").astype(str) + "-01-01")
    ends = pd.to_datetime(table.index.get_level_values("year").astype(str) + "-12-31")
    table["complete"] = (table["first"].to_numpy() == starts.to_numpy()) & (
        table["last"].to_numpy() == ends.to_numpy()
    )
    table["share"] = table["ytd"] / table["annual"]
    return table.drop(columns=["first"]).reset_index()


def _estimate(
    shares: pd.DataFrame,
    year: int,
    history: Sequence[int],
    proxy_uncertainty: Mapping[str, float] | None,
) -> pd.DataFrame:
    """One row per series: the nowcast of ``year`` from the shares of the ``history`` years."""
    past = shares[shares["year"].isin(history)].groupby("series")["share"]
    now = shares[shares["year"] == year].set_index("series")
    out = pd.DataFrame(
        {
            "ytd": now["ytd"],
            "mean_share": past.mean(),
            # ddof=1: the spread of a handful of past years; unknown (NaN) with a single year.
            "share_sd": past.std(ddof=1),
            "n_history": past.size(),
        }
    )
    out["estimate"] = out["ytd"] / out["mean_share"]
    out["rel_share"] = out["share_sd"] / out["mean_share"]
    if proxy_uncertainty is None:
        out["rel_proxy"] = 0.0
    else:
        proxy = pd.Series(proxy_uncertainty, dtype=float).reindex(out.index)
        sectors = out.index != TOTAL
        if TOTAL not in proxy_uncertainty:
            # Sectors' proxy errors taken as independent of each other: absolute errors add in
            # quadrature. A sector without a figure leaves the total's proxy term unknown.
            absolute = (proxy[sectors] * out["estimate"][sectors]) ** 2
            combined = np.sqrt(absolute.sum(skipna=False)) / out.loc[TOTAL, "estimate"]
            proxy[TOTAL] = combined
        out["rel_proxy"] = proxy
    out["rel_band"] = np.sqrt(out["rel_share"] ** 2 + out["rel_proxy"] ** 2)
    out["low"] = out["estimate"] * (1 - out["rel_band"])
    out["high"] = out["estimate"] * (1 + out["rel_band"])
    out["history"] = ",".join(map(str, sorted(history)))
    return out.reset_index().rename(columns={"index": "series"})


def nowcast(
    daily: pd.DataFrame,
    year: int,
    *,
    through: dt.date | str | None = None,
    history_years: Iterable[int] | None = None,
    exclude_years: Iterable[int] = (),
    proxy_uncertainty: Mapping[str, float] | None = None,
    source: str = "daily series",
) -> pd.DataFrame:
    """Nowcast ``year`` per sector and in total from its year to date.

    ``through`` defaults to the last day every series of ``year`` has. The history is every
    complete year before ``year`` (or ``history_years``) less ``exclude_years`` (a lockdown year,
    say). ``proxy_uncertainty`` maps a sector (and optionally ``total``) to a relative 1σ-like
    uncertainty of its annual level, e.g. CMCC's published figures (borrowed). The band is
    ``estimate × (1 ± √(rel_share² + rel_proxy²))``, ``rel_share`` being the relative standard
    deviation of the past YTD shares; NaN where a term is unknown (one history year; a sector
    without a proxy figure).

    Returns one row per series: ``series, ytd, mean_share, share_sd, n_history, estimate,
    rel_share, rel_proxy, rel_band, low, high, history, through``.
    """
    frame = _frame(daily, source)
    this_year = frame[frame["date"].dt.year == year]
    if this_year.empty:
        raise InputError(Problem(source, f"no values in {year} to nowcast from", value=year))
    last = this_year.groupby("series")["date"].max().min()
    cut = last if through is None else pd.Timestamp(through)
    if cut > last:
        msg = f"every series must reach the 'through' date; the earliest ends on {last.date()}"
        raise InputError(Problem(source, msg, value=str(cut.date())))
    shares = yearly_shares(daily, cut.month, cut.day, source=source)
    complete = set(shares.loc[shares["complete"] & (shares["series"] == TOTAL), "year"])
    excluded = set(exclude_years)
    wanted = complete if history_years is None else set(history_years)
    history = sorted(y for y in wanted if y < year and y not in excluded and y in complete)
    if history_years is not None:
        late = sorted(y for y in set(history_years) if y >= year)
        raise_if_any(Problem(source, f"history year not before {year}", value=y) for y in late)
        missing = sorted(set(history_years) - complete)
        raise_if_any(
            Problem(source, "history year not complete (1 Jan … 31 Dec)", value=y) for y in missing
        )
    if not history:
        raise InputError(
            Problem(source, f"no complete past year to take shares from before {year}")
        )
    return _estimate(shares, year, history, proxy_uncertainty).assign(through=cut)


def backtest(
    daily: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    through_months: Sequence[int] = (3, 6, 9),
    history: History = "prior",
    exclude_years: Iterable[int] = (),
    source: str = "daily series",
) -> pd.DataFrame:
    """Nowcast past complete years through the end of given months; report the error in %.

    ``history="prior"`` uses only complete years before the target (what was known at the time:
    the dossier's rule); ``"leave_one_out"`` uses every other complete year. ``exclude_years``
    leave the history, not the targets; a target without any history year is left out.
    Returns ``year, through, series, history, estimate, actual, error_pct`` with
    ``error_pct = 100 × (estimate / actual − 1)``.
    """
    if history not in ("prior", "leave_one_out"):
        allowed = "allowed: 'prior', 'leave_one_out'"
        raise InputError(Problem(source, f"unknown history rule; {allowed}", value=history))
    excluded = set(exclude_years)
    rows = []
    frame: pd.DataFrame | None = None
    for month in through_months:
        frame = _frame(daily, source) if frame is None else frame
        # Day 31 of every month: the whole month, 29 February included where there is one.
        shares = _shares(frame, month, 31)
        complete = sorted(set(shares.loc[shares["complete"] & (shares["series"] == TOTAL), "year"]))
        targets = complete if years is None else sorted(years)
        for year in targets:
            if year not in complete:
                raise InputError(
                    Problem(source, "back-test year not complete (1 Jan … 31 Dec)", value=year)
                )
            pool = [y for y in complete if y != year and y not in excluded]
            past = [y for y in pool if y < year] if history == "prior" else pool
            if not past:
                continue
            result = _estimate(shares, year, past, None)
            actual = shares[shares["year"] == year].set_index("series")["annual"]
            result["actual"] = result["series"].map(actual)
            result["year"], result["through"] = year, month
            rows.append(result)
    columns = ["year", "through", "series", "history", "estimate", "actual"]
    table = pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
    table["error_pct"] = 100.0 * (table["estimate"] / table["actual"] - 1.0)
    return table.sort_values(["series", "year", "through"], ignore_index=True)
