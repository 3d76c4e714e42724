"""Wedges: what each lever contributes to a target scenario against a reference (``baseline``).

Each lever (or group of levers that only work together, such as fuel-cell vehicles and the
hydrogen supply they need) is taken *out of the target*: the target is run with that lever back
on the reference's path, and its wedge is how much more that run emits. This credits each lever
with what it does in the final system — CCUS, for instance, is credited with what it captures
from the plants that are left, not from the reference's larger gas fleet. Each driver the target
changes is a wedge of its own the same way (e.g. ``efficiency_gain``, the autonomous efficiency
gain that the frozen-technology baseline does not have, and ``coal_use_index``, the coal
phase-out), and ``interaction`` (levers overlap:
a heat pump saves less in a building that is already green) closes the total exactly: the rows
of a year add up to reference minus target. All variants run as one vectorised batch.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.pathways import catalogue
from peakzero.pathways.cost_data import CostData
from peakzero.pathways.metrics import NET
from peakzero.pathways.model import ModelInputs, simulate
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import ResolvedScenario, load_scenario

__all__ = [
    "DRIVERS",
    "DRIVER_PREFIX",
    "driver_groups",
    "label",
    "lever_groups",
    "players",
    "variants",
    "wedges",
]


def lever_groups(reference: ResolvedScenario, target: ResolvedScenario) -> dict[str, list[str]]:
    """The levers the target changes, by wedge: a lever's catalogue ``group`` or the lever."""
    items = catalogue.levers()
    groups: dict[str, list[str]] = {}
    for key in reference.levers:
        if reference.levers[key].to_json() != target.levers[key].to_json():
            groups.setdefault(items[key].group or key, []).append(key)
    return groups


DRIVER_PREFIX = "driver:"  # in a removal: put this driver back on the reference's path


def driver_groups(reference: ResolvedScenario, target: ResolvedScenario) -> dict[str, list[str]]:
    """The drivers the target changes, each a wedge of its own (e.g. ``efficiency_gain``)."""
    return {
        key: [DRIVER_PREFIX + key]
        for key in reference.drivers
        if reference.drivers[key].to_json() != target.drivers[key].to_json()
    }


def players(reference: ResolvedScenario, target: ResolvedScenario) -> dict[str, list[str]]:
    """Every wedge: the lever groups, then the drivers, each with the keys of its removal."""
    return {**lever_groups(reference, target), **driver_groups(reference, target)}


def label(group: str, members: list[str]) -> tuple[str, str]:
    """English and Chinese names of a wedge (a lever group or a driver)."""
    if members == [DRIVER_PREFIX + group]:
        driver = catalogue.drivers()[group]
        return f"{driver.name_en} (driver)", f"{driver.name_zh}（驱动因素）"
    items = catalogue.levers()
    if len(members) == 1 and members[0] == group:
        return items[group].name_en, items[group].name_zh
    return " + ".join(items[m].name_en for m in members), " + ".join(
        items[m].name_zh for m in members
    )


DRIVERS = "<drivers>"  # in a removal: put the target's drivers back on the reference's


def variants(
    reference: ResolvedScenario,
    target: ResolvedScenario,
    removals: Sequence[Sequence[str]],
    costs: CostData | None = None,
    multipliers: Mapping[str, np.ndarray] | None = None,
) -> ModelInputs:
    """The target's inputs as a batch of blocks: block 0 the target itself, then one block per
    removal with those levers (and, for :data:`DRIVERS`, all the drivers; for
    ``driver:<id>``, that driver) on the reference's paths.

    A block is one row, or with Monte Carlo ``multipliers`` (one per run,
    :func:`~peakzero.pathways.ensemble.sample_multipliers`) one row per run, both sides under
    the same draw: row ``block * runs + run``. Shared by the wedges, the MACC and the programme's
    impacts and their spread, which all ask "what does the target emit without these levers?"
    for many sets of levers at once.
    """
    base = model_inputs(reference, multipliers, costs=costs)
    goal = model_inputs(target, multipliers, costs=costs)
    blocks = len(removals) + 1
    # Copies (the paths of model_inputs may be read-only broadcasts), one block per variant.
    levers = {k: np.tile(v, (blocks, 1)) for k, v in goal.levers.items()}
    drivers = {k: np.tile(v, (blocks, 1)) for k, v in goal.drivers.items()}
    runs = next(iter(goal.levers.values())).shape[0]
    for block, removal in enumerate(removals, start=1):
        rows = slice(block * runs, (block + 1) * runs)
        for key in removal:
            if key == DRIVERS:
                for name in drivers:
                    drivers[name][rows] = base.drivers[name]
            elif key.startswith(DRIVER_PREFIX):
                name = key.removeprefix(DRIVER_PREFIX)
                drivers[name][rows] = base.drivers[name]
            else:
                levers[key][rows] = base.levers[key]
    # The target's parameters, a drawn one (a (runs, years) array) repeated for every block.
    parameters = {
        k: np.tile(v, (blocks, 1)) if isinstance(v, np.ndarray) else v
        for k, v in goal.parameters.items()
    }
    return ModelInputs(YEARS, levers, drivers, parameters, goal.base, goal.costs)


def wedges(
    target: str | os.PathLike[str],
    reference: str | os.PathLike[str] = "baseline",
    variable: str = NET,
) -> pd.DataFrame:
    """Abatement by lever, Mt CO2/yr: columns ``lever, name_en, name_zh, year, abated``.

    ``variable`` is the emissions measured: net CO2 by default, or e.g.
    ``Consumption Emissions|CO2`` to credit green power imports.
    """
    ref, tgt = load_scenario(reference), load_scenario(target)
    groups = players(ref, tgt)
    # Rows: 0 the target; one per wedge without it; the reference.
    removals = [*groups.values(), [*ref.levers, DRIVERS]]
    inputs = variants(ref, tgt, removals)
    results = simulate(inputs)
    if variable not in results.values:
        valid = "Emissions|CO2, Consumption Emissions|CO2"
        msg = f"unknown emissions variable; use e.g. {valid}"
        raise InputError(Problem("--variable", msg, value=variable))
    emitted = results[variable]
    rows = [
        (group, *label(group, members), emitted[row] - emitted[0])
        for row, (group, members) in enumerate(groups.items(), start=1)
    ]
    explained = np.sum([r[3] for r in rows], axis=0) if rows else 0.0 * emitted[0]
    interaction = emitted[-1] - emitted[0] - explained
    rows.append(("interaction", "Interaction of levers", "措施间交互作用", interaction))
    frames = [
        pd.DataFrame({"lever": k, "name_en": en, "name_zh": zh, "year": YEARS, "abated": v})
        for k, en, zh, v in rows
    ]
    return pd.concat(frames, ignore_index=True)
