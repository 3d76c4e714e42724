"""Inventory: ``/inventory`` (page) and ``/api/v1/inventory`` (JSON) from the one view
:func:`~peakzero.api.inventory.inventory_view`; the datasets the user may see, one dataset
(404 outside their scope), downloads (CSV, IAMC, XLSX) and the upload of an activity file."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.forms import UploadedFile, read_upload
from peakzero.api.inventory import (
    DatasetInfo,
    InventoryView,
    check_choices,
    download,
    inventory_view,
    readable_regions,
    resolve_source,
    upload,
)
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.store import PlatformStore
from peakzero.api.view_cache import cached_page, cached_view
from peakzero.errors import InputError, Problem
from peakzero.store.datasets import Dataset, DatasetNotFoundError, get_dataset, list_datasets
from peakzero.web.i18n import format_moment

__all__ = ["router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("inventory.city", "read"))]
DatasetReader = Annotated[Principal, Depends(require("inventory.datasets", "read"))]
Writer = Annotated[Principal, Depends(require("inventory.datasets", "write"))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"content": problem_schema()},
    422: {"content": problem_schema()},
}

ViewQuery = Annotated[str, Query(description="territorial, scope1+2, basic or basic+")]
AviationQuery = Annotated[bool, Query(description="include aviation (GPC II.4)")]
FactorsQuery = Annotated[str | None, Query(description="combustion factor set id (datasets)")]
GridQuery = Annotated[str | None, Query(description="electricity (grid) factor id (datasets)")]
RegionQuery = Annotated[str | None, Query(description="the dataset's region code")]
NameQuery = Annotated[str | None, Query(description="a dataset name (none: packaged CEADs)")]
YearQuery = Annotated[int | None, Query(description="the year of the sector and fuel split")]


@dataclass(frozen=True)
class Choice:
    """What the page, its JSON twin and the downloads are asked for (the same query)."""

    view: str
    aviation: bool
    factors: str | None
    grid_factor: str | None
    region: str | None
    name: str | None
    year: int | None


def _choice(
    view: ViewQuery = "territorial",
    aviation: AviationQuery = True,
    factors: FactorsQuery = None,
    grid_factor: GridQuery = None,
    region: RegionQuery = None,
    name: NameQuery = None,
    year: YearQuery = None,
) -> Choice:
    return Choice(view, aviation, factors, grid_factor, region, name, year)


Chosen = Annotated[Choice, Depends(_choice)]


def _dataset_scope(request: Request) -> AbstractContextManager[Session]:
    """A store session in which a dataset that is absent or outside the user's scope (the
    policy's ``not_found``) answers 404."""
    store: PlatformStore = request.app.state.store
    return store.scoped(DatasetNotFoundError)


def _view(request: Request, principal: Principal, chosen: Choice) -> InventoryView:
    """THE view of the page and its JSON twin (kept until the store changes: view_cache)."""
    return cached_view(
        request, principal, "inventory", chosen, lambda: _build(request, principal, chosen)
    )


def _build(request: Request, principal: Principal, chosen: Choice) -> InventoryView:
    with _dataset_scope(request) as db:
        return inventory_view(
            db,
            principal,
            get_locale(request),
            view=chosen.view,
            aviation=chosen.aviation,
            factors=chosen.factors,
            grid_factor=chosen.grid_factor,
            region=chosen.region,
            name=chosen.name,
            year=chosen.year,
        )


@router.get(
    "/api/v1/inventory",
    response_model=InventoryView,
    tags=["inventory"],
    summary="An inventory (packaged CEADs or a dataset) by year, sector and fuel in one view",
    responses=NOT_FOUND,
)
def inventory_json(request: Request, principal: Reader, chosen: Chosen) -> InventoryView:
    return _view(request, principal, chosen)


@router.get("/inventory", response_class=HTMLResponse, include_in_schema=False)
def inventory_page(request: Request, principal: Reader, chosen: Chosen) -> HTMLResponse:
    def page(marks: Mapping[str, Any]) -> HTMLResponse:
        shown = _view(request, principal, chosen)
        return _page(request, shown, chosen.factors, chosen.grid_factor, [], {}, marks=marks)

    return cached_page(request, principal, "inventory", chosen, page)


