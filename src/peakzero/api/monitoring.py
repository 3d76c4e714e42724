"""The Monitoring pages' views: :func:`monitoring_view` (daily and monthly emissions by sector with
their band, this year against last year, the nowcast against the plan pathway and the 2025/2030
targets, the QA findings of the imports in view) and the proxy imports (:func:`imports_view`,
:func:`import_view`, :func:`upload`).

Access: the results are ``monitoring.results`` (a region the user may not read is 404); the
imports are ``monitoring.proxies`` — a listing is filtered in the query by
``accounts.visible_regions``, one import outside it is 404, and an upload is for a region in the
user's ``write`` scope only (a district officer: their own districts).

The figures are the study module's (:mod:`peakzero.studies.monitoring`, which the CLI and the
report show too): the region's inputs (its stored imports, else Beijing's shipped inputs for the
city), the series with bands, year-on-year and the nowcast; the plan pathway and its targets are
the explorer's run of the plan scenario. This module only arranges them for the page.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Collection
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from peakzero import codes
from peakzero.accounts import authorize, visible, visible_regions
from peakzero.api.deps import Principal
from peakzero.api.monitoring_choice import (
    DEFAULT_GRID_FACTOR,
    VIEWS,
    Choice,
    Period,
    check_choice,
    electricity_factors,
    period,
)
from peakzero.api.view_cache import ViewCache
from peakzero.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from peakzero.store.monitoring import ProxyImport
    from peakzero.studies.monitoring import MonitoringInputs

__all__ = [
    "PROXIES",
    "RESULTS",
    "VIEWS",
    "NotInScope",
    "import_view",
    "imports_view",
    "monitoring_view",
    "readable_regions",
    "result_regions",
    "upload",
    "upload_regions",
]

T = TypeVar("T")
PROXIES = "monitoring.proxies"
RESULTS = "monitoring.results"
PLAN = "plan"
BOUNDARY = "territorial"
"""The pathway boundary the nowcast is compared with: the nowcast study models territorial
scope 1 with aviation only, in whichever view the charts show (the page says so)."""
TARGET_YEARS = (2025, 2030)
KT_PER_MT = 1000.0
AVIATION = "II.4"
SUFFIXES = (".csv", ".xlsx")


class NotInScope(LookupError):
    """An import or a region absent or outside what the user may read (the route answers 404)."""


# --- regions ----------------------------------------------------------------------------------


def _regions(principal: Principal, resource: str, action: str) -> list[str]:
    """The region codes ``principal`` may ``action`` items of ``resource`` in, the city first."""
    if not authorize(principal, action, resource).allowed:
        return []
    seen = visible(principal, resource, action)
    return [
        c
        for c in codes.region_scopes()
        if seen.everything or c in seen.regions or (seen.public and c == codes.CITY)
    ]


def result_regions(principal: Principal) -> list[str]:
    """The regions whose monitored results ``principal`` may read (the region choice)."""
    return _regions(principal, RESULTS, "read")


def readable_regions(principal: Principal) -> Collection[str] | None:
    """The regions whose imports ``principal`` may read (``None``: all; empty: none)."""
    if not authorize(principal, "read", PROXIES).allowed:
        return frozenset()
    return visible_regions(principal, PROXIES)


def upload_regions(principal: Principal) -> list[str]:
    """The regions ``principal`` may upload proxies for, the city first."""
    return _regions(principal, PROXIES, "write")


# --- the monitoring page ----------------------------------------------------------------------


def _inputs(session: Session, region: str) -> tuple[MonitoringInputs | None, str | None]:
    """The region's monitoring inputs as the study module loads them (its stored imports, else
    Beijing's shipped inputs for the city), or None and the study's reason why there are none
    (no proxies yet; a district's proxies without a district inventory to anchor them to) — the
    page says it rather than show the city's figures under a district's name."""
    from peakzero.studies.monitoring import load_inputs

    try:
        return load_inputs(region, session=session), None
    except InputError as error:
        return None, "; ".join(p.message for p in error.problems)


def _known(inputs: MonitoringInputs, aviation: bool) -> pd.Series:
    """The days with a monitored value in the view (without aviation: of another sector)."""
    daily = inputs.daily[inputs.daily["value"].notna()]
    if not aviation:
        daily = daily[daily["sector"] != AVIATION]
    return daily["date"]


def _span(inputs: MonitoringInputs, aviation: bool) -> tuple[pd.Timestamp, pd.Timestamp, list[int]]:
    """The first and last monitored day of the view and the years with a monitored value."""
    import pandas as pd  # here, not at import: the app starts without pandas

    known = _known(inputs, aviation)
    years = sorted({int(y) for y in known.dt.year.unique()})
    return pd.Timestamp(known.min()), pd.Timestamp(known.max()), years


def _points(frame: pd.DataFrame, period: str) -> list[dict[str, Any]]:
    """One sector's rows as chart points (NaN → None: JSON has no NaN)."""
    rows = frame[[period, "value", "low", "high"]].astype(object)
    rows = rows.where(rows.notna(), None)
    return [dict(zip(("period", "value", "low", "high"), r, strict=True)) for r in rows.values]


def _by_sector(banded: pd.DataFrame, period: str) -> list[dict[str, Any]]:
    """Each sector with a monitored value in the period, as chart points (a sector without any
    is listed under ``missing`` with its reason, not drawn as an empty line)."""
    known = banded.groupby("sector")["value"].transform(lambda v: v.notna().any())
    return [
        {"sector": str(sector), "points": _points(part, period)}
        for sector, part in banded[known.astype(bool)].groupby("sector", sort=True)
    ]


def _year_on_year(inputs: MonitoringInputs, choice: Choice, year: int) -> list[dict[str, Any]]:
    """Each month of ``year`` against the same month a year earlier (kt CO2): the study's total
    of the sectors that have both months, which it names (None where no sector has both)."""
    from peakzero.studies.monitoring import yoy_study

    rows = []
    for month in range(1, 13):  # twelve studies, not a loop over days
        found = yoy_study(
            inputs,
            f"{year}-{month:02d}",
            view=choice.view,
            aviation=choice.aviation,
            grid_factor=choice.factor,
        )
        total = found.total
        rows.append(
            {
                "month": month,
                "this_year": None if total is None else _number(total.current_total),
                "last_year": None if total is None else _number(total.previous_total),
                "change_pct": None if total is None else _number(100.0 * total.change),
                "sectors": list(found.sectors),
            }
        )
    return rows


def _number(x: object) -> float | None:
    number = float(x)  # type: ignore[arg-type]
    return None if number != number else number


def _nowcast(inputs: MonitoringInputs, year: int) -> dict[str, Any]:
    """The study's nowcast of ``year``'s total (Mt CO2) with its band and the sectors it sums,
    or why there is none (no sector with a complete earlier year, say)."""
    from peakzero.studies.monitoring import nowcast_study

    try:
        found = nowcast_study(inputs, year)
    except InputError as error:
        return {"available": False, "reason": error.problems[0].message}
    total = found.total

    def mt(x: object) -> float | None:
        number = _number(x)
        return None if number is None else number / KT_PER_MT

    return {
        "available": True,
        "estimate": mt(total["estimate"]),
        "low": mt(total["low"]),
        "high": mt(total["high"]),
        "through": f"{found.through:%Y-%m-%d}",
        "sectors": list(found.sectors),
        "left_out": list(found.left_out),
        "history": str(total["history"]),
    }


@cache
def _pathway(boundary: str) -> tuple[dict[int, float], tuple[dict[str, Any], ...]]:
    """The plan pathway's emissions by year (Mt CO2) on ``boundary`` and its 2025/2030 targets
    (the explorer's run of the plan scenario)."""
    from peakzero.pathways.boundaries import boundary_emissions
    from peakzero.pathways.metrics import summarise
    from peakzero.pathways.run import run_pathway

    run = run_pathway(PLAN)
    values = boundary_emissions(run.results, boundary)[0]
    by_year = {int(y): float(v) for y, v in zip(run.results.years, values, strict=True)}
    targets = tuple(
        {"name": t.name, "year": t.year, "target": t.target, "value": t.value, "unit": t.unit}
        for t in summarise(run).targets
        if t.year in TARGET_YEARS
    )
    return by_year, targets


def _findings(session: Session, region: str, principal: Principal) -> list[dict[str, Any]]:
    """The QA findings of the imports of ``region`` that ``principal`` may read, newest first."""
    from peakzero.store.monitoring import import_findings, list_imports

    seen = readable_regions(principal)
    if seen is not None and region not in seen:
        return []
    rows: list[dict[str, Any]] = []
    for item in reversed(list_imports(session, [region])):
        found = import_findings(session, item.id)
        found = found.astype(object).where(found.notna(), None)
        rows += [{"import_id": item.id, **_record(r)} for r in found.to_dict("records")]
    return rows


def _record(row: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in row.items()}


def check_region(principal: Principal, region: str) -> None:
    """InputError (422) for an unknown region; :class:`NotInScope` (404) for one outside
    the results ``principal`` may read."""
    if region not in codes.region_scopes():
        msg = f"unknown region; one of: {', '.join(codes.region_scopes())}"
        raise InputError(Problem("region", msg, column="region", value=region))
    if not authorize(principal, "read", RESULTS, owner_region=region).allowed:
        raise NotInScope(region)


def monitoring_view(
    session: Session,
    principal: Principal,
    *,
    region: str = codes.CITY,
    view: str = "territorial",
    aviation: bool = True,
    grid_factor: str = DEFAULT_GRID_FACTOR,
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
) -> dict[str, Any]:
    """THE view of the Monitoring page and ``/api/v1/monitoring``.

    ``view``/``aviation``/``grid_factor`` choose the accounting view
    (:mod:`peakzero.api.monitoring_choice`); ``year`` the year of the year-on-year table and the
    nowcast (default: that of ``end`` or ``start`` if given, else the latest); ``start``/``end``
    the period of the daily and monthly charts (a date or a month; default the year).

    Raises
    ------
    InputError
        An unknown region, view or grid factor, a year without monitored days, or a period
        that is not a date or month, lies outside the monitored days or ends before it starts.
    NotInScope
        A region whose results ``principal`` may not read (404, as for a crafted id).
    """
    choice = check_choice(view, aviation, grid_factor)
    check_region(principal, region)
    imports = _import_ids(session, region)
    inputs, reason = _cached(("inputs", region, imports), lambda: _inputs(session, region))
    span = (
        None
        if inputs is None
        else _cached(("days", region, imports, aviation), lambda: _span(inputs, aviation))
    )
    years = [] if span is None else span[2]
    if year is not None and year not in years:
        msg = f"no monitored days in that year; one of: {', '.join(map(str, years)) or 'none'}"
        raise InputError(Problem("year", msg, column="year", value=year))
    chosen = year if year is not None else _default_year(years, start, end)
    result: dict[str, Any] = {
        "region": region,
        "regions": result_regions(principal),
        "view": choice.view,
        "views": list(VIEWS),
        "aviation": choice.aviation,
        "grid_factor": choice.factor,
        "grid_factors": electricity_factors(),
        "year": chosen,
        "years": years,
        "from": None,
        "to": None,
        "first_day": None,
        "last_day": None,
        "unavailable": reason,
        "unit_daily": "kt CO2/day",
        "unit_monthly": "kt CO2",
        "unit_annual": "Mt CO2",
        "gases": "CO2 only",
        "band": "borrowed Carbon Monitor uncertainty, confidence not stated",
        "source": None,
        "daily": [],
        "monthly": [],
        "missing": [],
        "year_on_year": [],
        "nowcast": None,
        "pathway": None,
        "targets": [],
        "findings": _findings(session, region, principal),
    }
    if chosen is None or inputs is None:
        return result
    assert span is not None  # inputs are there
    first, last, _ = span
    shown = period(start, end, chosen, first, last)
    # Kept apart so that a new period does not recompute the year's studies (and the nowcast,
    # which no view changes, is computed once per year).
    yearly = _cached(
        ("year", region, imports, choice, chosen), lambda: _yearly(inputs, choice, chosen)
    )
    nowcast = _cached(("nowcast", region, imports, chosen), lambda: _nowcast(inputs, chosen))
    charts = _cached(
        ("charts", region, imports, choice, shown), lambda: _charts(inputs, choice, shown)
    )
    figures = yearly | charts | {"nowcast": nowcast}
    days = {"first_day": f"{first:%Y-%m-%d}", "last_day": f"{last:%Y-%m-%d}"}
    return result | dict(zip(("from", "to"), shown.label, strict=True)) | days | figures


def _default_year(years: list[int], start: str | None, end: str | None) -> int | None:
    """The year of ``end``, else of ``start`` (a monitored one), else the latest monitored."""
    for text in (end, start):
        head = (text or "")[:4]
        if head.isdigit() and int(head) in years:
            return int(head)
    return years[-1] if years else None


MAX_CACHED = 64
_CACHE = ViewCache(MAX_CACHED)  # the pages' one cache mechanism (api/view_cache.py)


def _cached(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` kept under ``key``. The inputs and figures change only when the region's
    imports do, and the key holds their ids: the page stays within its 200 ms budget while the
    QA findings (read per request) are always current. The least recently used goes first."""
    return _CACHE.get(key, compute)


def _import_ids(session: Session, region: str) -> tuple[int, ...]:
    from peakzero.store.monitoring import list_imports

    return tuple(i.id for i in list_imports(session, [region]))


def _yearly(inputs: MonitoringInputs, choice: Choice, year: int) -> dict[str, Any]:
    """The year's figures: year-on-year in the view (none where the inputs cannot make it),
    the plan pathway's value and the 2025/2030 targets."""
    by_year, targets = _pathway(BOUNDARY)
    try:
        rows = _year_on_year(inputs, choice, year)
    except InputError:
        rows = []  # the charts say why (scope 1+2 without electricity)
    pathway = {"scenario": PLAN, "boundary": BOUNDARY, "year": year, "value": by_year.get(year)}
    return {"year_on_year": rows, "pathway": pathway, "targets": list(targets)}


def _charts(inputs: MonitoringInputs, choice: Choice, shown: Period) -> dict[str, Any]:
    """The daily and monthly series of the period in the view, from the study module; a view
    the inputs cannot make (scope 1+2 without electricity proxies) is said, with the study's
    reason, instead."""
    from peakzero.studies.monitoring import monitored_series

    try:
        series = monitored_series(
            inputs,
            shown.start.date(),
            shown.end.date(),
            view=choice.view,
            aviation=choice.aviation,
            grid_factor=choice.factor,
        )
    except InputError as error:
        return {"unavailable": "; ".join(p.message for p in error.problems)}
    days = series.daily.assign(period=series.daily["date"].dt.strftime("%Y-%m-%d"))
    missing = series.missing.astype(object).where(series.missing.notna(), None)
    return {
        "source": series.describe(),
        "daily": _by_sector(days, "period"),
        "monthly": _by_sector(series.monthly, "period"),
        "missing": [_record(r) for r in missing.to_dict("records")],
    }


# --- imports ----------------------------------------------------------------------------------


def _summary(item: ProxyImport) -> dict[str, Any]:
    return item.as_dict()


def imports_view(session: Session, principal: Principal) -> dict[str, Any]:
    """THE view of ``/monitoring/imports``: the imports ``principal`` may read (filtered in the
    query), each with its QA findings, and the regions they may upload for."""
    from peakzero.store.monitoring import import_findings, list_imports

    rows = []
    for item in reversed(list_imports(session, readable_regions(principal))):
        found = import_findings(session, item.id)
        found = found.astype(object).where(found.notna(), None)
        rows.append({**_summary(item), "findings": found.to_dict("records")})
    return {"imports": rows, "upload_regions": upload_regions(principal)}


def import_view(session: Session, principal: Principal, import_id: int) -> dict[str, Any]:
    """One import with its findings and proxies; :class:`NotInScope` when it is absent or
    outside what ``principal`` may read (the same answer, so an id reveals nothing)."""
    from peakzero.store.monitoring import (
        MonitoringNotFoundError,
        import_findings,
        list_imports,
        read_proxies,
    )

    found = [i for i in list_imports(session, readable_regions(principal)) if i.id == import_id]
    if not found or not authorize(principal, "read", PROXIES, owner_region=found[0].region):
        raise NotInScope(import_id)
    try:
        findings = import_findings(session, import_id)
        proxies = read_proxies(session, import_id)
    except MonitoringNotFoundError:
        raise NotInScope(import_id) from None
    findings = findings.astype(object).where(findings.notna(), None)
    return {
        **_summary(found[0]),
        "findings": findings.to_dict("records"),
        "proxies": proxies.to_dict("records"),
    }


def upload(
    session: Session,
    principal: Principal,
    fields: dict[str, str],
    filename: str,
    content: bytes,
) -> dict[str, Any]:
    """Read an uploaded proxies file, run the data-quality gate, and store it as one import of
    the chosen region with its findings (audited, all or nothing).

    Raises
    ------
    InputError
        One problem per defect: a missing field, a region outside ``principal``'s upload scope,
        every bad cell of the file (file, line or cell, value, what is allowed); nothing stored.
    """
    from peakzero.monitoring.proxies import read_proxies
    from peakzero.store.monitoring import import_proxies
    from peakzero.studies.monitoring import quality_study

    region = fields.get("region", "").strip()
    problems = []
    if not region:
        problems.append(Problem("region", "choose a region", column="region"))
    base = Path(filename.replace("\\", "/")).name.strip()
    if not base or not content:
        problems.append(Problem("file", "choose a proxies file (CSV or XLSX)", column="file"))
    elif Path(base).suffix.lower() not in SUFFIXES:
        problems.append(Problem(base, "the file must be CSV (.csv) or Excel (.xlsx)"))
    if problems:
        raise InputError(problems)
    allowed = upload_regions(principal)
    if region not in allowed:
        msg = f"you may upload proxies for: {', '.join(allowed) or 'no region'}"
        raise InputError(Problem("region", msg, column="region", value=region))
    with tempfile.TemporaryDirectory(prefix="peakzero-proxies-") as folder:
        path = Path(folder) / base
        path.write_bytes(content)
        frame = read_proxies(path)
    frame.attrs["file"] = base
    findings = quality_study(frame, source=base).findings
    stored = import_proxies(
        session,
        frame,
        findings,
        file_name=base,
        sha256=hashlib.sha256(content).hexdigest(),
        who=principal.name,
        region=region,
        source=fields.get("source", "").strip() or "upload",
        vintage=fields.get("vintage", "").strip() or date.today().isoformat(),
        status=fields.get("status", "").strip() or "flash",
    )
    return import_view(session, principal, stored.id)
