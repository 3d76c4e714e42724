"""Battery-electric trucks, buses and taxis (stock turnover) and aviation's international memo."""

import numpy as np
import pytest

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways import catalogue
from peakzero.pathways.base_year import CARRIERS, SEGMENTS, BaseYear
from peakzero.pathways.model import ModelInputs, simulate
from peakzero.pathways.run import YEARS, run_pathway
from peakzero.pathways.scenarios import list_scenarios, load_scenario
from peakzero.pathways.sectors.electric_fleets import electrify, energy_ratio, remove_from_segment
from peakzero.pathways.sectors.emissions import (
    EXCLUDING_INTERNATIONAL_AVIATION,
    INTERNATIONAL_AVIATION_MEMO,
)

OIL, GAS = CARRIERS.index("oil"), CARRIERS.index("gas")
AVIATION = "Emissions|CO2|Energy|Demand|Transportation|Aviation"
TERRITORIAL = "Emissions|CO2|Energy and Industrial Processes"


def test_a_tiny_fleet_turns_over_by_hand() -> None:
    # 10 PJ of fossil fuel for the half of the fleet not electric in 2019; a quarter of the
    # fleet is replaced each year, all electric: share 0.5 -> 0.625 -> 0.71875.
    fleet = electrify(10.0, np.ones((1, 3)), np.ones((1, 3)), 0.5, 4.0, 0.4)
    assert fleet.share[0] == pytest.approx([0.5, 0.625, 0.71875])
    # The whole fleet would burn 20 PJ: fossil is 20 × (1 - share).
    assert fleet.fossil_pj[0] == pytest.approx([10.0, 7.5, 5.625])
    assert fleet.displaced_pj[0] == pytest.approx([0.0, 2.5, 4.375])
    assert fleet.electricity_pj[0] == pytest.approx([4.0, 5.0, 5.75])  # 20 × share × 0.4
    assert fleet.added_electricity_pj[0] == pytest.approx([0.0, 1.0, 1.75])


def test_the_energy_ratio_is_electric_over_fossil_per_km() -> None:
    assert energy_ratio(1.5, 10.8) == pytest.approx(0.5)  # 1.5 kWh = 5.4 MJ


def test_displaced_fuel_leaves_the_segment_in_its_mix() -> None:
    energy = np.array([[[0.0, 60.0, 40.0]]])
    remove_from_segment(energy, np.array([[50.0]]))
    assert energy[0, 0] == pytest.approx([0.0, 30.0, 20.0])
    remove_from_segment(energy, np.array([[80.0]]))  # more than is left: the segment empties
    assert energy[0, 0] == pytest.approx([0.0, 0.0, 0.0])


def _freight_city(truck_sales: float) -> ModelInputs:
    """100 PJ of diesel in road freight (7 Mt), no buses or taxis, nothing growing; trucks at
    1.5 kWh/km against 10.8 MJ/km of diesel (ratio 0.5), replaced every 2 years."""
    energy = np.zeros((len(SEGMENTS), len(CARRIERS)))
    energy[SEGMENTS.index("road_freight"), OIL] = 100.0
    base = BaseYear(energy, energy * 0.07, 0.0, 7.0)
    ones = np.ones((1, len(YEARS)))
    levers = {k: ones * float(v.default) for k, v in catalogue.levers().items()}
    levers["bev_truck_share"] = ones * truck_sales
    levers["bev_truck_share"][0, 0] = 0.0
    drivers = {
        "population": ones * 10,
        "gdp_growth": ones * 0,
        "heated_area": ones * 100,
        "aviation_growth": ones * 0,
        "import_grid_factor": ones * 0.5,
        "efficiency_gain": ones * 0,
        "cement_output": ones,
        "coal_use_index": ones,
    }
    parameters = {k: p.value for k, p in catalogue.parameters().items()}
    parameters.update(
        bus_fleet_2019=0.0,
        taxi_fleet_2019=0.0,
        bev_truck_fleet_share_2019=0.0,
        truck_lifetime=2.0,
        truck_electric_kwh_per_km=1.5,
        truck_fossil_mj_per_km=10.8,
    )
    return ModelInputs(YEARS, levers, drivers, parameters, base)


