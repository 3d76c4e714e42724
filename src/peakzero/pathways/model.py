"""The annual energy–emissions model, vectorised over runs × years.

Every quantity is a ``(runs, years)`` array; a deterministic scenario is one run. The equations
follow docs/methods/pathways.md. Units inside: PJ for energy, TWh for electricity, Mt CO2.
Base-year (2019) values reproduce CEADs' territorial CO2 exactly (:mod:`base_year`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce

import numpy as np

from peakzero.constants import J_PER_TCE, KGCE_PER_KWH, PJ_PER_TWH
from peakzero.pathways.base_year import CARRIERS, SEGMENTS, BaseYear
from peakzero.pathways.cost_data import CostData
from peakzero.pathways.costs import cost_outputs
from peakzero.pathways.fleet import fleet_share, fuel_limited_fleet

__all__ = ["ModelInputs", "Results", "simulate", "year_column"]

Array = np.ndarray
COAL, OIL, GAS = (CARRIERS.index(c) for c in ("coal", "oil", "gas"))
SEG = {name: i for i, name in enumerate(SEGMENTS)}


def year_column(years: Array, year: int) -> int:
    """The position of ``year`` in ``years``; a year off the horizon is a ``KeyError`` (not the
    neighbouring column a bare ``searchsorted`` would give)."""
    column = int(np.searchsorted(years, year))
    if column >= len(years) or years[column] != year:
        msg = f"year {year} is not in the pathway's years {int(years[0])}-{int(years[-1])}"
        raise KeyError(msg)
    return column


@dataclass(frozen=True)
class ModelInputs:
    """Lever and driver paths as ``(runs, years)`` arrays, parameters as numbers."""

    years: Array  # (years,)
    levers: Mapping[str, Array]
    drivers: Mapping[str, Array]
    parameters: Mapping[str, float]
    base: BaseYear
    costs: CostData | None = None  # prices and technology costs; no ``Cost|…`` outputs if None

    def lever_at(self, lever: str, year: int, run: int = 0) -> float:
        """A lever's value in ``year`` for one run (catalogue id, e.g. ``storage_gw``)."""
        return float(self.levers[lever][run, year_column(self.years, year)])

    def driver_at(self, driver: str, year: int, run: int = 0) -> float:
        """A driver's value in ``year`` for one run (catalogue id, e.g. ``import_grid_factor``)."""
        return float(self.drivers[driver][run, year_column(self.years, year)])


@dataclass(frozen=True)
class Results:
    """Named ``(runs, years)`` arrays (see :data:`VARIABLES` in :mod:`outputs`).

    Another engine reads them by IAMC variable name and year — :meth:`at` for one run,
    :meth:`in_year` for every run — never by array position (docs/design/results.md).
    """

    years: Array
    values: dict[str, Array]

    def __getitem__(self, name: str) -> Array:
        return self.values[name]

    @property
    def runs(self) -> int:
        """How many runs the arrays hold (1 for a deterministic scenario)."""
        return int(next(iter(self.values.values())).shape[0]) if self.values else 0

    def variables(self) -> list[str]:
        """The IAMC variable names, sorted."""
        return sorted(self.values)

    def at(self, variable: str, year: int, run: int = 0) -> float:
        """The value of an IAMC ``variable`` in ``year`` for one run (default the first).

        Raises
        ------
        KeyError
            An unknown variable or a year off the pathway's years.
        """
        return float(self._values(variable)[run, year_column(self.years, year)])

    def in_year(self, variable: str, year: int) -> Array:
        """``(runs,)``: every run's value of ``variable`` in ``year`` (a copy)."""
        return np.array(self._values(variable)[:, year_column(self.years, year)])

    def _values(self, variable: str) -> Array:
        try:
            return np.asarray(self.values[variable])
        except KeyError:
            msg = f"{variable!r} is not a pathway variable (see Results.variables())"
            raise KeyError(msg) from None


