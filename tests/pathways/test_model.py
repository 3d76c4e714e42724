"""The pathway model on a toy city with a hand-computed peak, and on Beijing's base year."""

from pathlib import Path

import numpy as np
import pytest

from peakzero.pathways import catalogue
from peakzero.pathways.base_year import CARRIERS, SEGMENTS, BaseYear, base_year
from peakzero.pathways.metrics import TERRITORIAL, net_zero_year, peak
from peakzero.pathways.model import ModelInputs, simulate

YEARS = np.arange(2019, 2061)


def constant(value: float) -> np.ndarray:
    return np.full((1, len(YEARS)), float(value))


def linear(points: dict[int, float]) -> np.ndarray:
    return np.interp(YEARS, list(points), list(points.values()))[None, :]


def default_inputs(base: BaseYear, **overrides: np.ndarray) -> ModelInputs:
    levers = {k: constant(float(v.default)) for k, v in catalogue.levers().items()}
    drivers = {
        "population": constant(10),
        "gdp_growth": constant(0),
        "heated_area": constant(100),
        "aviation_growth": constant(0),
        "import_grid_factor": constant(0.5),
        "efficiency_gain": constant(0),
        "cement_output": constant(1),
        "coal_use_index": constant(1),
    }
    for key, value in overrides.items():
        (levers if key in levers else drivers)[key] = value
    parameters = {k: p.value for k, p in catalogue.parameters().items()}
    parameters.update(vehicle_lifetime=1.0, nev_fleet_share_2019=float(levers["nev_share"][0, 0]))
    return ModelInputs(YEARS, levers, drivers, parameters, base)


def toy_city() -> BaseYear:
    """Two sectors: 100 PJ of oil in industry and 100 PJ of gasoline in cars, 7 Mt CO2 each."""
    energy = np.zeros((len(SEGMENTS), len(CARRIERS)))
    oil = CARRIERS.index("oil")
    energy[SEGMENTS.index("industry"), oil] = 100.0
    energy[SEGMENTS.index("road_passenger"), oil] = 100.0
    return BaseYear(energy, energy * 0.07, 0.0, 14.0)


def test_toy_city_peaks_when_cars_go_electric() -> None:
    # Cars: 7 Mt × population index (10 → 20 by 2029) × ICE share (1 until 2025, 0 by 2030).
    # 2024: 7 + 7 × 1.5 = 17.5; 2025: 7 + 7 × 1.6 = 18.2; 2026: 7 + 7 × 1.7 × 0.8 = 16.52.
    inputs = default_inputs(
        toy_city(),
        population=linear({2019: 10, 2029: 20}),
        nev_share=linear({2019: 0, 2025: 0, 2030: 1}),
    )
    # The toy city's cars are all private: no taxis carved out of its road passenger energy.
    parameters = {**inputs.parameters, "taxi_fleet_2019": 0.0}
    results = simulate(ModelInputs(YEARS, inputs.levers, inputs.drivers, parameters, inputs.base))
    territorial: np.ndarray = results[TERRITORIAL]
    index = {int(y): i for i, y in enumerate(YEARS)}
    assert territorial[0, index[2024]] == pytest.approx(17.5)
    assert territorial[0, index[2025]] == pytest.approx(18.2)
    assert territorial[0, index[2026]] == pytest.approx(16.52)
    years, values = peak(territorial, YEARS)
    assert (years[0], values[0]) == (2025, pytest.approx(18.2))


def test_net_zero_year() -> None:
    net = np.array([[3.0, 1.0, 0.0, -1.0], [3.0, 2.0, 1.0, 0.5]])
    assert net_zero_year(net, np.arange(2019, 2023)).tolist()[0] == 2021
    assert np.isnan(net_zero_year(net, np.arange(2019, 2023))[1])


