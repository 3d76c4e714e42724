"""The emission impact of a task: what the pathway emits without the levers its KPIs move.

"Without a task" is the scenario with the task's levers on the reference scenario's paths (as
for the wedges, :func:`peakzero.pathways.wedges.variants`). The central figure runs the
scenarios as they are; the spread runs the same Monte Carlo draws as ``pathway ensemble``
through the pathway's own machinery (:func:`peakzero.pathways.ensemble.variant_ensemble`) for
the scenario with and without each task, so that both sides of every difference share one draw
and the spread cannot drift from the ensemble. All variants run in one vectorised batch;
results are read by variable name and year (:meth:`~peakzero.pathways.model.Results.at`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from peakzero.pathways.ensemble import variant_ensemble
from peakzero.pathways.measure import measure
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario
from peakzero.pathways.wedges import variants

__all__ = ["IMPACT_BOUNDARY", "IMPACT_YEAR", "QUANTILES", "REFERENCE", "Impact", "lever_impacts"]

REFERENCE = "baseline"
"""The scenario whose lever paths stand for "without the task"."""
IMPACT_YEAR = 2030
IMPACT_MEASURE = measure("assessment", "average")
"""The emissions a task's impact is measured on: the headline (assessment) boundary, whose peak
is searched over the record and the projection, as in ``pathway summary`` and ``ensemble``."""
IMPACT_BOUNDARY = (
    f"{IMPACT_MEASURE.variable} (assessment boundary: scope 1 energy CO2 + net imported "
    "electricity x the average grid factor), peak shift over the record and the projection"
)
"""The boundary said next to the figures."""
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
    results = simulate(variants(ref, tgt, removals))
    peak_years = IMPACT_MEASURE.peak_years(results)
    column = int(np.searchsorted(YEARS, IMPACT_YEAR))
    emitted = IMPACT_MEASURE.emissions(results)[:, column]
    spread = _spread(ref, tgt, removals, runs, seed) if runs > 0 and names else None
    impacts = {}
    for row, name in enumerate(names, start=1):
        low = high = None
        if spread is not None:
            low, high = (float(v) for v in spread[:, row - 1])
        impacts[name] = Impact(
            float(emitted[row] - emitted[0]),
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
) -> np.ndarray:
    """(2, sets): the QUANTILES of each removal's 2030 difference over ``runs`` draws."""
    results = variant_ensemble(ref, tgt, removals, runs, seed)
    column = int(np.searchsorted(YEARS, IMPACT_YEAR))
    emitted = IMPACT_MEASURE.emissions(results)[:, column]
    in_2030 = emitted.reshape(len(removals) + 1, runs)
    return np.quantile(in_2030[1:] - in_2030[0], QUANTILES, axis=1)
