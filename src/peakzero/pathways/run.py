"""Run a scenario: resolve its inputs, evaluate the paths, simulate.

``model_inputs`` turns a resolved scenario (and, for an ensemble, one multiplier per uncertain
lever or driver and run) into the ``(runs, years)`` arrays of :class:`~.model.ModelInputs`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import cast

import numpy as np

from peakzero.pathways import catalogue
from peakzero.pathways.base_year import base_year
from peakzero.pathways.cost_data import CostData, load_cost_data
from peakzero.pathways.distributions import parameter_uncertainty
from peakzero.pathways.model import ModelInputs, Results, simulate
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario

__all__ = ["YEARS", "PathwayRun", "model_inputs", "model_inputs_from", "run_pathway"]

YEARS = np.arange(catalogue.HORIZON[0], catalogue.HORIZON[1] + 1)


@dataclass(frozen=True)
class PathwayRun:
    """A resolved scenario and its results (one run unless built by an ensemble)."""

    scenario: ResolvedScenario
    results: Results


# Monte Carlo leaves every path alone up to the last observed year, so that each run agrees with
# what was observed and only the future is uncertain (the one constant: catalogue).
UNCERTAIN_AFTER = catalogue.LAST_OBSERVED_YEAR


def _scaled(path: np.ndarray, multiplier: np.ndarray | None, item: catalogue.Item) -> np.ndarray:
    """(runs, years): the path with the run's multiplier applied after ``UNCERTAIN_AFTER``.

    ``scales: change`` (the default) scales the change since then; ``scales: value`` (growth
    rates, levels such as population) scales the value itself, phased in over
    ``value_ramp_years`` (``data/pathways/parameters_monte_carlo.csv``, ten). The
    result stays within the item's physical range.
    """
    if multiplier is None:
        return path[None, :]
    m = multiplier[:, None] - 1.0
    after = (YEARS > UNCERTAIN_AFTER)[None, :]
    if (item.uncertainty or {}).get("scales", "change") == "value":
        # Phased in (over ten years), so that a level does not jump in 2026.
        years = catalogue.monte_carlo_parameters()["value_ramp_years"]
        ramp = np.clip((YEARS - UNCERTAIN_AFTER) / years, 0.0, 1.0)[None, :]
        scaled = path * (1.0 + m * ramp)
    else:
        anchor = path[int(np.searchsorted(YEARS, UNCERTAIN_AFTER))]
        scaled = path + m * after * (path - anchor)
    return np.clip(scaled, item.min, item.max)


def _ramp() -> np.ndarray:
    """(years,): 0 up to ``UNCERTAIN_AFTER``, rising linearly to 1 over ``value_ramp_years``."""
    years = catalogue.monte_carlo_parameters()["value_ramp_years"]
    return np.clip((YEARS - UNCERTAIN_AFTER) / years, 0.0, 1.0)


def _drawn_parameters(
    values: Mapping[str, float], multipliers: Mapping[str, np.ndarray]
) -> dict[str, float]:
    """The scenario's parameters with each drawn one as a ``(runs, years)`` array: its value
    scaled by the run's multiplier, phased in after ``UNCERTAIN_AFTER`` as for ``scales: value``
    (so every run keeps 2019-2025), within the parameter's physical range.

    Only parameters with a distribution in ``parameters_uncertainty.csv`` are drawn; each is
    used by the sectors in arithmetic that broadcasts over ``(runs, years)`` exactly like a
    number (a test runs the model with every one drawn). The type stays ``float`` for the
    sectors, whose signatures need not know about Monte Carlo (hence the cast).
    """
    table = catalogue.parameters()
    drawn = dict(values)
    for key in parameter_uncertainty():
        if key not in multipliers or key not in drawn:
            continue
        m = multipliers[key][:, None] - 1.0
        scaled = np.clip(drawn[key] * (1.0 + m * _ramp()[None, :]), table[key].min, table[key].max)
        drawn[key] = cast(float, scaled)
    return drawn


def _read_only(path: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``path`` as a read-only ``(runs, years)`` array: broadcast (a view, no copy) only when
    its shape differs, since ``np.broadcast_to`` costs several microseconds a call."""
    if path.shape != shape:
        return np.broadcast_to(path, shape)
    view = path.view()
    view.flags.writeable = False
    return view


@cache
def packaged_costs() -> CostData:
    """The packaged prices and technology costs on the model's years."""
    return load_cost_data(YEARS)


def model_inputs(
    scenario: ResolvedScenario,
    multipliers: Mapping[str, np.ndarray] | None = None,
    costs: CostData | None = None,
) -> ModelInputs:
    """The model's arrays for a scenario; ``multipliers`` maps the ids of uncertain levers,
    drivers and parameters to one value per run.

    Multipliers act after ``UNCERTAIN_AFTER`` only (see :func:`_scaled`), so every run keeps the
    2019 calibration and the 2020-2025 observations. ``costs`` defaults to the packaged cost
    data (:func:`packaged_costs`).
    """
    multipliers = multipliers or {}
    levers = catalogue.levers()
    drivers = catalogue.drivers()
    lever_paths = {
        key: _scaled(spec.evaluate(YEARS), multipliers.get(key), levers[key])
        for key, spec in scenario.levers.items()
    }
    driver_paths = {
        key: _scaled(spec.evaluate(YEARS), multipliers.get(key), drivers[key])
        for key, spec in scenario.drivers.items()
    }
    shape = (max([1, *(len(m) for m in multipliers.values())]), len(YEARS))
    lever_paths = {k: _read_only(v, shape) for k, v in lever_paths.items()}
    driver_paths = {k: _read_only(v, shape) for k, v in driver_paths.items()}
    return ModelInputs(
        YEARS,
        lever_paths,
        driver_paths,
        _drawn_parameters(scenario.parameters, multipliers),
        base_year(),
        costs or packaged_costs(),
    )


def model_inputs_from(
    known: ModelInputs, known_scenario: ResolvedScenario, scenario: ResolvedScenario
) -> ModelInputs:
    """:func:`model_inputs` of ``scenario`` (one deterministic run), with the arrays of every
    lever and driver whose path is the very object of ``known_scenario``'s taken from ``known``
    (its inputs): evaluating the same path again gives the same array. The explorer's recompute
    moves a few levers of a scenario whose inputs are kept (issue 12)."""
    same = (
        list(scenario.levers) == list(known_scenario.levers)
        and list(scenario.drivers) == list(known_scenario.drivers)
        and scenario.parameters == known_scenario.parameters
    )
    if not same:
        return model_inputs(scenario)
    changed = replace(
        scenario,
        levers={k: v for k, v in scenario.levers.items() if v is not known_scenario.levers[k]},
        drivers={k: v for k, v in scenario.drivers.items() if v is not known_scenario.drivers[k]},
    )
    fresh = model_inputs(changed)
    return replace(
        known, levers={**known.levers, **fresh.levers}, drivers={**known.drivers, **fresh.drivers}
    )


def run_pathway(ref: str | os.PathLike[str], gwp_metric: str | None = None) -> PathwayRun:
    """Run one scenario (a packaged name or a YAML file) deterministically; ``gwp_metric``
    (e.g. ``"AR6GWP100"``) weights CH4 and N2O in ``Emissions|Kyoto Gases`` (default AR5)."""
    scenario = load_scenario(ref)
    inputs = model_inputs(scenario)
    if gwp_metric is not None:
        inputs = replace(inputs, gwp_metric=gwp_metric)
    return PathwayRun(scenario, simulate(inputs))
