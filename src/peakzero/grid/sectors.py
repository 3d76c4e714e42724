"""The heat and hydrogen parts of the network (see :mod:`peakzero.grid.network`).

Heat has three demand buses, one per supply system the pathway decides: district heat (gas CHP,
gas boilers, waste-to-energy, waste heat), buildings on heat pumps (air-source and transcritical
CO2 heat pumps with hourly COPs) and buildings on mid-deep geothermal. Each bus's annual demand is
the pathway's, so the grid honours the pathway's shares and sizes the equipment and storage.
"""

from __future__ import annotations

from peakzero.constants import HOURS_PER_YEAR
from peakzero.grid.builder import Builder

__all__ = ["add_heat", "add_hydrogen"]


def _thermal_storage(b: Builder, name: str, bus: str) -> None:
    """Water tanks on a heat bus: ``name`` is also their technology in the data."""
    t, hours = b.tech, b.tech.parameters["thermal_storage_hours"]
    eta = t.get(name, "efficiency")
    b.n.add(
        "StorageUnit",
        name,
        bus=bus,
        carrier="heat",
        p_nom_extendable=True,
        max_hours=hours,
        efficiency_store=eta,
        efficiency_dispatch=eta,
        standing_loss=b.tech.parameters["thermal_storage_loss"],
        cyclic_state_of_charge=True,
        capital_cost=hours * t.capital_cost(name),
    )


def add_heat(b: Builder) -> None:
    """District heat, heat-pump heat and geothermal heat with their supplies and storage."""
    n, i, t = b.n, b.inputs, b.tech
    n.add(
        "Load",
        "district heat demand",
        bus="district heat",
        carrier="heat",
        p_set=b.annual(i.district_heat_twh, "heat_demand"),
    )
    eta = t.get("gas boiler", "efficiency")
    n.add(
        "Link",
        "gas boiler",
        bus0="gas",
        bus1="district heat",
        bus2="co2 atmosphere",
        efficiency=eta,
        efficiency2=t.get("gas", "CO2 intensity"),
        p_nom_extendable=True,
        capital_cost=t.capital_cost("gas boiler") * eta,
        marginal_cost=t.vom("gas boiler") * eta,
        carrier="gas",
    )
    waste_mwh = i.district_heat_twh * i.waste_heat_share * 1e6
    # Waste heat (data centres, incineration, reclaimed water): up to the pathway's energy, at
    # up to `waste_heat_peak_ratio` (an assumption) times its mean rate.
    n.add(
        "Generator",
        "waste heat",
        bus="district heat",
        carrier="heat",
        p_nom=t.parameters["waste_heat_peak_ratio"] * waste_mwh / HOURS_PER_YEAR,
        e_sum_max=waste_mwh,
    )
    _thermal_storage(b, "district heat storage", "district heat")

    keep = 1 - i.grid_loss_share  # heat pumps draw their electricity through the city's grid
    n.add(
        "Load",
        "heat pump heat demand",
        bus="heat pump heat",
        carrier="heat",
        p_set=b.annual(i.heat_pump_heat_twh, "heat_demand"),
    )
    for name, tech, cop in (
        ("air-source heat pump", "air-source heat pump", "heat_pump_cop"),
        ("CO2 heat pump", "CO2 heat pump", "co2_heat_pump_cop"),
    ):
        efficiency = b.frame[cop] * keep
        n.add(
            "Link",
            name,
            bus0="electricity",
            bus1="heat pump heat",
            efficiency=efficiency,
            p_nom_extendable=True,
            carrier="heat",
            marginal_cost=t.vom(tech) * float(efficiency.mean()),
            capital_cost=t.capital_cost(tech) * float(efficiency.mean()),
        )
    _thermal_storage(b, "building heat storage", "heat pump heat")

    n.add(
        "Load",
        "geothermal heat demand",
        bus="geothermal heat",
        carrier="heat",
        p_set=b.annual(i.geothermal_heat_twh, "heat_demand"),
    )
    n.add(
        "Link",
        "geothermal",
        bus0="electricity",
        bus1="geothermal heat",
        carrier="heat",
        efficiency=i.geothermal_cop * keep,
        p_nom_extendable=True,
        capital_cost=t.capital_cost("geothermal") * i.geothermal_cop * keep,
    )


def add_hydrogen(b: Builder) -> None:
    """Hydrogen demand (fuel-cell vehicles, industry), imports, electrolysis, storage."""
    n, i, t, p = b.n, b.inputs, b.tech, b.tech.parameters
    n.add(
        "Load",
        "hydrogen fcev",
        bus="hydrogen",
        carrier="H2",
        p_set=b.annual(i.hydrogen_fcev_twh, None),
    )
    n.add(
        "Load",
        "hydrogen industry",
        bus="hydrogen",
        carrier="H2",
        p_set=b.annual(i.hydrogen_industry_twh, None),
    )
    total = (i.hydrogen_fcev_twh + i.hydrogen_industry_twh) * 1e6
    rate = max(total / HOURS_PER_YEAR, 1.0)
    peak = p["hydrogen_import_peak_ratio"] * rate  # MW the imports can deliver (an assumption)
    green = total * i.green_hydrogen_share
    # Bought from outside Beijing, as the pathway assumes, in its green/grey split; local
    # electrolysis may replace either when it is cheaper.
    n.add(
        "Generator",
        "hydrogen imports green",
        bus="hydrogen",
        carrier="H2",
        p_nom=peak,
        marginal_cost=p["hydrogen_import_price"],
        e_sum_max=green,
    )
    n.add(
        "Generator",
        "hydrogen imports grey",
        bus="grey hydrogen",
        carrier="H2",
        p_nom=peak,
        marginal_cost=p["hydrogen_import_price"],
        e_sum_max=total - green,
    )
    n.add(
        "Link",
        "grey hydrogen",
        bus0="grey hydrogen",
        bus1="hydrogen",
        bus2="co2 atmosphere",
        efficiency2=i.grey_hydrogen_t_per_mwh,
        p_nom=peak,
        carrier="H2",
    )
    eta = t.get("electrolyser", "efficiency")
    n.add(
        "Link",
        "electrolyser",
        bus0="electricity",
        bus1="hydrogen",
        efficiency=eta,
        p_nom_extendable=True,
        capital_cost=t.capital_cost("electrolyser"),
        carrier="H2",
    )
    eta = t.get("fuel cell", "efficiency")
    n.add(
        "Link",
        "fuel cell",
        bus0="hydrogen",
        bus1="electricity",
        efficiency=eta,
        p_nom_extendable=True,
        capital_cost=t.capital_cost("fuel cell") * eta,
        carrier="H2",
    )
    n.add(
        "Store",
        "hydrogen storage",
        bus="hydrogen",
        carrier="H2",
        e_nom_extendable=True,
        e_cyclic=True,
        capital_cost=t.capital_cost("hydrogen storage"),
    )
