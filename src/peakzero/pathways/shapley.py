"""Shapley wedges: each lever's share of the gap between a reference and a target, no residual.

The take-one-out wedges (:func:`peakzero.pathways.wedges.wedges`) credit each lever with what it
does in the final system and leave an ``interaction`` row. The Shapley value instead averages a
lever's marginal effect over every order in which the levers could be switched on, from the
reference to the target: for one order, switching the levers on one by one moves emissions from
the reference's to the target's, and the steps add up to the whole gap exactly (they telescope).
Averaging over orders keeps that sum, so the wedges of a year add up to reference minus target
with nothing left over (the Shapley value: L. S. Shapley, "A value for n-person games", 1953).

With n players (lever groups and the target's drivers) there are n! orders, so the value is
estimated from sampled orders, each drawn with its reverse (antithetic pairs: a lever early in
one order is late in the other, which cancels much of the sampling noise). The standard error of
each wedge's mean over the sampled orders is reported with it. Every coalition of every order
runs in one vectorised batch (:func:`~peakzero.pathways.wedges.variants`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.pathways.metrics import NET
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS
from peakzero.pathways.scenarios import load_scenario
from peakzero.pathways.wedges import label, players, variants

__all__ = ["DEFAULT_ORDERS", "ShapleyWedges", "shapley_wedges"]

DEFAULT_ORDERS = 200
"""Sampled orders (100 antithetic pairs). Measured on the packaged plan against the baseline:
the largest standard error of any wedge in any year is 0.53 Mt CO2/yr (the efficiency driver,
which the frozen baseline lacks, interacts with every lever; the CLI prints it with every run),
in about 1 s of CPU."""


@dataclass(frozen=True)
class ShapleyWedges:
    """Shapley wedges by lever and year (``table``: ``lever, name_en, name_zh, year, abated,
    standard_error``), from ``orders`` sampled orders of ``players`` with ``seed``; ``gap`` is
    reference minus target by year, which the wedges of each year add up to."""

    table: pd.DataFrame
    gap: np.ndarray
    orders: int
    seed: int
    players: tuple[str, ...]

    @property
    def largest_standard_error(self) -> float:
        """The largest sampling standard error of any wedge in any year, Mt CO2/yr."""
        return float(self.table["standard_error"].max())


def shapley_wedges(
    target: str | os.PathLike[str],
    reference: str | os.PathLike[str] = "baseline",
    variable: str = NET,
    orders: int = DEFAULT_ORDERS,
    seed: int = 0,
) -> ShapleyWedges:
    """Shapley wedges of ``target`` against ``reference`` on ``variable`` (Mt CO2/yr).

    Players are the lever groups and the drivers the target changes
    (:func:`~peakzero.pathways.wedges.players`), each driver on its own (e.g.
    ``efficiency_gain`` against the frozen-technology baseline).
    ``orders`` (an even number of at least 2) orders are sampled in antithetic pairs with
    ``seed``.

    Raises
    ------
    InputError
        If ``orders`` is not an even number of at least 2, or ``variable`` is not an emissions
        variable of the model.
    """
    if orders < 2 or orders % 2:
        msg = "the number of orders must be an even number of at least 2 (antithetic pairs)"
        raise InputError(Problem("--orders", msg, value=orders))
    ref, tgt = load_scenario(reference), load_scenario(target)
    members = players(ref, tgt)
    names = tuple(members)
    sequences = _orders(len(names), orders, seed)  # (orders, n): player indices
    # Coalition k of an order = its first k players switched to the target; a removal lists
    # the players still on the reference. Row 0 of the batch is the target (all switched).
    n = len(names)
    removals = [
        [key for p in sequence[k:] for key in members[names[p]]]
        for sequence in sequences
        for k in range(n + 1)
    ]
    results = simulate(variants(ref, tgt, removals))
    if variable not in results.values:
        msg = "unknown emissions variable; use e.g. Emissions|CO2, Consumption Emissions|CO2"
        raise InputError(Problem("--variable", msg, value=variable))
    emitted = np.asarray(results[variable])[1:].reshape(orders, n + 1, YEARS.size)
    steps = emitted[:, :-1, :] - emitted[:, 1:, :]  # abatement of the k-th player switched on
    by_player = np.zeros((orders, n, YEARS.size))
    rows = np.arange(orders)[:, None]
    by_player[rows, sequences, :] = steps
    mean = by_player.mean(axis=0)
    error = by_player.std(axis=0, ddof=1) / np.sqrt(orders)
    gap = emitted[0, 0, :] - emitted[0, -1, :]
    frames = []
    for index, player in enumerate(names):
        en, zh = label(player, members[player])
        frames.append(
            pd.DataFrame(
                {
                    "lever": player,
                    "name_en": en,
                    "name_zh": zh,
                    "year": YEARS,
                    "abated": mean[index],
                    "standard_error": error[index],
                }
            )
        )
    # No player (the target is the reference): no wedge, and a gap of zero.
    columns = ["lever", "name_en", "name_zh", "year", "abated", "standard_error"]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return ShapleyWedges(table, gap, orders, seed, names)


def _orders(players: int, orders: int, seed: int) -> np.ndarray:
    """``orders`` orders of ``players`` in antithetic pairs: each drawn order, then its reverse."""
    rng = np.random.default_rng(seed)
    drawn = np.array([rng.permutation(players) for _ in range(orders // 2)])
    return np.concatenate([drawn, drawn[:, ::-1]]).reshape(orders, players)
