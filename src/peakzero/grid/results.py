"""What a solved grid network says, as one frozen :class:`GridResult`.

Units: MW and MWh for capacities, TWh/yr for annual energies, Mt CO2/yr, EUR/yr for costs (the
technology data are European costs in EUR; there is no sourced exchange rate to CNY), EUR/MWh
for prices (EUR/t on the CO2 bus). ``objective`` is PyPSA's ``Network.objective`` of the solved
network (peakzero solves with ``include_objective_constant=False``, so there is no constant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from peakzero.grid.iamc import result_to_iamc
from peakzero.grid.network import DEMAND_BUSES, year_share
from peakzero.grid.shedding import Shedding, shedding_report

__all__ = ["GridResult", "extract_results"]

ELECTRICITY_SOURCES = (
    "solar rooftop",
    "solar ground",
    "wind",
    "gas CHP",
    "waste-to-energy",
    "fuel cell",
    "import corridor",
)
HEAT_SOURCES = (
    "gas CHP",
    "gas boiler",
    "waste-to-energy",
    "waste heat",
    "air-source heat pump",
    "CO2 heat pump",
    "geothermal",
)
CO2_SOURCES = ("gas CHP", "gas boiler", "imports grid mix", "grey hydrogen")
PRICE_BUSES = (*DEMAND_BUSES, "co2 atmosphere")


@dataclass(frozen=True)
class GridResult:
    """The results of one solved network (see the module docstring for units)."""

    scenario: str
    year: int
    scenario_hash: str
    resolution: str
    snapshots: int
    seconds: float
    objective: float
    aggregation_error: float | None
    aggregation_note: str
    capacities: dict[str, float]
    generation_twh: dict[str, float]
    heat_twh: dict[str, float]
    hydrogen_twh: dict[str, float]
    imports_twh: dict[str, float]
    import_peak_mw: float
    curtailment_share: float
    storage_cycles: dict[str, float]
    served_twh: dict[str, float]
    co2: dict[str, float]
    costs: dict[str, float]
    unserved_mwh: dict[str, float]
    shedding: tuple[Shedding, ...]
    prices: pd.DataFrame = field(repr=False, compare=False)
    network: Any = field(repr=False, compare=False)

    @property
    def messages(self) -> tuple[str, ...]:
        """One sentence per bus that sheds load (empty when all demand is served)."""
        return tuple(s.message() for s in self.shedding)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (prices as mean/min/max per bus; the hourly series are in
        :attr:`prices`)."""
        record = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("prices", "network", "shedding")
        }
        record["units"] = {
            "objective": "EUR/yr",
            "capacities": "MW (name ending in 'energy': MWh)",
            "energies": "TWh/yr",
            "co2": "Mt CO2/yr",
            "costs": "EUR/yr",
            "prices": "EUR/MWh (co2 atmosphere: EUR/t)",
            "unserved_mwh": "MWh/yr",
        }
        record["prices"] = {
            bus: {"mean": float(s.mean()), "min": float(s.min()), "max": float(s.max())}
            for bus, s in self.prices.items()
        }
        record["messages"] = list(self.messages)
        return record

    def to_iamc(self) -> pd.DataFrame:
        """Long IAMC rows (model ``peakzero``, region ``CN-BJ``) with named units."""
        return result_to_iamc(self)


def _twh(power: pd.DataFrame | pd.Series, weight: pd.Series) -> Any:
    return power.mul(weight, axis=0).sum() / 1e6


