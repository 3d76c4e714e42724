"""Wedges: what each lever removes against a reference scenario (by default ``baseline``).

For every lever whose path differs between the two scenarios, the reference is run with that one
lever switched to the target's path; its wedge is the reference's net CO2 minus that run's. All
single-lever variants are simulated together as runs of one batch. Levers interact (a heat pump
saves less gas in a building that is already green), so the wedges do not add up exactly to the
difference between the scenarios; the remainder is reported as ``interaction``.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from peakzero.pathways import catalogue
from peakzero.pathways.metrics import NET
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import load_scenario

__all__ = ["wedges"]


def wedges(
    target: str | os.PathLike[str],
    reference: str | os.PathLike[str] = "baseline",
    variable: str = NET,
) -> pd.DataFrame:
    """Abatement by lever, Mt CO2/yr: columns ``lever, name_en, name_zh, year, abated``.

    ``variable`` is the emissions measured: net CO2 by default, or e.g.
    ``Consumption Emissions|CO2`` to credit green power imports.

    A ``drivers`` row gives the effect of the target's own drivers (e.g. the coal phase-out of the
    reference scenarios), and an ``interaction`` row (the non-additive remainder) closes the total:
    the sum over all rows of a year equals reference minus target.
    """
    ref, tgt = load_scenario(reference), load_scenario(target)
    changed = [k for k in ref.levers if ref.levers[k].to_json() != tgt.levers[k].to_json()]
    base, goal = model_inputs(ref), model_inputs(tgt)
    # Rows: the reference; one per changed lever; the target's drivers (e.g. coal phase-out)
    # on the reference's levers; the target.
    runs = len(changed) + 3
    levers = {k: np.repeat(v, runs, axis=0) for k, v in base.levers.items()}
    drivers = {k: np.repeat(v, runs, axis=0) for k, v in base.drivers.items()}
    for row, key in enumerate(changed, start=1):
        levers[key][row] = goal.levers[key][0]
    for key in drivers:
        drivers[key][-2:] = goal.drivers[key][0]
    for key in levers:
        levers[key][-1] = goal.levers[key][0]
    inputs = type(base)(YEARS, levers, drivers, dict(tgt.parameters), base.base)
    net = simulate(inputs)[variable]
    items = catalogue.levers()
    frames = [
        pd.DataFrame(
            {
                "lever": key,
                "name_en": items[key].name_en,
                "name_zh": items[key].name_zh,
                "year": YEARS,
                "abated": net[0] - net[row],
            }
        )
        for row, key in enumerate(changed, start=1)
    ]
    frames.append(
        pd.DataFrame(
            {
                "lever": "drivers",
                "name_en": "The target's drivers (e.g. coal phase-out)",
                "name_zh": "情景驱动因素（如煤炭压减）",
                "year": YEARS,
                "abated": net[0] - net[-2],
            }
        )
    )
    total = net[0] - net[-1]
    explained = sum((net[0] - net[row] for row in range(1, runs - 1)), np.zeros_like(total))
    frames.append(
        pd.DataFrame(
            {
                "lever": "interaction",
                "name_en": "Interaction of levers",
                "name_zh": "措施间交互作用",
                "year": YEARS,
                "abated": total - explained,
            }
        )
    )
    return pd.concat(frames, ignore_index=True)
