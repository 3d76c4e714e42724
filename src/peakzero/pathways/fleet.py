"""Stock turnover of the car fleet, shared by the model and the costs."""

from __future__ import annotations

import numpy as np

__all__ = ["fleet_share"]


def fleet_share(sales: np.ndarray, initial: float, lifetime: float) -> np.ndarray:
    """Share of a fleet of one drivetrain, when 1/lifetime of the fleet is replaced every year
    by new vehicles with that drivetrain's sales share of the year (stock turnover)."""
    rate = 1.0 / lifetime
    share = np.empty_like(sales, dtype=float)
    share[:, 0] = initial
    for t in range(1, sales.shape[1]):  # 41 steps, each vectorised over the runs
        share[:, t] = share[:, t - 1] * (1.0 - rate) + sales[:, t] * rate
    return share