def _total(arrays: Iterable[Array]) -> Array:
    """Element-wise sum of arrays (broadcasting, so one-run and many-run arrays mix)."""
    return reduce(np.add, arrays)


def _growth_index(rate: Array) -> Array:
    """Cumulative index (1 in the first year) from yearly growth rates."""
    factors = np.concatenate([np.ones_like(rate[:, :1]), 1.0 + rate[:, 1:]], axis=1)
    return np.cumprod(factors, axis=1)


def _change(path: Array) -> Array:
    """A path's change since the first (base) year."""
    return path - path[:, :1]


def simulate(inputs: ModelInputs) -> Results:
    """Run the model for every run and year."""
    lv, dr, p, base = inputs.levers, inputs.drivers, inputs.parameters, inputs.base
    e0 = base.energy_pj
    ef = base.co2_per_pj()
    t = inputs.years - inputs.years[0]
    out: dict[str, Array] = {}

    # Drivers → activity indices (1 in 2019).
    gdp = _growth_index(dr["gdp_growth"])
    population = dr["population"] / dr["population"][:, :1]
    efficiency = (1.0 - dr["efficiency_gain"]) ** t
    area = dr["heated_area"] / dr["heated_area"][:, :1]
    out["GDP"] = gdp * p["gdp_2024_bn_cny"] / _at(gdp, inputs.years, 2024)
    # GDP by sector: industry and construction (secondary) grow as GDP^elasticity, the rest
    # (services, agriculture) makes up GDP. Real value-added indices, 1 in 2019.
    secondary = gdp ** p["industry_gdp_elasticity"]
    share0 = p["secondary_share_2019"]
    share = share0 * secondary / gdp
    out["GDP|Secondary Sector"] = out["GDP"] * share
    out["GDP|Primary and Tertiary Sectors"] = out["GDP"] * (1.0 - share)
    tertiary = gdp * (1.0 - share) / (1.0 - share0)
    out["Population"] = dr["population"]

    def energy(segment: str, index: Array) -> Array:
        """(runs, years, carriers): base-year energy of a segment times an activity index."""
        return e0[SEG[segment]][None, None, :] * index[:, :, None]

    # Buildings: a heating part (area, standards, heat pumps) and the rest.
    heating_share = p["building_heating_share"]
    green = 1.0 - p["green_building_saving"] * _change(lv["green_building_share"])
    # Heat pumps and geothermal cannot serve more than the heated area: their shares are scaled
    # down together when a scenario (or a Monte Carlo draw) asks for more.
    served = lv["heat_pump_area"] + lv["geothermal_area"]
    scale = np.minimum(1.0, dr["heated_area"] / np.maximum(served, 1e-12))
    hp_share = lv["heat_pump_area"] * scale / dr["heated_area"]
    geo_share = lv["geothermal_area"] * scale / dr["heated_area"]
    gas_heated = np.maximum(1.0 - hp_share - geo_share, 0.0)
    heating = area * green * efficiency * gas_heated / gas_heated[:, :1]
    _heating_turnover(out, dr["heated_area"], hp_share + geo_share, p["heating_system_lifetime"])
    commercial = energy(
        "commercial", heating_share * heating + (1 - heating_share) * tertiary * efficiency
    )
    households = population * efficiency * (1.0 - lv["community_saving"])
    residential = energy("residential", heating_share * heating + (1 - heating_share) * households)

    # Heat pumps and geothermal deliver the heat that gas no longer does.
    power_heat0 = e0[SEG["power_heat"]].sum()
    useful_heat0 = p["gas_heating_efficiency"] * (
        heating_share * (e0[SEG["commercial"]].sum() + e0[SEG["residential"]].sum())
        + p["chp_heat_fraction"] * power_heat0
    )
    heat_demand = useful_heat0 / gas_heated[:, :1] * area * green * efficiency  # PJ useful heat
    hp_heat = heat_demand * hp_share
    geo_heat = heat_demand * geo_share
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

    # District heat: heat-led gas CHP and boilers (EB39), less the waste-heat share.
    waste_heat = lv["waste_heat_share"] - lv["waste_heat_share"][:, :1]
    district_heat_gas = heating * (1.0 - waste_heat)  # index, 1 in 2019
    power_heat = energy("power_heat", district_heat_gas)
    district_heat0 = p["gas_heating_efficiency"] * p["chp_heat_fraction"] * power_heat0
    out["Final Energy|Heat"] = district_heat0 * heating  # gas-fired and waste heat together

    # Industry: activity, circular parks, hydrogen.
    industry_index = secondary * efficiency * (1 - lv["circular_park_saving"])
    industry_all = energy("industry", industry_index)
    industry_h2 = industry_all.sum(axis=2) * lv["hydrogen_industry_share"]
    industry = industry_all * (1.0 - lv["hydrogen_industry_share"])[:, :, None]

    # Freight and buses: activity, then fuel-cell vehicles within the hydrogen supply.
    freight = energy("road_freight", gdp ** p["freight_gdp_elasticity"] * efficiency)
    h2_per_vehicle_t = p["fcev_km_per_year"] * lv["fuel_cell_h2_per_100km"] / 100 / 1000
    supply_vehicles = lv["hydrogen_supply_tpd"] * 365 / np.maximum(h2_per_vehicle_t, 1e-9)
    fcev = np.minimum(lv["fcev_stock"], supply_vehicles)
    displaced = np.minimum(
        fcev * p["fcev_km_per_year"] * p["fcev_diesel_mj_per_km"] / 1e9, freight[:, :, OIL]
    )
    freight[:, :, OIL] -= displaced
    fcev_h2_pj = fcev * h2_per_vehicle_t * 1000 * p["hydrogen_lhv"] / 1e9  # kg × MJ/kg → PJ
    out["Stock|Transportation|FCEV"] = fcev
    spare_h2_pj = np.maximum(
        lv["hydrogen_supply_tpd"] * 365 * 1000 * p["hydrogen_lhv"] / 1e9 - fcev_h2_pj, 0.0
    )

    # Road passengers: travel, mode shift, battery-electric and fuel-cell cars.
    car_km = population * (1 - lv["green_trip_share"]) / (1 - lv["green_trip_share"][:, :1])
    fleet = fleet_share(lv["nev_share"], p["nev_fleet_share_2019"], p["vehicle_lifetime"])
    passenger0 = e0[SEG["road_passenger"]].sum()
    per_share = (
        passenger0 * car_km * efficiency / (1 - fleet[:, :1])
    )  # PJ of petrol per fleet share
    # Fuel-cell cars: sold at their share (within what battery-electric cars leave) of the cars
    # replaced each year, as far as the hydrogen left by trucks and buses can fuel them.
    fc_sales = np.minimum(lv["fcev_car_share"], 1.0 - lv["nev_share"])
    fuelable = spare_h2_pj / np.maximum(per_share * p["fcev_car_energy_ratio"], 1e-12)
    fc_fleet, fc_sold = fuel_limited_fleet(fc_sales, fuelable, p["vehicle_lifetime"])
    fcev_car_h2_pj = per_share * fc_fleet * p["fcev_car_energy_ratio"]
    out["Share|Transportation|Passenger Cars|BEV"] = 100.0 * fleet
    out["Share|Transportation|Passenger Cars|FCEV"] = 100.0 * fc_fleet
    # Cars in the fleet: 2019's (sized on the observed new-energy-vehicle stock of 2025),
    # growing with car travel.
    cars = p["car_fleet_2019"] * car_km / car_km[:, :1]
    out["Stock|Transportation|Passenger Cars|BEV"] = cars * fleet
    out["Stock|Transportation|Passenger Cars|FCEV"] = cars * fc_fleet
    out["Stock|Transportation|Passenger Cars|ICE"] = cars * (1 - fleet - fc_fleet)
    # Cars bought each year (1/lifetime of the fleet is replaced), for the costs.
    bev_sold = lv["nev_share"] / p["vehicle_lifetime"]
    out["Sales|Transportation|Passenger Cars|BEV"] = cars * np.where(t > 0, bev_sold, 0.0)
    out["Sales|Transportation|Passenger Cars|FCEV"] = cars * fc_sold
    ice = (1 - fleet - fc_fleet) / (1 - fleet[:, :1])
    passenger = energy("road_passenger", car_km * efficiency * ice)
    nev_electricity = per_share * _change(fleet) * p["bev_energy_ratio"] / PJ_PER_TWH
    # All battery-electric cars' electricity (the 2019 part is inside the base-year demand).
    out["Electricity Demand|Transportation|BEV"] = per_share * fleet * p["bev_energy_ratio"]
    fcev_h2_pj = fcev_h2_pj + fcev_car_h2_pj

    aviation_fuel = _growth_index(dr["aviation_growth"])
    aviation = energy("aviation", aviation_fuel * (1.0 - lv["low_carbon_aviation_share"]))
    out["Final Energy|Liquids|Biomass"] = (
        e0[SEG["aviation"]].sum() * aviation_fuel * lv["low_carbon_aviation_share"]
    )
    other_transport = energy("other_transport", gdp ** p["freight_gdp_elasticity"] * efficiency)
    agriculture = energy("agriculture", 1.0 - lv["agriculture_saving"])

    segments = {
        "industry": industry,
        "commercial": commercial,
        "residential": residential,
        "agriculture": agriculture,
        "road_passenger": passenger,
        "road_freight": freight,
        "aviation": aviation,
        "other_transport": other_transport,
        "power_heat": power_heat,
    }
    # Coal phase-out: the coal that goes is replaced by gas, energy for energy.
    coal_left = dr["coal_use_index"] / dr["coal_use_index"][:, :1]
    for e in segments.values():
        switched = e[:, :, COAL] * (1.0 - coal_left)
        e[:, :, COAL] -= switched
        e[:, :, GAS] += switched
    co2 = {name: (e * ef[SEG[name]][None, None, :]).sum(axis=2) for name, e in segments.items()}
    cement = base.cement_mt * dr["cement_output"]

    # CCUS on point sources: gas power and heat first, then cement.
    captured_ph = np.clip(lv["ccus_mt"], 0.0, np.maximum(co2["power_heat"], 0.0))
    captured_cement = np.clip(lv["ccus_mt"] - captured_ph, 0.0, np.maximum(cement, 0.0))
    co2["power_heat"] = co2["power_heat"] - captured_ph
    cement = cement - captured_cement
    out["Carbon Capture|CCUS"] = captured_ph + captured_cement

    _emissions(out, co2, cement, lv)
    _final_energy(out, segments, industry_h2, fcev_h2_pj)
    added = nev_electricity + hp_electricity + geo_electricity
    _electricity(out, inputs, gdp, efficiency, district_heat_gas, added)
    _hydrogen(out, lv, p, industry_h2 + fcev_h2_pj)
    _energy_balance(out, segments, hp_heat, geo_heat, p, lv)
    if inputs.costs is not None:
        out.update(cost_outputs(out, lv, dr, p, inputs.costs, _fuel_use(out, segments)))
    return Results(inputs.years, out)


