"""The data-quality gate: what is wrong or suspicious in daily or monthly series, shown, not fixed.

:func:`check_series` takes a PROXIES frame (``period`` as ``YYYY-MM-DD`` or ``YYYY-MM``) or a DAILY
frame (``date``) and returns :class:`~peakzero.checks.Finding` objects (``detail`` holds sector,
proxy, periods and the numbers that triggered each; see :mod:`.findings`). A series is one
(region, sector, proxy). The checks and their thresholds are in
``docs/methods/monitoring-quality.md``; they follow the fact dossier's list
(../shared/research/monitoring.md, "What the platform should do" item 7, and §2.1's flags).

Every check is vectorised over all series at once: rows are sorted by series and period, periods
become integer steps (days or months since 1970), and neighbours, lags and runs are found with
array arithmetic; Python loops only run over the findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peakzero.checks import Finding
from peakzero.errors import InputError, Problem
from peakzero.monitoring.findings import monitoring_finding
from peakzero.monitoring.proxies import monitored_sectors, proxy_kinds, unit_conversion

__all__ = ["COPY_RUN_DAYS", "COPY_RUN_MONTHS", "check_series"]

COPY_RUN_DAYS = 3
"""Shortest run of days equal to a week or a year earlier that counts as copied. Real values with
several decimals almost never repeat by chance, so three days in a row is a copy, not noise; a
single equal day (an integer index, a zero) is not reported."""

COPY_RUN_MONTHS = 2
"""Shortest run of months equal to the same month a year earlier that counts as copied."""

_KEY = ["region", "sector", "proxy"]


@dataclass(frozen=True)
class _Series:
    """Rows of one granularity, sorted by series then period, with integer steps."""

    keys: pd.DataFrame  # region, sector, proxy of each series (row = series number)
    group: NDArray[np.int64]
    step: NDArray[np.int64]  # days (daily) or months (monthly) since 1970-01
    value: NDArray[np.float64]
    monthly: bool

    def label(self, step: int) -> str:
        """A step as the user writes the period."""
        if self.monthly:
            return f"{step // 12 + 1970:04d}-{step % 12 + 1:02d}"
        return str(np.datetime64(int(step), "D"))

    def where(self, group: int) -> dict[str, str | None]:
        row = self.keys.iloc[group]
        return {
            "region": str(row["region"]),
            "sector": str(row["sector"]),
            "proxy": str(row["proxy"]) or None,
        }


def check_series(
    frame: pd.DataFrame,
    *,
    inventory_level: float | Mapping[str, float] | None = None,
    inventory_year: int | None = None,
    copy_run_days: int = COPY_RUN_DAYS,
    copy_run_months: int = COPY_RUN_MONTHS,
    jump_factor: float = 3.0,
    trailing_drop: float = 0.30,
    flat_band: float = 0.10,
    level_tolerance: float = 0.25,
) -> list[Finding]:
    """Check daily or monthly series and report every defect and suspicion as a finding.

    Parameters
    ----------
    frame
        PROXIES (``region, period, sector, proxy, value[, unit]``) or DAILY
        (``date, region, sector, value``; ``proxy`` optional) rows.
    inventory_level
        The annual level to compare with: a mapping sector → level compares each series of
        that sector; a number compares each region's total of all series. In the unit of a
        year's sum of the values (kt CO2 for kt CO2 per day).
    inventory_year
        Compare only this year's sum; by default every year with ≥ 90 % of its periods.
    copy_run_days, copy_run_months
        Shortest run counted as copied from a week or a year earlier.
    jump_factor
        A first-of-month change above ``jump_factor`` × the series' median daily |change|
        is a month-boundary jump.
    trailing_drop, flat_band
        The last month is suspect when it is more than ``trailing_drop`` below the same month a
        year earlier while the region's other series changed by at most ``flat_band``.
    level_tolerance
        An annual sum more than this fraction off ``inventory_level`` is reported.

    Returns
    -------
    list of Finding
        Row defects (``error``) first, then the series checks (``warning``), in series order.

    Raises
    ------
    InputError
        If the frame lacks the columns of either shape.
    """
    rows = _normalise(frame)
    findings = _row_findings(rows)
    usable = rows[
        np.isfinite(rows["value"])
        & rows["date"].notna()
        & ~rows.duplicated([*_KEY, "step", "monthly"])
    ]
    for monthly in (False, True):
        part = usable[usable["monthly"] == monthly]
        if part.empty:
            continue
        series = _sorted(part, monthly)
        findings += _missing(series)
        findings += _copies(series, copy_run_months if monthly else copy_run_days)
        if not monthly:
            findings += _jumps(series, jump_factor)
        findings += _trailing(series, trailing_drop, flat_band)
        if inventory_level is not None:
            findings += _level(series, inventory_level, inventory_year, level_tolerance)
    return findings


# --- shape -----------------------------------------------------------------------------------


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns region, sector, proxy, value (NaN if not a number), unit, monthly, step, date."""
    time = "date" if "date" in frame.columns else "period"
    missing = [c for c in ("region", "sector", "value", time) if c not in frame.columns]
    if missing:
        msg = (
            f"missing column(s) {', '.join(missing)}; give a PROXIES frame (region, period, "
            "sector, proxy, value, unit) or a DAILY frame (date, region, sector, value)"
        )
        raise InputError(Problem("<series frame>", msg))
    out = pd.DataFrame(
        {
            "region": frame["region"].astype(str).to_numpy(),
            "sector": frame["sector"].astype(str).to_numpy(),
            "proxy": frame["proxy"].fillna("").astype(str).to_numpy()
            if "proxy" in frame
            else np.full(len(frame), "", dtype=object),
            "value": pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype="float64"),
            "given": frame["value"].to_numpy(),
            "unit": frame["unit"].astype(str).to_numpy() if "unit" in frame else "",
        }
    )
    if time == "date":
        parsed = pd.to_datetime(frame["date"], errors="coerce")
        out["monthly"] = False
    else:
        text = frame["period"].astype(str).str.strip()
        out["monthly"] = (text.str.len() == 7).to_numpy()
        padded = text.where(text.str.len() != 7, text + "-01")
        parsed = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    dates = parsed.to_numpy(dtype="datetime64[D]")
    days = dates.astype(np.int64)
    months = dates.astype("datetime64[M]").astype(np.int64)
    out["step"] = np.where(out["monthly"].to_numpy(), months, days)
    out["date"] = parsed.to_numpy()
    out["written"] = frame[time].to_numpy()  # shown where the period is no date
    return out


