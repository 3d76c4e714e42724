"""Transport: freight and buses with battery-electric and fuel-cell vehicles, passenger cars
(battery-electric and fuel-cell fleets) and taxis (battery-electric), aviation with sustainable
fuel, and the other modes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.fleet import fleet_share, fuel_limited_fleet
from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import (
    OIL,
    SEG,
    Array,
    change,
    growth_index,
    segment_energy,
    total,
)
from peakzero.pathways.sectors.electric_fleets import (
    ElectricFleet,
    electrify,
    energy_ratio,
    remove_from_segment,
)

__all__ = [
    "BEV_CLASSES",
    "Freight",
    "PassengerCars",
    "aviation",
    "bev_electricity",
    "bus_fossil_2019_pj",
    "freight",
    "other_transport",
    "passenger_cars",
    "taxi_fossil_2019_pj",
]

DAYS_PER_YEAR = 365  # hydrogen supply is given per day


@dataclass(frozen=True)
class Freight:
    """Road freight and buses: energy by carrier and the hydrogen of their fuel cells."""

    energy: Array  # (runs, years, carriers)
    hydrogen_pj: Array  # used by fuel-cell trucks and buses
    spare_hydrogen_pj: Array  # what the hydrogen supply leaves for fuel-cell cars
    added_electricity_twh: Array  # battery-electric trucks' and buses' since the base year
    outputs: dict[str, Array]


@dataclass(frozen=True)
class PassengerCars:
    """Road passengers: energy by carrier, fuel-cell cars' hydrogen, battery cars' electricity."""

    energy: Array  # (runs, years, carriers)
    hydrogen_pj: Array
    added_electricity_twh: Array  # battery-electric cars' and taxis' since the base year
    outputs: dict[str, Array]


def bus_fossil_2019_pj(parameters: Mapping[str, float]) -> float:
    """PJ of fossil fuel of 2019's buses that were not battery-electric."""
    p = parameters
    buses = p["bus_fleet_2019"] * (1.0 - p["bev_bus_fleet_share_2019"])
    return buses * p["bus_km_per_year"] * p["bus_fossil_mj_per_km"] / 1e9


def taxi_fossil_2019_pj(parameters: Mapping[str, float]) -> float:
    """PJ of fossil fuel of 2019's taxis that were not battery-electric."""
    p = parameters
    taxis = p["taxi_fleet_2019"] * (1.0 - p["bev_taxi_fleet_share_2019"])
    return taxis * p["taxi_km_per_year"] * p["taxi_fossil_mj_per_km"] / 1e9


def freight(
    levers: Mapping[str, Array],
    parameters: Mapping[str, float],
    base_energy: Array,
    a: Activity,
) -> Freight:
    """Freight and buses: activity, battery-electric trucks and buses by stock turnover, then
    fuel-cell vehicles within the hydrogen supply (taking diesel that is left)."""
    lv, p = levers, parameters
    activity_index = a.gdp ** p["freight_gdp_elasticity"]
    energy = segment_energy(base_energy, "road_freight", activity_index * a.efficiency)
    # Buses are a sourced fleet inside the segment; trucks (and vans) are the rest of it.
    bus0 = bus_fossil_2019_pj(p)
    truck0 = max(float(base_energy[SEG["road_freight"]].sum()) - bus0, 0.0)
    buses = electrify(
        bus0,
        activity_index * a.efficiency,
        lv["bev_bus_share"],
        p["bev_bus_fleet_share_2019"],
        p["bus_lifetime"],
        energy_ratio(p["bus_electric_kwh_per_km"], p["bus_fossil_mj_per_km"]),
    )
    trucks = electrify(
        truck0,
        activity_index * a.efficiency,
        lv["bev_truck_share"],
        p["bev_truck_fleet_share_2019"],
        p["truck_lifetime"],
        energy_ratio(p["truck_electric_kwh_per_km"], p["truck_fossil_mj_per_km"]),
    )
    remove_from_segment(energy, buses.displaced_pj + trucks.displaced_pj)
    h2_per_vehicle_t = p["fcev_km_per_year"] * lv["fuel_cell_h2_per_100km"] / 100 / 1000
    supply_vehicles = lv["hydrogen_supply_tpd"] * DAYS_PER_YEAR / np.maximum(h2_per_vehicle_t, 1e-9)
    fcev = np.minimum(lv["fcev_stock"], supply_vehicles)
    displaced = np.minimum(
        fcev * p["fcev_km_per_year"] * p["fcev_diesel_mj_per_km"] / 1e9, energy[:, :, OIL]
    )
    energy[:, :, OIL] -= displaced
    hydrogen_pj = fcev * h2_per_vehicle_t * 1000 * p["hydrogen_lhv"] / 1e9  # kg × MJ/kg → PJ
    supply_pj = lv["hydrogen_supply_tpd"] * DAYS_PER_YEAR * 1000 * p["hydrogen_lhv"] / 1e9
    spare_pj = np.maximum(supply_pj - hydrogen_pj, 0.0)
    out = {"Stock|Transportation|FCEV": fcev}
    out.update(_fleet_outputs("Trucks", trucks))
    out.update(_fleet_outputs("Buses", buses))
    out["Stock|Transportation|Buses|BEV"] = p["bus_fleet_2019"] * activity_index * buses.share
    added_twh = (buses.added_electricity_pj + trucks.added_electricity_pj) / PJ_PER_TWH
    return Freight(energy, hydrogen_pj, spare_pj, added_twh, out)


