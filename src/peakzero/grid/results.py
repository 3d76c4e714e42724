"""What a solved grid network says, as one frozen :class:`GridResult`.

Units: MW and MWh for capacities, TWh/yr for annual energies, Mt CO2/yr, CNY/yr for costs and
CNY/MWh for prices (CNY/t on the CO2 bus), like the pathway's costs. The network is built in EUR,
the currency of its technology data; its costs and prices are reported at ``eur_cny``, the
pathway costs' EUR → CNY rate recorded in the network's ``meta`` (a currency factor changes no
solution, so only the report is converted). ``objective`` is PyPSA's ``Network.objective`` of
the solved network times that rate (peakzero solves with ``include_objective_constant=False``,
so there is no constant). ``discount_rate`` is the rate the investments were annualised at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from peakzero.grid.iamc import result_to_iamc
from peakzero.grid.network import DEMAND_BUSES, year_share
from peakzero.grid.shedding import Shedding, shedding_report
from peakzero.grid.technologies import economy

__all__ = ["GridResult", "extract_results"]

HEAT_SOURCES = (
    "gas CHP",
    "gas boiler",
    "waste-to-energy",
    "waste heat",
    "air-source heat pump",
    "CO2 heat pump",
    "geothermal",
)
PRICE_BUSES = (*DEMAND_BUSES, "co2 atmosphere")
CURRENCY_NOTE = (
    "costs and prices in CNY, converted from the EUR of the technology data at eur_cny "
    "(unless overridden, the ECB 2020 mean of data/pathways/costs.csv); investments annualised "
    "at discount_rate (unless overridden, the social discount rate of the pathway costs)"
)


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
    eur_cny: float
    discount_rate: float
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
            "objective": "CNY/yr",
            "capacities": "MW (name ending in 'energy': MWh)",
            "energies": "TWh/yr",
            "co2": "Mt CO2/yr",
            "costs": "CNY/yr",
            "prices": "CNY/MWh (co2 atmosphere: CNY/t)",
            "unserved_mwh": "MWh/yr",
            "eur_cny": "CNY/EUR",
            "discount_rate": "1",
        }
        record["currency_note"] = CURRENCY_NOTE
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
    eur_cny, rate = _economy(n)
    prices = n.buses_t.marginal_price.reindex(columns=list(PRICE_BUSES)) * eur_cny
    if hours is not None:  # a segment starts at its first hour: carry its price forward
        prices = prices.reindex(hours, method="ffill")
    return GridResult(
        scenario=str(n.meta.get("scenario", "")),
        year=int(n.meta.get("year", 0)),
        scenario_hash=str(n.meta.get("scenario_hash", "")),
        resolution=resolution,
        snapshots=len(n.snapshots),
        seconds=seconds,
        objective=float(n.objective) * eur_cny,
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
        costs={name: value * eur_cny for name, value in _costs(n).items()},
        eur_cny=eur_cny,
        discount_rate=rate,
        unserved_mwh=unserved,
        shedding=shedding,
        prices=prices,
        network=n,
    )


def _economy(n: Any) -> tuple[float, float]:
    """(EUR → CNY rate, discount rate) the network was built with; for a network from before
    they were recorded (an older netCDF file), the packaged ones."""
    meta = n.meta or {}
    if "eur_cny" in meta and "discount_rate" in meta:
        return float(meta["eur_cny"]), float(meta["discount_rate"])
    packaged = economy()
    return packaged["eur_cny"], packaged["discount_rate"]


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
    """The objective split into annualised capital cost and operating cost (EUR/yr, the
    network's currency)."""
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
