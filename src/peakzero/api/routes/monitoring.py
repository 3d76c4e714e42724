"""Monitoring: ``/monitoring`` (daily and monthly emissions by sector with the band, this year
against last, the nowcast against the plan pathway and the targets, QA findings) and
``/monitoring/imports`` (proxy imports with their findings, upload), each with its JSON twin
under ``/api/v1/monitoring`` from the one view of :mod:`peakzero.api.monitoring`."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import asdict, astuple, dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.forms import UploadedFile, read_upload
from peakzero.api.monitoring import (
    PROXIES,
    RESULTS,
    NotInScope,
    import_view,
    imports_view,
    monitoring_view,
    upload,
)
from peakzero.api.monitoring_choice import DEFAULT_GRID_FACTOR
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.store import PlatformStore
from peakzero.api.view_cache import cached_page
from peakzero.errors import InputError, Problem
from peakzero.web.i18n import format_moment

__all__ = ["router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require(RESULTS, "read"))]
ImportReader = Annotated[Principal, Depends(require(PROXIES, "read"))]
Writer = Annotated[Principal, Depends(require(PROXIES, "write"))]
ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"content": problem_schema()},
    422: {"content": problem_schema()},
}
RegionQuery = Annotated[str, Query(description="a region code you may read (CN-BJ: the city)")]
ViewQuery = Annotated[
    str, Query(description="territorial (scope 1, as CEADs) or scope1+2 (with grid_factor)")
]
AviationQuery = Annotated[bool, Query(description="count aviation (GPC II.4) or not")]
FactorQuery = Annotated[
    str, Query(description="the electricity factor id of the scope1+2 view (data/factors/grid.csv)")
]
YearQuery = Annotated[
    int | None,
    Query(description="the year of year-on-year and the nowcast (default: to's, else latest)"),
]
FromQuery = Annotated[
    str | None,
    Query(alias="from", description="first day of the charts: YYYY-MM-DD or a month YYYY-MM"),
]
ToQuery = Annotated[
    str | None, Query(alias="to", description="last day of the charts: YYYY-MM-DD or YYYY-MM")
]


@dataclass(frozen=True)
class Asked:
    """The page's query: region, view and period (checked by the view)."""

    region: str
    view: str
    aviation: bool
    grid_factor: str
    year: int | None
    start: str | None
    end: str | None


def _asked(
    region: RegionQuery = "CN-BJ",
    view: ViewQuery = "territorial",
    aviation: AviationQuery = True,
    grid_factor: FactorQuery = DEFAULT_GRID_FACTOR,
    year: YearQuery = None,
    start: FromQuery = None,
    end: ToQuery = None,
) -> Asked:
    return Asked(region, view, aviation, grid_factor, year, start, end)


AskedQuery = Annotated[Asked, Depends(_asked)]


def _scope(request: Request) -> AbstractContextManager[Session]:
    """A store session in which an item outside the user's scope answers 404."""
    store: PlatformStore = request.app.state.store
    return store.scoped(NotInScope)


def _view(request: Request, principal: Principal, asked: Asked) -> dict[str, Any]:
    """THE view of the page and its JSON twin."""
    with _scope(request) as db:
        return monitoring_view(db, principal, **asdict(asked))


@router.get(
    "/api/v1/monitoring",
    tags=["monitoring"],
    summary="Monitored emissions by sector (daily, monthly, band), year on year, nowcast, QA",
    responses=ANSWERS,
)
def monitoring_json(request: Request, principal: Reader, asked: AskedQuery) -> dict[str, Any]:
    return _view(request, principal, asked)


@router.get("/monitoring", response_class=HTMLResponse, include_in_schema=False)
def monitoring_page(request: Request, principal: Reader, asked: AskedQuery) -> HTMLResponse:
    def page(marks: Mapping[str, Any]) -> HTMLResponse:  # kept until the store changes
        shown = _view(request, principal, asked)
        context = {
            "view": shown,
            "query": _query(shown),
            # The form keeps the period as asked (empty: the year's), so that choosing another
            # year or view does not send the last one's days back.
            "asked": {"from": asked.start or "", "to": asked.end or ""},
            "default_factor": DEFAULT_GRID_FACTOR,
            "as_date": date.fromisoformat,
            **marks,
        }
        return render(request, "monitoring.html", context)

    return cached_page(request, principal, "monitoring", astuple(asked), page)


def _query(shown: dict[str, Any]) -> str:
    """The JSON twin's query for what the page shows (its charts read the same view)."""
    asked = {
        "region": shown["region"],
        "view": shown["view"],
        "aviation": "true" if shown["aviation"] else "false",
        "grid_factor": shown["grid_factor"],
        "year": shown["year"],
        "from": shown["from"],
        "to": shown["to"],
    }
    return urlencode({k: v for k, v in asked.items() if v is not None})


# --- imports ----------------------------------------------------------------------------------


@router.get(
    "/api/v1/monitoring/imports",
    tags=["monitoring"],
    summary="The proxy imports you may see, each with its QA findings",
)
def imports_json(request: Request, principal: ImportReader) -> dict[str, Any]:
    with request.app.state.store.session() as db:
        return imports_view(db, principal)


@router.get(
    "/api/v1/monitoring/imports/{import_id}",
    tags=["monitoring"],
    summary="One proxy import: its findings and proxies (404 outside your scope)",
    responses=ANSWERS,
)
def import_json(request: Request, principal: ImportReader, import_id: int) -> dict[str, Any]:
    with _scope(request) as db:
        return import_view(db, principal, import_id)


def _imports_page(
    request: Request,
    principal: Principal,
    problems: list[dict[str, Any]],
    form: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    with request.app.state.store.session() as db:
        shown = imports_view(db, principal)
    locale = get_locale(request)
    return render(
        request,
        "monitoring_imports.html",
        {
            "view": shown,
            "problems": problems,
            "form": form,
            "moment": lambda text: format_moment(_moment(text), locale),
        },
        status_code=status_code,
    )


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


@router.get("/monitoring/imports", response_class=HTMLResponse, include_in_schema=False)
def imports_page(request: Request, principal: ImportReader) -> HTMLResponse:
    return _imports_page(request, principal, [], {})


def _upload(
    request: Request, principal: Principal, fields: dict[str, str], file: UploadedFile
) -> Any:
    with request.app.state.store.session() as db:
        return upload(db, principal, fields, *file)


@router.post(
    "/api/v1/monitoring/imports",
    status_code=201,
    tags=["monitoring"],
    summary="Upload a proxies file (multipart: region, file; optional source, vintage, status)",
    responses={422: {"content": problem_schema()}, 413: {"content": problem_schema()}},
)
async def upload_json(request: Request, principal: Writer) -> dict[str, Any]:
    result: dict[str, Any] = _upload(request, principal, *await read_upload(request))
    return result


@router.post("/monitoring/imports", include_in_schema=False, response_model=None)
async def upload_page(request: Request, principal: Writer) -> Response:
    fields, file = await read_upload(request)
    try:
        done = _upload(request, principal, fields, file)
    except InputError as error:
        problems = [_problem(p) for p in error.problems]
        return _imports_page(request, principal, problems, fields, status_code=422)
    return RedirectResponse(f"/monitoring/imports#import-{done['id']}", status_code=303)


def _problem(problem: Problem) -> dict[str, Any]:
    """One problem of an upload as the page lists it (file, sheet, line, column, value)."""
    value = None if problem.value is None else str(problem.value)
    return {
        "file": problem.file,
        "sheet": problem.sheet,
        "line": problem.line,
        "column": problem.column,
        "value": value,
        "message": problem.message,
    }