def _fleet_outputs(name: str, fleet: ElectricFleet) -> dict[str, Array]:
    """A class's battery-electric fleet share and electricity."""
    return {
        f"Share|Transportation|{name}|BEV": 100.0 * fleet.share,
        f"Electricity Demand|Transportation|BEV|{name}": fleet.electricity_pj,
    }


def passenger_cars(
    levers: Mapping[str, Array],
    parameters: Mapping[str, float],
    base_energy: Array,
    a: Activity,
    spare_hydrogen_pj: Array,
) -> PassengerCars:
    """Road passengers: travel, mode shift, battery-electric and fuel-cell cars."""
    lv, p = levers, parameters
    out: dict[str, Array] = {}
    car_km = a.population * (1 - lv["green_trip_share"]) / (1 - lv["green_trip_share"][:, :1])
    fleet = fleet_share(lv["nev_share"], p["nev_fleet_share_2019"], p["vehicle_lifetime"])
    # Taxis are a sourced fleet inside the segment, electrified on their own; cars are the rest.
    segment0 = float(base_energy[SEG["road_passenger"]].sum())
    taxi0 = min(taxi_fossil_2019_pj(p), segment0)
    passenger0 = segment0 - taxi0
    taxis = electrify(
        taxi0,
        a.population * a.efficiency,
        lv["bev_taxi_share"],
        p["bev_taxi_fleet_share_2019"],
        p["taxi_lifetime"],
        energy_ratio(p["taxi_electric_kwh_per_km"], p["taxi_fossil_mj_per_km"]),
    )
    # PJ of petrol per fleet share
    per_share = passenger0 * car_km * a.efficiency / (1 - fleet[:, :1])
    # Fuel-cell cars: sold at their share (within what battery-electric cars leave) of the cars
    # replaced each year, as far as the hydrogen left by trucks and buses can fuel them.
    fc_sales = np.minimum(lv["fcev_car_share"], 1.0 - lv["nev_share"])
    fuelable = spare_hydrogen_pj / np.maximum(per_share * p["fcev_car_energy_ratio"], 1e-12)
    fc_fleet, fc_sold = fuel_limited_fleet(fc_sales, fuelable, p["vehicle_lifetime"])
    hydrogen_pj = per_share * fc_fleet * p["fcev_car_energy_ratio"]
    out["Share|Transportation|Passenger Cars|BEV"] = 100.0 * fleet
    out["Share|Transportation|Passenger Cars|FCEV"] = 100.0 * fc_fleet
    # Cars in the fleet: 2019's civil cars (statistical communiqué), growing with car travel.
    cars = p["car_fleet_2019"] * car_km / car_km[:, :1]
    out["Stock|Transportation|Passenger Cars|BEV"] = cars * fleet
    out["Stock|Transportation|Passenger Cars|FCEV"] = cars * fc_fleet
    out["Stock|Transportation|Passenger Cars|ICE"] = cars * (1 - fleet - fc_fleet)
    # Cars bought each year (1/lifetime of the fleet is replaced), for the costs.
    bev_sold = lv["nev_share"] / p["vehicle_lifetime"]
    out["Sales|Transportation|Passenger Cars|BEV"] = cars * np.where(a.elapsed > 0, bev_sold, 0.0)
    out["Sales|Transportation|Passenger Cars|FCEV"] = cars * fc_sold
    ice = (1 - fleet - fc_fleet) / (1 - fleet[:, :1])
    # The segment's energy: the cars' part and the taxis' fossil energy, in its 2019 mix.
    index = (passenger0 * car_km * a.efficiency * ice + taxis.fossil_pj) / max(segment0, 1e-12)
    energy = segment_energy(base_energy, "road_passenger", index)
    cars_added = per_share * change(fleet) * p["bev_energy_ratio"]
    added_twh = (cars_added + taxis.added_electricity_pj) / PJ_PER_TWH
    # All battery-electric cars' electricity (the 2019 part is inside the base-year demand).
    out["Electricity Demand|Transportation|BEV|Passenger Cars"] = (
        per_share * fleet * p["bev_energy_ratio"]
    )
    out.update(_fleet_outputs("Taxis", taxis))
    out["Stock|Transportation|Taxis|BEV"] = p["taxi_fleet_2019"] * a.population * taxis.share
    return PassengerCars(energy, hydrogen_pj, added_twh, out)


BEV_CLASSES = ("Passenger Cars", "Taxis", "Buses", "Trucks")
"""Battery-electric road vehicle classes (children of ``Electricity Demand|Transportation|BEV``)."""


def bev_electricity(outputs: Mapping[str, Array]) -> Array:
    """PJ of electricity of all battery-electric road vehicles (the sum over the classes)."""
    return total(outputs[f"Electricity Demand|Transportation|BEV|{c}"] for c in BEV_CLASSES)


def aviation(
    levers: Mapping[str, Array], drivers: Mapping[str, Array], base_energy: Array
) -> tuple[Array, dict[str, Array]]:
    """Aviation's fossil energy by carrier and the sustainable aviation fuel that replaces it."""
    fuel = growth_index(drivers["aviation_growth"])
    low_carbon = levers["low_carbon_aviation_share"]
    energy = segment_energy(base_energy, "aviation", fuel * (1.0 - low_carbon))
    biomass = base_energy[SEG["aviation"]].sum() * fuel * low_carbon
    return energy, {"Final Energy|Liquids|Biomass": biomass}


def other_transport(parameters: Mapping[str, float], base_energy: Array, a: Activity) -> Array:
    """Rail, water and off-road transport (GPC II.2, II.3, II.5), growing as freight does."""
    index = a.gdp ** parameters["freight_gdp_elasticity"] * a.efficiency
    return segment_energy(base_energy, "other_transport", index)
