"""Unserved energy: where, how much and when the network sheds load, in words.

Load shedding is a generator at the value of lost load on every demand bus
(:data:`~peakzero.grid.network.DEMAND_BUSES`); when it runs, the settings cannot balance that
bus. :func:`shedding_report` says which balance fails, by how much and in which hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["Shedding", "add_shedding", "shedding_report"]

SHED = "shed "


@dataclass(frozen=True)
class Shedding:
    """Load shed on one bus over the modelled year.

    ``hours`` counts the hours of the year that the shedding snapshots stand for; ``first``,
    ``last`` and ``worst`` are those snapshots' start times (Beijing time); ``worst_mw`` is the
    largest shed power.
    """

    bus: str
    energy_mwh: float
    share: float  # of the bus's annual demand
    hours: float
    first: pd.Timestamp
    last: pd.Timestamp
    worst: pd.Timestamp
    worst_mw: float

    def message(self) -> str:
        """One sentence for a person."""
        return (
            f"the {self.bus} balance cannot close: {self.energy_mwh:,.0f} MWh "
            f"({100 * self.share:.2f} % of its demand) shed in {self.hours:,.0f} h of the year, "
            f"from {self.first:%Y-%m-%d %H:%M} to {self.last:%Y-%m-%d %H:%M}; worst "
            f"{self.worst_mw:,.0f} MW at {self.worst:%Y-%m-%d %H:%M}"
        )


def add_shedding(n: Any, value_of_lost_load: float, buses: tuple[str, ...]) -> None:
    """A load-shedding generator at ``value_of_lost_load`` (EUR/MWh) on each of ``buses``,
    up to ten times the bus's peak load."""
    loads = n.loads_t.p_set.T.groupby(n.loads.bus).sum().T
    for bus in buses:
        peak = float(loads[bus].max()) if bus in loads else 0.0
        n.add(
            "Generator",
            SHED + bus,
            bus=bus,
            carrier="load shedding",
            p_nom=10 * max(peak, 1.0),
            marginal_cost=value_of_lost_load,
        )


def shedding_report(n: Any, tolerance_mwh: float = 1.0) -> tuple[Shedding, ...]:
    """Every bus of a solved network that sheds more than ``tolerance_mwh`` in the year."""
    names = [g for g in n.generators.index if g.startswith(SHED)]
    if not names:
        return ()
    weight = n.snapshot_weightings.generators
    power = n.generators_t.p[names].clip(lower=0.0)
    loads = n.loads_t.p_set.T.groupby(n.loads.bus).sum().T
    found = []
    for name in names:
        bus = n.generators.at[name, "bus"]
        series = power[name]
        energy = float((series * weight).sum())
        if energy <= tolerance_mwh:
            continue
        shed = series[series * weight > tolerance_mwh * 1e-3]
        demand = float((loads[bus] * weight).sum()) if bus in loads else 0.0
        found.append(
            Shedding(
                bus=bus,
                energy_mwh=energy,
                share=energy / demand if demand > 0 else 1.0,
                hours=float(weight[shed.index].sum()),
                first=shed.index[0],
                last=shed.index[-1],
                worst=series.idxmax(),
                worst_mw=float(series.max()),
            )
        )
    return tuple(found)
