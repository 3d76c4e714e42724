"""The emission impact of a task: what the pathway emits without the levers its KPIs move.

"Without a task" is the scenario with the task's levers on the reference scenario's paths (as
for the wedges, :func:`peakzero.pathways.wedges.variants`). The central figure runs the
scenarios as they are; the spread runs the same Monte Carlo draws as ``pathway ensemble``
(:func:`peakzero.pathways.ensemble.sample_multipliers`) for the scenario with and without each
task, so that both sides of every difference share one draw. All variants run in one
vectorised batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from peakzero.pathways.ensemble import sample_multipliers
from peakzero.pathways.metrics import TERRITORIAL, peak
from peakzero.pathways.model import ModelInputs, simulate
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario
from peakzero.pathways.wedges import variants

__all__ = ["IMPACT_YEAR", "QUANTILES", "REFERENCE", "Impact", "lever_impacts"]

REFERENCE = "baseline"
"""The scenario whose lever paths stand for "without the task"."""
IMPACT_YEAR = 2030
QUANTILES = (0.05, 0.95)
"""The spread reported: the 5th and 95th percentiles over the ensemble."""


@dataclass(frozen=True)
class Impact:
    """Mt CO2 more in 2030 and the peak-year shift without a set of levers.

    ``co2_2030_low``/``co2_2030_high`` are the ensemble's 5th and 95th percentiles of the 2030
    difference (``None`` when no ensemble was run).
    """

    co2_2030_mt: float
    peak_shift_years: int
    co2_2030_low: float | None = None
    co2_2030_high: float | None = None


def lever_impacts(
    lever_sets: Mapping[str, Sequence[str]],
    scenario: str = "plan",
    reference: str = REFERENCE,
    runs: int = 0,
    seed: int = 0,
) -> tuple[dict[str, Impact], str]:
    """For each named, non-empty set of levers: its :class:`Impact`; and the scenario's hash.

    ``runs`` > 0 adds the spread from that many Monte Carlo draws (seeded by ``seed``).
    """
    ref, tgt = load_scenario(reference), load_scenario(scenario)
    names = [name for name, members in lever_sets.items() if members]
    removals = [tuple(lever_sets[name]) for name in names]
    emitted = simulate(variants(ref, tgt, removals))[TERRITORIAL]
    column = int(np.searchsorted(YEARS, IMPACT_YEAR))
    peak_years, _ = peak(emitted, YEARS)
    spread = _spread(ref, tgt, removals, runs, seed, column) if runs > 0 and names else None
    impacts = {}
    for row, name in enumerate(names, start=1):
        low = high = None
        if spread is not None:
            low, high = (float(v) for v in spread[:, row - 1])
        impacts[name] = Impact(
            float(emitted[row, column] - emitted[0, column]),
            int(peak_years[row] - peak_years[0]),
            low,
            high,
        )
    return impacts, tgt.hash


def _spread(
    ref: ResolvedScenario,
    tgt: ResolvedScenario,
    removals: list[tuple[str, ...]],
    runs: int,
    seed: int,
    column: int,
) -> np.ndarray:
    """(2, sets): the QUANTILES of each removal's 2030 difference over ``runs`` draws."""
    multipliers = sample_multipliers(runs, seed)
    goal, base = model_inputs(tgt, multipliers), model_inputs(ref, multipliers)
    blocks = len(removals) + 1  # block 0: the scenario; block k: without removal k

    def stacked(paths: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {
            k: np.tile(np.broadcast_to(v, (runs, YEARS.size)), (blocks, 1))
            for k, v in paths.items()
        }

    levers, drivers = stacked(goal.levers), stacked(goal.drivers)
    for block, removal in enumerate(removals, start=1):
        rows = slice(block * runs, (block + 1) * runs)
        for lever in removal:
            levers[lever][rows] = np.broadcast_to(base.levers[lever], (runs, YEARS.size))
    inputs = ModelInputs(YEARS, levers, drivers, dict(tgt.parameters), goal.base)
    in_2030 = simulate(inputs)[TERRITORIAL][:, column].reshape(blocks, runs)
    return np.quantile(in_2030[1:] - in_2030[0], QUANTILES, axis=1)
