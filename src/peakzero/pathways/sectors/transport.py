"""Transport: freight and buses with fuel-cell vehicles, passenger cars (battery-electric and
fuel-cell fleets), aviation with sustainable fuel, and the other modes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.fleet import fleet_share, fuel_limited_fleet
from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import OIL, SEG, Array, change, growth_index, segment_energy

__all__ = ["Freight", "PassengerCars", "aviation", "freight", "other_transport", "passenger_cars"]

DAYS_PER_YEAR = 365  # hydrogen supply is given per day


@dataclass(frozen=True)
class Freight:
    """Road freight and buses: energy by carrier and the hydrogen of their fuel cells."""

    energy: Array  # (runs, years, carriers)
    hydrogen_pj: Array  # used by fuel-cell trucks and buses
    spare_hydrogen_pj: Array  # what the hydrogen supply leaves for fuel-cell cars
    outputs: dict[str, Array]


@dataclass(frozen=True)
class PassengerCars:
    """Road passengers: energy by carrier, fuel-cell cars' hydrogen, battery cars' electricity."""

    energy: Array  # (runs, years, carriers)
    hydrogen_pj: Array
    added_electricity_twh: Array  # battery-electric cars' electricity since the base year
    outputs: dict[str, Array]


def freight(
    levers: Mapping[str, Array],
    parameters: Mapping[str, float],
    base_energy: Array,
    a: Activity,
) -> Freight:
    """Freight and buses: activity, then fuel-cell vehicles within the hydrogen supply."""
    lv, p = levers, parameters
    energy = segment_energy(
        base_energy, "road_freight", a.gdp ** p["freight_gdp_elasticity"] * a.efficiency
    )
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
    return Freight(energy, hydrogen_pj, spare_pj, {"Stock|Transportation|FCEV": fcev})


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
    passenger0 = base_energy[SEG["road_passenger"]].sum()
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
    energy = segment_energy(base_energy, "road_passenger", car_km * a.efficiency * ice)
    added_twh = per_share * change(fleet) * p["bev_energy_ratio"] / PJ_PER_TWH
    # All battery-electric cars' electricity (the 2019 part is inside the base-year demand).
    out["Electricity Demand|Transportation|BEV"] = per_share * fleet * p["bev_energy_ratio"]
    return PassengerCars(energy, hydrogen_pj, added_twh, out)


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
