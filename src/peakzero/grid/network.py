"""Build the PyPSA network of one pathway year: Beijing as one node with sector buses.

::

    North China grid ─(grid-mix link: + CO2)─┐
                         green imports ───────┤ import corridor ─(link, corridor MW)─┐
    PV rooftop, PV ground, wind, waste-to-energy, gas CHP, fuel cell, storage ─────── electricity
    electricity ─ conventional load, EV load, EV smart charging ─ ev battery (store, EV load)
    electricity ─ air-source / CO2 heat pumps ─ heat pump heat (load, water tanks)
    electricity ─ geothermal ─ geothermal heat (load)
    gas ─ gas CHP (electricity + district heat + CO2), gas boiler (district heat + CO2)
    waste ─ waste-to-energy (electricity + district heat); waste heat ─ district heat (load, tanks)
    electricity ─ electrolyser ─ hydrogen ─ fuel cell; green / grey (+ CO2) imports ─ hydrogen
    every CO2 flow ─ co2 atmosphere (store; its size is the CO2 limit)

Every emitting flow is a link into the ``co2 atmosphere`` bus, whose one store counts the year's
tonnes: the limit is that store's ``e_nom``, carried by the network itself, so it survives a
netCDF export (PyPSA's ``primary_energy`` constraint would not see link emissions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.grid.backend import pypsa
from peakzero.grid.builder import Builder
from peakzero.grid.inputs import GridInputs
from peakzero.grid.profiles_contract import HOURS, Profiles
from peakzero.grid.sectors import add_heat, add_hydrogen
from peakzero.grid.shedding import add_shedding
from peakzero.grid.supply import add_imports, add_local_supply
from peakzero.grid.technologies import Technologies, load_technologies

__all__ = ["DEMAND_BUSES", "Builder", "GridOptions", "add_co2_store", "build_network"]

DEMAND_BUSES = (
    "electricity",
    "district heat",
    "heat pump heat",
    "geothermal heat",
    "hydrogen",
)
"""Buses with a demand, each with a load-shedding generator when shedding is allowed."""
CARRIERS = {
    "AC": "electricity",
    "heat": "heat",
    "H2": "hydrogen",
    "gas": "natural gas",
    "co2": "CO2",
    "waste": "municipal waste",
    "EV": "electric-vehicle batteries",
    "load shedding": "unserved energy",
}


@dataclass(frozen=True)
class GridOptions:
    """How to build the network.

    ``co2_limit_mt``: cap on the year's CO2 (Mt; ``None`` = no cap). ``allow_shedding``: add a
    load-shedding generator at the value of lost load on every demand bus. ``hours``: (first
    hour, number of hours) of the year to model; the hours then stand for the whole year (each
    weighted ``8760 / number``), so annual energies and costs keep their meaning.
    ``parameters``: overrides of ``data/grid/parameters.csv`` by id.
    """

    co2_limit_mt: float | None = None
    allow_shedding: bool = True
    hours: tuple[int, int] | None = None
    parameters: dict[str, float] = field(default_factory=dict)


def _window(profiles: Profiles, hours: tuple[int, int] | None) -> pd.DataFrame:
    frame = profiles.frame
    if hours is not None:
        start, count = hours
        if count < 1 or start < 0 or start + count > len(frame):
            msg = f"hours must be (first, number) within the {len(frame)} hours of the profiles"
            raise InputError(Problem("grid options", msg, column="hours", value=str(hours)))
        frame = frame.iloc[start : start + count]
    frame = frame.copy()
    # Local (Beijing) time without a zone: PyPSA's netCDF files keep naive snapshots.
    index = pd.DatetimeIndex(frame.index)
    frame.index = index.tz_localize(None) if index.tz is not None else index
    frame.index.name = "snapshot"
    return frame


def build_network(
    inputs: GridInputs,
    profiles: Profiles,
    technologies: Technologies | None = None,
    options: GridOptions | None = None,
) -> pypsa.Network:
    """The network of one pathway year with the hourly shapes of ``profiles``.

    Parameters
    ----------
    inputs : GridInputs
        Annual figures of the pathway scenario and year (:func:`~.inputs.grid_inputs`).
    profiles : Profiles
        Hourly shapes (e.g. ``peakzero.grid.profiles.beijing_profiles(year)``).
    technologies : Technologies, optional
        Costs and efficiencies (default: :func:`~.technologies.load_technologies` of the year).
    options : GridOptions, optional
        CO2 limit, load shedding, modelled hours, parameter overrides.
    """
    options = options or GridOptions()
    tech = technologies or load_technologies(inputs.year, options.parameters)
    frame = _window(profiles, options.hours)
    n = pypsa.Network(name=f"peakzero {inputs.scenario} {inputs.year}")
    n.set_snapshots(cast("Sequence[pd.Timestamp]", frame.index))
    weight = HOURS / len(frame)
    n.snapshot_weightings.loc[:, :] = weight
    # Costs and annual energies count each modelled hour for `weight` hours of the year, but a
    # store's level moves by one hour per hour: a window is a contiguous stretch of time, and
    # weighting the stores too would squash every battery and tank by `weight`. The CO2 store
    # therefore counts the window's own tonnes (add_co2_store scales its limit to match).
    n.snapshot_weightings["stores"] = 1.0
    n.meta = {
        "scenario": inputs.scenario,
        "scenario_hash": inputs.scenario_hash,
        "year": inputs.year,
        "currency": "EUR (technology-data, see docs/methods/grid.md)",
        # Results are reported in CNY at this rate; the annuities used this discount rate.
        "eur_cny": tech.parameters["eur_cny"],
        "discount_rate": tech.parameters["discount_rate"],
    }
    b = Builder(n, inputs, tech, frame, weight)
    for name, nice in CARRIERS.items():
        n.add("Carrier", name, nice_name=nice)
    for bus, carrier in (
        ("electricity", "AC"),
        ("district heat", "heat"),
        ("heat pump heat", "heat"),
        ("geothermal heat", "heat"),
        ("hydrogen", "H2"),
        ("grey hydrogen", "H2"),
        ("north china grid", "AC"),
        ("import corridor", "AC"),
        ("gas", "gas"),
        ("co2 atmosphere", "co2"),
        ("waste", "waste"),
        ("ev battery", "EV"),
    ):
        n.add("Bus", bus, carrier=carrier)
    add_imports(b)
    add_local_supply(b)
    _add_electric_demand(b)
    add_heat(b)
    add_hydrogen(b)
    add_co2_store(n, options.co2_limit_mt)
    # Links added before the first one with a bus2/bus3 leave those ports' efficiency empty.
    for port in (2, 3):
        n.links[f"efficiency{port}"] = n.links[f"efficiency{port}"].fillna(1.0)
    if options.allow_shedding:
        add_shedding(n, tech.parameters["value_of_lost_load"], DEMAND_BUSES)
    return n


def _add_electric_demand(b: Builder) -> None:
    """Conventional load, demand response, and electric vehicles (part smart-charged)."""
    n, i, p = b.n, b.inputs, b.tech.parameters
    load = b.annual(i.electricity_twh, "electric_load")
    n.add("Load", "electricity demand", bus="electricity", carrier="AC", p_set=load)
    n.add(
        "StorageUnit",
        "demand response",
        bus="electricity",
        carrier="AC",
        p_nom=i.demand_response_share * float(load.max()),
        max_hours=p["demand_response_hours"],
        marginal_cost=p["demand_response_cost"],
        cyclic_state_of_charge=True,
    )
    smart = p["ev_smart_share"]
    n.add(
        "Load",
        "ev charging",
        bus="electricity",
        carrier="EV",
        p_set=b.annual(i.ev_twh * (1 - smart), "ev_charging"),
    )
    ev_smart = b.annual(i.ev_twh * smart, "ev_charging")
    n.add("Load", "ev smart charging", bus="ev battery", carrier="EV", p_set=ev_smart)
    mean = i.ev_twh * smart * 1e6 / HOURS
    n.add(
        "Link",
        "ev smart charger",
        bus0="electricity",
        bus1="ev battery",
        carrier="EV",
        p_nom=p["ev_charger_ratio"] * mean,
    )
    # The cars' batteries can hold `ev_battery_hours` (one day) of the mean smart charging.
    n.add(
        "Store",
        "ev battery",
        bus="ev battery",
        carrier="EV",
        e_nom=p["ev_battery_hours"] * mean,
        e_cyclic=True,
    )


def year_share(n: pypsa.Network) -> float:
    """The share of the year a store's level covers: 1 for a whole year (hourly or segmented),
    ``COUNT / 8760`` for a window of COUNT hours (stores weighted 1, the rest 8760 / COUNT)."""
    weights = n.snapshot_weightings
    return float(weights.stores.sum() / weights.generators.sum())


def add_co2_store(n: pypsa.Network, limit_mt: float | None) -> None:
    """The store on the ``co2 atmosphere`` bus that counts every tonne of CO2 sent there; its
    size is the limit (Mt a year; ``None``: no limit), scaled to the hours the store counts when
    the network models a window of the year (:func:`year_share`)."""
    e_nom = np.inf if limit_mt is None else limit_mt * 1e6 * year_share(n)
    n.add(
        "Store",
        "co2 atmosphere",
        bus="co2 atmosphere",
        carrier="co2",
        e_nom=e_nom,
        e_initial=0.0,
        e_cyclic=False,
    )
