"""Variance-based sensitivity: Sobol indices (first order and total) of a pathway's outcomes with
respect to every uncertain lever, driver and parameter, computed with SALib (Saltelli's scheme).

:func:`sobol` is the general wrapper (any vectorised function of the unit hypercube);
:func:`pathway_sensitivity` applies it to a scenario: the Saltelli sample is mapped through each
input's distribution (:func:`~peakzero.pathways.distributions.quantile`) and simulated as
``(runs, years)`` arrays, chunk by chunk like an ensemble. Sobol indices need independent inputs,
so by default the inputs are drawn independently on their own distributions; with
``correlated=True`` the inputs of ``correlations.csv`` are drawn through the ensemble's copula
and indexed as one group (docs/methods/pathways.md).
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from peakzero.errors import InputError, Problem
from peakzero.pathways.boundaries import DEFAULT_BOUNDARY
from peakzero.pathways.correlation import copula_uniforms, correlations
from peakzero.pathways.distributions import quantile, uncertain_items
from peakzero.pathways.ensemble import chunked_outcomes
from peakzero.pathways.measure import measure
from peakzero.pathways.run import YEARS
from peakzero.pathways.scenarios import load_scenario

__all__ = [
    "CORRELATED",
    "DEFAULT_SAMPLES",
    "Sensitivity",
    "SobolIndex",
    "SobolOutput",
    "pathway_sensitivity",
    "sobol",
]

DEFAULT_SAMPLES = 1024
"""Base samples N: N x (inputs + 2) model runs (about 38,000 for 36 inputs, ten seconds)."""
CORRELATED = "correlated inputs"
"""The name of the group of the correlated inputs (``correlations.csv``) with ``correlated``."""
_MAX_SAMPLES = 2**16
WIDE_INTERVAL = 0.25
"""A 95 % half-width of a total index above this makes the ranking unreliable (said in the
note): e.g. an indicator output that is 1 in nearly every run (P(peak by 2030) of 0.99)."""


@dataclass(frozen=True)
class SobolIndex:
    """One input's share of an output's variance, with 95 % confidence half-widths."""

    input: str
    first: float  # S1: the share it explains alone
    first_confidence: float
    total: float  # ST: alone and through its interactions
    total_confidence: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in vars(self).items()}


@dataclass(frozen=True)
class SobolOutput:
    """The indices of one output, largest total first (empty when it does not vary)."""

    name: str
    mean: float
    variance: float
    indices: list[SobolIndex]
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "output": self.name,
            "mean": round(self.mean, 6),
            "variance": round(self.variance, 6),
            "note": self.note,
            "indices": [i.as_dict() for i in self.indices],
        }


def _power_of_two(samples: int) -> None:
    if not 2 <= samples <= _MAX_SAMPLES or samples & (samples - 1):
        msg = f"must be a power of 2 from 2 to {_MAX_SAMPLES:,} (Sobol sequences), e.g. 512"
        raise InputError(Problem("--samples", msg, value=samples))


def sobol(
    names: Sequence[str],
    evaluate: Callable[[np.ndarray], Mapping[str, np.ndarray]],
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    groups: Sequence[str] | None = None,
) -> list[SobolOutput]:
    """First-order and total Sobol indices of each output of ``evaluate`` with respect to
    ``names``, independent inputs uniform on [0, 1] (map them onto any distribution inside
    ``evaluate``).

    ``evaluate`` gets the whole Saltelli sample, ``(samples x (factors + 2), len(names))``,
    and returns one array of that many values per output: the model runs vectorised, once.
    ``groups`` (one name per input) makes the factors groups of inputs that the sample moves
    together: an index then belongs to a group (named by its first appearance), which is
    how inputs correlated with each other get a meaningful index.
    """
    from SALib.analyze import sobol as analyze  # imported here: only this command needs SALib
    from SALib.sample import sobol as sample

    _power_of_two(samples)
    problem: dict[str, Any] = {
        "num_vars": len(names),
        "names": list(names),
        "bounds": [[0.0, 1.0]] * len(names),
    }
    factors = list(names)
    if groups is not None:
        problem["groups"] = list(groups)
        factors = list(dict.fromkeys(groups))
    points = sample.sample(problem, samples, calc_second_order=False, seed=seed)
    found = []
    for output, values in evaluate(points).items():
        values = np.asarray(values, dtype=float)
        variance = float(np.var(values))
        if variance <= 1e-12 * max(1.0, float(np.mean(values)) ** 2):
            note = "no variance: every run gives the same value, there is nothing to apportion"
            found.append(SobolOutput(output, float(np.mean(values)), variance, [], note))
            continue
        with warnings.catch_warnings(record=True) as caught:
            # SALib's bootstrap divides by a resample's variance, which can be 0 for an
            # indicator output that is rarely 1 (a RuntimeWarning), and warns when a block of
            # the sample gives one value only: both said once, in the note, not as a warning.
            warnings.simplefilter("always")
            indices = analyze.analyze(
                problem, values, calc_second_order=False, conf_level=0.95, seed=seed
            )
        note = ""
        if any(issubclass(w.category, UserWarning) for w in caught):
            note = (
                "too few runs differ for reliable indices (parts of the sample give one value "
                "only); a larger --samples helps"
            )
        rows = [
            SobolIndex(
                name,
                float(indices["S1"][i]),
                float(indices["S1_conf"][i]),
                float(indices["ST"][i]),
                float(indices["ST_conf"][i]),
            )
            for i, name in enumerate(factors)
        ]
        rows.sort(key=lambda r: -r.total)
        widest = max((r.total_confidence for r in rows), default=0.0)
        if not note and widest > WIDE_INTERVAL:
            note = (
                f"indices uncertain: 95 % intervals up to ±{widest:.2f} (few runs differ or "
                "too few samples); a larger --samples helps"
            )
        found.append(SobolOutput(output, float(np.mean(values)), variance, rows, note))
    return found


@dataclass(frozen=True)
class Sensitivity:
    """Sobol indices of a scenario's P(peak by ``year``) and its emissions in ``year``."""

    scenario: str
    variable: str
    year: int
    samples: int
    runs: int
    seed: int
    seconds: float
    kinds: dict[str, str]  # input → lever, driver or parameter (or the correlated group)
    outputs: list[SobolOutput]
    correlated: bool = False  # the correlated inputs drawn through the copula, as one group

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "scenario": self.scenario,
            "variable": self.variable,
            "year": self.year,
            "samples": self.samples,
            "runs": self.runs,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
            "inputs": (
                f"correlated inputs drawn through the copula, one index as {CORRELATED!r}"
                if self.correlated
                else "independent, each on its own distribution (correlations not applied)"
            ),
            "kinds": self.kinds,
            "outputs": [o.as_dict() for o in self.outputs],
        }


