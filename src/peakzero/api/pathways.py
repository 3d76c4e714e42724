"""The Pathway explorer's views: the lever sliders of a scenario, a recompute with lever overrides,
the ensemble, and the scenario YAML and IAMC CSV downloads.

A slider sets a lever's value in :data:`SLIDER_YEAR` (2030). A moved lever becomes a ``values``
path in a user scenario whose parent is the chosen one: the scenario's own values in 2019-2025
(observed years stay history; :mod:`peakzero.pathways.observed` keeps the reference's there for
any scenario below ``current-policy``), the slider's value in 2030 (straight line from 2025), and
after 2030 the scenario's own path shifted by the same amount, every five years to 2060, within
the lever's physical range. That YAML is what the page downloads and what is run
(``peakzero pathway run --scenario FILE`` gives the same figures), so the page, its JSON and the
command line cannot disagree.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

if TYPE_CHECKING:  # numpy, yaml and the engine load on first use, not with the app
    import numpy as np

    from peakzero.pathways.catalogue import Item
    from peakzero.pathways.model import ModelInputs
    from peakzero.pathways.run import PathwayRun
    from peakzero.pathways.scenarios import ResolvedScenario

__all__ = [
    "SLIDER_YEAR",
    "EnsembleView",
    "ExplorerView",
    "LeverView",
    "RunRequest",
    "RunView",
    "ensemble_view",
    "explorer",
    "iamc_csv",
    "lever_problems",
    "run_view",
    "scenario_yaml",
]

SLIDER_YEAR = 2030
AFTER = (2035, 2040, 2045, 2050, 2055, 2060)  # to the end of the horizon
SECTORS = (
    "Emissions|CO2|Energy|Demand",
    "Emissions|CO2|Energy|Supply",
    "Emissions|CO2|Energy and Industrial Processes|Industrial Processes",
    "Emissions|CO2|AFOLU",
    "Emissions|CO2|Waste",
    "Emissions|CO2|Removals",
)
CARRIERS = ("Electricity", "Gases", "Heat", "Hydrogen", "Liquids", "Solids")
COSTS = ("Cost|Fuel", "Cost|Investment", "Cost|O&M", "Cost|Carbon Management")
ENSEMBLE_RUNS = 1000


class LeverView(BaseModel):
    id: str
    name_en: str
    name_zh: str
    unit: str
    min: float
    max: float
    step: float
    value: float = Field(description=f"the scenario's value in {SLIDER_YEAR}")
    source: str
    status: str
    plan_item: str


class AreaView(BaseModel):
    code: str
    name_en: str
    name_zh: str
    levers: list[LeverView]


class ScenarioChoice(BaseModel):
    name: str
    name_en: str
    name_zh: str


class ExplorerView(BaseModel):
    scenario: str
    scenarios: list[ScenarioChoice]
    slider_year: int
    history_note: str
    areas: list[AreaView]


class RunRequest(BaseModel):
    scenario: str = "plan"
    levers: dict[str, float] = Field(
        default_factory=dict, description=f"lever id → its value in {SLIDER_YEAR}"
    )


class TargetView(BaseModel):
    name: str
    year: int
    target: float
    value: float
    met: bool | None
    unit: str


class RunView(BaseModel):
    scenario: str
    overrides: dict[str, float]
    years: list[int]
    unit: str = "Mt CO2/yr"
    assessment: list[float]
    territorial: list[float]
    net: list[float]
    sectors: dict[str, list[float]]
    energy_unit: str = "PJ/yr"
    carriers: dict[str, list[float]]
    cost_unit: str = "bn CNY/yr"
    costs: dict[str, list[float]]
    peak_year: int
    peak_value: float
    boundary: str
    still_rising_in_2060: bool
    net_zero_year: int | None
    assessment_2030: float
    targets: list[TargetView]
    history: str
    inputs_hash: str


class EnsembleView(BaseModel):
    scenario: str
    runs: int
    seconds: float
    boundary: str | None
    probability_peak_by_2030: float
    peak_year: dict[str, float]


@cache
def _areas() -> tuple[tuple[str, str, str], ...]:
    from peakzero.programme import load_programme

    return tuple((a.code, a.name_en, a.name_zh) for a in load_programme().areas)


def _step(item: Item) -> float:
    import numpy as np  # on first use: the app starts without it

    span = item.max - item.min
    return float(10 ** np.floor(np.log10(span / 200))) if span > 0 else 1.0


def scenario_names() -> list[str]:
    from peakzero.pathways.scenarios import list_scenarios

    return [info.name for info in list_scenarios()]


def explorer(name: str) -> ExplorerView:
    """The sliders of scenario ``name``, grouped by the plan's four areas."""
    return _explorer(name)


