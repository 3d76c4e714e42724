"""Monte Carlo ensembles: documented distributions on levers and drivers, vectorised runs.

Each lever or driver with an ``uncertainty`` entry in the catalogue gets one multiplier per run,
drawn from its distribution with a seeded generator (same seed, same answer). All runs are
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
from peakzero.pathways import catalogue
from peakzero.pathways.boundaries import DEFAULT_BOUNDARY, check_boundary, grid_factor
from peakzero.pathways.metrics import record
from peakzero.pathways.model import Results, simulate
from peakzero.pathways.peaks import peak_over_record
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


def _draw(spec: dict[str, Any], runs: int, rng: np.random.Generator, key: str) -> np.ndarray:
    kind = spec.get("distribution")
    if kind == "triangular":
        return rng.triangular(spec["low"], spec.get("mode", 1.0), spec["high"], runs)
    if kind == "uniform":
        return rng.uniform(spec["low"], spec["high"], runs)
    if kind == "normal":
        return np.maximum(rng.normal(spec.get("mean", 1.0), spec["sd"], runs), 0.0)
    msg = f"catalogue item {key}: unknown distribution {kind!r}"
    raise PeakzeroError(msg)


def sample_multipliers(runs: int, seed: int) -> dict[str, np.ndarray]:
    """One multiplier per run for every uncertain lever and driver.

    Each item draws from its own stream, seeded by the seed and the item's id, so the same seed
    gives the same draws for an item whatever other items the catalogue gains or loses.
    """
    items = {**catalogue.levers(), **catalogue.drivers()}
    return {
        key: _draw(spec, runs, np.random.default_rng([seed, zlib.crc32(key.encode())]), key)
        for key, item in sorted(items.items())
        if (spec := item.uncertainty)
    }


def peak_years(
    scenario: ResolvedScenario,
    multipliers: dict[str, np.ndarray],
    boundary: str = DEFAULT_BOUNDARY,
    factor: str | float = "average",
) -> np.ndarray:
    """Peak year of each run on ``boundary`` over the record and the projection
    (:mod:`~peakzero.pathways.peaks`): a run has peaked by Y exactly when this is Y or earlier."""
    # Without cost data the model leaves out the Cost|… outputs, which the peak year does not
    # read: half of an ensemble's time went into costing every run's stock turnover.
    inputs = replace(model_inputs(scenario, multipliers), costs=None)
    years, values, _ = record(simulate(inputs), boundary, grid_factor(factor))
    return peak_over_record(years, values)[0]


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
    boundary: str = DEFAULT_BOUNDARY  # the emissions the peak is searched on, with the record
    grid_factor: str = "average"  # the assessment boundary's named factor

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
            "boundary": self.boundary,
            "grid_factor": self.grid_factor,
        }


def run_ensemble(
    ref: str | os.PathLike[str],
    runs: int | None = None,
    seed: int = 0,
    scheduler: str | None = None,
    boundary: str = DEFAULT_BOUNDARY,
    factor: str | float = "average",
) -> EnsembleResult:
    """Run ``runs`` Monte Carlo runs of a scenario, locally or on a Dask cluster.

    ``runs`` defaults to the run setting ``ensemble_runs`` (``PEAKZERO_ENSEMBLE_RUNS``, 1000),
    read when called.
    """
    runs = settings().ensemble_runs if runs is None else runs
    if not 1 <= runs <= _MAX_RUNS:
        msg = f"runs must be between 1 and {_MAX_RUNS:,}"
        raise InputError(Problem("--runs", msg, value=runs))
    check_boundary(boundary, "--boundary")
    named = grid_factor(factor)
    scenario = load_scenario(ref)
    start = time.perf_counter()
    multipliers = sample_multipliers(runs, seed)
    if scheduler is None:
        # In chunks: each run holds ~50 kB of arrays, so memory stays flat for large ensembles.
        years = np.concatenate(
            [
                peak_years(
                    scenario,
                    {k: v[i : i + _CHUNK] for k, v in multipliers.items()},
                    boundary,
                    factor,
                )
                for i in range(0, runs, _CHUNK)
            ]
        )
    else:
        years = _on_cluster(scheduler, scenario, multipliers, runs, (boundary, factor))
    seconds = time.perf_counter() - start
    quantiles = np.percentile(years, [5, 50, 95])
    # The ensemble's identity: the scenario's inputs, the distributions, the seed and the size.
    items = {**catalogue.levers(), **catalogue.drivers()}
    distributions = {k: items[k].uncertainty for k in sorted(items) if items[k].uncertainty}
    identity = {"scenario": scenario.hash, "distributions": distributions, "seed": seed}
    identity["runs"] = runs
    identity["boundary"] = [boundary, named.label]
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
        boundary,
        named.label if boundary == "assessment" else "-",
    )


def _on_cluster(
    address: str,
    scenario: ResolvedScenario,
    multipliers: dict[str, np.ndarray],
    runs: int,
    basis: tuple[str, str | float],
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
            n = len(chunks)
            futures = client.map(peak_years, [scenario] * n, chunks, [basis[0]] * n, [basis[1]] * n)
            return np.concatenate(client.gather(futures))
    except OSError as exc:
        msg = f"cannot reach the Dask scheduler at {address}: {exc}"
        raise PeakzeroError(msg) from exc
