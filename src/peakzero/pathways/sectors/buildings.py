"""Buildings: space heating (area, green buildings, heat pumps, geothermal), the rest of their
energy, and the district heat of heat-led gas plants.

Clean heat (heat pumps and geothermal) displaces gas-fired heat from two places: buildings' own
gas boilers and the district heat of gas CHP. :func:`displacement_split` divides it by a
documented rule (``heat_pump_chp_share``, the CHP share of Beijing's heated area; see
docs/methods/pathways.md, "Heat-pump displacement"), so that CHP power — which imports replace —
is not displaced in proportion to the CHP's large base-year fuel use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import SEG, Array, change, segment_energy

__all__ = [
    "Buildings",
    "HeatSplit",
    "HeatingShares",
    "buildings",
    "displacement_split",
    "district_heat",
    "heating_shares",
    "heating_systems_turnover",
    "plant_energy",
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
    heating: Array  # index of buildings' own gas-fired heating (boilers), 1 in the base year
    district_heating: Array  # index of the CHP's district heat, 1 in the base year
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


@dataclass(frozen=True)
class HeatSplit:
    """Where clean heat added since the base year comes from, PJ of useful heat ``(runs, years)``,
    and what is left of each gas-fired source as an index (1 in the base year)."""

    from_boilers: Array
    from_chp: Array
    boilers: Array  # index of boiler heat
    chp: Array  # index of CHP district heat


def displacement_split(
    boiler_heat: Array, chp_heat: Array, displaced: Array, chp_share: float
) -> HeatSplit:
    """Divide ``displaced`` useful heat (PJ, clean heat added since the base year) between boilers
    and CHP: ``chp_share`` of it from CHP district heat, the rest from boilers; what one source
    cannot give (its heat is used up) comes from the other.

    ``boiler_heat`` and ``chp_heat`` are the heat each would deliver without clean heating (PJ,
    ``(runs, years)``, positive in the base year); the indices are relative to their base year.
    """
    displaced = np.clip(displaced, 0.0, boiler_heat + chp_heat)
    want_chp = chp_share * displaced
    want_boilers = displaced - want_chp
    # The excess one source cannot give moves to the other (the clip above keeps it possible).
    from_boilers = np.minimum(want_boilers + np.maximum(want_chp - chp_heat, 0.0), boiler_heat)
    from_chp = displaced - from_boilers
    return HeatSplit(
        from_boilers, from_chp, _index(boiler_heat - from_boilers), _index(chp_heat - from_chp)
    )


def _index(heat: Array) -> Array:
    """``heat`` relative to its base year; 1 where there was none (a toy city without CHP: its
    index multiplies no energy)."""
    base = np.broadcast_to(heat[:, :1], heat.shape)
    return np.divide(heat, base, out=np.ones_like(heat), where=base > 0)


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
    out = heating_systems_turnover(
        drivers["heated_area"], shares.heat_pumps + shares.geothermal, p["heating_system_lifetime"]
    )
    # PJ of useful heat in the base year: buildings' own gas boilers and the CHP's district heat.
    power_heat0 = e0[SEG["power_heat"]].sum()
    boiler_heat0 = (
        p["gas_heating_efficiency"]
        * heating_share
        * (e0[SEG["commercial"]].sum() + e0[SEG["residential"]].sum())
    )
    chp_heat0 = p["gas_heating_efficiency"] * p["chp_heat_fraction"] * power_heat0
    useful_heat0 = boiler_heat0 + chp_heat0
    # Heat demand (all systems) and what gas would deliver without clean heat added since 2019.
    demand_index = a.heated_area * green * a.efficiency
    heat_demand = useful_heat0 / shares.gas[:, :1] * demand_index
    gas_share0 = shares.gas[:, :1]
    split = displacement_split(
        boiler_heat0 * demand_index,
        chp_heat0 * demand_index,
        heat_demand * (gas_share0 - shares.gas),
        p["heat_pump_chp_share"],
    )
    heating = split.boilers
    commercial = segment_energy(
        e0,
        "commercial",
        heating_share * heating + (1 - heating_share) * a.tertiary * a.efficiency,
    )
    households = a.population * a.efficiency * (1.0 - lv["community_saving"])
    residential = segment_energy(
        e0, "residential", heating_share * heating + (1 - heating_share) * households
    )
    hp_heat = heat_demand * shares.heat_pumps
    geo_heat = heat_demand * shares.geothermal
    # Outside the additive tree (no reported parent): what the hourly grid needs (issue 4).
    out["Useful Heat|Heat Pumps"] = hp_heat
    out["Useful Heat|Geothermal"] = geo_heat
    # Clean heat added since 2019 by the gas-fired source it displaced (issue 11).
    out["Useful Heat|Displaced|Boilers"] = split.from_boilers
    out["Useful Heat|Displaced|CHP"] = split.from_chp
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
        split.chp,
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
    district_heating: Array,
) -> tuple[Array, dict[str, Array]]:
    """Heat-led gas CHP and boilers (EB39), less the waste-heat share: their gas-fired heat as an
    index (1 in the base year) and the reported heat; ``district_heating`` is the index of the
    network's heat (gas-fired and waste heat) that clean heat leaves to it."""
    p, e0 = parameters, base_energy
    waste_heat = levers["waste_heat_share"] - levers["waste_heat_share"][:, :1]
    district_heat_gas = district_heating * (1.0 - waste_heat)  # index, 1 in 2019
    power_heat0 = e0[SEG["power_heat"]].sum()
    district_heat0 = p["gas_heating_efficiency"] * p["chp_heat_fraction"] * power_heat0
    # Gas-fired and waste heat together.
    return district_heat_gas, {"Final Energy|Heat": district_heat0 * district_heating}


def plant_energy(
    parameters: Mapping[str, float], base_energy: Array, heat_index: Array, power_index: Array
) -> Array:
    """The fuel of the heat-led plants (EB39) by carrier: the heat part (``chp_heat_fraction``)
    follows their gas-fired heat, the power part their gas-fired generation — the same index
    unless the firm-power floor keeps generation above what the heat would give."""
    f = parameters["chp_heat_fraction"]
    return segment_energy(base_energy, "power_heat", f * heat_index + (1.0 - f) * power_index)