def pathway_sensitivity(
    ref: str | os.PathLike[str],
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    variable: str | None = None,
    year: int = 2030,
    correlated: bool = False,
    boundary: str = DEFAULT_BOUNDARY,
    factor: str | float = "average",
) -> Sensitivity:
    """Sobol indices of "peaked by ``year``" (1 or 0 per run; its mean is P(peak by ``year``))
    and of the emissions in ``year`` for a scenario, over every uncertain input: on
    ``boundary`` (default the assessment boundary, its peak over the record too) or on
    ``variable`` if given (:func:`peakzero.pathways.measure.measure`).

    With ``correlated`` the inputs of ``correlations.csv`` are drawn through the ensemble's
    Gaussian copula and get one index together, as the group :data:`CORRELATED` (Sobol
    indices of single correlated inputs have no clean meaning); the others keep their own."""
    _power_of_two(samples)
    if year not in YEARS:
        msg = f"must be a year of the pathway, {YEARS[0]}-{YEARS[-1]}"
        raise InputError(Problem("--year", msg, value=year))
    measured = measure(boundary, factor, variable)
    scenario = load_scenario(ref)
    items = uncertain_items()
    names = list(items)
    column = int(np.searchsorted(YEARS, year))

    spec = correlations() if correlated else None
    groups = [CORRELATED if spec and k in spec.items else k for k in names] if spec else None

    def evaluate(points: np.ndarray) -> dict[str, np.ndarray]:
        uniforms = {key: points[:, j] for j, key in enumerate(names)}
        if spec is not None:
            # The group's own independent uniforms → normals → the copula's correlated ones.
            normals = {
                k: stats.norm.ppf(np.clip(uniforms[k], 1e-12, 1 - 1e-12)) for k in spec.items
            }
            uniforms |= copula_uniforms(spec, normals)
        multipliers = {key: quantile(items[key].spec, uniforms[key], key) for key in names}
        outcomes = chunked_outcomes(scenario, multipliers, len(points), measured)
        return {
            f"P(peak by {year})": (outcomes.peak_year <= year).astype(float),
            f"{measured.label} in {year}": outcomes.emissions[:, column],
        }

    start = time.perf_counter()
    outputs = sobol(names, evaluate, samples, seed, groups)
    kinds = {key: item.kind for key, item in items.items()}
    if spec is not None:
        kinds = {k: v for k, v in kinds.items() if k not in spec.items}
        kinds[CORRELATED] = "group: " + ", ".join(spec.items)
    return Sensitivity(
        scenario.name,
        measured.label,
        year,
        samples,
        samples * (len(kinds) + 2),
        seed,
        time.perf_counter() - start,
        kinds,
        outputs,
        correlated,
    )