def _sorted(part: pd.DataFrame, monthly: bool) -> _Series:
    ordered = part.sort_values([*_KEY, "step"], kind="stable")
    grouped = ordered.groupby(_KEY, sort=False)
    keys = grouped.size().reset_index()[_KEY]
    return _Series(
        keys,
        np.asarray(grouped.ngroup(), dtype=np.int64),
        ordered["step"].to_numpy(dtype=np.int64),
        ordered["value"].to_numpy(dtype=np.float64),
        monthly,
    )


def _ranges(series: _Series, steps: NDArray[np.int64]) -> list[str]:
    """Sorted steps as periods, consecutive ones joined as ``first/last``."""
    if steps.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(steps) != 1) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks - 1, [steps.size - 1]))
    out = []
    for a, b in zip(steps[starts], steps[ends], strict=True):
        first, last = series.label(int(a)), series.label(int(b))
        out.append(first if a == b else f"{first}/{last}")
    return out


def _finding(
    series: _Series,
    group: int,
    code: str,
    message: str,
    *,
    periods: list[str],
    numbers: Mapping[str, float | int],
    year: int | None = None,
) -> Finding:
    where = series.where(group)
    text = f"{where['region']} {where['sector']}" + (f" {where['proxy']}" if where["proxy"] else "")
    return monitoring_finding(
        code,
        "warning",
        f"{text}: {message}",
        region=where["region"],
        sector=where["sector"],
        proxy=where["proxy"],
        periods=periods,
        year=year,
        numbers=numbers,
    )


