"""Run a scenario: resolve its inputs, evaluate the paths, simulate.

``model_inputs`` turns a resolved scenario (and, for an ensemble, one multiplier per uncertain
lever or driver and run) into the ``(runs, years)`` arrays of :class:`~.model.ModelInputs`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.pathways import catalogue
from peakzero.pathways.base_year import base_year
from peakzero.pathways.model import ModelInputs, Results, simulate
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario

__all__ = ["YEARS", "PathwayRun", "model_inputs", "run_pathway"]

YEARS = np.arange(catalogue.HORIZON[0], catalogue.HORIZON[1] + 1)


@dataclass(frozen=True)
class PathwayRun:
    """A resolved scenario and its results (one run unless built by an ensemble)."""

    scenario: ResolvedScenario
    results: Results


def _scaled(
    path: np.ndarray, multiplier: np.ndarray | None, item: catalogue.Item, change_only: bool
) -> np.ndarray:
    """(runs, years): the path, scaled by the run's multiplier and kept in the physical range."""
    if multiplier is None:
        return path[None, :]
    m = multiplier[:, None]
    scaled = path[0] + m * (path - path[0]) if change_only else m * path
    return np.clip(scaled, item.min, item.max)


def model_inputs(
    scenario: ResolvedScenario, multipliers: Mapping[str, np.ndarray] | None = None
) -> ModelInputs:
    """The model's arrays for a scenario; ``multipliers`` maps item ids to one value per run.

    Lever multipliers scale the change after 2019 (so 2019 stays calibrated); driver multipliers
    scale the whole value.
    """
    multipliers = multipliers or {}
    levers = catalogue.levers()
    drivers = catalogue.drivers()
    lever_paths = {
        key: _scaled(spec.evaluate(YEARS), multipliers.get(key), levers[key], change_only=True)
        for key, spec in scenario.levers.items()
    }
    driver_paths = {
        key: _scaled(spec.evaluate(YEARS), multipliers.get(key), drivers[key], change_only=False)
        for key, spec in scenario.drivers.items()
    }
    runs = max([1, *(len(m) for m in multipliers.values())])
    lever_paths = {k: np.broadcast_to(v, (runs, len(YEARS))) for k, v in lever_paths.items()}
    driver_paths = {k: np.broadcast_to(v, (runs, len(YEARS))) for k, v in driver_paths.items()}
    return ModelInputs(YEARS, lever_paths, driver_paths, dict(scenario.parameters), base_year())


def run_pathway(ref: str | os.PathLike[str]) -> PathwayRun:
    """Run one scenario (a packaged name or a YAML file) deterministically."""
    scenario = load_scenario(ref)
    return PathwayRun(scenario, simulate(model_inputs(scenario)))
