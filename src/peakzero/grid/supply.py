"""Electricity supply of the network: imports from the North China grid and local plants
(see :mod:`peakzero.grid.network` for the whole picture)."""

from __future__ import annotations

import numpy as np

from peakzero.grid.builder import Builder

__all__ = ["add_imports", "add_local_supply"]


def add_imports(b: Builder) -> None:
    """North China grid: green and grid-mix imports with their annual energy fixed."""
    n, i, p = b.n, b.inputs, b.tech.parameters
    corridor = p["import_corridor_mw"]
    grey_mwh = max(i.imports_twh - i.green_imports_twh, 0.0) * 1e6
    green_mwh = min(i.green_imports_twh, i.imports_twh) * 1e6
    n.add(
        "Generator",
        "imports grid mix",
        bus="north china grid",
        carrier="AC",
        p_nom=corridor,
        marginal_cost=p["import_price"],
        e_sum_min=grey_mwh,
        e_sum_max=grey_mwh,
    )
    n.add(
        "Link",
        "imports grid mix",
        bus0="north china grid",
        bus1="import corridor",
        bus2="co2 atmosphere",
        efficiency2=i.import_grid_factor,
        p_nom=corridor,
        carrier="AC",
    )
    # Green imports come when North China's wind and PV blow and shine: their hourly offer
    # follows the profiles' wind and PV, a little above the contracted energy, which is fixed.
    wind = p["green_import_wind_share"]
    offer = b.annual(green_mwh / 1e6 * (1 + p["green_import_spill"]), None) * (
        wind * b.frame["wind"] / b.frame["wind"].mean()
        + (1 - wind) * b.frame["pv"] / b.frame["pv"].mean()
    )
    n.add(
        "Generator",
        "imports green",
        bus="import corridor",
        carrier="AC",
        p_nom=corridor,
        p_max_pu=(offer / corridor).clip(upper=1.0),
        marginal_cost=p["import_price"],
        e_sum_min=green_mwh,
        e_sum_max=green_mwh,
    )
    n.add(
        "Link",
        "import corridor",
        bus0="import corridor",
        bus1="electricity",
        p_nom=corridor,
        carrier="AC",
    )


def add_local_supply(b: Builder) -> None:
    """PV, wind, gas CHP, waste-to-energy, batteries and pumped hydro."""
    n, i, t, p = b.n, b.inputs, b.tech, b.tech.parameters
    # The pathway decides local wind and PV; ``renewables_headroom`` lets the grid add more.
    room = 1.0 + p["renewables_headroom"]
    renewables = (
        ("solar rooftop", "pv", i.pv_gw * p["rooftop_share"]),
        ("solar ground", "pv", i.pv_gw * (1 - p["rooftop_share"])),
        ("wind", "wind", i.wind_gw),
    )
    for name, shape, gw in renewables:
        n.add(
            "Generator",
            name,
            bus="electricity",
            carrier="AC",
            p_nom_extendable=True,
            p_nom_min=gw * 1000,
            p_nom_max=gw * 1000 * room,
            p_max_pu=b.frame[shape],
            capital_cost=t.capital_cost(name),
            marginal_cost=t.vom(name),
        )
    n.add(
        "Generator",
        "natural gas",
        bus="gas",
        carrier="gas",
        p_nom=1e6,
        marginal_cost=t.get("gas", "fuel"),
    )
    eta = t.get("gas CHP", "efficiency")
    chp_min = i.gas_electricity_twh * 1e6 / p["chp_full_load_hours"] / eta  # MW of gas input
    # The pathway's CHP is heat-led and makes gas_electricity_twh a year: the grid may run it
    # less, never more (its own gas supply is capped at that), so that the grid's gas power and
    # CO2 cannot exceed the pathway's — e.g. to feed electrolysers or dump heat into storage.
    n.add("Bus", "chp gas", carrier="gas")
    n.add(
        "Generator",
        "chp gas",
        bus="chp gas",
        carrier="gas",
        p_nom=1e6,
        marginal_cost=t.get("gas", "fuel"),
        e_sum_max=i.gas_electricity_twh * 1e6 / eta,
    )
    n.add(
        "Link",
        "gas CHP",
        bus0="chp gas",
        bus1="electricity",
        bus2="district heat",
        bus3="co2 atmosphere",
        efficiency=eta,
        efficiency2=eta / t.get("gas CHP", "c_b"),
        efficiency3=t.get("gas", "CO2 intensity"),
        p_nom_extendable=True,
        p_nom_min=chp_min,
        capital_cost=t.capital_cost("gas CHP") * eta,
        marginal_cost=t.vom("gas CHP") * eta,
        carrier="gas",
    )
    eta_w = t.get("waste-to-energy", "efficiency")
    waste_fuel = p["waste_to_energy_mw"] / eta_w
    n.add("Generator", "municipal waste", bus="waste", carrier="waste", p_nom=waste_fuel)
    n.add(
        "Link",
        "waste-to-energy",
        bus0="waste",
        bus1="electricity",
        bus2="district heat",
        efficiency=eta_w,
        efficiency2=t.get("waste-to-energy", "efficiency-heat"),
        p_nom_extendable=True,
        p_nom_min=waste_fuel,
        p_nom_max=waste_fuel,
        capital_cost=t.capital_cost("waste-to-energy") * eta_w,
        marginal_cost=t.vom("waste-to-energy") * eta_w,
        carrier="waste",
    )
    phs = p["shisanling_mw"]
    eta_phs = float(np.sqrt(t.get("pumped hydro", "efficiency")))
    n.add(
        "StorageUnit",
        "pumped hydro",
        bus="electricity",
        carrier="AC",
        p_nom_extendable=True,
        p_nom_min=phs,
        p_nom_max=phs,
        max_hours=p["shisanling_hours"],
        efficiency_store=eta_phs,
        efficiency_dispatch=eta_phs,
        cyclic_state_of_charge=True,
        capital_cost=t.capital_cost("pumped hydro"),
    )
    hours = p["battery_hours"]
    eta_b = t.get("battery inverter", "efficiency")
    n.add(
        "StorageUnit",
        "battery",
        bus="electricity",
        carrier="AC",
        p_nom_extendable=True,
        p_nom_min=max(i.storage_gw * 1000 - phs, 0.0),
        max_hours=hours,
        efficiency_store=eta_b,
        efficiency_dispatch=eta_b,
        cyclic_state_of_charge=True,
        capital_cost=t.capital_cost("battery inverter") + hours * t.capital_cost("battery storage"),
    )