# The packaged scenarios and the lever catalogue are immutable data, so each scenario's sliders
# are built once per process (issue 12: rebuilding them was part of every page's cost). Callers
# only read the view; they must not mutate the shared object.
@cache
def _explorer(name: str) -> ExplorerView:
    import numpy as np  # on first use: the app starts without it

    from peakzero.pathways import catalogue
    from peakzero.pathways.run import YEARS
    from peakzero.pathways.scenarios import list_scenarios, load_scenario

    scenario = load_scenario(name)
    items = catalogue.levers()
    column = int(np.searchsorted(YEARS, SLIDER_YEAR))
    areas = []
    for code, name_en, name_zh in _areas():
        levers = [
            LeverView(
                id=key,
                name_en=item.name_en,
                name_zh=item.name_zh,
                unit=item.unit,
                min=item.min,
                max=item.max,
                step=_step(item),
                value=round(float(scenario.levers[key].evaluate(YEARS)[column]), 6),
                source=item.source,
                status=item.status,
                plan_item=item.plan_item,
            )
            for key, item in items.items()
            if item.area == code
        ]
        areas.append(AreaView(code=code, name_en=name_en, name_zh=name_zh, levers=levers))
    choices = [
        ScenarioChoice(name=i.name, name_en=i.name_en, name_zh=i.name_zh) for i in list_scenarios()
    ]
    return ExplorerView(
        scenario=scenario.name,
        scenarios=choices,
        slider_year=SLIDER_YEAR,
        history_note=scenario.history_note,
        areas=areas,
    )


def lever_problems(request: RunRequest) -> list[dict[str, Any]]:
    """One pydantic-style error (``loc``, ``msg``, ``input``) per bad part of ``request``: an
    unknown scenario or lever, or a lever outside its physical range (named, with the range)."""
    import numpy as np  # on first use: the app starts without it

    from peakzero.pathways import catalogue

    problems: list[dict[str, Any]] = []
    names = scenario_names()
    if request.scenario not in names:
        msg = f"unknown scenario; use one of {', '.join(names)}"
        problems.append({"loc": ("body", "scenario"), "msg": msg, "input": request.scenario})
    items = catalogue.levers()
    for key, value in request.levers.items():
        item = items.get(key)
        loc = ("body", "levers", key)
        if item is None:
            msg = f"unknown lever {key}; use one of {', '.join(items)}"
            problems.append({"loc": loc, "msg": msg, "input": value})
        elif not (np.isfinite(value) and item.min <= value <= item.max):
            msg = f"lever {key} must be within {item.min:g} to {item.max:g} ({item.unit})"
            problems.append({"loc": loc, "msg": msg, "input": value})
    return problems


