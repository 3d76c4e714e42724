"""Programme: ``/programme`` (tasks by area with status at a date, calls, races, Excel export and
import) and ``/programme/tasks/{code}`` (one task), each with its JSON twin under
``/api/v1/programme`` from the one view of :mod:`peakzero.api.programme`; the evaluation as of a
date, the workbook export and the import."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from peakzero.api.deps import Principal, require
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.programme import (
    TASKS,
    evaluation_view,
    illustrative,
    import_programme,
    listing,
    scoped,
    stored_programme,
    task_view,
)
from peakzero.api.view_cache import cached_page, cached_view
from peakzero.errors import InputError

__all__ = ["router"]

_day = date.fromisoformat

router = APIRouter()
Reader = Annotated[Principal, Depends(require(TASKS, "read"))]
Evaluator = Annotated[Principal, Depends(require("programme.evaluation", "read"))]
Exporter = Annotated[Principal, Depends(require("programme.transfer", "read"))]
Writer = Annotated[Principal, Depends(require(TASKS, "write"))]
AsOf = Annotated[date | None, Query(description="the review date (default: today)")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ILLUSTRATIVE_NOTICE = (
    "示例数据：本工作簿包含 peakzero 演示的示例记录，并非官方数据。 · ILLUSTRATIVE: this workbook "
    "includes the peakzero demo's illustrative records (source: peakzero demo — illustrative, "
    "not official), not official figures."
)
"""The export's first README line when the programme includes the demo's illustrative records."""


def _programme(request: Request, principal: Principal) -> Any:
    """The programme ``principal`` may read (kept until the store changes: view_cache)."""

    def build() -> Any:
        with request.app.state.store.session() as db:
            return scoped(stored_programme(db, principal.name), principal)

    return cached_view(request, principal, "programme.scoped", None, build)


def programme(request: Request, principal: Principal, as_of: date | None) -> dict[str, Any]:
    """THE view of the Programme page: the tasks ``principal`` may read, by area, with status."""
    day = as_of or date.today()
    return cached_view(
        request, principal, "programme", day, lambda: listing(_programme(request, principal), day)
    )


def task(request: Request, principal: Principal, code: str, as_of: date | None) -> dict[str, Any]:
    """THE view of a task page (404 outside ``principal``'s scope)."""
    day = as_of or date.today()

    def build() -> dict[str, Any]:
        with request.app.state.store.session() as db:
            whole = stored_programme(db, principal.name)
        return task_view(whole, code, principal, day)

    return cached_view(request, principal, "programme.task", (code, day), build)


@router.get("/api/v1/programme", tags=["programme"], summary="Tasks by area with their status")
def programme_json(request: Request, principal: Reader, as_of: AsOf = None) -> dict[str, Any]:
    return programme(request, principal, as_of)


@router.get("/programme", response_class=HTMLResponse, include_in_schema=False)
def programme_page(request: Request, principal: Reader, as_of: AsOf = None) -> HTMLResponse:
    def page(marks: Mapping[str, Any]) -> HTMLResponse:
        view = programme(request, principal, as_of)
        return render(request, "programme.html", {"view": view, "as_date": _day, **marks})

    return cached_page(request, principal, "programme", as_of or date.today(), page)


@router.get(
    "/api/v1/programme/tasks/{code}",
    tags=["programme"],
    summary="One task: milestones, KPI path and actuals, readiness, funding, levers",
)
def task_json(request: Request, principal: Reader, code: str, as_of: AsOf = None) -> dict[str, Any]:
    return task(request, principal, code, as_of)


@router.get("/programme/tasks/{code}", response_class=HTMLResponse, include_in_schema=False)
def task_page(request: Request, principal: Reader, code: str, as_of: AsOf = None) -> HTMLResponse:
    def page(marks: Mapping[str, Any]) -> HTMLResponse:
        view = task(request, principal, code, as_of)
        return render(request, "programme_task.html", {"view": view, "as_date": _day, **marks})

    return cached_page(request, principal, "programme.task", (code, as_of or date.today()), page)


@router.get(
    "/api/v1/programme/evaluation",
    tags=["programme"],
    summary="The evaluation of the tasks you may read as of a date (no impact draws)",
)
def evaluation_json(request: Request, principal: Evaluator, as_of: AsOf = None) -> dict[str, Any]:
    return evaluation_view(_programme(request, principal), as_of or date.today())


@router.get(
    "/api/v1/programme/export.xlsx",
    tags=["programme"],
    summary="The programme you may read as an Excel workbook (the import's template)",
    response_class=Response,
)
def export_xlsx(request: Request, principal: Exporter) -> Response:
    from peakzero.programme.excel import export_workbook

    seen = _programme(request, principal)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programme.xlsx"
        export_workbook(seen, path, notice=ILLUSTRATIVE_NOTICE if illustrative(seen) else None)
        content = path.read_bytes()
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{seen.code}.xlsx"'},
    )


def _import(request: Request, principal: Principal, upload: UploadFile) -> dict[str, Any]:
    """Check the uploaded workbook, then save it (scoped, audited); InputError: nothing saved."""
    from peakzero.programme.excel import read_workbook

    name = Path(upload.filename or "programme.xlsx").name or "programme.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(upload.file.read())
        workbook = read_workbook(path)
    with request.app.state.store.session() as db:
        entries = import_programme(db, workbook, name, principal)
    counts = {a: sum(e.action == a for e in entries) for a in ("insert", "update", "delete")}
    return {"programme": workbook.code, "file": name, **counts}


Upload = Annotated[UploadFile, File(description="a workbook from the export, edited")]


@router.post(
    "/api/v1/programme/import",
    tags=["programme"],
    summary="Import a workbook: every problem by sheet, row and column, nothing saved on error",
    responses={400: {"description": "A malformed multipart body", "content": problem_schema()}},
)
def import_json(request: Request, principal: Writer, file: Upload) -> dict[str, Any]:
    return _import(request, principal, file)


@router.post("/programme/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request, principal: Writer, file: Upload) -> HTMLResponse:
    try:
        result = _import(request, principal, file)
    except InputError as error:
        problems = [
            {"sheet": p.sheet, "row": p.line, "column": p.column, "text": str(p)}
            for p in error.problems
        ]
        view = programme(request, principal, None)
        return render(
            request,
            "programme.html",
            {"view": view, "problems": problems, "as_date": date.fromisoformat},
            status_code=422,
        )
    view = programme(request, principal, None)
    return render(
        request, "programme.html", {"view": view, "imported": result, "as_date": date.fromisoformat}
    )