def test_base_year_matches_ceads_2019() -> None:
    results = simulate(default_inputs(base_year()))
    assert results[TERRITORIAL][0, 0] == pytest.approx(89.18, abs=0.005)
    by_sector = {
        "Transportation": 14.88 + 4.97 + 21.16 + 1.08,
        "Supply": 31.91,
    }
    demand = "Emissions|CO2|Energy|Demand"
    transport = results[f"{demand}|Transportation"][0, 0]
    assert transport == pytest.approx(by_sector["Transportation"], abs=0.02)
    assert results["Emissions|CO2|Energy|Supply"][0, 0] == pytest.approx(31.91, abs=0.01)


def test_faster_nev_adoption_never_raises_transport_emissions() -> None:
    transport = "Emissions|CO2|Energy|Demand|Transportation"
    slow = simulate(default_inputs(base_year(), nev_share=linear({2019: 0.05, 2060: 0.5})))
    fast = simulate(default_inputs(base_year(), nev_share=linear({2019: 0.05, 2040: 1.0})))
    assert np.all(fast[transport] <= slow[transport] + 1e-12)
    assert fast[transport][0, -1] < slow[transport][0, -1]
    assert np.all(fast["Final Energy|Electricity"] >= slow["Final Energy|Electricity"] - 1e-12)


def test_fleet_turns_over_at_its_lifetime() -> None:
    inputs = default_inputs(base_year(), nev_share=constant(1.0))
    parameters = {**inputs.parameters, "vehicle_lifetime": 10.0, "nev_fleet_share_2019": 0.0}
    results = simulate(ModelInputs(YEARS, inputs.levers, inputs.drivers, parameters, inputs.base))
    share = results["Share|Transportation|Passenger Cars|BEV"][0]
    # Every year a tenth of the fleet is new (and electric): 1 - 0.9^t of the cars are electric.
    assert share[1] == pytest.approx(10.0)
    assert share[5] == pytest.approx(100 * (1 - 0.9**5))


def test_runs_are_vectorised() -> None:
    one = default_inputs(base_year(), nev_share=linear({2019: 0.05, 2040: 0.9}))
    many = default_inputs(base_year(), nev_share=np.vstack([linear({2019: 0.05, 2040: 0.9})] * 3))
    a, b = simulate(one), simulate(many)
    assert b[TERRITORIAL].shape == (3, len(YEARS))
    assert np.allclose(b[TERRITORIAL], a[TERRITORIAL])


def test_gdp_by_sector_follows_the_industry_elasticity(tmp_path: Path) -> None:
    from peakzero.pathways.run import run_pathway

    base = run_pathway("baseline").results
    gdp, secondary = base["GDP"][0], base["GDP|Secondary Sector"][0]
    index = gdp / gdp[0]
    # share = 16.2 % (2019) x GDP index^(0.5 - 1): 14.3 % in 2024 against 14.5 % observed.
    assert secondary[0] / gdp[0] == pytest.approx(0.162)
    assert secondary / gdp == pytest.approx(0.162 * index**-0.5)
    assert 100 * secondary[5] / gdp[5] == pytest.approx(14.5, abs=0.3)
    path = tmp_path / "heavy.yaml"
    path.write_text(
        "name: heavy\nparent: baseline\nparameters:\n  industry_gdp_elasticity: 1.0\n",
        encoding="utf-8",
    )
    heavy = run_pathway(path).results
    assert heavy["GDP|Secondary Sector"][0] / heavy["GDP"][0] == pytest.approx(0.162)
    industry = "Emissions|CO2|Energy|Demand|Industry"
    assert heavy[industry][0, -1] > base[industry][0, -1]


def _fuel_cell_scenario(tmp_path: Path, supply: str) -> Path:
    path = tmp_path / "fc.yaml"
    path.write_text(
        "name: fc\nparent: current-policy\nlevers:\n"
        "  fcev_car_share: {values: {2025: 0, 2035: 0.3}}\n"
        f"  hydrogen_supply_tpd: {supply}\n",
        encoding="utf-8",
    )
    return path


