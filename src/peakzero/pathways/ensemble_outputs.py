"""What an ensemble says for decisions: per target P(met), P(net zero by 2050 / 2060), emission
quantiles per year (a fan chart), and the deterministic run beside the ensemble median.

Everything works on per-run arrays (:class:`RunOutcomes`) gathered chunk by chunk, so the same
code serves a local ensemble, one on a cluster, and a small hand-made one in a test. The emission
variable is a parameter (default territorial): the metrics do not assume a boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from peakzero.pathways.metrics import (
    NET,
    TERRITORIAL,
    TargetResult,
    judged,
    net_zero_year,
    target_met,
    target_values,
)
from peakzero.pathways.model import Results

if TYPE_CHECKING:
    from peakzero.pathways.scenarios import Target

__all__ = [
    "DETERMINISTIC",
    "MEDIAN",
    "NET_ZERO_BY",
    "QUANTILES",
    "RunOutcomes",
    "TargetProbability",
    "emission_quantiles",
    "median_year",
    "probability_by",
    "run_outcomes",
    "target_probabilities",
]

QUANTILES = (5, 25, 50, 75, 95)
"""The percentiles of the fan chart: p5-p95 band, p25-p75 band, median."""
NET_ZERO_BY = (2050, 2060)
"""The years "net zero by" is asked for (the draft 2050 target and the national 2060 goal)."""
DETERMINISTIC = "deterministic (central inputs)"
"""How the single run on central inputs is labelled wherever it is shown beside the ensemble."""
MEDIAN = "ensemble median"


@dataclass(frozen=True)
class RunOutcomes:
    """Per-run figures of an ensemble (or of a chunk of it)."""

    peak_year: np.ndarray  # (runs,)
    emissions: np.ndarray  # (runs, years) of the emission variable
    net_zero_year: np.ndarray  # (runs,), NaN where net emissions stay above 0 to the horizon
    targets: np.ndarray  # (runs, targets): the model's figure for each target

    @staticmethod
    def concatenate(parts: Sequence[RunOutcomes]) -> RunOutcomes:
        """The runs of ``parts`` one after another."""
        return RunOutcomes(
            np.concatenate([p.peak_year for p in parts]),
            np.concatenate([p.emissions for p in parts]),
            np.concatenate([p.net_zero_year for p in parts]),
            np.concatenate([p.targets for p in parts]),
        )


def run_outcomes(
    results: Results,
    peak_year: np.ndarray,
    targets: Sequence[Target],
    variable: str = TERRITORIAL,
    net: str = NET,
    emissions: np.ndarray | None = None,
) -> RunOutcomes:
    """The figures an ensemble keeps of each run of ``results``; ``peak_year`` comes from the
    ensemble's peak rule (:class:`peakzero.pathways.measure.Measure`), ``emissions`` (default
    ``results[variable]``) from what it measures."""
    values = [target_values(results, t) for t in targets]
    runs = results.runs
    return RunOutcomes(
        peak_year,
        np.asarray(results[variable] if emissions is None else emissions, dtype=float),
        net_zero_year(results[net], results.years),
        np.stack(values, axis=1) if values else np.empty((runs, 0)),
    )


def probability_by(years: np.ndarray, year: int) -> float:
    """Share of runs whose event year (NaN: never) is ``year`` or earlier."""
    reached = np.nan_to_num(years, nan=np.inf) <= year
    return float(np.mean(reached))


def median_year(years: np.ndarray) -> float | None:
    """The median event year, runs that never reach it counting as later than any year; None
    when half the runs or more never do."""
    median = float(np.median(np.nan_to_num(years, nan=np.inf)))
    return None if not np.isfinite(median) else median


def emission_quantiles(emissions: np.ndarray) -> dict[str, list[float]]:
    """``{"p5": [...], ..., "p95": [...]}``: each year's percentiles over the runs."""
    found = np.percentile(emissions, QUANTILES, axis=0)
    return {
        f"p{q}": [round(float(v), 4) for v in row] for q, row in zip(QUANTILES, found, strict=True)
    }


@dataclass(frozen=True)
class TargetProbability:
    """One target: the share of runs that meet it, beside the deterministic run's figure."""

    name: str
    year: int
    comparison: str
    target: float
    unit: str
    probability_met: float | None  # None: not judged (the model's figure is on another basis)
    median: float  # the ensemble median of the model's figure
    deterministic: float  # the deterministic run's figure
    deterministic_met: bool | None
    note: str = ""
    input: bool = False  # the scenario sets the figure itself (see metrics.INPUTS)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "name": self.name,
            "year": self.year,
            "comparison": self.comparison,
            "target": self.target,
            "unit": self.unit,
            "probability_met": self.probability_met,
            "median": round(self.median, 4),
            "deterministic": round(self.deterministic, 4),
            "deterministic_met": self.deterministic_met,
            "note": self.note,
            "input": self.input,
        }


def target_probabilities(
    values: np.ndarray, targets: Sequence[Target], deterministic: Sequence[TargetResult]
) -> list[TargetProbability]:
    """Per target P(met) over the runs (``values``: ``(runs, targets)`` from
    :func:`run_outcomes`), beside the deterministic run's evaluation (same order)."""
    found = []
    for column, (target, central) in enumerate(zip(targets, deterministic, strict=True)):
        figures = values[:, column]
        met = float(np.mean(target_met(figures, target))) if judged(target) else None
        found.append(
            TargetProbability(
                target.name,
                target.year,
                target.comparison,
                target.value,
                target.unit,
                met,
                float(np.median(figures)),
                central.value,
                central.met,
                central.note,
                central.input,
            )
        )
    return found
