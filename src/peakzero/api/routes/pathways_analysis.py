"""The explorer's wedges and cost curve as JSON, ``/api/v1/pathways/wedges`` and ``/macc``, from
the views of :mod:`peakzero.api.pathways_analysis`. Like the recompute they are reads of
``pathways.scenarios``: nothing is stored, so a browser needs no CSRF token."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request

from peakzero.api import pathways_analysis as views
from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.problems import problem_schema, refuse

__all__ = ["router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("pathways.scenarios", "read"))]
Body = TypeVar("Body", views.WedgesRequest, views.MaccRequest)
NOT_JSON: dict[int | str, dict[str, Any]] = {
    400: {"description": "The body is not JSON", "content": problem_schema()}
}


def _checked(request: Body) -> Body:
    refuse(views.analysis_problems(request))
    return request


@router.post(
    "/api/v1/pathways/wedges",
    response_model=views.WedgesView,
    tags=["pathways"],
    responses=NOT_JSON,
    summary="Shapley wedges of a scenario with levers moved against a reference, by year",
)
def wedges_json(body: views.WedgesRequest, principal: Reader) -> views.WedgesView:
    return views.wedges_view(_checked(body))


@router.post(
    "/api/v1/pathways/macc",
    response_model=views.MaccView,
    tags=["pathways"],
    responses=NOT_JSON,
    summary="Abatement cost curve of a scenario with levers moved (CNY/t CO2, Mt CO2/yr)",
    description="The reasons a bar has no cost come as stable codes with their text in the "
    "request's language (`?lang=zh_CN|en`, else the user's or the cookie's).",
)
def macc_json(request: Request, body: views.MaccRequest, principal: Reader) -> views.MaccView:
    return views.macc_view(_checked(body), get_locale(request))