def test_fuel_cell_cars_swap_petrol_for_hydrogen(tmp_path: Path) -> None:
    from peakzero.pathways.run import run_pathway

    supply = "{values: {2019: 0, 2025: 148, 2035: 3000}}"
    base = run_pathway("current-policy").results
    fc = run_pathway(_fuel_cell_scenario(tmp_path, supply)).results
    column = list(fc.years).index(2040)
    road = "Emissions|CO2|Energy|Demand|Transportation|Road Passenger"
    assert fc[road][0, column] < base[road][0, column]
    extra_h2 = (
        fc["Final Energy|Hydrogen|Transportation"][0, column]
        - base["Final Energy|Hydrogen|Transportation"][0, column]
    )
    assert extra_h2 > 0
    cars = "Stock|Transportation|Passenger Cars|"
    assert fc[cars + "FCEV"][0, column] > 0
    total = sum(fc[cars + kind][0] for kind in ("BEV", "FCEV", "ICE"))
    assert total == pytest.approx(sum(base[cars + k][0] for k in ("BEV", "FCEV", "ICE")))
    assert fc["Cost|Investment|Fuel Cell Cars"][0, column] > 0


def test_fuel_cell_cars_need_hydrogen_left_by_trucks(tmp_path: Path) -> None:
    from peakzero.pathways.run import run_pathway

    # current-policy's hydrogen supply only serves its trucks and buses: no car can run on it.
    path = _fuel_cell_scenario(tmp_path, "{values: {2019: 0, 2025: 148}}")
    fc = run_pathway(path).results
    base = run_pathway("current-policy").results
    spare = (
        fc["Final Energy|Hydrogen|Transportation"][0]
        - base["Final Energy|Hydrogen|Transportation"][0]
    )
    supply_pj = 148 * 365 * 1000 * 120 / 1e9  # t/day → PJ/yr at 120 MJ/kg
    assert (base["Final Energy|Hydrogen|Transportation"][0] + spare <= supply_pj + 1e-9).all()
    assert fc["Cost|Investment|Fuel Cell Cars"][0, -1] >= 0


def test_heating_turnover_by_hand() -> None:
    from peakzero.pathways.sectors.buildings import heating_systems_turnover

    area = np.array([[100.0, 100.0, 110.0]])
    clean = np.array([[0.0, 0.5, 0.5]])  # half the area converted in year 1
    out = heating_systems_turnover(area, clean, lifetime=25.0)
    # Year 1: 50 converted; 100/25 = 4 retire naturally, no growth: 46 early.
    # Year 2: 5 converted (half of the 10 new m^2); 50/25 + 10 = 12 could: none early.
    assert out["Heating Systems|Converted"][0].tolist() == pytest.approx([0, 50, 5])
    assert out["Heating Systems|Converted Early"][0].tolist() == pytest.approx([0, 46, 0])


def test_fuel_cell_cars_arrive_only_as_they_are_bought(tmp_path: Path) -> None:
    from peakzero.pathways.fleet import fuel_limited_fleet

    # Hydrogen for everyone from year 3: cars come at a tenth of the fleet a year (sales share
    # 1, lifetime 10), not all at once; earlier years sell none.
    sales = np.ones((1, 6))
    fuelable = np.array([[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]])
    running, sold = fuel_limited_fleet(sales, fuelable, 10.0)
    assert sold[0].tolist() == pytest.approx([0, 0, 0, 0.1, 0.1, 0.1])
    assert running[0].tolist() == pytest.approx([0, 0, 0, 0.1, 0.19, 0.271])
    # Fuel for 0.15 of the fleet: sales stop there; when it falls, cars stand idle.
    fuelable = np.array([[0.0, 0.15, 0.15, 0.15, 0.05, 0.05]])
    running, sold = fuel_limited_fleet(sales, fuelable, 10.0)
    assert sold[0, 1:5].tolist() == pytest.approx([0.1, 0.06, 0.015, 0.0])  # owned: 0.15 at most
    assert running[0, 4] == pytest.approx(0.05)