def _page(
    request: Request,
    view: InventoryView,
    factors: str | None,
    grid_factor: str | None,
    problems: list[dict[str, Any]],
    form: dict[str, str],
    status_code: int = 200,
    marks: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    query = {"view": view.view, "aviation": str(view.aviation).lower()}
    if factors:
        query["factors"] = factors
    if grid_factor:
        query["grid_factor"] = grid_factor
    if view.dataset is not None:
        query |= {"region": view.dataset.region, "name": view.dataset.name}
    if view.year is not None:
        query["year"] = str(view.year)
    return render(
        request,
        "inventory.html",
        {
            "view": view,
            "factors": factors or "",
            "json_url": "/api/v1/inventory?" + urlencode(query),
            "download_query": urlencode(query),
            "problems": problems,
            "form": form,
            "moment": lambda v: format_moment(v, get_locale(request)),
            **(marks or {}),
        },
        status_code=status_code,
    )


@router.get(
    "/api/v1/inventory/datasets",
    response_model=list[DatasetInfo],
    tags=["inventory"],
    summary="The named inventory datasets the user may see",
)
def datasets_json(request: Request, principal: DatasetReader) -> list[DatasetInfo]:
    with request.app.state.store.session() as db:
        return [DatasetInfo.of(d) for d in list_datasets(db, readable_regions(principal))]


@router.get(
    "/api/v1/inventory/datasets/{region}/{name}",
    response_model=DatasetInfo,
    tags=["inventory"],
    summary="One dataset's metadata (404 outside the user's scope)",
    responses=NOT_FOUND,
)
def dataset_json(request: Request, principal: DatasetReader, region: str, name: str) -> DatasetInfo:
    with _dataset_scope(request) as db:
        # resolve_source asks the policy for this one item (404 when not allowed)
        resolve_source(db, principal, region, name, None)
        return DatasetInfo.of(get_dataset(db, name, region, readable_regions(principal)))


@router.get(
    "/api/v1/inventory/download",
    tags=["inventory"],
    summary="Download an inventory as CSV (emissions), IAMC (wide CSV) or XLSX (with settings)",
    responses={**NOT_FOUND, 200: {"content": {"text/csv": {}, "application/octet-stream": {}}}},
)
def inventory_download(
    request: Request,
    principal: Reader,
    chosen: Chosen,
    format: Annotated[Literal["csv", "iamc", "xlsx"], Query()] = "csv",
) -> Response:
    # The choices are checked and a dataset's access decided as for the page, without
    # building the page's view: the inventory is computed once, for the file.
    check_choices(chosen.view, chosen.factors, chosen.grid_factor)
    with _dataset_scope(request) as db:
        source = resolve_source(
            db, principal, chosen.region, chosen.name, chosen.factors, chosen.grid_factor
        )
    view, aviation = chosen.view, chosen.aviation
    content, media, filename = download(source, view, aviation, format, principal.name)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _upload(
    request: Request, principal: Principal, fields: dict[str, str], file: UploadedFile
) -> Dataset:
    """THE view of an upload: the activity file stored as a named dataset of a region (audited
    in the same transaction), or :class:`InputError` listing every problem, nothing stored."""
    filename, content = file
    with request.app.state.store.session() as db:
        return upload(
            db, principal, fields.get("name", ""), fields.get("region", ""), filename, content
        )


@router.post(
    "/api/v1/inventory/upload",
    response_model=DatasetInfo,
    status_code=201,
    tags=["inventory"],
    summary="Store an activity file (multipart: name, region, file) as a named dataset",
    responses={422: {"content": problem_schema()}, 413: {"content": problem_schema()}},
)
async def upload_json(request: Request, principal: Writer) -> DatasetInfo:
    return DatasetInfo.of(_upload(request, principal, *await read_upload(request)))


@router.post("/inventory/datasets", include_in_schema=False, response_model=None)
async def upload_page(request: Request, principal: Writer) -> Response:
    fields, file = await read_upload(request)
    try:
        dataset = _upload(request, principal, fields, file)
    except InputError as error:
        with request.app.state.store.session() as db:
            shown = inventory_view(db, principal, get_locale(request))
        problems = [_problem(p) for p in error.problems]
        return _page(request, shown, None, None, problems, fields, status_code=422)
    target = "/inventory?" + urlencode({"region": dataset.region, "name": dataset.name})
    return RedirectResponse(target, status_code=303)


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
