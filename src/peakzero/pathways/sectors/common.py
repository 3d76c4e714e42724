"""What the sector modules share: array helpers and the base year's segment and carrier order."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce

import numpy as np

from peakzero.pathways.base_year import CARRIERS, SEGMENTS

__all__ = [
    "COAL",
    "GAS",
    "OIL",
    "SEG",
    "Array",
    "change",
    "growth_index",
    "segment_energy",
    "total",
]

Array = np.ndarray
COAL, OIL, GAS = (CARRIERS.index(c) for c in ("coal", "oil", "gas"))
SEG = {name: i for i, name in enumerate(SEGMENTS)}


def total(arrays: Iterable[Array]) -> Array:
    """Element-wise sum of arrays (broadcasting, so one-run and many-run arrays mix)."""
    return reduce(np.add, arrays)


def growth_index(rate: Array) -> Array:
    """Cumulative index (1 in the first year) from yearly growth rates."""
    factors = np.concatenate([np.ones_like(rate[:, :1]), 1.0 + rate[:, 1:]], axis=1)
    return np.cumprod(factors, axis=1)


def change(path: Array) -> Array:
    """A path's change since the first (base) year."""
    return path - path[:, :1]


def segment_energy(base_energy: Array, segment: str, index: Array) -> Array:
    """(runs, years, carriers): base-year energy of a segment times an activity index."""
    return base_energy[SEG[segment]][None, None, :] * index[:, :, None]