def _fuel_use(out: Mapping[str, Array], segments: dict[str, Array]) -> dict[str, Array]:
    """PJ of each fuel the city buys, by price item: gasoline for cars, jet kerosene for
    aviation, diesel for the other oil; gas for power and heat plants apart. The totals are the
    primary energy of :func:`_energy_balance`."""
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


def _heating_turnover(
    out: dict[str, Array], heated_area: Array, clean_share: Array, lifetime: float
) -> None:
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
    out["Heating Systems|Converted"] = converted
    out["Heating Systems|Converted Early"] = np.maximum(converted - natural, 0.0)


def _at(values: Array, years: Array, year: int) -> Array:
    return values[:, [int(np.searchsorted(years, year))]]


def _emissions(
    out: dict[str, Array], co2: dict[str, Array], cement: Array, lv: Mapping[str, Array]
) -> None:
    transport = ("road_passenger", "road_freight", "aviation", "other_transport")
    names = {
        "road_passenger": "Road Passenger",
        "road_freight": "Road Freight",
        "aviation": "Aviation",
        "other_transport": "Other",
    }
    demand = "Emissions|CO2|Energy|Demand"
    for segment in transport:
        out[f"{demand}|Transportation|{names[segment]}"] = co2[segment]
    out[f"{demand}|Transportation"] = _total(co2[s] for s in transport)
    out[f"{demand}|Industry"] = co2["industry"]
    out[f"{demand}|Residential and Commercial"] = co2["residential"] + co2["commercial"]
    out[f"{demand}|AFOFI"] = co2["agriculture"]
    out[demand] = _total(
        out[f"{demand}|{k}"]
        for k in ("Transportation", "Industry", "Residential and Commercial", "AFOFI")
    )
    out["Emissions|CO2|Energy|Supply"] = co2["power_heat"]
    # Emissions|CO2 has the direct children EIP, AFOLU and Removals (so it is net); the energy
    # detail hangs below Emissions|CO2|Energy, which is not reported to keep that sum exact.
    eip_name = "Emissions|CO2|Energy and Industrial Processes"
    out[f"{eip_name}|Energy"] = out[demand] + co2["power_heat"]
    out[f"{eip_name}|Industrial Processes"] = cement
    eip = out[f"{eip_name}|Energy"] + cement
    out[eip_name] = eip
    out["Emissions|CO2|AFOLU"] = -lv["ecological_sink_mt"]
    out["Emissions|CO2|Removals"] = -lv["negative_emissions_mt"]
    out["Carbon Removal|Negative Emissions Technologies"] = lv["negative_emissions_mt"]
    out["Emissions|CO2"] = eip + out["Emissions|CO2|AFOLU"] + out["Emissions|CO2|Removals"]


