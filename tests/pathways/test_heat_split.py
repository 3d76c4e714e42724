"""Clean heat displacing boilers and CHP by the documented rule, and the firm-power floor."""

import numpy as np
import pytest

from peakzero.pathways import catalogue
from peakzero.pathways.base_year import BaseYear, base_year
from peakzero.pathways.model import ModelInputs, simulate
from peakzero.pathways.sectors.buildings import displacement_split
from peakzero.pathways.sectors.electricity import local_gas_generation

YEARS = np.arange(2019, 2061)


def linear(points: dict[int, float]) -> np.ndarray:
    return np.interp(YEARS, list(points), list(points.values()))[None, :]


def default_inputs(base: BaseYear, **levers: np.ndarray) -> ModelInputs:
    """Every lever at its default, drivers flat (as tests/pathways/test_model.py)."""
    paths = {k: np.full((1, len(YEARS)), float(v.default)) for k, v in catalogue.levers().items()}
    paths.update(levers)
    drivers = {
        name: np.full((1, len(YEARS)), value)
        for name, value in {
            "population": 10.0,
            "gdp_growth": 0.0,
            "heated_area": 100.0,
            "aviation_growth": 0.0,
            "import_grid_factor": 0.5,
            "efficiency_gain": 0.0,
            "cement_output": 1.0,
            "coal_use_index": 1.0,
        }.items()
    }
    parameters = {k: p.value for k, p in catalogue.parameters().items()}
    parameters.update(vehicle_lifetime=1.0, nev_fleet_share_2019=float(paths["nev_share"][0, 0]))
    return ModelInputs(YEARS, paths, drivers, parameters, base)


def test_split_by_the_chp_share_computed_by_hand() -> None:
    # 40 PJ displaced, a quarter from CHP: 10 from CHP (50 → 40), 30 from boilers (100 → 70).
    split = displacement_split(
        np.array([[100.0, 100.0]]), np.array([[50.0, 50.0]]), np.array([[0.0, 40.0]]), 0.25
    )
    assert split.from_chp.tolist() == [[0.0, 10.0]]
    assert split.from_boilers.tolist() == [[0.0, 30.0]]
    assert split.chp.tolist() == [[1.0, 0.8]]
    assert split.boilers.tolist() == [[1.0, 0.7]]


def test_what_chp_cannot_give_comes_from_boilers() -> None:
    # A quarter of 60 PJ is 15, but the CHP has 10: the other 5 come from boilers (45 + 5).
    split = displacement_split(
        np.array([[100.0, 100.0]]), np.array([[10.0, 10.0]]), np.array([[0.0, 60.0]]), 0.25
    )
    assert split.from_chp.tolist() == [[0.0, 10.0]]
    assert split.from_boilers.tolist() == [[0.0, 50.0]]
    assert split.chp.tolist() == [[1.0, 0.0]]
    assert split.boilers.tolist() == [[1.0, 0.5]]


def test_beijing_clean_heat_is_split_by_the_parameter() -> None:
    inputs = default_inputs(base_year(), heat_pump_area=linear({2019: 10, 2060: 40}))
    results = simulate(inputs)
    boilers = results["Useful Heat|Displaced|Boilers"][0]
    chp = results["Useful Heat|Displaced|CHP"][0]
    added = (results["Useful Heat|Heat Pumps"] + results["Useful Heat|Geothermal"])[0]
    assert boilers + chp == pytest.approx(added - added[0])
    share = catalogue.parameters()["heat_pump_chp_share"].value
    assert chp[-1] / (boilers[-1] + chp[-1]) == pytest.approx(share)


def test_the_floor_stops_gas_generation_falling() -> None:
    parameters = {
        "local_generation_2019_twh": 40.0,
        "renewable_full_load_hours": 1000.0,
        "local_firm_gas_gw": 10.0,
        "firm_gas_min_hours": 1500.0,  # floor 15 TWh
    }
    levers = {"local_renewables_gw": np.array([[0.0, 0.0, 0.0]])}
    heat = np.array([[1.0, 0.5, 0.1]])  # heat-led: 40, 20, 4 TWh
    assert local_gas_generation(levers, parameters, heat).tolist() == [[40.0, 20.0, 15.0]]


def test_the_floor_binds_in_the_model() -> None:
    # All district heat from waste heat by 2030: without the floor gas generation would be 0.
    inputs = default_inputs(base_year(), waste_heat_share=linear({2019: 0.0, 2030: 1.0, 2060: 1.0}))
    results = simulate(inputs)
    p = inputs.parameters
    floor_pj = p["local_firm_gas_gw"] * p["firm_gas_min_hours"] / 1000 * 3.6
    gas = results["Secondary Energy|Electricity|Gas"][0]
    assert gas[-1] == pytest.approx(floor_pj)
    assert gas[0] > floor_pj
    # The plants burn gas for that power: the supply sector keeps emitting.
    assert results["Emissions|CO2|Energy|Supply"][0, -1] > 0


def test_without_the_floor_gas_generation_follows_heat() -> None:
    inputs = default_inputs(base_year(), waste_heat_share=linear({2019: 0.0, 2030: 1.0, 2060: 1.0}))
    parameters = dict(inputs.parameters, firm_gas_min_hours=0.0)
    results = simulate(
        ModelInputs(inputs.years, inputs.levers, inputs.drivers, parameters, inputs.base)
    )
    assert results["Secondary Energy|Electricity|Gas"][0, -1] == pytest.approx(0.0)
