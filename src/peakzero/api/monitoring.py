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
VIEWS = {"territorial": "territorial", "territorial-no-aviation": "territorial"}
"""The page's view choices → the pathway boundary their nowcast is compared with. Scope 1+2
needs a day-by-day electricity series, which nothing ships yet (the study module's to add)."""
PLAN = "plan"
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


def _inputs(session: Session, region: str) -> MonitoringInputs | None:
    """The region's monitoring inputs as the study module loads them (its stored imports, else
    Beijing's shipped inputs for the city); None where there is nothing to monitor yet."""
    from peakzero.studies.monitoring import load_inputs

    try:
        return load_inputs(region, session=session)
    except InputError:
        return None


def _years(inputs: MonitoringInputs, view: str) -> list[int]:
    """The years with a monitored value in ``view``."""
    daily = inputs.daily[inputs.daily["value"].notna()]
    if view == "territorial-no-aviation":
        daily = daily[daily["sector"] != AVIATION]
    return sorted({int(y) for y in daily["date"].dt.year.unique()})


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


def _year_on_year(inputs: MonitoringInputs, view: str, year: int) -> list[dict[str, Any]]:
    """Each month of ``year`` against the same month a year earlier (kt CO2): the study's total
    of the sectors that have both months, which it names (None where no sector has both)."""
    from peakzero.studies.monitoring import yoy_study

    rows = []
    for month in range(1, 13):  # twelve studies, not a loop over days
        found = yoy_study(inputs, f"{year}-{month:02d}", aviation=view != "territorial-no-aviation")
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
    year: int | None = None,
) -> dict[str, Any]:
    """THE view of the Monitoring page and ``/api/v1/monitoring``.

    Raises
    ------
    InputError
        An unknown region or view, or a year without monitored days.
    NotInScope
        A region whose results ``principal`` may not read (404, as for a crafted id).
    """
    if view not in VIEWS:
        msg = f"unknown view; one of: {', '.join(VIEWS)}"
        raise InputError(Problem("view", msg, column="view", value=view))
    check_region(principal, region)
    imports = _import_ids(session, region)
    inputs = _cached(("inputs", region, imports), lambda: _inputs(session, region))
    years = (
        []
        if inputs is None
        else _cached(("years", region, imports, view), lambda: _years(inputs, view))
    )
    if year is not None and year not in years:
        msg = f"no monitored days in that year; one of: {', '.join(map(str, years)) or 'none'}"
        raise InputError(Problem("year", msg, column="year", value=year))
    chosen = year if year is not None else (years[-1] if years else None)
    result: dict[str, Any] = {
        "region": region,
        "regions": result_regions(principal),
        "view": view,
        "views": list(VIEWS),
        "year": chosen,
        "years": years,
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
    figures = _cached(
        ("figures", region, imports, view, chosen), lambda: _figures(inputs, view, chosen)
    )
    return result | figures


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


def _figures(inputs: MonitoringInputs, view: str, year: int) -> dict[str, Any]:
    """The figures of one region, view and year, from the study module."""
    from peakzero.studies.monitoring import monitored_series

    series = monitored_series(
        inputs, f"{year}-01-01", f"{year}-12-31", aviation=view != "territorial-no-aviation"
    )
    days = series.daily.assign(period=series.daily["date"].dt.strftime("%Y-%m-%d"))
    missing = series.missing.astype(object).where(series.missing.notna(), None)
    by_year, targets = _pathway(VIEWS[view])
    return {
        "source": series.describe(),
        "daily": _by_sector(days, "period"),
        "monthly": _by_sector(series.monthly, "period"),
        "missing": [_record(r) for r in missing.to_dict("records")],
        "year_on_year": _year_on_year(inputs, view, year),
        "nowcast": _nowcast(inputs, year),
        "pathway": {
            "scenario": PLAN,
            "boundary": VIEWS[view],
            "year": year,
            "value": by_year.get(year),
        },
        "targets": list(targets),
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
