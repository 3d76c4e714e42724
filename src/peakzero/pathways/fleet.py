"""Stock turnover of the car fleet, shared by the model and the costs."""

from __future__ import annotations

import numpy as np

__all__ = ["fleet_share", "fuel_limited_fleet"]


def fleet_share(sales: np.ndarray, initial: float, lifetime: float) -> np.ndarray:
    """Share of a fleet of one drivetrain, when 1/lifetime of the fleet is replaced every year
    by new vehicles with that drivetrain's sales share of the year (stock turnover)."""
    rate = 1.0 / lifetime
    share = np.empty_like(sales, dtype=float)
    share[:, 0] = initial
    for t in range(1, sales.shape[1]):  # 41 steps, each vectorised over the runs
        share[:, t] = share[:, t - 1] * (1.0 - rate) + sales[:, t] * rate
    return share


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
    running = np.zeros_like(sales, dtype=float)
    sold = np.zeros_like(sales, dtype=float)
    owned = np.zeros(sales.shape[0])  # bought and not yet retired, running or not
    for t in range(1, sales.shape[1]):
        owned = owned * (1.0 - rate)
        sold[:, t] = np.clip(sales[:, t] * rate, 0.0, np.maximum(fuelable[:, t] - owned, 0.0))
        owned = owned + sold[:, t]
        running[:, t] = np.minimum(owned, fuelable[:, t])
    return running, sold
