"""Identities of a solved network, used by tests and available to callers.

``balance_residuals``: the net injection of every bus in every snapshot (zero when the energy
balance closes). ``capacity_excess``: how far any dispatch goes beyond its capacity (zero when
none does).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["balance_residuals", "capacity_excess"]


def balance_residuals(n: Any) -> pd.DataFrame:
    """Net injection (MW) of each bus in each snapshot of a solved network."""
    parts = [
        n.generators_t.p.T.groupby(n.generators.bus).sum().T,
        -n.loads_t.p.T.groupby(n.loads.bus).sum().T,
        n.storage_units_t.p.T.groupby(n.storage_units.bus).sum().T,
        n.stores_t.p.T.groupby(n.stores.bus).sum().T,
    ]
    for port in range(4):
        buses = n.links[f"bus{port}"]
        used = buses[buses != ""].index
        parts.append(-n.links_t[f"p{port}"][used].T.groupby(buses[used]).sum().T)
    total = pd.DataFrame(0.0, index=n.snapshots, columns=n.buses.index)
    for part in parts:
        total = total.add(part, fill_value=0.0)
    return total


def capacity_excess(n: Any) -> dict[str, float]:
    """Largest excess (MW or MWh) of each kind of dispatch over its capacity."""
    gen_max = n.get_switchable_as_dense("Generator", "p_max_pu") * n.generators.p_nom_opt
    link_max = n.get_switchable_as_dense("Link", "p_max_pu") * n.links.p_nom_opt
    su = n.storage_units
    return {
        "generators": float((n.generators_t.p - gen_max).max().max()),
        "links": float((n.links_t.p0 - link_max).max().max()),
        "storage dispatch": float((n.storage_units_t.p_dispatch - su.p_nom_opt).max().max()),
        "storage charge": float((n.storage_units_t.p_store - su.p_nom_opt).max().max()),
        "storage energy": float(
            (n.storage_units_t.state_of_charge - su.p_nom_opt * su.max_hours).max().max()
        ),
        "stores": float((n.stores_t.e - n.stores.e_nom_opt).max().max()),
    }
