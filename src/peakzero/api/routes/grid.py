"""Grid: ``/grid`` (the stored runs and a form to start one), ``/grid/runs/{id}`` (a run's
figures) and their JSON twins under ``/api/v1/grid/runs``, from the views of
:mod:`peakzero.api.grid`. Reading runs needs ``grid.runs`` read; starting and cancelling one,
``grid.jobs`` write. A run is solved by a Dask job (:mod:`peakzero.studies.grid_job`); the answers
here only store the request, read the row and set the cancel flag."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from peakzero.api import grid as views
from peakzero.api.deps import Principal, authorize, get_locale, require
from peakzero.api.forms import form_fields
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema, refuse
from peakzero.web.i18n import format_moment

__all__ = ["router"]

router = APIRouter()
RESOURCE, JOBS = "grid.runs", "grid.jobs"
Reader = Annotated[Principal, Depends(require(RESOURCE, "read"))]
Starter = Annotated[Principal, Depends(require(JOBS, "write"))]
RunId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the run's id")]
ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"content": problem_schema()},
    422: {"content": problem_schema()},
}


def _jobs(request: Request) -> views.GridJobs:
    jobs: views.GridJobs = request.app.state.grid_jobs
    return jobs


@contextmanager
def _db(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as db:
        yield db


def _run(db: Session, principal: Principal, run_id: int, action: str = "read") -> Any:
    """Run ``run_id`` if the policy lets ``principal`` see it (and, for a write, change it);
    404 otherwise — an id outside one's scope is told apart from none at all by nobody."""
    from peakzero.accounts import authorize as policy
    from peakzero.store.grid_runs import GridRunNotFoundError, get_run

    try:
        run = get_run(db, run_id)
    except GridRunNotFoundError:
        raise HTTPException(status_code=404) from None
    if not policy(principal, "read", RESOURCE, owner_region=run.region).allowed:
        raise HTTPException(status_code=404)
    if action == "write" and not policy(principal, "write", JOBS, owner_region=run.region).allowed:
        raise HTTPException(status_code=403, detail="you may read this run but not change it")
    return run


def _listing(db: Session, principal: Principal) -> views.GridRunsView:
    from peakzero.accounts import visible_regions
    from peakzero.store.grid_runs import list_runs

    runs = list_runs(db, visible_regions(principal, RESOURCE))
    return views.runs_view(runs, authorize(principal, JOBS, "write"))