def extract_results(
    n: Any,
    resolution: str,
    seconds: float,
    error: float | None,
    note: str = "",
    hours: pd.Index | None = None,
) -> GridResult:
    """Read a solved network into a :class:`GridResult`; ``hours`` (the snapshots of the
    network before aggregation) spreads each segment's prices over the hours it stands for."""
    w = n.snapshot_weightings.generators
    gen = n.generators_t.p
    links = n.links
    out = {k: -n.links_t[f"p{k}"] for k in (1, 2, 3)}  # power delivered at bus1..3
    mean_eff = n.get_switchable_as_dense("Link", "efficiency").mean()
    su = n.storage_units
    capacities = {
        name: float(n.generators.at[name, "p_nom_opt"])
        for name in ("solar rooftop", "solar ground", "wind")
    }
    for name in (
        "gas CHP",
        "waste-to-energy",
        "gas boiler",
        "air-source heat pump",
        "CO2 heat pump",
        "geothermal",
        "electrolyser",
        "fuel cell",
        "import corridor",
    ):
        capacities[name] = float(links.at[name, "p_nom_opt"] * mean_eff[name])
    for name in su.index:
        capacities[name] = float(su.at[name, "p_nom_opt"])
        capacities[f"{name} energy"] = float(su.at[name, "p_nom_opt"] * su.at[name, "max_hours"])
    capacities["hydrogen storage energy"] = float(n.stores.at["hydrogen storage", "e_nom_opt"])

    elec = {name: float(_twh(gen[name], w)) for name in ("solar rooftop", "solar ground", "wind")}
    for name in ("gas CHP", "waste-to-energy", "fuel cell"):
        elec[name] = float(_twh(out[1][name], w))
    heat = {name: float(_twh(out[1][name], w)) for name in HEAT_SOURCES if name in links.index}
    heat["gas CHP"] = float(_twh(out[2]["gas CHP"], w))
    heat["waste-to-energy"] = float(_twh(out[2]["waste-to-energy"], w))
    heat["waste heat"] = float(_twh(gen["waste heat"], w))
    hydrogen = {
        "imports green": float(_twh(gen["hydrogen imports green"], w)),
        "imports grey": float(_twh(gen["hydrogen imports grey"], w)),
        "electrolyser": float(_twh(out[1]["electrolyser"], w)),
        "fuel cell use": float(_twh(n.links_t.p0["fuel cell"], w)),
        "fcev demand": float(_twh(n.loads_t.p_set["hydrogen fcev"], w)),
        "industry demand": float(_twh(n.loads_t.p_set["hydrogen industry"], w)),
    }
    imports = {
        "green": float(_twh(gen["imports green"], w)),
        "grid mix": float(_twh(gen["imports grid mix"], w)),
    }
    imports["total"] = imports["green"] + imports["grid mix"]
    elec["imports"] = imports["total"]

    ren = ["solar rooftop", "solar ground", "wind"]
    available = (
        n.get_switchable_as_dense("Generator", "p_max_pu")[ren] * n.generators.p_nom_opt[ren]
    )
    avail = float(_twh(available, w).sum())
    curtailment = (avail - sum(elec[r] for r in ren)) / avail if avail > 0 else 0.0

    co2 = {
        name: float(_twh(n.links_t.p0[name] * links.at[name, f"efficiency{bus}"], w))
        for name, bus in (
            ("gas CHP", 3),
            ("gas boiler", 2),
            ("imports grid mix", 2),
            ("grey hydrogen", 2),
        )
    }
    # The store counts the modelled hours; a window's tonnes stand for the year's.
    co2["total"] = float(n.stores_t.e["co2 atmosphere"].iloc[-1] / 1e6 / year_share(n))

    shedding = shedding_report(n)
    unserved = dict.fromkeys(DEMAND_BUSES, 0.0)
    for s in shedding:
        unserved[s.bus] = s.energy_mwh
    loads = _twh(n.loads_t.p_set, w).groupby(n.loads.bus).sum()
    served = {
        "electricity": float(loads.get("electricity", 0.0) + loads.get("ev battery", 0.0)),
        **{bus: float(loads.get(bus, 0.0)) for bus in DEMAND_BUSES if bus != "electricity"},
    }
    for bus, mwh in unserved.items():
        served[bus] -= mwh / 1e6
    prices = n.buses_t.marginal_price.reindex(columns=list(PRICE_BUSES))
    if hours is not None:  # a segment starts at its first hour: carry its price forward
        prices = prices.reindex(hours, method="ffill")
    return GridResult(
        scenario=str(n.meta.get("scenario", "")),
        year=int(n.meta.get("year", 0)),
        scenario_hash=str(n.meta.get("scenario_hash", "")),
        resolution=resolution,
        snapshots=len(n.snapshots),
        seconds=seconds,
        objective=float(n.objective),
        aggregation_error=error,
        aggregation_note=note,
        capacities=capacities,
        generation_twh=elec,
        heat_twh=heat,
        hydrogen_twh=hydrogen,
        imports_twh=imports,
        import_peak_mw=float(n.links_t.p0["import corridor"].max()),
        curtailment_share=float(curtailment),
        storage_cycles=_cycles(n),
        served_twh=served,
        co2=co2,
        costs=_costs(n),
        unserved_mwh=unserved,
        shedding=shedding,
        prices=prices,
        network=n,
    )


def _cycles(n: Any) -> dict[str, float]:
    """Full charge-discharge cycles per year: energy discharged over energy capacity."""
    w = n.snapshot_weightings.generators  # hours each snapshot stands for in the year
    su = n.storage_units
    cycles = {}
    for name in su.index:
        energy = su.at[name, "p_nom_opt"] * su.at[name, "max_hours"]
        out = float((n.storage_units_t.p_dispatch[name] * w).sum())
        cycles[name] = out / energy if energy > 0 else 0.0
    e_nom = n.stores.at["hydrogen storage", "e_nom_opt"]
    out = float((n.stores_t.p["hydrogen storage"].clip(lower=0) * w).sum())
    cycles["hydrogen storage"] = out / e_nom if e_nom > 0 else 0.0
    return cycles


def _costs(n: Any) -> dict[str, float]:
    """The objective split into annualised capital cost and operating cost (EUR/yr)."""
    w = n.snapshot_weightings.objective
    capex = 0.0
    for comp, attr in (
        ("generators", "p_nom"),
        ("links", "p_nom"),
        ("storage_units", "p_nom"),
        ("stores", "e_nom"),
    ):
        static = getattr(n, comp)
        ext = static[static[f"{attr}_extendable"]]
        capex += float((ext[f"{attr}_opt"] * ext.capital_cost).sum())
    opex = 0.0
    for comp, flow in (
        ("Generator", n.generators_t.p),
        ("Link", n.links_t.p0),
        ("StorageUnit", n.storage_units_t.p_dispatch),
    ):
        cost = n.get_switchable_as_dense(comp, "marginal_cost")
        flows = flow.reindex(columns=cost.columns, fill_value=0.0)
        opex += float((flows * cost).mul(w, axis=0).sum().sum())
    return {"capex": capex, "opex": opex, "total": capex + opex}
