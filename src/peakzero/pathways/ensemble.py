"""Monte Carlo ensembles: documented distributions on levers, drivers and parameters, correlated
where they share a cause, vectorised runs.

Each lever or driver with an ``uncertainty`` entry in the catalogue and each parameter with a
row in ``parameters_uncertainty.csv`` gets one multiplier per run, drawn from its distribution
with a seeded generator (same seed, same answer); ``correlations.csv`` ties some of them together
(:mod:`peakzero.pathways.correlation`). All runs are
simulated at once as ``(runs, years)`` arrays; ``scheduler`` sends chunks of runs to an existing
Dask cluster instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from peakzero.errors import InputError, PeakzeroError, Problem
from peakzero.pathways.boundaries import DEFAULT_BOUNDARY
from peakzero.pathways.correlation import copula_uniforms, correlations
from peakzero.pathways.distributions import draw, quantile, uncertain_items
from peakzero.pathways.ensemble_outputs import (
    DETERMINISTIC,
    MEDIAN,
    NET_ZERO_BY,
    RunOutcomes,
    TargetProbability,
    emission_quantiles,
    median_year,
    probability_by,
    run_outcomes,
    target_probabilities,
)
from peakzero.pathways.measure import Measure, measure
from peakzero.pathways.metrics import NET, evaluate_targets, net_zero_year
from peakzero.pathways.model import Results, simulate
from peakzero.pathways.outputs import unit_of
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario
from peakzero.pathways.wedges import variants
from peakzero.settings import settings

__all__ = [
    "HEADLINE_YEAR",
    "EnsembleResult",
    "chunked_outcomes",
    "ensemble_outcomes",
    "peak_years",
    "run_ensemble",
    "sample_multipliers",
    "variant_ensemble",
]

_MAX_RUNS = 1_000_000
_CHUNK = 5_000  # runs per chunk (locally) or per task (on a cluster)
HEADLINE_YEAR = 2030
"""The year whose emissions the deterministic run and the ensemble median are compared in."""


def _stream(seed: int, key: str) -> np.random.Generator:
    """The item's own random stream: the same seed gives an item the same draws whatever other
    items the catalogue gains or loses."""
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def sample_multipliers(runs: int, seed: int) -> dict[str, np.ndarray]:
    """One multiplier per run for every uncertain lever, driver and parameter.

    An item outside ``correlations.csv`` draws straight from its distribution; the items of
    the correlation specification draw a standard normal each, from their own streams, mixed by
    the Gaussian copula (:mod:`peakzero.pathways.correlation`) onto their own distributions.
    """
    items = uncertain_items()
    spec = correlations()
    normals = {key: _stream(seed, key).standard_normal(runs) for key in spec.items}
    uniforms = copula_uniforms(spec, normals)
    return {
        key: (
            quantile(item.spec, uniforms[key], key)
            if key in uniforms
            else draw(item.spec, runs, _stream(seed, key), key)
        )
        for key, item in items.items()
    }


def _simulated(scenario: ResolvedScenario, multipliers: dict[str, np.ndarray]) -> Results:
    # Without cost data the model leaves out the Cost|… outputs, which the ensemble does not
    # read: half of an ensemble's time went into costing every run's stock turnover.
    return simulate(replace(model_inputs(scenario, multipliers), costs=None))


def peak_years(
    scenario: ResolvedScenario,
    multipliers: dict[str, np.ndarray],
    boundary: str = DEFAULT_BOUNDARY,
    factor: str | float = "average",
) -> np.ndarray:
    """Peak year of each run on ``boundary`` over the record and the projection
    (:mod:`~peakzero.pathways.peaks`): a run has peaked by Y exactly when this is Y or earlier."""
    return measure(boundary, factor).peak_years(_simulated(scenario, multipliers))


def ensemble_outcomes(
    scenario: ResolvedScenario, multipliers: dict[str, np.ndarray], measured: Measure | None = None
) -> RunOutcomes:
    """What an ensemble keeps of each run (peak year, emissions, net-zero year, target
    figures), from one vectorised simulation of the runs in ``multipliers``; ``measured``
    defaults to the assessment boundary with the average factor."""
    measured = measured or measure()
    results = _simulated(scenario, multipliers)
    peaks = measured.peak_years(results)
    emissions = measured.emissions(results)
    return run_outcomes(results, peaks, scenario.targets, emissions=emissions)


def _chunks(multipliers: dict[str, np.ndarray], runs: int) -> list[dict[str, np.ndarray]]:
    """The runs' multipliers in chunks of ``_CHUNK`` runs (each run holds ~50 kB of arrays, so
    memory stays flat for large ensembles; on a cluster a chunk is one task)."""
    return [{k: v[i : i + _CHUNK] for k, v in multipliers.items()} for i in range(0, runs, _CHUNK)]


def chunked_outcomes(
    scenario: ResolvedScenario,
    multipliers: dict[str, np.ndarray],
    runs: int,
    measured: Measure | None = None,
) -> RunOutcomes:
    """:func:`ensemble_outcomes` of ``runs`` runs, simulated chunk by chunk in this process."""
    return RunOutcomes.concatenate(
        [ensemble_outcomes(scenario, chunk, measured) for chunk in _chunks(multipliers, runs)]
    )


def variant_ensemble(
    reference: ResolvedScenario,
    target: ResolvedScenario,
    removals: Sequence[Sequence[str]],
    runs: int,
    seed: int,
) -> Results:
    """The target and each removal's variant (:func:`~peakzero.pathways.wedges.variants`) under
    the same ``runs`` Monte Carlo draws as :func:`run_ensemble` with ``seed``: run ``run`` of
    block ``block`` (0 the target, ``k`` without removal ``k``) is row ``block * runs + run``.

    The one place that stacks variants over draws, so that the programme's impact spread and
    the pathway ensemble cannot drift apart. No ``Cost|…`` outputs, as for :func:`peak_years`.
    """
    inputs = variants(reference, target, removals, multipliers=sample_multipliers(runs, seed))
    return simulate(replace(inputs, costs=None))


@dataclass(frozen=True)
class EnsembleResult:
    """An ensemble's answers for decisions: P(peak by 2030), the peak-year spread, per target
    P(met), P(net zero by 2050 / 2060), emission quantiles per year, and the deterministic run
    (central inputs) beside the ensemble median."""

    scenario: str
    runs: int
    seed: int
    seconds: float
    probability_peak_by_2030: float
    peak_year: dict[str, float]  # p5, p50, p95
    share_still_rising_in_2060: float  # runs whose highest year is 2060: no peak in the horizon
    inputs_hash: str  # scenario inputs + distributions + correlations + seed + runs + variable
    samples: np.ndarray = field(repr=False, compare=False)  # the peak year of every run
    variable: str = ""  # what was measured (the boundary's variable, with its factor)
    boundary: str | None = DEFAULT_BOUNDARY  # None: a plain variable, projection only
    grid_factor: str = "-"  # the assessment boundary's named factor
    probability_net_zero_by: dict[str, float] = field(default_factory=dict)  # "2050", "2060"
    targets: list[TargetProbability] = field(default_factory=list)
    # variable, unit, years, p5 … p95 and the deterministic path, one value per year each
    emissions: dict[str, Any] = field(default_factory=dict, repr=False)
    deterministic: dict[str, Any] = field(default_factory=dict)  # central inputs
    median: dict[str, Any] = field(default_factory=dict)  # ensemble median, same keys
    outcomes: RunOutcomes | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "seconds": round(self.seconds, 4),
            "variable": self.variable,
            "boundary": self.boundary,
            "grid_factor": self.grid_factor,
            "probability_peak_by_2030": self.probability_peak_by_2030,
            "peak_year": self.peak_year,
            "share_still_rising_in_2060": self.share_still_rising_in_2060,
            "probability_net_zero_by": self.probability_net_zero_by,
            "targets": [t.as_dict() for t in self.targets],
            "deterministic": self.deterministic,
            "median": self.median,
            "emissions": self.emissions,
            "inputs_hash": self.inputs_hash,
        }


def run_ensemble(
    ref: str | os.PathLike[str] | ResolvedScenario,
    runs: int | None = None,
    seed: int = 0,
    scheduler: str | None = None,
    boundary: str = DEFAULT_BOUNDARY,
    factor: str | float = "average",
    variable: str | None = None,
) -> EnsembleResult:
    """Run ``runs`` Monte Carlo runs of a scenario, locally or on a Dask cluster; metrics of
    emissions are taken on ``boundary`` (default the assessment boundary, with ``factor``), its
    peak over the record and the projection — or on ``variable`` if given (projection only) —
    and net zero on net CO2.

    ``runs`` defaults to the run setting ``ensemble_runs`` (``PEAKZERO_ENSEMBLE_RUNS``, 1000),
    read when called.
    """
    runs = settings().ensemble_runs if runs is None else runs
    if not 1 <= runs <= _MAX_RUNS:
        msg = f"runs must be between 1 and {_MAX_RUNS:,}"
        raise InputError(Problem("--runs", msg, value=runs))
    measured = measure(boundary, factor, variable)
    scenario = ref if isinstance(ref, ResolvedScenario) else load_scenario(ref)
    central = _simulated(scenario, {})
    if variable is not None and variable not in central.values:
        shown = ", ".join([v for v in central.variables() if "Emissions|CO2" in v][:5])
        msg = f"not a pathway variable; e.g. {shown}, …"
        raise InputError(Problem("--variable", msg, value=variable))
    start = time.perf_counter()
    multipliers = sample_multipliers(runs, seed)
    if scheduler is None:
        outcomes = chunked_outcomes(scenario, multipliers, runs, measured)
    else:
        outcomes = _on_cluster(scheduler, scenario, multipliers, runs, measured)
    seconds = time.perf_counter() - start
    years = outcomes.peak_year
    quantiles = np.percentile(years, [5, 50, 95])
    # The ensemble's identity: the scenario's inputs, the distributions and correlations, the
    # seed, the size and what was measured.
    distributions = {k: dict(item.spec) for k, item in uncertain_items().items()}
    identity: dict[str, Any] = {"scenario": scenario.hash, "distributions": distributions}
    identity |= {"correlations": correlations().as_dict(), "seed": seed, "runs": runs}
    identity["measured"] = [measured.boundary, measured.label]
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    central_peak = int(measured.peak_years(central)[0])
    central_emissions = measured.emissions(central)[0]
    central_zero = net_zero_year(central[NET], YEARS)[0]
    median_peak = float(np.median(years))
    emissions: dict[str, Any] = {"variable": measured.label, "unit": unit_of(measured.variable)}
    emissions["years"] = YEARS.tolist()
    emissions |= emission_quantiles(outcomes.emissions)
    emissions["deterministic"] = [round(float(v), 4) for v in central_emissions]
    column = int(np.searchsorted(YEARS, HEADLINE_YEAR))
    return EnsembleResult(
        scenario.name,
        runs,
        seed,
        seconds,
        float(np.mean(years <= 2030)),
        {"p5": float(quantiles[0]), "p50": float(quantiles[1]), "p95": float(quantiles[2])},
        float(np.mean(years == YEARS[-1])),
        digest,
        years,
        measured.label,
        measured.boundary,
        measured.factor_label,
        {str(y): probability_by(outcomes.net_zero_year, y) for y in NET_ZERO_BY},
        target_probabilities(
            outcomes.targets, scenario.targets, evaluate_targets(central, scenario.targets)
        ),
        emissions,
        {
            "label": DETERMINISTIC,
            "peak_year": central_peak,
            f"emissions_{HEADLINE_YEAR}": round(float(central_emissions[column]), 4),
            "net_zero_year": None if np.isnan(central_zero) else int(central_zero),
        },
        {
            "label": MEDIAN,
            "peak_year": median_peak,
            f"emissions_{HEADLINE_YEAR}": round(float(np.median(outcomes.emissions[:, column])), 4),
            "net_zero_year": median_year(outcomes.net_zero_year),
        },
        outcomes,
    )


def _on_cluster(
    address: str,
    scenario: ResolvedScenario,
    multipliers: dict[str, np.ndarray],
    runs: int,
    measured: Measure,
) -> RunOutcomes:
    try:
        # A dependency of peakzero (imported here, not at start, to keep the CLI quick): an
        # ImportError means a broken installation, not a missing extra.
        from distributed import Client
    except ImportError as exc:
        msg = (
            "--scheduler needs dask.distributed, which is installed with peakzero but cannot be "
            f"imported ({exc}); reinstall peakzero"
        )
        raise PeakzeroError(msg) from exc
    chunks = _chunks(multipliers, runs)
    try:
        # the runs go through this client only: not made the process's default scheduler
        with Client(address, timeout="10s", set_as_default=False) as client:
            futures = client.map(
                ensemble_outcomes, [scenario] * len(chunks), chunks, [measured] * len(chunks)
            )
            return RunOutcomes.concatenate(client.gather(futures))
    except OSError as exc:
        msg = f"cannot reach the Dask scheduler at {address}: {exc}"
        raise PeakzeroError(msg) from exc