def _final_energy(
    out: dict[str, Array], segments: dict[str, Array], industry_h2: Array, fcev_h2: Array
) -> None:
    demand = [e for name, e in segments.items() if name != "power_heat"]
    by_carrier = _total(demand)  # (runs, years, carriers)
    out["Final Energy|Solids"] = by_carrier[:, :, COAL]
    out["Final Energy|Liquids|Oil"] = by_carrier[:, :, OIL]
    out["Final Energy|Liquids"] = (
        out["Final Energy|Liquids|Oil"] + out["Final Energy|Liquids|Biomass"]
    )
    out["Final Energy|Gases"] = by_carrier[:, :, GAS]
    out["Final Energy|Hydrogen|Industry"] = industry_h2
    out["Final Energy|Hydrogen|Transportation"] = fcev_h2
    out["Final Energy|Hydrogen"] = industry_h2 + fcev_h2
    carriers = ("Solids", "Liquids", "Gases", "Hydrogen", "Heat")
    out["Final Energy"] = _total(out[f"Final Energy|{c}"] for c in carriers)


def _electricity(
    out: dict[str, Array],
    inputs: ModelInputs,
    gdp: Array,
    efficiency: Array,
    district_heat_gas: Array,
    added_twh: Array,
) -> None:
    lv, p = inputs.levers, inputs.parameters
    loss = lv["grid_loss_share"]
    # 2019: the whole-society consumption includes losses; later demand grows with GDP.
    final0 = p["electricity_2019_twh"] * (1.0 - loss[:, :1])
    final = final0 * gdp ** p["electricity_gdp_elasticity"] * efficiency + added_twh
    supply = final / (1.0 - loss)
    gas0 = (
        p["local_generation_2019_twh"]
        - lv["local_renewables_gw"][:, :1] * p["renewable_full_load_hours"] / 1000
    )
    gas = gas0 * district_heat_gas  # heat-led CHP: power output follows the gas-fired heat
    # Share of the curtailment that flexibility (storage + demand response, GW) removes.
    needed = p["flexibility_to_avoid_curtailment"] * lv["local_renewables_gw"]
    flexibility = (lv["storage_gw"] + lv["demand_response_share"] * p["peak_load_gw"]) / np.maximum(
        needed, 1e-9
    )
    curtailment = p["base_curtailment_share"] * np.clip(1.0 - flexibility, 0.0, 1.0)
    renewables = (
        lv["local_renewables_gw"] * p["renewable_full_load_hours"] / 1000 * (1 - curtailment)
    )
    imports = np.maximum(supply - gas - renewables, 0.0)
    green = np.minimum(lv["green_power_imports_twh"], imports)
    out["Final Energy|Electricity"] = final * PJ_PER_TWH
    out["Electricity Supply"] = supply * PJ_PER_TWH  # final demand plus grid losses
    out["Capacity|Electricity|Solar and Wind"] = lv["local_renewables_gw"]
    out["Final Energy"] = out["Final Energy"] + out["Final Energy|Electricity"]
    out["Secondary Energy|Electricity|Gas"] = gas * PJ_PER_TWH
    out["Secondary Energy|Electricity|Solar and Wind"] = renewables * PJ_PER_TWH
    out["Secondary Energy|Electricity"] = (gas + renewables) * PJ_PER_TWH
    out["Trade|Electricity|Imports"] = imports * PJ_PER_TWH
    out["Trade|Green Electricity Imports"] = green * PJ_PER_TWH
    out["Indirect Emissions|CO2|Electricity Imports"] = (imports - green) * inputs.drivers[
        "import_grid_factor"
    ]  # TWh × t/MWh = Mt


