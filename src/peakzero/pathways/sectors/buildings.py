"""Buildings: space heating (area, green buildings, heat pumps, geothermal), the rest of their
energy, and the district heat of heat-led gas plants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import SEG, Array, change, segment_energy

__all__ = [
    "Buildings",
    "HeatingShares",
    "buildings",
    "district_heat",
    "heating_shares",
    "heating_systems_turnover",
]


@dataclass(frozen=True)
class HeatingShares:
    """Shares of the heated area by system, ``(runs, years)``."""

    heat_pumps: Array
    geothermal: Array
    gas: Array  # what heat pumps and geothermal leave to gas


@dataclass(frozen=True)
class Buildings:
    """Buildings' energy by carrier and the heat and electricity of their clean heating."""

    commercial: Array  # (runs, years, carriers)
    residential: Array
    heating: Array  # index of gas-fired heating, 1 in the base year
    heat_pump_heat: Array  # PJ of useful heat
    geothermal_heat: Array
    added_heat_pump_twh: Array  # electricity since the base year
    added_geothermal_twh: Array
    outputs: dict[str, Array]


def heating_shares(levers: Mapping[str, Array], heated_area: Array) -> HeatingShares:
    """Heat pumps and geothermal cannot serve more than the heated area: their shares are scaled
    down together when a scenario (or a Monte Carlo draw) asks for more."""
    served = levers["heat_pump_area"] + levers["geothermal_area"]
    scale = np.minimum(1.0, heated_area / np.maximum(served, 1e-12))
    heat_pumps = levers["heat_pump_area"] * scale / heated_area
    geothermal = levers["geothermal_area"] * scale / heated_area
    gas = np.maximum(1.0 - heat_pumps - geothermal, 0.0)
    return HeatingShares(heat_pumps, geothermal, gas)


def heating_systems_turnover(
    heated_area: Array, clean_share: Array, lifetime: float
) -> dict[str, Array]:
    """Heating systems turned over (10^6 m^2 a year): the area heat pumps and geothermal take
    over, and the part of it that comes before the gas systems it replaces reach their lifetime.

    A year's conversions can use, at end of life, the gas-heated area retiring that year (its
    area over ``lifetime``) and the growth of the heated area; the rest replaces gas systems
    early — a measure of how fast a scenario asks the city to move, not a limit on it.
    """
    clean = heated_area * clean_share
    gas = heated_area - clean
    converted = np.zeros_like(clean)
    converted[:, 1:] = np.maximum(np.diff(clean, axis=1), 0.0)
    natural = np.zeros_like(clean)
    natural[:, 1:] = gas[:, :-1] / lifetime + np.maximum(np.diff(heated_area, axis=1), 0.0)
    return {
        "Heating Systems|Converted": converted,
        "Heating Systems|Converted Early": np.maximum(converted - natural, 0.0),
    }


def buildings(
    levers: Mapping[str, Array],
    drivers: Mapping[str, Array],
    parameters: Mapping[str, float],
    base_energy: Array,
    a: Activity,
) -> Buildings:
    """A heating part (area, standards, heat pumps) and the rest, for commercial and
    residential buildings; heat pumps and geothermal deliver the heat that gas no longer does."""
    lv, p, e0 = levers, parameters, base_energy
    heating_share = p["building_heating_share"]
    green = 1.0 - p["green_building_saving"] * change(lv["green_building_share"])
    shares = heating_shares(lv, drivers["heated_area"])
    heating = a.heated_area * green * a.efficiency * shares.gas / shares.gas[:, :1]
    out = heating_systems_turnover(
        drivers["heated_area"], shares.heat_pumps + shares.geothermal, p["heating_system_lifetime"]
    )
    commercial = segment_energy(
        e0,
        "commercial",
        heating_share * heating + (1 - heating_share) * a.tertiary * a.efficiency,
    )
    households = a.population * a.efficiency * (1.0 - lv["community_saving"])
    residential = segment_energy(
        e0, "residential", heating_share * heating + (1 - heating_share) * households
    )

    power_heat0 = e0[SEG["power_heat"]].sum()
    useful_heat0 = p["gas_heating_efficiency"] * (
        heating_share * (e0[SEG["commercial"]].sum() + e0[SEG["residential"]].sum())
        + p["chp_heat_fraction"] * power_heat0
    )
    # PJ of useful heat
    heat_demand = useful_heat0 / shares.gas[:, :1] * a.heated_area * green * a.efficiency
    hp_heat = heat_demand * shares.heat_pumps
    geo_heat = heat_demand * shares.geothermal
    # Outside the additive tree (no reported parent): what the hourly grid needs (issue 4).
    out["Useful Heat|Heat Pumps"] = hp_heat
    out["Useful Heat|Geothermal"] = geo_heat
    out["Electricity Demand|Heat Pumps"] = hp_heat / p["heat_pump_cop"]
    out["Electricity Demand|Geothermal"] = geo_heat / p["geothermal_cop"]
    hp_electricity = (
        hp_heat / p["heat_pump_cop"] - (hp_heat / p["heat_pump_cop"])[:, :1]
    ) / PJ_PER_TWH
    geo_electricity = (
        geo_heat / p["geothermal_cop"] - (geo_heat / p["geothermal_cop"])[:, :1]
    ) / PJ_PER_TWH
    return Buildings(
        commercial,
        residential,
        heating,
        hp_heat,
        geo_heat,
        hp_electricity,
        geo_electricity,
        out,
    )


def district_heat(
    levers: Mapping[str, Array],
    parameters: Mapping[str, float],
    base_energy: Array,
    heating: Array,
) -> tuple[Array, Array, dict[str, Array]]:
    """Heat-led gas CHP and boilers (EB39), less the waste-heat share: the plants' energy by
    carrier, their gas-fired heat as an index (1 in the base year) and the reported heat."""
    p, e0 = parameters, base_energy
    waste_heat = levers["waste_heat_share"] - levers["waste_heat_share"][:, :1]
    district_heat_gas = heating * (1.0 - waste_heat)  # index, 1 in 2019
    power_heat = segment_energy(e0, "power_heat", district_heat_gas)
    power_heat0 = e0[SEG["power_heat"]].sum()
    district_heat0 = p["gas_heating_efficiency"] * p["chp_heat_fraction"] * power_heat0
    # Gas-fired and waste heat together.
    return power_heat, district_heat_gas, {"Final Energy|Heat": district_heat0 * heating}
