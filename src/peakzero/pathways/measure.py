"""What an ensemble measures: emissions on a boundary (with its record) or any one variable.

A boundary (:mod:`peakzero.pathways.boundaries`) is searched for its peak over the record and
the projection (:mod:`peakzero.pathways.peaks`); a plain IAMC variable has no record, so its
peak is searched over the projection only. One small, picklable object, so that a Dask worker
measures a chunk of runs exactly as the local loop does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peakzero.pathways.boundaries import (
    BOUNDARY_VARIABLES,
    DEFAULT_BOUNDARY,
    GridFactor,
    boundary_emissions,
    check_boundary,
    grid_factor,
)
from peakzero.pathways.metrics import peak, record
from peakzero.pathways.model import Results
from peakzero.pathways.peaks import peak_over_record

__all__ = ["Measure", "measure"]

AVERAGE = grid_factor("average")


@dataclass(frozen=True)
class Measure:
    """Emissions on ``boundary`` (``factor``: the assessment boundary's resolved grid factor), or
    the IAMC ``variable`` when ``boundary`` is None."""

    boundary: str | None
    variable: str
    factor: GridFactor = AVERAGE

    @property
    def label(self) -> str:
        """How outputs name what was measured: the variable, with the factor where it matters."""
        if self.boundary == "assessment" and self.factor.kind != "average":
            return f"{self.variable} ({self.factor.label})"
        return self.variable

    @property
    def factor_label(self) -> str:
        """The assessment boundary's factor as shown, ``-`` for anything else."""
        return self.factor.label if self.boundary == "assessment" else "-"

    def emissions(self, results: Results) -> np.ndarray:
        """``(runs, years)`` on the projection's years."""
        if self.boundary is None:
            return np.asarray(results[self.variable], dtype=float)
        return boundary_emissions(results, self.boundary, self.factor)

    def peak_years(self, results: Results) -> np.ndarray:
        """``(runs,)``: each run's peak year, over the record where the boundary has one."""
        if self.boundary is None:
            return peak(np.asarray(results[self.variable]), results.years)[0]
        years, values, _ = record(results, self.boundary, self.factor)
        return peak_over_record(years, values)[0]


def measure(
    boundary: str = DEFAULT_BOUNDARY, factor: str | float = "average", variable: str | None = None
) -> Measure:
    """A boundary (checked, its factor resolved), or ``variable`` when one is given."""
    if variable is not None:
        return Measure(None, variable)
    check_boundary(boundary, "--boundary")
    # Resolved once here (a bad factor refused with its message), not again in every worker.
    return Measure(boundary, BOUNDARY_VARIABLES[boundary], grid_factor(factor))