def test_battery_electric_trucks_replace_diesel_with_electricity() -> None:
    electric = simulate(_freight_city(1.0))
    diesel = simulate(_freight_city(0.0))
    freight = "Emissions|CO2|Energy|Demand|Transportation|Road Freight"
    # Half the trucks are new (electric) after a year, three quarters after two.
    assert electric["Share|Transportation|Trucks|BEV"][0, :3] == pytest.approx([0, 50, 75])
    assert electric[freight][0, :3] == pytest.approx([7.0, 3.5, 1.75])
    assert diesel[freight][0, :3] == pytest.approx([7.0, 7.0, 7.0])
    # 50 PJ of diesel replaced by 25 PJ of electricity, then 75 by 37.5.
    trucks = electric["Electricity Demand|Transportation|BEV|Trucks"][0, :3]
    assert trucks == pytest.approx([0.0, 25.0, 37.5])
    added = electric["Final Energy|Electricity"] - diesel["Final Energy|Electricity"]
    assert added[0, :3] == pytest.approx([0.0, 25.0, 37.5])
    assert added[0, 1] / PJ_PER_TWH == pytest.approx(25.0 / 3.6)


def test_taxis_are_carved_out_of_the_cars_and_electrified_on_their_own() -> None:
    inputs = _freight_city(0.0)
    energy = np.zeros((len(SEGMENTS), len(CARRIERS)))
    energy[SEGMENTS.index("road_passenger"), OIL] = 100.0  # 7 Mt, of which taxis 10 PJ
    base = BaseYear(energy, energy * 0.07, 0.0, 7.0)
    levers = {**inputs.levers, "nev_share": inputs.levers["nev_share"] * 0}
    levers["bev_taxi_share"] = np.ones((1, len(YEARS)))
    parameters = {
        **inputs.parameters,
        "nev_fleet_share_2019": 0.0,
        "taxi_fleet_2019": 10000.0,  # x 100,000 km x 10 MJ/km = 10 PJ
        "taxi_km_per_year": 100000.0,
        "taxi_fossil_mj_per_km": 10.0,
        "taxi_electric_kwh_per_km": 0.5,  # 1.8 MJ/km: ratio 0.18
        "bev_taxi_fleet_share_2019": 0.0,
        "taxi_lifetime": 2.0,
    }
    results = simulate(ModelInputs(YEARS, levers, inputs.drivers, parameters, base))
    passenger = "Emissions|CO2|Energy|Demand|Transportation|Road Passenger"
    # Cars keep their 90 PJ; taxis burn 10, 5, 2.5 PJ.
    assert results[passenger][0, :3] == pytest.approx([7.0, 95 * 0.07, 92.5 * 0.07])
    taxis = results["Electricity Demand|Transportation|BEV|Taxis"][0, :3]
    assert taxis == pytest.approx([0.0, 0.9, 1.35])
    assert results["Stock|Transportation|Taxis|BEV"][0, :3] == pytest.approx([0, 5000, 7500])


def test_beijing_buses_and_taxis_start_from_their_2019_fleets() -> None:
    results = run_pathway("current-policy").results
    assert results.at("Stock|Transportation|Taxis|BEV", 2019) == pytest.approx(7000)
    assert results.at("Stock|Transportation|Buses|BEV", 2019) == pytest.approx(23000 * 0.29)
    bev = "Electricity Demand|Transportation|BEV"
    parts = sum(results[f"{bev}|{c}"] for c in ("Passenger Cars", "Taxis", "Buses", "Trucks"))
    assert np.allclose(parts, results[bev])


@pytest.mark.parametrize("name", [i.name for i in list_scenarios() if i.name != "baseline"])
def test_new_fleet_levers_follow_current_policy_up_to_2025(name: str) -> None:
    reference = load_scenario("current-policy")
    scenario = load_scenario(name)
    observed = YEARS[YEARS <= 2025]
    for lever in ("bev_truck_share", "bev_bus_share", "bev_taxi_share"):
        ours = scenario.levers[lever].evaluate(observed)
        assert ours == pytest.approx(reference.levers[lever].evaluate(observed)), lever


@pytest.mark.parametrize("name", [i.name for i in list_scenarios()])
def test_aviation_split_adds_up_and_the_territorial_total_keeps_it(name: str) -> None:
    results = run_pathway(name).results
    total = results[AVIATION]
    domestic, international = results[f"{AVIATION}|Domestic"], results[f"{AVIATION}|International"]
    assert np.allclose(domestic + international, total)
    assert np.allclose(results[INTERNATIONAL_AVIATION_MEMO], international)
    share = catalogue.parameters()["aviation_international_share"].value
    assert np.allclose(international, share * total)
    excluding = results[EXCLUDING_INTERNATIONAL_AVIATION]
    assert np.allclose(excluding, results[TERRITORIAL] - international)
    # CEADs' 2019 total (all kerosene delivered in Beijing) is unchanged.
    assert results.at(TERRITORIAL, 2019) == pytest.approx(89.18, abs=0.005)
    assert results.at(f"{AVIATION}|International", 2019) == pytest.approx(0.33 * 21.16, abs=0.01)
