"""Saved scenarios of the Pathway explorer and the comparison of two scenarios, from the views
of :mod:`peakzero.api.user_scenarios`: save (``pathways.user_scenarios`` write, CSRF from a
browser), list, one scenario, one version, its downloads, its share link
``/pathways/saved/{id}/{n}`` (the explorer with that version's base scenario and levers), and
``/pathways/compare``. Anything outside the user's scope answers 404."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy.orm import Session

from peakzero import codes
from peakzero.api import pathways as explorer
from peakzero.api import user_scenarios as views
from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.store import PlatformStore
from peakzero.store.user_scenarios import MAX_ID, UserScenarioNotFoundError
from peakzero.web.i18n import format_moment

__all__ = ["explorer_context", "router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("pathways.scenarios", "read"))]
SavedReader = Annotated[Principal, Depends(require("pathways.user_scenarios", "read"))]
Writer = Annotated[Principal, Depends(require("pathways.user_scenarios", "write"))]
ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID, description="a saved scenario's id")]
Version = Annotated[int, Path(ge=1, le=MAX_ID, description="a version number (1, 2, …)")]
Ref = Annotated[
    str, Query(max_length=200, description="a packaged scenario's name or a saved id/version")
]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"content": problem_schema()},
    422: {"content": problem_schema()},
}


def _db(request: Request) -> Any:
    return request.app.state.store.session()


def _scoped(request: Request) -> AbstractContextManager[Session]:
    """A store session in which a saved scenario that is missing or out of the caller's scope
    answers 404 (the store does not tell the two apart)."""
    store: PlatformStore = request.app.state.store
    return store.scoped(UserScenarioNotFoundError)


def _region_name(locale: str) -> Callable[[str], str]:
    """A region code's name in ``locale`` (the code itself if the codelist lacks it)."""
    table = codes.regions()

    def name(code: str) -> str:
        if code not in table:
            return code
        return str(table[code].name_zh if locale == "zh_CN" else table[code].name_en)

    return name


def explorer_context(request: Request, principal: Principal) -> dict[str, Any]:
    """What the explorer page shows of saved scenarios: the list the user may read and the
    regions they may save for (the "Save as…" form is shown only with one)."""
    with _db(request) as db:
        saved = views.saved_list(db, principal)
    locale = get_locale(request)
    return {
        "saved_list": saved,
        "can_read_saved": views.readable_regions(principal) != frozenset(),
        "save_regions": views.region_choices(principal),
        "moment": lambda v: format_moment(v, locale),
        "region_name": _region_name(locale),
    }


@router.post(
    "/api/v1/pathways/scenarios",
    response_model=views.VersionInfo,
    status_code=201,
    tags=["pathways"],
    responses={**ERRORS, 400: {"description": "The body is not JSON", "content": problem_schema()}},
    summary="Save the explorer's levers as a new scenario, or a new version of one (by name)",
)
def save_json(request: Request, body: views.SaveRequest, principal: Writer) -> views.VersionInfo:
    with _db(request) as db:
        return views.VersionInfo.of(views.save(db, principal, body))


@router.get(
    "/api/v1/pathways/scenarios",
    response_model=list[views.SavedScenarioInfo],
    tags=["pathways"],
    summary="The saved scenarios the user may see, with their latest version",
)
def list_json(request: Request, principal: SavedReader) -> list[views.SavedScenarioInfo]:
    with _db(request) as db:
        return views.saved_list(db, principal)


@router.get(
    "/api/v1/pathways/scenarios/{scenario_id}",
    response_model=views.SavedScenarioView,
    tags=["pathways"],
    responses=ERRORS,
    summary="A saved scenario and its versions (404 outside the user's scope)",
)
def scenario_json(
    request: Request, principal: SavedReader, scenario_id: ScenarioId
) -> views.SavedScenarioView:
    with _scoped(request) as db:
        return views.saved_scenario(db, principal, scenario_id)


def _version(
    request: Request, principal: Principal, scenario_id: int, version: int
) -> views.VersionView:
    with _scoped(request) as db:
        return views.version_view(db, principal, scenario_id, version)


def _stored(
    request: Request, principal: Principal, scenario_id: int, version: int
) -> views.SavedVersion:
    with _scoped(request) as db:
        return views.saved_version(db, principal, scenario_id, version)


@router.get(
    "/api/v1/pathways/scenarios/{scenario_id}/versions/{version}",
    response_model=views.VersionView,
    tags=["pathways"],
    responses=ERRORS,
    summary="A saved version: its inputs, their hash and its run (the share link's JSON twin)",
)
def version_json(
    request: Request, principal: SavedReader, scenario_id: ScenarioId, version: Version
) -> views.VersionView:
    return _version(request, principal, scenario_id, version)


@router.get(
    "/api/v1/pathways/scenarios/{scenario_id}/versions/{version}/scenario.yaml",
    response_class=PlainTextResponse,
    tags=["pathways"],
    responses=ERRORS,
    summary="A saved version's scenario YAML, as stored (`peakzero pathway run --scenario FILE`)",
)
def version_yaml(
    request: Request, principal: SavedReader, scenario_id: ScenarioId, version: Version
) -> PlainTextResponse:
    found = _stored(request, principal, scenario_id, version)
    name = f"saved-{scenario_id}-v{version}.yaml"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return PlainTextResponse(found.inputs, media_type="application/yaml", headers=headers)


@router.get(
    "/api/v1/pathways/scenarios/{scenario_id}/versions/{version}/iamc.csv",
    response_class=PlainTextResponse,
    tags=["pathways"],
    responses=ERRORS,
    summary="A saved version's run in IAMC long format (CSV)",
)
def version_iamc(
    request: Request, principal: SavedReader, scenario_id: ScenarioId, version: Version
) -> PlainTextResponse:
    found = _stored(request, principal, scenario_id, version)
    text = explorer.iamc_csv(explorer.RunRequest(scenario=found.base, levers=found.levers))
    headers = {"Content-Disposition": f'attachment; filename="saved-{scenario_id}-v{version}.csv"'}
    return PlainTextResponse(text, media_type="text/csv", headers=headers)


@router.get("/pathways/saved/{scenario_id}/{version}", response_class=HTMLResponse,
            include_in_schema=False)  # fmt: skip
def saved_page(
    request: Request, principal: SavedReader, scenario_id: ScenarioId, version: Version
) -> HTMLResponse:
    shown = _version(request, principal, scenario_id, version)
    context = {
        "view": explorer.explorer(shown.base),
        "run": shown.run,
        "saved": shown,
        **explorer_context(request, principal),
    }
    return render(request, "pathways.html", context)


@router.get(
    "/api/v1/pathways/compare",
    response_model=views.CompareView,
    tags=["pathways"],
    responses=ERRORS,
    summary="Two scenarios side by side: CO2 2019-2060, peak, net zero, targets, lever values",
)
def compare_json(request: Request, principal: Reader, a: Ref, b: Ref) -> views.CompareView:
    with _scoped(request) as db:
        return views.compare_view(db, principal, a, b)


@router.get("/pathways/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(
    request: Request, principal: Reader, a: Ref = "current-policy", b: Ref = "plan"
) -> HTMLResponse:
    shown = compare_json(request, principal, a, b)
    with _db(request) as db:
        saved = views.saved_list(db, principal)
    choices = explorer.explorer(shown.a.base).scenarios
    return render(
        request,
        "pathways_compare.html",
        {
            "view": shown,
            "choices": choices,
            "saved_list": saved,
            "region_name": _region_name(get_locale(request)),
        },
    )
