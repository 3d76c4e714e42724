"""Overview: ``/`` (page) and ``/api/v1/overview`` (JSON) from the one view :func:`overview`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from peakzero.api.deps import Principal, require
from peakzero.api.overview import Overview, OverviewCache
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.view_cache import cached_page

__all__ = ["overview", "router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("overview", "read"))]


def overview(request: Request) -> Overview:
    """THE view: what the page and the JSON show (cached per process)."""
    cache: OverviewCache = request.app.state.overview
    return cache.get()


@router.get(
    "/api/v1/overview",
    response_model=Overview,
    tags=["overview"],
    summary="Beijing's CO2 history and peak, mix, targets, P(peak by 2030), programme status",
    responses={404: {"content": problem_schema()}},
)
def overview_json(request: Request, principal: Reader) -> Overview:
    return overview(request)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, principal: Reader) -> HTMLResponse:
    # The view is computed once per process and reads no database: only its rendering (the
    # numbers formatted for the locale) is kept, per locale and scope (view_cache).
    def page(marks: Mapping[str, Any]) -> HTMLResponse:
        return render(request, "overview.html", {"view": overview(request), **marks})

    return cached_page(request, principal, "overview", None, page, store=False)
