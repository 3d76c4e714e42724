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
from peakzero.pathways.correlation import copula_uniforms, correlations
from peakzero.pathways.distributions import draw, quantile, uncertain_items
from peakzero.pathways.metrics import TERRITORIAL, peak
from peakzero.pathways.model import Results, simulate
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario
from peakzero.pathways.wedges import variants
from peakzero.settings import settings

__all__ = [
    "EnsembleResult",
    "peak_years",
    "run_ensemble",
    "sample_multipliers",
    "variant_ensemble",
]

_MAX_RUNS = 1_000_000
_CHUNK = 5_000  # runs per chunk (locally) or per task (on a cluster)


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


def peak_years(scenario: ResolvedScenario, multipliers: dict[str, np.ndarray]) -> np.ndarray:
    """Peak year of territorial CO2 for each run."""
    # Without cost data the model leaves out the Cost|… outputs, which the peak year does not
    # read: half of an ensemble's time went into costing every run's stock turnover.
    inputs = replace(model_inputs(scenario, multipliers), costs=None)
    results = simulate(inputs)
    return peak(results[TERRITORIAL], YEARS)[0]


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
    """Probability of peaking by 2030 and the peak-year distribution."""

    scenario: str
    runs: int
    seed: int
    seconds: float
    probability_peak_by_2030: float
    peak_year: dict[str, float]  # p5, p50, p95
    share_still_rising_in_2060: float  # runs whose highest year is 2060: no peak in the horizon
    inputs_hash: str  # scenario inputs + distributions + seed + runs
    samples: np.ndarray = field(repr=False, compare=False)  # the peak year of every run

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "seconds": round(self.seconds, 4),
            "probability_peak_by_2030": self.probability_peak_by_2030,
            "peak_year": self.peak_year,
            "share_still_rising_in_2060": self.share_still_rising_in_2060,
            "inputs_hash": self.inputs_hash,
        }


def run_ensemble(
    ref: str | os.PathLike[str],
    runs: int | None = None,
    seed: int = 0,
    scheduler: str | None = None,
) -> EnsembleResult:
    """Run ``runs`` Monte Carlo runs of a scenario, locally or on a Dask cluster.

    ``runs`` defaults to the run setting ``ensemble_runs`` (``PEAKZERO_ENSEMBLE_RUNS``, 1000),
    read when called.
    """
    runs = settings().ensemble_runs if runs is None else runs
    if not 1 <= runs <= _MAX_RUNS:
        msg = f"runs must be between 1 and {_MAX_RUNS:,}"
        raise InputError(Problem("--runs", msg, value=runs))
    scenario = load_scenario(ref)
    start = time.perf_counter()
    multipliers = sample_multipliers(runs, seed)
    if scheduler is None:
        # In chunks: each run holds ~50 kB of arrays, so memory stays flat for large ensembles.
        years = np.concatenate(
            [
                peak_years(scenario, {k: v[i : i + _CHUNK] for k, v in multipliers.items()})
                for i in range(0, runs, _CHUNK)
            ]
        )
    else:
        years = _on_cluster(scheduler, scenario, multipliers, runs)
    seconds = time.perf_counter() - start
    quantiles = np.percentile(years, [5, 50, 95])
    # The ensemble's identity: the scenario's inputs, the distributions, the seed and the size.
    distributions = {k: dict(item.spec) for k, item in uncertain_items().items()}
    identity = {"scenario": scenario.hash, "distributions": distributions, "seed": seed}
    identity["correlations"] = correlations().as_dict()
    identity["runs"] = runs
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
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
    )


def _on_cluster(
    address: str, scenario: ResolvedScenario, multipliers: dict[str, np.ndarray], runs: int
) -> np.ndarray:
    try:
        from distributed import Client  # optional: pip install 'peakzero[dask]'
    except ImportError as exc:
        msg = "--scheduler needs dask.distributed: pip install 'peakzero[dask]'"
        raise PeakzeroError(msg) from exc
    bounds = list(range(0, runs, _CHUNK))
    chunks = [{k: v[i : i + _CHUNK] for k, v in multipliers.items()} for i in bounds]
    try:
        with Client(address, timeout="10s") as client:
            futures = client.map(peak_years, [scenario] * len(chunks), chunks)
            return np.concatenate(client.gather(futures))
    except OSError as exc:
        msg = f"cannot reach the Dask scheduler at {address}: {exc}"
        raise PeakzeroError(msg) from exc
