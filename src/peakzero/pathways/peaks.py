"""Peaks over the record: history and projection joined, vectorised over runs.

The rule (docs/methods/pathways.md, "Metrics"): a run's **peak** is its highest value over the
recorded years and the projection (the first year if the maximum repeats); a run has
**peaked by Y** when its maximum over the years up to and including Y is not exceeded in any
later year. A plateau (a later year equal to the maximum) does not undo a peak; a later re-rise
above it does. Years without a value (NaN) are left out of both. The two agree: a run has peaked
by Y exactly when its peak year is Y or earlier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["joined", "joined_arrays", "peak_over_record", "peaked_by"]


def joined(
    history: pd.Series | None, years: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Years and ``(runs, years)`` values with the recorded years before ``years[0]`` in front
    of every run (history is observed: the same in every run)."""
    if history is None or history.empty:
        return np.asarray(years), np.atleast_2d(np.asarray(values, dtype=float))
    before = history[history.index < years[0]]
    return joined_arrays(before.index.to_numpy(), before.to_numpy(dtype=float), years, values)


def joined_arrays(
    past_years: np.ndarray, past: np.ndarray, years: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`joined` with the recorded years and values before ``years[0]`` given as arrays."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    if len(past_years) == 0:
        return np.asarray(years), values
    past = np.broadcast_to(past, (values.shape[0], len(past)))
    return np.concatenate([past_years, years]), np.hstack([past, values])


def peak_over_record(years: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Peak year and value of each run (first year of the maximum; NaN years left out)."""
    values = np.atleast_2d(values)
    index = np.argmax(np.where(np.isnan(values), -np.inf, values), axis=1)
    return np.asarray(years)[index], values[np.arange(values.shape[0]), index]


def peaked_by(years: np.ndarray, values: np.ndarray, year: int) -> np.ndarray:
    """``(runs,)`` booleans: the maximum up to ``year`` is not exceeded in any later year."""
    values = np.where(np.isnan(values), -np.inf, np.atleast_2d(values))
    up_to = np.asarray(years) <= year
    if not up_to.any():
        return np.zeros(values.shape[0], dtype=bool)
    before = values[:, up_to].max(axis=1)
    after = values[:, ~up_to].max(axis=1, initial=-np.inf)
    return np.asarray(before >= after)
