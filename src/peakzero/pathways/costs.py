"""Costs of a pathway run, bn CNY per year, vectorised over runs × years.

    Cost = Cost|Investment + Cost|O&M + Cost|Fuel + Cost|Carbon Management

* **Investment** is annualised: what is built after 2019 (growth of a stock and the
  replacement of what was built after 2019 and has reached its lifetime) is paid as an annuity
  at the discount rate over its lifetime, at the unit cost of the year it is built (vintages).
  The 2019 stock counts as existing: only its fixed O&M is paid.
* Vehicles and green buildings count the *extra* investment over the conventional alternative
  (a battery-electric car over a petrol car, a fuel-cell truck over a diesel one).
* **O&M** is fixed O&M of the whole stock (a share of the year's unit investment) and the yearly
  cost of demand response.
* **Fuel** is what the city pays for coal, oil products (gasoline for cars, jet kerosene for
  aviation, diesel for the rest), gas (power and heat plants at their own price), imported
  electricity (grid mix and green), hydrogen and sustainable aviation fuel (a multiple of the
  jet-fuel price).
* **Carbon management** is what CCUS and direct air capture use per tonne (electricity, heat,
  CO2 transport and storage) and the cost of added ecological sinks per tonne; their plant is
  under investment and O&M (``Carbon Capture``, ``Direct Air Capture``).

A cost line whose figures are missing from the cost data is left out (and named by
:func:`missing_lines`), so the tree stays additive and nothing is priced at zero by accident.
The total is therefore the cost of what the model tracks, meant for comparing scenarios: the
existing conventional stock (boilers, petrol cars, plants) is not priced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from peakzero.constants import HOURS_PER_YEAR, KWH_PER_PJ, PJ_PER_TWH
from peakzero.errors import ReferenceDataError
from peakzero.pathways.cost_data import CostData
from peakzero.technologies import annuity, grid_parameter, technology_series

__all__ = ["LEVER_COSTS", "NON_CHINESE_COSTS", "UNCOSTED", "cost_outputs", "missing_lines"]

Array = np.ndarray

# What each lever's cost depends on besides the energy prices (which every lever moves). A
# lever listed in UNCOSTED has an investment the research does not price: its abatement cost
# is not reported.
LEVER_COSTS: dict[str, tuple[str, ...]] = {
    "local_renewables_gw": ("Cost|Investment|Solar and Wind",),
    "storage_gw": ("Cost|Investment|Storage",),
    "heat_pump_area": ("Cost|Investment|Heat Pumps",),
    "geothermal_area": ("Cost|Investment|Geothermal",),
    "nev_share": ("Cost|Investment|Battery Electric Cars",),
    "fcev_car_share": ("Cost|Investment|Fuel Cell Cars", "Cost|Fuel|Hydrogen"),
    "fcev_stock": ("Cost|Investment|Fuel Cell Vehicles", "Cost|Fuel|Hydrogen"),
    "hydrogen_supply_tpd": ("Cost|Investment|Hydrogen Refuelling",),
    "fuel_cell_h2_per_100km": ("Cost|Fuel|Hydrogen",),
    "green_hydrogen_share": ("Cost|Fuel|Hydrogen",),
    "green_power_imports_twh": ("Cost|Fuel|Green Electricity Imports",),
    "green_building_share": ("Cost|Investment|Green Buildings",),
    "demand_response_share": ("Cost|O&M|Demand Response",),
    "ccus_mt": ("Cost|Investment|Carbon Capture", "Cost|Carbon Management|CCUS"),
    "negative_emissions_mt": (
        "Cost|Investment|Direct Air Capture",
        "Cost|Carbon Management|Negative Emissions",
    ),
    "ecological_sink_mt": ("Cost|Carbon Management|Ecological Sinks",),
    "low_carbon_aviation_share": ("Cost|Fuel|Biomass",),
}
UNCOSTED: dict[str, str] = {
    "hydrogen_industry_share": "industrial hydrogen burners and furnaces",
    "grid_loss_share": "power electronics that cut grid losses",
    "waste_heat_share": "waste-heat recovery",
    "green_trip_share": "public transport, cycling and walking infrastructure",
    "circular_park_saving": "circular-park measures",
    "community_saving": "energy-saving community measures",
    "agriculture_saving": "low-carbon agriculture measures",
    "bev_truck_share": "battery-electric trucks over diesel ones",
    "bev_bus_share": "battery-electric buses over diesel ones",
    "bev_taxi_share": "battery-electric taxis over petrol ones",
}

# Levers whose investment is priced with costs that are not Chinese market costs, said next to
# their figures (the MACC's table, JSON and the report). No Chinese market cost per kW of
# air-source or ground-source heat pumps or of mid-deep geothermal heating was found in a
# citable source (docs/methods/pathways.md, "Costs and the MACC"), so the Danish figures stay.
DANISH = "Danish Energy Agency cost via PyPSA/technology-data (EUR), not a Chinese market cost"
NON_CHINESE_COSTS: dict[str, str] = {
    "heat_pump_area": f"air-source heat pump: {DANISH}",
    "geothermal_area": f"geothermal: ground-source heat pump as a proxy, {DANISH}; wells excluded",
    "local_renewables_gw": f"solar and wind: {DANISH}",
    "storage_gw": f"battery storage: {DANISH}",
    "ccus_mt": f"carbon capture: {DANISH}",
    "negative_emissions_mt": f"direct air capture: {DANISH}",
    "fcev_car_share": "fuel-cell car: European prices (Fraunhofer ISE via technology-data)",
    "fcev_stock": "fuel-cell truck/bus: European prices (Fraunhofer ISE via technology-data)",
    "nev_share": "battery-electric car: European prices for 2020 and 2030, Chinese for 2025",
}


@dataclass(frozen=True)
class _Component:
    """Part of a capital line: a stock, its unit cost (CNY per stock unit), life and FOM."""

    stock: Array  # (runs, years), in the unit the cost is per
    unit_cost: Array  # (years,) CNY per unit
    lifetime: float
    fom: Array | float = 0.0  # share of the unit investment per year


def _new_builds(stocks: Array, lifetimes: Array) -> Array:
    """What is built each year, for many stocks at once (rows of ``stocks``, each with its
    lifetime): the stock above its 2019 level that the survivors of earlier builds (younger
    than the lifetime) do not cover. The first year builds nothing."""
    count, years = stocks.shape
    lives = np.maximum(1, np.round(lifetimes)).astype(int)
    # Year-major (years, stocks) arrays, so that each step of the recurrence reads and writes
    # contiguous rows; what does not depend on earlier builds (the growth over 2019, where
    # each stock's oldest survivors sit in ``built``) is computed once, outside the loop.
    growth = (stocks - stocks[:, :1]).T.copy()
    oldest = np.maximum(0, np.arange(years)[:, None] - lives[None, :] + 1) * count
    oldest += np.arange(count)[None, :]
    builds = np.zeros((years, count))
    built = np.zeros((years + 1, count))  # built[k]: builds before year k
    flat = built.reshape(-1)
    for t in range(1, years):
        alive = built[t] - flat[oldest[t]]
        np.maximum(growth[t] - alive, 0.0, out=builds[t])
        np.add(built[t], builds[t], out=built[t + 1])
    return np.ascontiguousarray(builds.T)


def _annuities(builds: Array, unit_cost: Array, rate: float, lifetime: float) -> Array:
    """Yearly payments (CNY) of builds paid off over ``lifetime`` years from the year built."""
    life = max(1, round(lifetime))
    paid = builds * unit_cost * annuity(rate, life)
    running = np.cumsum(paid, axis=1)
    payments = running.copy()
    payments[:, life:] -= running[:, :-life]
    return payments


def _capital(lines: dict[str, list[_Component]], rate: float) -> dict[str, tuple[Array, Array]]:
    """Annualised investment and fixed O&M of each capital line, bn CNY/yr. The stock
    turnover of every component runs as one batch."""
    components = [c for parts in lines.values() for c in parts]
    if not components:
        return {}
    runs = max(c.stock.shape[0] for c in components)
    stocks = np.concatenate(
        [
            c.stock
            if c.stock.shape[0] == runs
            else np.broadcast_to(c.stock, (runs, c.stock.shape[1]))
            for c in components
        ]
    )
    lives = np.repeat([c.lifetime for c in components], runs)
    builds = _new_builds(stocks, lives).reshape(len(components), runs, -1)
    payments = _batch_annuities(builds, components, rate)
    result: dict[str, tuple[Array, Array]] = {}
    k = 0
    for name, parts in lines.items():
        investment = np.zeros((runs, stocks.shape[1]))
        fom = np.zeros((runs, stocks.shape[1]))
        for c in parts:
            investment += payments[k]
            fom += c.stock * c.unit_cost * c.fom
            k += 1
        result[name] = (investment / 1e9, fom / 1e9)
    return result


def _batch_annuities(builds: Array, components: list[_Component], rate: float) -> Array:
    """:func:`_annuities` of every component at once: ``builds`` is (components, runs, years).

    The same arithmetic in one pass instead of a dozen small ones; a payment stops ``life``
    years after its build, where the running total of an earlier year is subtracted.
    """
    _, runs, years = builds.shape
    lives = [max(1, round(c.lifetime)) for c in components]
    if all(np.shape(c.unit_cost) == (years,) for c in components):
        unit_costs = np.stack([c.unit_cost for c in components])[:, None, :]
    else:  # costs that vary by run (not in the packaged data): broadcasting is slow, but right
        unit_costs = np.stack([np.broadcast_to(c.unit_cost, (runs, years)) for c in components])
    shares = np.array([annuity(rate, life) for life in lives])[:, None, None]
    running = np.cumsum(builds * unit_costs * shares, axis=2)
    since = np.arange(years)[None, :] - np.array(lives)[:, None]  # (components, years)
    earlier = np.take_along_axis(running, np.maximum(since, 0)[:, None, :], axis=2)
    return np.where((since >= 0)[:, None, :], running - earlier, running)


@cache
def _grid_figures(technology: str, years: tuple[int, ...]) -> tuple[Array, float, Array | float]:
    """(investment in EUR per unit, lifetime, FOM share) of a technology of the grid's table on
    ``years``, read once per technology: this runs on every simulation. A missing FOM (battery
    storage: in the inverter's) counts as none."""
    on = np.asarray(years)
    try:
        fom: Array | float = technology_series(technology, "FOM", on) / 100.0
    except ReferenceDataError:
        fom = 0.0
    investment = technology_series(technology, "investment", on)
    return investment, float(technology_series(technology, "lifetime", on)[0]), fom


def _grid_component(
    technology: str, stock: Array, years: tuple[int, ...], eur_cny: float
) -> _Component:
    """A technology of the grid's table (EUR per kW or kWh) as a component in CNY."""
    investment, lifetime, fom = _grid_figures(technology, years)
    return _Component(stock, investment * eur_cny, lifetime, fom)


def _component(data: CostData, item: str, stock: Array, per: str = "investment") -> _Component:
    """A technology of the cost data as a component (FOM 0 when not given)."""
    fom = data.get(item, "FOM") / 100.0 if data.has(item, "FOM") else 0.0
    return _Component(stock, data.get(item, per), data.scalar(item, "lifetime"), fom)


def _grid_lines(
    out: Mapping[str, Array], lv: Mapping[str, Array], p: Mapping[str, float], data: CostData
) -> dict[str, list[_Component]]:
    """Capital lines priced with the grid's (European) technology costs."""
    years = tuple(int(y) for y in data.years)  # the cached figures' key, made once per run
    eur = data.scalar("economy", "eur_cny")
    pv, rooftop = grid_parameter("pv_share"), grid_parameter("rooftop_share")
    renewables_kw = lv["local_renewables_gw"] * 1e6
    storage_kw = lv["storage_gw"] * 1e6
    heat_kw = KWH_PER_PJ / p["heating_full_load_hours"]  # kW of heat per PJ/yr
    return {
        "Solar and Wind": [
            _grid_component("solar rooftop", renewables_kw * pv * rooftop, years, eur),
            _grid_component("solar ground", renewables_kw * pv * (1 - rooftop), years, eur),
            _grid_component("wind", renewables_kw * (1 - pv), years, eur),
        ],
        "Storage": [
            _grid_component("battery inverter", storage_kw, years, eur),
            _grid_component(
                "battery storage", storage_kw * grid_parameter("battery_hours"), years, eur
            ),
        ],
        "Heat Pumps": [
            _grid_component(
                "air-source heat pump", out["Useful Heat|Heat Pumps"] * heat_kw, years, eur
            )
        ],
        "Geothermal": [
            _grid_component("geothermal", out["Useful Heat|Geothermal"] * heat_kw, years, eur)
        ],
    }


def _other_lines(
    out: Mapping[str, Array],
    lv: Mapping[str, Array],
    dr: Mapping[str, Array],
    data: CostData,
) -> dict[str, list[_Component]]:
    """Capital lines priced from ``data/pathways/costs.csv`` (those with figures)."""
    lines: dict[str, list[_Component]] = {}
    if data.has("fuel cell vehicle", "extra investment", "lifetime"):
        fcev = out["Stock|Transportation|FCEV"]
        lines["Fuel Cell Vehicles"] = [
            _component(data, "fuel cell vehicle", fcev, "extra investment")
        ]
    if data.has("hydrogen refuelling", "investment", "lifetime"):
        tpd = lv["hydrogen_supply_tpd"]
        lines["Hydrogen Refuelling"] = [_component(data, "hydrogen refuelling", tpd)]
    if data.has("green building", "extra investment", "lifetime"):
        share = lv["green_building_share"] - lv["green_building_share"][:, :1]
        m2 = np.maximum(dr["heated_area"] * 1e6 * share, 0.0)
        lines["Green Buildings"] = [_component(data, "green building", m2, "extra investment")]
    if data.has("carbon capture", "investment", "lifetime"):
        # Capture plant sized on the hours the gas plants it serves run.
        t_per_h = out["Carbon Capture|CCUS"] * 1e6 / grid_parameter("chp_full_load_hours")
        lines["Carbon Capture"] = [_component(data, "carbon capture", t_per_h)]
    if data.has("direct air capture", "investment", "lifetime"):
        removed = out["Carbon Removal|Negative Emissions Technologies"]
        # Plant sized on t CO2 an hour: direct air capture runs all year (an assumption).
        lines["Direct Air Capture"] = [
            _component(data, "direct air capture", removed * 1e6 / HOURS_PER_YEAR)
        ]
    return lines


def _cars(sold: Array, extra: Array, p: Mapping[str, float], data: CostData) -> Array:
    """Annualised extra investment in the cars of one drivetrain bought each year, CNY/yr,
    paid over their life."""
    life = p["vehicle_lifetime"]
    return _annuities(sold, extra, data.discount_rate, life)


# Cost|Fuel|<carrier> ← the price items whose fuel use (PJ) it sums.
FUELS = {
    "Coal": ("coal",),
    "Oil": ("gasoline", "diesel", "jet kerosene"),
    "Gas": ("gas", "gas for power and heat"),
}


def _fuel(
    out: Mapping[str, Array],
    lv: Mapping[str, Array],
    p: Mapping[str, float],
    data: CostData,
    fuel_use: Mapping[str, Array],
) -> dict[str, Array]:
    """Energy bought, bn CNY/yr (PJ × CNY/GJ / 1000; TWh × CNY/MWh / 1000)."""
    lines: dict[str, Array] = {}
    for carrier, items in FUELS.items():
        if all(data.has(item, "price") for item in items):
            lines[carrier] = np.sum(
                [fuel_use[item] * data.get(item, "price") / 1e3 for item in items], axis=0
            )
    green_twh = out["Trade|Green Electricity Imports"] / PJ_PER_TWH
    grid_twh = out["Trade|Electricity|Imports"] / PJ_PER_TWH - green_twh
    if data.has("grid electricity", "price"):
        lines["Electricity Imports"] = grid_twh * data.get("grid electricity", "price") / 1e3
    if data.has("green electricity", "price"):
        lines["Green Electricity Imports"] = (
            green_twh * data.get("green electricity", "price") / 1e3
        )
    if data.has("grey hydrogen", "price") and data.has("green hydrogen", "price"):
        kg = out["Final Energy|Hydrogen"] * 1e9 / p["hydrogen_lhv"]
        green = lv["green_hydrogen_share"]
        price = (1 - green) * data.get("grey hydrogen", "price") + green * data.get(
            "green hydrogen", "price"
        )
        lines["Hydrogen"] = kg * price / 1e9
    if data.has("sustainable aviation fuel", "price ratio to jet kerosene") and data.has(
        "jet kerosene", "price"
    ):
        ratio = data.get("sustainable aviation fuel", "price ratio to jet kerosene")
        saf = out["Final Energy|Liquids|Biomass"]
        lines["Biomass"] = saf * ratio * data.get("jet kerosene", "price") / 1e3
    return lines


def _carbon(out: Mapping[str, Array], lv: Mapping[str, Array], data: CostData) -> dict[str, Array]:
    """What capture, removal and sinks use per tonne, bn CNY/yr (Mt × CNY/t / 1000)."""
    lines: dict[str, Array] = {}
    electricity = (
        data.get("grid electricity", "price") if data.has("grid electricity", "price") else None
    )
    heat = data.get("district heat", "price") if data.has("district heat", "price") else None
    if (
        electricity is not None
        and data.has("carbon capture", "electricity input")
        and data.has("co2 transport and storage", "cost")
    ):
        per_t = data.get("carbon capture", "electricity input") * electricity + data.get(
            "co2 transport and storage", "cost"
        )
        lines["CCUS"] = out["Carbon Capture|CCUS"] * per_t / 1e3
    if (
        electricity is not None
        and heat is not None
        and data.has("direct air capture", "electricity input", "heat input")
        and data.has("co2 transport and storage", "cost")
    ):
        per_t = (
            data.get("direct air capture", "electricity input") * electricity
            + data.get("direct air capture", "heat input") * PJ_PER_TWH * heat  # MWh → GJ
            + data.get("co2 transport and storage", "cost")  # the CO2 removed is stored
        )
        removed = out["Carbon Removal|Negative Emissions Technologies"]
        lines["Negative Emissions"] = removed * per_t / 1e3
    if data.has("ecological sink", "cost"):
        added = np.maximum(lv["ecological_sink_mt"] - lv["ecological_sink_mt"][:, :1], 0.0)
        lines["Ecological Sinks"] = added * data.get("ecological sink", "cost") / 1e3
    return lines


def cost_outputs(
    out: Mapping[str, Array],
    levers: Mapping[str, Array],
    drivers: Mapping[str, Array],
    parameters: Mapping[str, float],
    data: CostData,
    fuel_use: Mapping[str, Array],
) -> dict[str, Array]:
    """The ``Cost|…`` variables of a run (bn CNY/yr), each parent the sum of its children.

    ``fuel_use`` maps each fuel price item of :data:`FUELS` to the PJ the city burns of it.
    """
    capital = _grid_lines(out, levers, parameters, data) | _other_lines(out, levers, drivers, data)
    costs: dict[str, Array] = {}
    for name, (investment, fom) in _capital(capital, data.discount_rate).items():
        costs[f"Cost|Investment|{name}"] = investment
        if np.any(fom):
            costs[f"Cost|O&M|{name}"] = fom
    for kind, item, line in (
        ("BEV", "battery electric car", "Battery Electric Cars"),
        ("FCEV", "fuel cell car", "Fuel Cell Cars"),
    ):
        if data.has(item, "extra investment"):
            sold = out[f"Sales|Transportation|Passenger Cars|{kind}"]
            extra = data.get(item, "extra investment")
            costs[f"Cost|Investment|{line}"] = _cars(sold, extra, parameters, data) / 1e9
    if data.has("demand response", "cost"):
        kw = levers["demand_response_share"] * parameters["peak_load_gw"] * 1e6
        costs["Cost|O&M|Demand Response"] = kw * data.get("demand response", "cost") / 1e9
    fuel = _fuel(out, levers, parameters, data, fuel_use)
    costs |= {f"Cost|Fuel|{k}": v for k, v in fuel.items()}
    costs |= {f"Cost|Carbon Management|{k}": v for k, v in _carbon(out, levers, data).items()}
    groups = ("Investment", "O&M", "Fuel", "Carbon Management")
    parents = {k: k.split("|")[1] for k in costs if k.count("|") == 2}
    for group in groups:
        children = [costs[k] for k, parent in parents.items() if parent == group]
        if children:
            costs[f"Cost|{group}"] = np.sum(children, axis=0)
    costs["Cost"] = np.sum([costs[f"Cost|{g}"] for g in groups if f"Cost|{g}" in costs], axis=0)
    shape = out["Emissions|CO2"].shape
    # Most lines have their final shape already: a plain copy is ten times cheaper than
    # broadcasting first, and this runs for every line of every simulation.
    return {
        k: v.copy() if np.shape(v) == shape else np.broadcast_to(v, shape).copy()
        for k, v in costs.items()
    }


def missing_lines(data: CostData) -> list[str]:
    """Cost lines that the cost data cannot price (they are left out of ``Cost``)."""
    has = data.has
    electricity = has("grid electricity", "price")
    needs = {
        **{f"Cost|Fuel|{c}": all(has(i, "price") for i in items) for c, items in FUELS.items()},
        "Cost|Fuel|Electricity Imports": electricity,
        "Cost|Fuel|Green Electricity Imports": has("green electricity", "price"),
        "Cost|Fuel|Hydrogen": has("grey hydrogen", "price") and has("green hydrogen", "price"),
        "Cost|Fuel|Biomass": has("sustainable aviation fuel", "price ratio to jet kerosene")
        and has("jet kerosene", "price"),
        "Cost|Investment|Battery Electric Cars": has("battery electric car", "extra investment"),
        "Cost|Investment|Fuel Cell Cars": has("fuel cell car", "extra investment"),
        "Cost|Investment|Fuel Cell Vehicles": has(
            "fuel cell vehicle", "extra investment", "lifetime"
        ),
        "Cost|Investment|Hydrogen Refuelling": has("hydrogen refuelling", "investment", "lifetime"),
        "Cost|Investment|Green Buildings": has("green building", "extra investment", "lifetime"),
        "Cost|Investment|Carbon Capture": has("carbon capture", "investment", "lifetime"),
        "Cost|Investment|Direct Air Capture": has("direct air capture", "investment", "lifetime"),
        "Cost|O&M|Demand Response": has("demand response", "cost"),
        "Cost|Carbon Management|CCUS": electricity
        and has("carbon capture", "electricity input")
        and has("co2 transport and storage", "cost"),
        "Cost|Carbon Management|Negative Emissions": electricity
        and has("district heat", "price")
        and has("direct air capture", "electricity input", "heat input")
        and has("co2 transport and storage", "cost"),
        "Cost|Carbon Management|Ecological Sinks": has("ecological sink", "cost"),
    }
    return [line for line, priced in needs.items() if not priced]