# --- row defects (the reader's list, for frames that did not come through the reader) ------


def _row_findings(rows: pd.DataFrame) -> list[Finding]:
    kinds = proxy_kinds()
    has_proxy = rows["proxy"] != ""
    sectors = set(monitored_sectors())
    may_be_negative = {k: v.negative_allowed for k, v in kinds.items()}
    negative_ok = rows["proxy"].map(may_be_negative).fillna(value=False).astype(bool)
    dated = rows["date"].notna()
    checks: list[tuple[str, pd.Series, str]] = [
        ("bad-period", ~dated, "period(s) not a date YYYY-MM-DD or a month YYYY-MM"),
        ("non-numeric", ~np.isfinite(rows["value"]), "value(s) not a finite number"),
        ("negative-value", (rows["value"] < 0) & ~negative_ok, "negative value(s)"),
        (
            "duplicate",
            dated & rows.duplicated([*_KEY, "step", "monthly"], keep=False),
            "duplicate rows",
        ),
        ("unknown-sector", ~rows["sector"].isin(sectors), "sector not a monitored sector"),
        ("unknown-proxy", has_proxy & ~rows["proxy"].isin(list(kinds)), "unknown proxy kind"),
    ]
    if (rows["unit"] != "").any():
        # One conversion per distinct (proxy, unit) pair, spread back over the rows.
        positions, pairs = pd.factorize(pd.MultiIndex.from_frame(rows[["proxy", "unit"]]))
        refused = np.array(
            [k in kinds and unit_conversion(str(k), str(u)).basis < 0 for k, u in pairs]
        )
        bad_unit = pd.Series(refused[positions], index=rows.index)
        checks.append(("wrong-unit-dimension", bad_unit, "unit not of the kind's dimension"))
    findings = []
    for code, mask, what in checks:
        hit = rows[mask.to_numpy(dtype=bool)]
        for key, group in hit.groupby(_KEY, sort=False):
            region, sector, proxy = (str(k) for k in key)
            periods = _shown(group)
            given = [str(v) for v in group["given"].head(5)]
            message = (
                f"{region} {sector}{' ' + proxy if proxy else ''}: {len(group)} {what} "
                f"(first values {', '.join(given)})"
            )
            findings.append(
                monitoring_finding(
                    code,
                    "error",
                    message,
                    region=region,
                    sector=sector,
                    proxy=proxy or None,
                    periods=periods,
                    numbers={"rows": len(group)},
                )
            )
    return findings


def _shown(rows: pd.DataFrame) -> list[str]:
    """The periods of a few rows as the user writes them (as given where no date)."""
    shown = []
    for date, monthly, written in zip(rows["date"], rows["monthly"], rows["written"], strict=True):
        if pd.isna(date):
            shown.append(str(written))
        else:
            shown.append(pd.Timestamp(date).strftime("%Y-%m" if monthly else "%Y-%m-%d"))
    return shown


# --- missing periods ---------------------------------------------------------------------------


def _missing(series: _Series) -> list[Finding]:
    same = series.group[1:] == series.group[:-1]
    gap = np.where(same, np.diff(series.step) - 1, 0)
    at = np.flatnonzero(gap > 0)
    if at.size == 0:
        return []
    counts = gap[at]
    # Every missing step: each gap's first missing step plus 0, 1, … up to its length.
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    missing = np.repeat(series.step[at] + 1, counts) + offsets
    owner = np.repeat(series.group[at], counts)
    findings = []
    unit = "month" if series.monthly else "date"
    for group in np.unique(owner):
        steps = missing[owner == group]
        periods = _ranges(series, steps)
        leap = [] if series.monthly else [series.label(int(s)) for s in steps[_leap_days(steps)]]
        note = f", including 29 February ({', '.join(leap)})" if leap else ""
        message = (
            f"{steps.size} {unit}(s) missing inside the series{note}: {', '.join(periods[:6])}"
        )
        message += " …" if len(periods) > 6 else ""
        numbers = {"missing": int(steps.size), "leap_days": len(leap)}
        findings.append(
            _finding(series, int(group), "missing-dates", message, periods=periods, numbers=numbers)
        )
    return findings