def _override(scenario: ResolvedScenario, key: str, value: float) -> dict[int, float]:
    import numpy as np  # on first use: the app starts without it

    from peakzero.pathways import catalogue
    from peakzero.pathways.run import YEARS

    item = catalogue.levers()[key]
    path = scenario.levers[key].evaluate(YEARS)
    at = dict(zip(YEARS.tolist(), path.tolist(), strict=True))
    shift = value - at[SLIDER_YEAR]
    points = {y: at[y] for y in range(catalogue.HORIZON[0], catalogue.LAST_OBSERVED_YEAR + 1)}
    points[SLIDER_YEAR] = value
    for year in AFTER:
        points[year] = float(np.clip(at[year] + shift, item.min, item.max))
    return {y: round(v, 9) for y, v in points.items()}


def _moved(name: str, overrides: Mapping[str, float]) -> dict[str, dict[str, dict[int, float]]]:
    """The ``levers`` section of the user scenario: each moved lever's ``values`` path."""
    from peakzero.pathways.scenarios import packaged_scenario

    scenario = packaged_scenario(name)
    return {
        key: {"values": _override(scenario, key, value)} for key, value in sorted(overrides.items())
    }


def _header(name: str) -> dict[str, str]:
    """The user scenario's name, parent and descriptions."""
    from peakzero.pathways.scenarios import packaged_scenario

    scenario = packaged_scenario(name)
    return {
        "name": f"{name}-explorer",
        "parent": name,
        "name_en": f"{scenario.name_en} (explorer)",
        "name_zh": f"{scenario.name_zh}（探索）",
        "description": (
            f"Levers moved in the Pathway explorer: each sets its {SLIDER_YEAR} value; "
            "2019-2025 are the scenario's own, after 2030 its path shifted by the same amount."
        ),
    }


def scenario_yaml(name: str, overrides: Mapping[str, float]) -> str:
    """The user scenario of ``overrides`` on ``name`` (a file ``pathway run --scenario`` runs)."""
    import yaml  # on first use: the app starts without it

    document = {**_header(name), "levers": _moved(name, overrides)}
    # The C (libyaml) dumper writes the same text as the pure-Python one, several times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)


@contextmanager
def _resolved(name: str, overrides: Mapping[str, float]) -> Iterator[str]:
    """A reference ``load_scenario`` accepts: the packaged name, or a temporary user file (for
    the analyses, whose engines take a reference; the recompute and ensemble use ``_scenario``)."""
    if not overrides:
        yield name
        return
    with tempfile.TemporaryDirectory(prefix="peakzero-explorer-") as folder:
        path = Path(folder) / f"{name}-explorer.yaml"
        path.write_text(scenario_yaml(name, overrides), encoding="utf-8")
        yield str(path)


def _scenario(name: str, overrides: Mapping[str, float]) -> ResolvedScenario:
    """The scenario ``name`` with ``overrides``: what ``load_scenario`` resolves from the file
    :func:`scenario_yaml` writes, without writing or parsing it (issue 12): the moved levers'
    paths are checked as the file's would be and set on the packaged scenario's resolution,
    kept per process (``pathways.scenarios.with_levers``). Should a path fail its checks, the
    file itself is read, so that the problems are the file's, with lines."""
    from peakzero.pathways import catalogue
    from peakzero.pathways.scenario_sections import path_overrides
    from peakzero.pathways.scenarios import (
        ScenarioInfo,
        load_scenario_text,
        packaged_scenario,
        with_levers,
    )

    if not overrides:
        return packaged_scenario(name)
    file = f"{name}-explorer.yaml"
    header = _header(name)
    levers, problems = path_overrides(_moved(name, overrides), "levers", catalogue.levers(), file)
    if problems:
        return load_scenario_text(scenario_yaml(name, overrides), file)
    info = ScenarioInfo(file=file, **header)
    return with_levers(name, info, levers)


def _run(name: str, overrides: Mapping[str, float]) -> PathwayRun:
    from peakzero.pathways.model import simulate
    from peakzero.pathways.run import PathwayRun, model_inputs_from

    scenario = _scenario(name, overrides)
    unmoved, inputs = _unmoved(name)
    return PathwayRun(scenario, simulate(model_inputs_from(inputs, unmoved, scenario)))


