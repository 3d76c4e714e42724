"""Pathway explorer: ``/pathways`` (page) and its JSON twins under ``/api/v1/pathways``, from the
views of :mod:`peakzero.api.pathways`. Reading and recomputing needs ``pathways.scenarios`` read;
nothing is stored here (saving a user scenario: :mod:`peakzero.api.routes.user_scenarios`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse
from markupsafe import Markup

from peakzero.api import pathways as views
from peakzero.api.deps import Principal, get_locale, require
from peakzero.api.pages import environment, render
from peakzero.api.problems import problem_schema, refuse
from peakzero.api.routes.user_scenarios import explorer_context
from peakzero.web.i18n import format_number, translations

__all__ = ["router"]

router = APIRouter()
Reader = Annotated[Principal, Depends(require("pathways.scenarios", "read"))]
Scenario = Annotated[str, Query(description="a packaged scenario name")]
Levers = Annotated[
    list[str] | None, Query(description=f"id=value: a lever's value in {views.SLIDER_YEAR}")
]


def _checked(request: views.RunRequest) -> views.RunRequest:
    refuse(views.lever_problems(request))
    return request


def _from_query(scenario: str, lever: list[str] | None) -> views.RunRequest:
    levers: dict[str, float] = {}
    errors = []
    for entry in lever or []:
        key, _, raw = entry.partition("=")
        try:
            levers[key] = float(raw)
        except ValueError:
            msg = "give id=value, the value a number"
            errors.append({"loc": ("query", "lever"), "msg": msg, "input": entry})
    if errors:
        raise RequestValidationError(errors)
    return _checked(views.RunRequest(scenario=scenario, levers=levers))


@router.get(
    "/api/v1/pathways",
    response_model=views.ExplorerView,
    tags=["pathways"],
    summary="The scenarios and every lever of the catalogue by area, with its value in 2030",
)
def explorer_json(principal: Reader, scenario: Scenario = "plan") -> views.ExplorerView:
    _checked(views.RunRequest(scenario=scenario))
    return views.explorer(scenario)


@router.post(
    "/api/v1/pathways/run",
    response_model=views.RunView,
    tags=["pathways"],
    responses={400: {"description": "The body is not JSON", "content": problem_schema()}},
    summary="Recompute a scenario with levers moved: CO2 2019-2060, sectors, energy, costs",
)
def run_json(body: views.RunRequest, principal: Reader) -> views.RunView:
    return views.run_view(_checked(body))


@router.post(
    "/api/v1/pathways/ensemble",
    response_model=views.EnsembleView,
    tags=["pathways"],
    responses={400: {"description": "The body is not JSON", "content": problem_schema()}},
    summary="P(peak by 2030) and the peak-year band from 1,000 Monte Carlo runs",
)
def ensemble_json(body: views.RunRequest, principal: Reader) -> views.EnsembleView:
    return views.ensemble_view(_checked(body))


@router.get(
    "/api/v1/pathways/scenario.yaml",
    response_class=PlainTextResponse,
    tags=["pathways"],
    summary="The scenario YAML that `peakzero pathway run --scenario FILE` runs",
)
def scenario_yaml(
    principal: Reader, scenario: Scenario = "plan", lever: Levers = None
) -> PlainTextResponse:
    request = _from_query(scenario, lever)
    text = views.scenario_yaml(request.scenario, request.levers)
    name = f"{request.scenario}-explorer.yaml"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return PlainTextResponse(text, media_type="application/yaml", headers=headers)


@router.get(
    "/api/v1/pathways/iamc.csv",
    response_class=PlainTextResponse,
    tags=["pathways"],
    summary="The recomputed pathway in IAMC long format (CSV)",
)
def iamc(principal: Reader, scenario: Scenario = "plan", lever: Levers = None) -> PlainTextResponse:
    request = _from_query(scenario, lever)
    headers = {"Content-Disposition": f'attachment; filename="{request.scenario}-explorer.csv"'}
    return PlainTextResponse(views.iamc_csv(request), media_type="text/csv", headers=headers)


# The sliders of a packaged scenario (about 70 levers, each with a translated tooltip and three
# formatted numbers) were most of the page's cost, and depend only on the locale and the scenario
# (packaged data; no user's scope): rendered once per pair. A saved version's page, whose sliders
# carry its presets, renders them each time (user_scenarios.py: pathways.html includes them).
@lru_cache(maxsize=32)
def _levers_html(locale: str, scenario: str) -> Markup:
    values = {
        "locale": locale,
        "translations": translations(locale),
        "number": lambda v, digits=1: format_number(v, locale, digits),
        "view": views.explorer(scenario),
    }
    return Markup(environment().get_template("pathways_levers.html").render(values))


@router.get("/pathways", response_class=HTMLResponse, include_in_schema=False)
def pathways_page(request: Request, principal: Reader, scenario: Scenario = "plan") -> HTMLResponse:
    _checked(views.RunRequest(scenario=scenario))
    view = views.explorer(scenario)
    run = views.run_view(views.RunRequest(scenario=scenario))
    saved = explorer_context(request, principal)  # the saved scenarios' list and "Save as…"
    levers = _levers_html(get_locale(request), scenario)
    context = {"view": view, "run": run, "levers_html": levers, **saved}
    return render(request, "pathways.html", context)