def _hydrogen(
    out: dict[str, Array], lv: Mapping[str, Array], p: Mapping[str, float], h2_pj: Array
) -> None:
    grey_kg = h2_pj * 1e9 / p["hydrogen_lhv"] * (1.0 - lv["green_hydrogen_share"])
    out["Indirect Emissions|CO2|Hydrogen"] = grey_kg * p["grey_h2_co2"] / 1e9  # kg CO2 → Mt
    indirect = (
        out["Indirect Emissions|CO2|Electricity Imports"] + out["Indirect Emissions|CO2|Hydrogen"]
    )
    out["Indirect Emissions|CO2"] = indirect
    out["Consumption Emissions|CO2"] = (
        out["Emissions|CO2|Energy and Industrial Processes"] + indirect
    )


def _energy_balance(
    out: dict[str, Array],
    segments: dict[str, Array],
    hp_heat: Array,
    geo_heat: Array,
    p: Mapping[str, float],
    lv: Mapping[str, Array],
) -> None:
    fossil = _total(segments.values())  # incl. the fuel of power and heat plants
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
        out[f"Primary Energy|{name}"] = values
    out["Primary Energy"] = _total(primary.values())
    green_hydrogen = hydrogen * lv["green_hydrogen_share"]
    renewable = renewables + out["Trade|Green Electricity Imports"] + biomass + green_hydrogen
    out["Share|Renewable Energy"] = 100.0 * renewable / out["Primary Energy"]
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
    primary_ce = out["Primary Energy"] + uplift * electricity
    out["Primary Energy (coal equivalent)"] = primary_ce
    out["Share|Renewable Energy (coal equivalent)"] = (
        100.0 * (renewable + uplift * green_electricity) / primary_ce
    )
    tce = out["Primary Energy"] * 1e15 / J_PER_TCE  # PJ → tce
    gdp_10k_cny = out["GDP"] * 1e5  # bn CNY → 10^4 CNY
    out["Energy Intensity of GDP"] = tce / gdp_10k_cny
    out["Energy Intensity of GDP (coal equivalent)"] = (
        out["Primary Energy (coal equivalent)"] * 1e15 / J_PER_TCE / gdp_10k_cny
    )
    out["Carbon Intensity of GDP"] = (
        out["Emissions|CO2|Energy and Industrial Processes"] * 1e6 / gdp_10k_cny
    )