@cache  # packaged data: immutable, and the model's input arrays are read-only
def _unmoved(name: str) -> tuple[ResolvedScenario, ModelInputs]:
    """The explorer's scenario ``name`` with no lever moved, built as a moved one is (so that the
    paths it keeps are the same objects) and its model inputs, which a recompute reuses."""
    from peakzero.pathways.run import model_inputs
    from peakzero.pathways.scenarios import ScenarioInfo, with_levers

    scenario = with_levers(name, ScenarioInfo(file=f"{name}-explorer.yaml", **_header(name)), {})
    return scenario, model_inputs(scenario)


def _series(values: np.ndarray) -> list[float]:
    # tolist gives the same Python floats as float() per item, without a NumPy scalar each.
    import numpy as np  # on first use: the app starts without it

    return [round(v, 4) for v in np.asarray(values)[0].tolist()]


def run_view(request: RunRequest) -> RunView:
    """The charts' series, peak, net zero and targets of the scenario with the levers moved."""
    return _run_view(request.scenario, tuple(request.levers.items()))


# A run is a pure function of the scenario and the levers (in their given order, which the view
# echoes back), so recent ones are kept: every explorer page load asks for the default run, and
# sliders moved back to a previous value ask again. Callers only read the view.
@lru_cache(maxsize=128)
def _run_view(scenario: str, levers: tuple[tuple[str, float], ...]) -> RunView:
    import numpy as np  # on first use: the app starts without it

    request = RunRequest(scenario=scenario, levers=dict(levers))
    from peakzero.pathways.boundaries import boundary_emissions, grid_factor
    from peakzero.pathways.metrics import NET, TERRITORIAL, summarise
    from peakzero.pathways.run import YEARS

    run = _run(request.scenario, request.levers)
    results = run.results
    summary = summarise(run)
    assessment = boundary_emissions(results, "assessment", grid_factor("average"))
    column = int(np.searchsorted(YEARS, SLIDER_YEAR))
    return RunView(
        scenario=request.scenario,
        overrides=dict(request.levers),
        years=YEARS.tolist(),
        assessment=_series(assessment),
        territorial=_series(results[TERRITORIAL]),
        net=_series(results[NET]),
        sectors={name.split("|")[-1]: _series(results[name]) for name in SECTORS},
        carriers={c: _series(results[f"Final Energy|{c}"]) for c in CARRIERS},
        costs={name.split("|")[-1]: _series(results[name]) for name in COSTS},
        peak_year=summary.peak_year,
        peak_value=summary.peak_value,
        boundary=summary.boundary,
        still_rising_in_2060=summary.still_rising_in_2060,
        net_zero_year=summary.net_zero_year,
        assessment_2030=round(float(assessment[0, column]), 4),
        targets=[
            TargetView(
                name=t.name, year=t.year, target=t.target, value=t.value, met=t.met, unit=t.unit
            )
            for t in summary.targets
        ],
        history=summary.history,
        inputs_hash=summary.inputs_hash,
    )


def ensemble_view(request: RunRequest, runs: int = ENSEMBLE_RUNS) -> EnsembleView:
    """P(peak by 2030) on the assessment boundary and the peak-year band (p5, p50, p95)."""
    from peakzero.pathways.ensemble import run_ensemble

    result = run_ensemble(_scenario(request.scenario, request.levers), runs=runs)
    return EnsembleView(
        scenario=request.scenario,
        runs=result.runs,
        seconds=round(result.seconds, 4),
        boundary=result.boundary,
        probability_peak_by_2030=result.probability_peak_by_2030,
        peak_year=result.peak_year,
    )


def iamc_csv(request: RunRequest) -> str:
    """The run in IAMC long format, as CSV."""
    from peakzero.pathways.outputs import to_iamc

    return str(to_iamc(_run(request.scenario, request.levers)).to_csv(index=False))
