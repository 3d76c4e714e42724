"""The Monitoring pages' views: :func:`monitoring_view` (daily and monthly emissions by sector with
their band, this year against last year, the nowcast against the plan pathway and the 2025/2030
targets, the QA findings of the imports in view) and the proxy imports (:func:`imports_view`,
:func:`import_view`, :func:`upload`).

Access: the results are ``monitoring.results`` (a region the user may not read is 404); the
imports are ``monitoring.proxies`` — a listing is filtered in the query by
``accounts.visible_regions``, one import outside it is 404, and an upload is for a region in the
user's ``write`` scope only (a district officer: their own districts).

The figures are the engine's (:mod:`peakzero.monitoring`): the series is the shipped Beijing one
(:func:`~peakzero.monitoring.beijing.beijing_daily`, days without a sourced ratio left out,
never filled); this module only arranges them for the page. It is the thin adapter the brief
allows until the study module (``peakzero.studies.monitoring``) is merged: then
:func:`_series`, :func:`_nowcast` and :func:`_pathway` call it instead.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Collection
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peakzero import codes
from peakzero.accounts import authorize, visible, visible_regions
from peakzero.api.deps import Principal
from peakzero.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from peakzero.store.monitoring import ProxyImport

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

PROXIES = "monitoring.proxies"
RESULTS = "monitoring.results"
VIEWS = {"territorial": "territorial", "territorial-no-aviation": "territorial"}
"""The page's view choices → the pathway boundary their nowcast is compared with. Scope 1+2
needs a day-by-day electricity series, which nothing ships yet (the study module's to add)."""
PLAN = "plan"
TARGET_YEARS = (2025, 2030)
KT_PER_MT = 1000.0
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


@cache
def _shipped() -> pd.DataFrame:
    """The shipped Beijing daily series (kt CO2/day) without the days no sourced ratio covers."""
    from peakzero.monitoring.beijing import beijing_daily

    daily = beijing_daily()
    return daily[daily["value"].notna()].reset_index(drop=True)


def _series(region: str, view: str) -> pd.DataFrame:
    """The DAILY series of ``region`` in ``view`` (empty where nothing is monitored yet)."""
    from peakzero.monitoring.views import territorial

    daily = _shipped()
    daily = daily[daily["region"] == region]
    return territorial(daily, aviation=view != "territorial-no-aviation").data


def _points(frame: pd.DataFrame, period: str) -> list[dict[str, Any]]:
    """One sector's rows as chart points (NaN → None: JSON has no NaN)."""
    rows = frame[[period, "value", "low", "high"]].astype(object)
    rows = rows.where(rows.notna(), None)
    return [dict(zip(("period", "value", "low", "high"), r, strict=True)) for r in rows.values]


def _by_sector(banded: pd.DataFrame, period: str) -> list[dict[str, Any]]:
    return [
        {"sector": str(sector), "points": _points(part, period)}
        for sector, part in banded.groupby("sector", sort=True)
    ]


def _year_on_year(daily: pd.DataFrame, year: int) -> list[dict[str, Any]]:
    """Monthly totals (kt CO2) of ``year`` and of the year before, month by month."""
    from peakzero.monitoring.method import monthly

    months = monthly(daily)
    total = months.groupby("period")["value"].sum(min_count=1)
    rows = []
    for month in range(1, 13):
        this = total.get(f"{year}-{month:02d}")
        last = total.get(f"{year - 1}-{month:02d}")
        rows.append(
            {
                "month": month,
                "this_year": None if this is None else float(this),
                "last_year": None if last is None else float(last),
            }
        )
    return rows


def _nowcast(daily: pd.DataFrame, year: int) -> dict[str, Any] | None:
    """The nowcast of ``year``'s total (Mt CO2) with its band, or None when the engine cannot
    make one from this series (it says why: no complete past year, say)."""
    from peakzero.monitoring.nowcast import nowcast

    try:
        found = nowcast(daily[daily["date"].dt.year <= year], year)
    except InputError as error:
        return {"available": False, "reason": str(error.problems[0])}
    total = found[found["series"] == "total"].iloc[0]
    # The total covers only the sectors with monitored days this year: the page names them, so
    # that a total of one sector is not read as the city's.
    covered = daily.loc[daily["date"].dt.year == year, "sector"].unique()

    def mt(x: object) -> float | None:
        number = float(x)  # type: ignore[arg-type]
        return None if number != number else number / KT_PER_MT

    return {
        "available": True,
        "estimate": mt(total["estimate"]),
        "low": mt(total["low"]),
        "high": mt(total["high"]),
        "through": str(total["through"])[:10],
        "sectors": sorted(str(x) for x in covered),
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
    daily = _series(region, view)
    years = sorted({int(y) for y in daily["date"].dt.year.unique()})
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
        "daily": [],
        "monthly": [],
        "year_on_year": [],
        "nowcast": None,
        "pathway": None,
        "targets": [],
        "findings": _findings(session, region, principal),
    }
    if chosen is None:
        return result
    return result | _figures(region, view, chosen)


@lru_cache(maxsize=64)
def _figures(region: str, view: str, year: int) -> dict[str, Any]:
    """The figures of one region, view and year: the shipped series do not change while the
    process runs, so they are computed once (the page's 200 ms budget); the QA findings, which
    change with every import, are read per request."""
    from peakzero.monitoring.uncertainty import band

    daily = _series(region, view)
    this = daily[daily["date"].dt.year == year]
    days = band(this, "daily").assign(period=lambda f: f["date"].dt.strftime("%Y-%m-%d"))
    by_year, targets = _pathway(VIEWS[view])
    return {
        "daily": _by_sector(days, "period"),
        "monthly": _by_sector(band(this, "monthly"), "period"),
        "year_on_year": _year_on_year(daily, year),
        "nowcast": _nowcast(daily, year),
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
    from peakzero.monitoring.findings import findings_frame
    from peakzero.monitoring.proxies import read_proxies
    from peakzero.monitoring.quality import check_series
    from peakzero.store.monitoring import import_proxies

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
    findings = findings_frame(check_series(frame))
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
