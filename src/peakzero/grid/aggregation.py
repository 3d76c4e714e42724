"""Time aggregation of a grid network (tsam segments) and the error it is known to make.

Segmentation merges consecutive snapshots whose loads, profiles and COPs are alike into one
snapshot of variable length (PyPSA's ``n.cluster.temporal.segment``, which runs tsam): the
year stays in chronological order, so stores and storage units keep their meaning.

The error is measured, not guessed: ``data/grid/aggregation.csv`` records, per number of
segments, the relative difference between the default and a full-resolution solve of the same
network (``benchmarks/bench_grid.py --calibrate`` measures and writes it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from peakzero.grid.quiet import quiet
from peakzero.io.packaged import data_file

__all__ = ["Calibration", "aggregate", "calibration"]

CALIBRATION_FILE = "aggregation.csv"
CALIBRATION_COLUMNS = (
    "segments",
    "relative_error",
    "scenario",
    "year",
    "profiles",
    "default_objective",
    "full_objective",
    "default_seconds",
    "full_seconds",
    "measured",
)


@dataclass(frozen=True)
class Calibration:
    """One measured error of the default resolution: ``relative_error`` =
    (default objective - full objective) / full objective of the same network."""

    segments: int
    relative_error: float
    scenario: str
    year: int
    profiles: str
    default_objective: float
    full_objective: float
    default_seconds: float
    full_seconds: float
    measured: str

    def row(self) -> dict[str, str]:
        """The CSV row of this calibration."""
        return {name: str(getattr(self, name)) for name in CALIBRATION_COLUMNS}

    def note(self) -> str:
        """Where the figure comes from, for a person."""
        return (
            f"measured with {self.segments} segments on the {self.scenario} {self.year} network "
            f"({self.profiles}) against a full-resolution solve, {self.measured}"
        )


@cache
def calibration() -> dict[int, Calibration]:
    """The packaged calibrations by number of segments (empty if none was measured)."""
    path = data_file("grid", CALIBRATION_FILE)
    if not path.is_file():
        return {}
    found = {}
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        item = Calibration(
            segments=int(row["segments"]),
            relative_error=float(row["relative_error"]),
            scenario=row["scenario"],
            year=int(row["year"]),
            profiles=row["profiles"],
            default_objective=float(row["default_objective"]),
            full_objective=float(row["full_objective"]),
            default_seconds=float(row["default_seconds"]),
            full_seconds=float(row["full_seconds"]),
            measured=row["measured"],
        )
        found[item.segments] = item
    return found


def aggregate(n: Any, segments: int) -> Any:
    """The network with its snapshots merged into ``segments`` segments (tsam).

    Each segment's weighting is the sum of the weightings of the snapshots it merges, so the
    segments stand for the same hours as the network did (a few weeks that stand for a year
    keep doing so, and a segmented network can be segmented again).
    """
    segments = min(segments, len(n.snapshots))
    with quiet():
        result = n.cluster.temporal.get_segment_result(segments)
    m = result.n
    weights = n.snapshot_weightings.groupby(result.snapshot_map).sum()
    m.snapshot_weightings = weights.reindex(m.snapshots)
    return m