def _leap_days(steps: NDArray[np.int64]) -> NDArray[np.bool_]:
    dates = pd.DatetimeIndex(steps.astype("datetime64[D]"))
    return np.asarray((dates.month == 2) & (dates.day == 29), dtype=bool)


# --- copied runs -------------------------------------------------------------------------------


def _lagged(series: _Series, lag: NDArray[np.int64], valid: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Whether each row equals exactly the row of the same series at step ``lag``."""
    span = int(series.step.max()) - min(int(series.step.min()), int(lag.min())) + 1
    base = min(int(series.step.min()), int(lag.min()))
    keys = series.group * span + (series.step - base)
    wanted = series.group * span + (lag - base)
    position = pd.Index(keys).get_indexer(wanted)
    found = valid & (position >= 0)
    equal = np.zeros(series.step.size, dtype=bool)
    equal[found] = series.value[position[found]] == series.value[found]
    return equal


def _year_earlier(series: _Series) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The step of the same date (or month) a year earlier, and where there is one."""
    if series.monthly:
        return series.step - 12, np.ones(series.step.size, dtype=bool)
    dates = pd.DatetimeIndex(series.step.astype("datetime64[D]"))
    earlier = (dates - pd.DateOffset(years=1)).to_numpy(dtype="datetime64[D]").astype(np.int64)
    # 29 February has no same date a year earlier (pandas would give the 28th).
    return earlier, ~_leap_days(series.step)


def _copies(series: _Series, shortest: int) -> list[Finding]:
    lags: list[tuple[str, NDArray[np.int64], NDArray[np.bool_]]] = [
        ("a year earlier", *_year_earlier(series))
    ]
    if not series.monthly:
        lags.insert(0, ("a week earlier", series.step - 7, np.ones(series.step.size, dtype=bool)))
    findings = []
    for name, lag, valid in lags:
        equal = _lagged(series, lag, valid)
        findings += _runs(series, equal, shortest, name)
    return findings


def _runs(series: _Series, flag: NDArray[np.bool_], shortest: int, name: str) -> list[Finding]:
    """Runs of consecutive flagged steps of one series, reported by series and start year."""
    follows = np.zeros(flag.size, dtype=bool)
    follows[1:] = (
        flag[1:] & flag[:-1] & (series.group[1:] == series.group[:-1]) & (np.diff(series.step) == 1)
    )
    start = flag & ~follows
    run = np.cumsum(start) - 1
    at = np.flatnonzero(flag)
    if at.size == 0:
        return []
    length = np.bincount(run[at])
    first = np.flatnonzero(start)
    keep = length >= shortest
    if not keep.any():
        return []
    runs = pd.DataFrame(
        {
            "group": series.group[first[keep]],
            "first": series.step[first[keep]],
            "length": length[keep],
        }
    )
    runs["year"] = [int(series.label(int(s))[:4]) for s in runs["first"]]
    unit = "month" if series.monthly else "day"
    findings = []
    for (group_key, year_key), chunk in runs.groupby(["group", "year"], sort=True):
        group, year = int(str(group_key)), int(str(year_key))
        periods = [
            f"{series.label(int(a))}/{series.label(int(a + n - 1))}"
            for a, n in zip(chunk["first"], chunk["length"], strict=True)
        ]
        total, longest = int(chunk["length"].sum()), int(chunk["length"].max())
        message = (
            f"{total} {unit}s in {len(chunk)} run(s) of ≥ {shortest} {unit}s exactly equal to "
            f"{name} (longest {longest}), starting in {year}"
        )
        numbers = {
            "copied": total,
            "runs": len(chunk),
            "longest": longest,
            "shortest_run": shortest,
        }
        findings.append(
            _finding(
                series,
                int(group),
                "copied-run",
                message,
                periods=periods,
                year=int(year),
                numbers=numbers,
            )
        )
    return findings


# --- month-boundary jumps ----------------------------------------------------------------------


def _jumps(series: _Series, factor: float) -> list[Finding]:
    previous = np.zeros(series.step.size, dtype=bool)
    previous[1:] = (series.group[1:] == series.group[:-1]) & (np.diff(series.step) == 1)
    change = np.full(series.step.size, np.nan)
    change[1:] = np.abs(np.diff(series.value))
    change[~previous] = np.nan
    first_day = pd.DatetimeIndex(series.step.astype("datetime64[D]")).day.to_numpy() == 1
    table = pd.DataFrame({"group": series.group, "change": change, "first": first_day})
    # The usual change: the median over days that are not the 1st, so the jumps do not raise it.
    usual = table[~table["first"]].groupby("group")["change"].median()
    threshold = factor * usual.reindex(table["group"]).to_numpy()
    jump = first_day & (change > threshold)
    findings = []
    for group in np.unique(series.group[jump]):
        mine = series.group == group
        starts = mine & first_day & np.isfinite(change)
        hits = mine & jump
        steps = series.step[hits]
        numbers = {
            "jumps": int(hits.sum()),
            "month_starts": int(starts.sum()),
            "median_abs_change": float(usual[group]),
            "threshold": float(factor * usual[group]),
            "mean_abs_change_on_first_days": float(np.mean(change[starts])),
            "mean_abs_change_on_other_days": float(np.nanmean(change[mine & ~first_day])),
            "largest": float(np.max(change[hits])),
        }
        message = (
            f"{numbers['jumps']} of {numbers['month_starts']} first days of a month change by "
            f"more than {factor:g} × the median daily |change| "
            f"({numbers['median_abs_change']:.4g}); "
            f"largest {numbers['largest']:.4g} — monthly data spread over days?"
        )
        periods = [series.label(int(s)) for s in steps]
        findings.append(
            _finding(
                series, int(group), "month-boundary-jump", message, periods=periods, numbers=numbers
            )
        )
    return findings


# --- the trailing month ------------------------------------------------------------------------


def _monthly_table(series: _Series) -> pd.DataFrame:
    """One row per series and month: the month's step, its mean per period and its count."""
    months = (
        series.step
        if series.monthly
        else series.step.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    )
    table = pd.DataFrame({"group": series.group, "month": months, "value": series.value})
    return table.groupby(["group", "month"], as_index=False).agg(
        mean=("value", "mean"), count=("value", "size")
    )


def _trailing(series: _Series, drop: float, band: float) -> list[Finding]:
    months = _monthly_table(series)
    keys = months["group"].to_numpy() * 100_000 + months["month"].to_numpy()
    earlier = pd.Index(keys).get_indexer(keys - 12)
    ratio = np.where(
        earlier >= 0, months["mean"].to_numpy() / months["mean"].to_numpy()[earlier], np.nan
    )
    months["ratio"] = ratio
    last = months.groupby("group").tail(1)
    findings = []
    for group, month, count, ratio in zip(
        last["group"].to_numpy(dtype=np.int64).tolist(),
        last["month"].to_numpy(dtype=np.int64).tolist(),
        last["count"].to_numpy(dtype=np.int64).tolist(),
        last["ratio"].to_numpy(dtype=np.float64).tolist(),
        strict=True,
    ):
        label = f"{month // 12 + 1970:04d}-{month % 12 + 1:02d}"
        if not series.monthly:
            days = int(pd.Period(label, freq="M").days_in_month)
            if int(count) < days:
                message = f"the last month {label} has {count} of its {days} days"
                counted = {"days": int(count), "days_in_month": days}
                findings.append(
                    _finding(
                        series, group, "incomplete-month", message, periods=[label], numbers=counted
                    )
                )
        if not (np.isfinite(ratio) and ratio < 1 - drop):
            continue
        region = series.keys.iloc[group]["region"]
        others = (months["month"] == month) & (months["group"] != group)
        others &= series.keys["region"].to_numpy()[months["group"].to_numpy()] == region
        change = np.abs(months.loc[others, "ratio"].dropna().to_numpy() - 1)
        if change.size and np.median(change) > band:
            continue  # the region's other series moved too: a real change, not a gap
        context = (
            f"the region's other series changed by a median {np.median(change):.1%}"
            if change.size
            else "no other series of the region to compare"
        )
        message = (
            f"the last month {label} is {1 - ratio:.1%} below the same month a year earlier "
            f"({context}) — an incomplete month?"
        )
        numbers: dict[str, float | int] = {
            "ratio_to_year_earlier": float(ratio),
            "others": int(change.size),
        }
        if change.size:
            numbers["others_median_abs_change"] = float(np.median(change))
        findings.append(
            _finding(series, group, "incomplete-month", message, periods=[label], numbers=numbers)
        )
    return findings


# --- level against the inventory ---------------------------------------------------------------


def _level(
    series: _Series,
    level: float | Mapping[str, float],
    only_year: int | None,
    tolerance: float,
) -> list[Finding]:
    if series.monthly:
        years = series.step // 12 + 1970
    else:
        years = series.step.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    table = series.keys.iloc[series.group].reset_index(drop=True)
    table = table.assign(year=years, step=series.step, value=series.value)
    by_sector = isinstance(level, Mapping)
    levels: Mapping[str, float] = level if isinstance(level, Mapping) else {}
    if by_sector:
        table = table[table["sector"].isin(list(levels))]
    by = [*_KEY, "year"] if by_sector else ["region", "year"]
    sums = table.groupby(by, as_index=False).agg(
        total=("value", "sum"), periods=("step", "nunique")
    )
    leap = pd.to_datetime(sums["year"].astype(str), format="%Y").dt.is_leap_year.to_numpy()
    sums["expected"] = 12 if series.monthly else np.where(leap, 366, 365)
    # A year short of 10 % of its periods is not compared; the others are scaled to a full year.
    sums = sums[sums["periods"] >= 0.9 * sums["expected"]]
    if only_year is not None:
        sums = sums[sums["year"] == only_year]
    sums = sums.assign(annualised=sums["total"] * sums["expected"] / sums["periods"])
    if isinstance(level, Mapping):
        sums["level"] = [float(levels[s]) for s in sums["sector"]]
    else:
        sums["level"] = float(level)
    sums["ratio"] = sums["annualised"] / sums["level"]
    off = sums[~(np.abs(sums["ratio"] - 1) <= tolerance)]
    findings = []
    for row in off.to_dict("records"):
        what = (
            f"{row['sector']}{' ' + row['proxy'] if row['proxy'] else ''}" if by_sector else "total"
        )
        message = (
            f"{row['region']} {what}: the {row['year']} sum {row['annualised']:.6g} is "
            f"{row['ratio'] - 1:+.1%} off the inventory's level {row['level']:.6g} "
            f"(tolerance ±{tolerance:.0%})"
        )
        numbers = {
            "sum": float(row["total"]),
            "periods": int(row["periods"]),
            "expected_periods": int(row["expected"]),
            "annualised": float(row["annualised"]),
            "level": float(row["level"]),
            "ratio": float(row["ratio"]),
        }
        findings.append(
            monitoring_finding(
                "level-off-inventory",
                "warning",
                message,
                region=str(row["region"]),
                sector=str(row["sector"]) if by_sector else None,
                proxy=(str(row["proxy"]) or None) if by_sector else None,
                periods=[str(row["year"])],
                year=int(row["year"]),
                numbers=numbers,
            )
        )
    return findings
