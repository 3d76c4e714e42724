"""Stock turnover of the car fleet, shared by the model and the costs.

Both turnovers are recurrences over the years, vectorised over the runs. They step through
year-major copies of their inputs (one contiguous row a year, written in place with ``out=``),
which does the same arithmetic in the same order as stepping through the columns of the
``(runs, years)`` arrays, with a fraction of NumPy's per-call overhead. A single run (a
deterministic scenario) steps through Python floats instead: on one-element arrays each NumPy
call costs a microsecond for one multiplication. Python's float arithmetic is NumPy's (IEEE
double, rounded alike), and :func:`_maximum` / :func:`_minimum` choose as ``np.maximum`` /
``np.minimum`` do, so every path gives the same bits (``tests/pathways/test_fleet.py``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["fleet_share", "fuel_limited_fleet"]


def fleet_share(sales: np.ndarray, initial: float, lifetime: float) -> np.ndarray:
    """Share of a fleet of one drivetrain, when 1/lifetime of the fleet is replaced every year
    by new vehicles with that drivetrain's sales share of the year (stock turnover)."""
    rate = 1.0 / lifetime
    keep = 1.0 - rate
    if sales.shape[0] == 1:
        value, values = float(initial), [float(initial)]
        for offered in (sales[0] * rate).tolist()[1:]:
            value = value * keep + offered
            values.append(value)
        return np.array([values])
    new = np.ascontiguousarray((sales * rate).T)  # (years, runs)
    share = np.empty_like(new, dtype=float)
    share[0] = initial
    for t in range(1, len(share)):  # 41 steps, each vectorised over the runs
        np.multiply(share[t - 1], keep, out=share[t])
        np.add(share[t], new[t], out=share[t])
    return np.ascontiguousarray(share.T)


def fuel_limited_fleet(
    sales: np.ndarray, fuelable: np.ndarray, lifetime: float
) -> tuple[np.ndarray, np.ndarray]:
    """Fleet share of vehicles that need a fuel only so many can get (``fuelable``, a fleet
    share per year), and the share of the fleet sold as such each year.

    Each year 1/lifetime of the survivors retire; new vehicles are sold at the sales share of
    the fleet replaced, but only as many as the fuel left by the survivors can serve. If the
    fuel falls below what the survivors need, the surplus stands idle (counted as not running).
    """
    rate = 1.0 / lifetime
    keep = 1.0 - rate
    if sales.shape[0] == 1:
        return _one_fuel_limited_fleet((sales[0] * rate).tolist(), fuelable[0].tolist(), keep)
    offered = np.ascontiguousarray((sales * rate).T)  # (years, runs)
    fuel = np.ascontiguousarray(fuelable.T, dtype=float)
    running = np.zeros_like(offered, dtype=float)
    sold = np.zeros_like(offered, dtype=float)
    owned = np.zeros(offered.shape[1])  # bought and not yet retired, running or not
    room = np.empty_like(owned)
    for t in range(1, len(offered)):
        np.multiply(owned, keep, out=owned)
        np.subtract(fuel[t], owned, out=room)
        np.maximum(room, 0.0, out=room)
        # The offer clipped to [0, room]: np.clip's wrapper costs more than its arithmetic, and
        # minimum(maximum(x, 0), room) gives the same bits, signed zeros and NaN included
        # (tests/pathways/test_fleet.py holds this for the NumPy in use).
        np.maximum(offered[t], 0.0, out=sold[t])
        np.minimum(sold[t], room, out=sold[t])
        np.add(owned, sold[t], out=owned)
        np.minimum(owned, fuel[t], out=running[t])
    return np.ascontiguousarray(running.T), np.ascontiguousarray(sold.T)


def _one_fuel_limited_fleet(
    offered: list[float], fuelable: list[float], keep: float
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`fuel_limited_fleet` of one run, in Python floats (the same steps)."""
    running, sold = [0.0], [0.0]
    owned = 0.0
    for offer, fuel in zip(offered[1:], fuelable[1:], strict=True):
        owned = owned * keep
        room = _maximum(fuel - owned, 0.0)
        bought = _minimum(_maximum(offer, 0.0), room)
        owned = owned + bought
        sold.append(bought)
        running.append(_minimum(owned, fuel))
    return np.array([running]), np.array([sold])


def _maximum(a: float, b: float) -> float:
    """``np.maximum`` of two floats: NaN if either is, ``b`` when they tie (so of 0.0 and
    -0.0 the second), unlike Python's ``max``."""
    return a if a > b or a != a else b


def _minimum(a: float, b: float) -> float:
    """``np.minimum`` of two floats: NaN if either is, ``b`` when they tie."""
    return a if a < b or a != a else b