def _stale_minutes() -> int:
    """After how many minutes without a heartbeat a live run reads as interrupted (the pages
    say so)."""
    from peakzero.store.grid_runs import STALE_AFTER

    return int(STALE_AFTER.total_seconds() // 60)


def _checked(body: views.GridRunRequest, where: str = "body") -> views.GridRunRequest:
    refuse(views.request_problems(body, where))
    return body


@router.get(
    "/api/v1/grid/runs",
    response_model=views.GridRunsView,
    tags=["grid"],
    summary="The stored grid runs (newest first) with their status and progress",
)
def runs_json(request: Request, principal: Reader) -> views.GridRunsView:
    with _db(request) as db:
        return _listing(db, principal)


@router.post(
    "/api/v1/grid/runs",
    response_model=views.GridRunView,
    status_code=202,
    tags=["grid"],
    summary="Start a grid run of a scenario and year (a background job on Dask)",
    responses={422: {"content": problem_schema()}, 400: {"content": problem_schema()}},
)
def start_json(
    request: Request, body: views.GridRunRequest, principal: Starter
) -> views.GridRunView:
    with _db(request) as db:
        run = views.start_run(db, _jobs(request), principal, _checked(body))
    return views.run_view(run)


@router.get(
    "/api/v1/grid/runs/{run_id}",
    response_model=views.GridRunView,
    tags=["grid"],
    summary="One grid run: its status, progress, and once done its figures",
    responses=ANSWERS,
)
def run_json(request: Request, principal: Reader, run_id: RunId) -> views.GridRunView:
    with _db(request) as db:
        return views.run_view(_run(db, principal, run_id))


def _cancel(request: Request, principal: Principal, run_id: int) -> Any:
    from peakzero.store.grid_runs import request_cancel

    with _db(request) as db:
        _run(db, principal, run_id, "write")
        run = request_cancel(db, run_id, principal.name)
    if run.status == "cancelled":  # queued: off Dask's queue too, if this process queued it
        _jobs(request).cancel(run_id)
    return run


@router.post(
    "/api/v1/grid/runs/{run_id}/cancel",
    response_model=views.GridRunView,
    tags=["grid"],
    summary="Cancel a grid run: at once when queued, at its next stage boundary when running",
    responses=ANSWERS,
)
def cancel_json(request: Request, principal: Starter, run_id: RunId) -> views.GridRunView:
    return views.run_view(_cancel(request, principal, run_id))


# --- pages -----------------------------------------------------------------------------------


def _page(
    request: Request,
    view: views.GridRunsView,
    problems: list[dict[str, Any]] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    locale = get_locale(request)
    return render(
        request,
        "grid.html",
        {
            "view": view,
            "problems": problems or [],
            "form": form or {},
            "moment": lambda v: format_moment(v, locale),
            "stale_minutes": _stale_minutes(),
        },
        status_code=status_code,
    )


@router.get("/grid", response_class=HTMLResponse, include_in_schema=False)
def grid_page(request: Request, principal: Reader) -> HTMLResponse:
    with _db(request) as db:
        return _page(request, _listing(db, principal))


def _from_form(fields: dict[str, str]) -> views.GridRunRequest:
    """The form's request; a field that does not parse is a 422 naming it (``form.year``)."""
    resolution = fields.get("resolution", "default")
    values: dict[str, Any] = {
        "scenario": fields.get("scenario", ""),
        "year": fields.get("year", ""),
        "resolution": resolution,
    }
    if resolution == "window":
        values["hours"] = {"first": fields.get("first", ""), "count": fields.get("count", "")}
    try:
        body = views.GridRunRequest.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("form", *e["loc"])} for e in error.errors()]
        ) from None
    return _checked(body, "form")


@router.post("/grid/runs", include_in_schema=False, response_model=None)
async def start_page(request: Request, principal: Starter) -> HTMLResponse | RedirectResponse:
    fields = form_fields(await request.form())
    try:
        body = _from_form(fields)
    except RequestValidationError as error:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]}
            for e in error.errors()
        ]
        with _db(request) as db:
            view = _listing(db, principal)
        return _page(request, view, problems, fields, status_code=422)
    with _db(request) as db:
        views.start_run(db, _jobs(request), principal, body)
    return RedirectResponse("/grid", status_code=303)


@router.post("/grid/runs/{run_id}/cancel", include_in_schema=False)
def cancel_page(request: Request, principal: Starter, run_id: RunId) -> RedirectResponse:
    _cancel(request, principal, run_id)
    return RedirectResponse("/grid", status_code=303)


@router.get("/grid/runs/{run_id}/row", response_class=HTMLResponse, include_in_schema=False)
def run_row(request: Request, principal: Reader, run_id: RunId) -> HTMLResponse:
    """One row of the listing: what a running row's htmx polling swaps in."""
    with _db(request) as db:
        run = views.run_view(_run(db, principal, run_id))
    locale = get_locale(request)
    context = {
        "run": run,
        "can_start": authorize(principal, JOBS, "write"),
        "moment": lambda v: format_moment(v, locale),
        "stale_minutes": _stale_minutes(),
    }
    return render(request, "grid_row.html", context)


@router.get("/grid/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
def run_page(request: Request, principal: Reader, run_id: RunId) -> HTMLResponse:
    with _db(request) as db:
        run = views.run_view(_run(db, principal, run_id))
    locale = get_locale(request)
    return render(
        request,
        "grid_run.html",
        {
            "run": run,
            "moment": lambda v: format_moment(v, locale),
            "can_start": authorize(principal, JOBS, "write"),
            "stale_minutes": _stale_minutes(),
        },
    )
