"""Hourly dispatch at the electricity bus, and the full year dispatched with fixed capacities.

The default resolution solves the year in segments of several hours, which blurs a day's shape.
To show hourly dispatch, :func:`dispatch_with_capacities` takes the capacities a solve chose,
fixes them on the full-resolution network of the same year and dispatches all 8,760 hours — an
operational run, so every hour is chronological and the annual energies the pathway fixes still
hold. :func:`electricity_dispatch` then reads the electricity bus: supply positive, withdrawals
negative, grouped into a few categories.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peakzero.grid.inputs import GridInputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.profiles_contract import Profiles
from peakzero.grid.solve import optimize_network

__all__ = ["CATEGORIES", "dispatch_with_capacities", "electricity_dispatch"]

BUS = "electricity"
CATEGORIES: dict[str, str] = {
    "import corridor": "imports",
    "solar rooftop": "solar",
    "solar ground": "solar",
    "wind": "wind",
    "gas CHP": "gas CHP",
    "waste-to-energy": "waste-to-energy",
    "fuel cell": "fuel cell",
    "shed electricity": "unserved",
    "electricity demand": "demand",
    "ev charging": "electric vehicles",
    "ev smart charger": "electric vehicles",
    "air-source heat pump": "heat pumps",
    "CO2 heat pump": "heat pumps",
    "geothermal": "heat pumps",
    "electrolyser": "electrolysers",
}
"""Component name → category; storage units on the bus are ``storage``, anything else
``other``."""
_CAPACITY = (
    ("generators", "p_nom"),
    ("links", "p_nom"),
    ("storage_units", "p_nom"),
    ("stores", "e_nom"),
)


def dispatch_with_capacities(
    inputs: GridInputs, profiles: Profiles, solved: Any, options: GridOptions | None = None
) -> Any:
    """The full-resolution network of ``inputs`` with the capacities ``solved`` chose, dispatched.

    ``solved`` is a solved network of the same inputs (e.g. ``GridResult.network`` of the default
    resolution); every extendable capacity is fixed at its optimum there.
    """
    n = build_network(inputs, profiles, options=options)
    for component, attribute in _CAPACITY:
        table, chosen = getattr(n, component), getattr(solved, component)
        extendable = table.index[table[f"{attribute}_extendable"]]
        table.loc[extendable, attribute] = chosen.loc[extendable, f"{attribute}_opt"]
        table.loc[extendable, f"{attribute}_extendable"] = False
    optimize_network(n)
    return n


def electricity_dispatch(n: Any) -> pd.DataFrame:
    """MW at the electricity bus in every snapshot by category: supply > 0, withdrawal < 0."""
    parts: dict[str, pd.Series] = {}
    generators = n.generators.index[n.generators.bus == BUS]
    for name in generators:
        parts[name] = n.generators_t.p[name]
    for name in n.links.index[n.links.bus1 == BUS]:
        parts[name] = -n.links_t.p1[name]  # p1 < 0 where the link delivers
    for name in n.links.index[n.links.bus0 == BUS]:
        parts[name] = -n.links_t.p0[name]  # p0 > 0 where the link withdraws
    for name in n.loads.index[n.loads.bus == BUS]:
        parts[name] = -n.loads_t.p[name]
    storage = n.storage_units.index[n.storage_units.bus == BUS]
    frame = pd.DataFrame(parts, index=n.snapshots)
    grouped = frame.T.groupby(lambda name: CATEGORIES.get(name, "other")).sum().T
    if len(storage):
        grouped["storage"] = n.storage_units_t.p[storage].sum(axis=1)
    return grouped.loc[:, (grouped.abs() > 1e-6).any()]
