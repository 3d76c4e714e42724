"""The energy balance: final energy by carrier, primary energy (calorific and coal-equivalent),
renewable shares, intensities, and the fuels the city buys."""

from __future__ import annotations

from collections.abc import Mapping

from peakzero.constants import J_PER_TCE, KGCE_PER_KWH
from peakzero.pathways.sectors.common import COAL, GAS, OIL, Array, total

__all__ = ["final_energy", "fuel_use", "primary_energy"]


def final_energy(
    out: Mapping[str, Array],
    segments: Mapping[str, Array],
    industry_h2: Array,
    transport_h2: Array,
) -> dict[str, Array]:
    """Final energy by carrier (electricity is added by :func:`~.electricity.electricity`);
    ``out`` holds the biomass liquids and the heat already."""
    new: dict[str, Array] = {}
    demand = [e for name, e in segments.items() if name != "power_heat"]
    by_carrier = total(demand)  # (runs, years, carriers)
    new["Final Energy|Solids"] = by_carrier[:, :, COAL]
    new["Final Energy|Liquids|Oil"] = by_carrier[:, :, OIL]
    new["Final Energy|Liquids"] = (
        new["Final Energy|Liquids|Oil"] + out["Final Energy|Liquids|Biomass"]
    )
    new["Final Energy|Gases"] = by_carrier[:, :, GAS]
    new["Final Energy|Hydrogen|Industry"] = industry_h2
    new["Final Energy|Hydrogen|Transportation"] = transport_h2
    new["Final Energy|Hydrogen"] = industry_h2 + transport_h2
    known = {**out, **new}
    carriers = ("Solids", "Liquids", "Gases", "Hydrogen", "Heat")
    new["Final Energy"] = total(known[f"Final Energy|{c}"] for c in carriers)
    return new


def primary_energy(
    out: Mapping[str, Array],
    segments: Mapping[str, Array],
    hp_heat: Array,
    geo_heat: Array,
    parameters: Mapping[str, float],
    levers: Mapping[str, Array],
) -> dict[str, Array]:
    """Primary energy by source, renewable shares (calorific and coal-equivalent) and the
    intensities of GDP."""
    p = parameters
    new: dict[str, Array] = {}
    fossil = total(segments.values())  # incl. the fuel of power and heat plants
    ambient = hp_heat * (1 - 1 / p["heat_pump_cop"]) + geo_heat * (1 - 1 / p["geothermal_cop"])
    renewables = out["Secondary Energy|Electricity|Solar and Wind"] + ambient
    hydrogen = out["Final Energy|Hydrogen"]  # supplied from outside Beijing, at its energy
    biomass = out["Final Energy|Liquids|Biomass"]  # sustainable aviation fuel
    primary = {
        "Coal": fossil[:, :, COAL],
        "Oil": fossil[:, :, OIL],
        "Gas": fossil[:, :, GAS],
        "Biomass": biomass,
        "Non-Biomass Renewables": renewables,
        "Electricity Imports": out["Trade|Electricity|Imports"],
        "Hydrogen Imports": hydrogen,
    }
    for name, values in primary.items():
        new[f"Primary Energy|{name}"] = values
    new["Primary Energy"] = total(primary.values())
    green_hydrogen = hydrogen * levers["green_hydrogen_share"]
    renewable = renewables + out["Trade|Green Electricity Imports"] + biomass + green_hydrogen
    new["Share|Renewable Energy"] = 100.0 * renewable / new["Primary Energy"]
    # China's statistics count electricity from outside fossil plants at the coal a power plant
    # would burn for it (the coal-equivalent method), not at its calorific value: the basis of
    # Beijing's renewable-share figures and targets. Imported electricity is assumed to count
    # the same way (docs/methods/pathways.md).
    # The uplift is over electricity's calorific value (KGCE_PER_KWH, 0.1228 kgce/kWh).
    uplift = p["coal_equivalent_kgce_per_kwh"] / KGCE_PER_KWH - 1.0
    electricity = (
        out["Trade|Electricity|Imports"] + out["Secondary Energy|Electricity|Solar and Wind"]
    )
    green_electricity = (
        out["Trade|Green Electricity Imports"] + out["Secondary Energy|Electricity|Solar and Wind"]
    )
    primary_ce = new["Primary Energy"] + uplift * electricity
    new["Primary Energy (coal equivalent)"] = primary_ce
    new["Share|Renewable Energy (coal equivalent)"] = (
        100.0 * (renewable + uplift * green_electricity) / primary_ce
    )
    tce = new["Primary Energy"] * 1e15 / J_PER_TCE  # PJ → tce
    gdp_10k_cny = out["GDP"] * 1e5  # bn CNY → 10^4 CNY
    new["Energy Intensity of GDP"] = tce / gdp_10k_cny
    new["Energy Intensity of GDP (coal equivalent)"] = (
        new["Primary Energy (coal equivalent)"] * 1e15 / J_PER_TCE / gdp_10k_cny
    )
    new["Carbon Intensity of GDP"] = (
        out["Emissions|CO2|Energy and Industrial Processes"] * 1e6 / gdp_10k_cny
    )
    return new


def fuel_use(out: Mapping[str, Array], segments: Mapping[str, Array]) -> dict[str, Array]:
    """PJ of each fuel the city buys, by price item: gasoline for cars, jet kerosene for
    aviation, diesel for the other oil; gas for power and heat plants apart. The totals are the
    primary energy of :func:`primary_energy`."""
    gasoline = segments["road_passenger"][:, :, OIL]
    jet = segments["aviation"][:, :, OIL]
    plants_gas = segments["power_heat"][:, :, GAS]
    return {
        "coal": out["Primary Energy|Coal"],
        "gasoline": gasoline,
        "jet kerosene": jet,
        "diesel": out["Primary Energy|Oil"] - gasoline - jet,
        "gas for power and heat": plants_gas,
        "gas": out["Primary Energy|Gas"] - plants_gas,
    }
