"""The city network: pathway agreement, balances, capacities, costs, results and export."""

import json
from pathlib import Path

import pytest
from grid_standin import solved_week, standin_profiles

from peakzero.errors import InputError, PeakzeroError
from peakzero.grid.backend import pypsa
from peakzero.grid.checks import balance_residuals, capacity_excess
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.solve import solve
from peakzero.io.iamc import IAMC_COLUMNS
from peakzero.pathways.run import run_pathway


def _pathway_twh(variable: str, year: int = 2030) -> float:
    return run_pathway("plan").results.at(variable, year) / 3.6


def test_annual_energy_served_is_the_pathways() -> None:
    r = solved_week()
    assert r.unserved_mwh == dict.fromkeys(r.unserved_mwh, 0.0)
    supply = _pathway_twh("Electricity Supply")
    heat_pump_el = _pathway_twh("Electricity Demand|Heat Pumps")
    geo_el = _pathway_twh("Electricity Demand|Geothermal")
    loss = grid_inputs("plan", 2030).grid_loss_share
    electricity = supply - (heat_pump_el + geo_el) / (1 - loss)  # heat pumps are the grid's own
    heat = sum(
        _pathway_twh(v)
        for v in ("Final Energy|Heat", "Useful Heat|Heat Pumps", "Useful Heat|Geothermal")
    )
    served_heat = sum(
        r.served_twh[b] for b in ("district heat", "heat pump heat", "geothermal heat")
    )
    assert r.served_twh["electricity"] == pytest.approx(electricity, rel=1e-3)
    assert served_heat == pytest.approx(heat, rel=1e-3)
    assert r.served_twh["hydrogen"] == pytest.approx(
        _pathway_twh("Final Energy|Hydrogen"), rel=1e-3
    )
    assert r.imports_twh["total"] == pytest.approx(
        _pathway_twh("Trade|Electricity|Imports"), rel=1e-3
    )
    green = _pathway_twh("Trade|Green Electricity Imports")
    assert r.imports_twh["green"] == pytest.approx(green, rel=1e-3)


def test_every_bus_balances_in_every_snapshot() -> None:
    n = solved_week().network
    residual = balance_residuals(n).abs()
    scale = n.generators_t.p.abs().max().max()
    assert residual.max().max() <= 1e-6 * scale


def test_no_dispatch_exceeds_its_capacity() -> None:
    excess = capacity_excess(solved_week().network)
    assert max(excess.values()) <= 1e-3, excess


def test_costs_add_up_to_the_objective() -> None:
    r = solved_week()
    # The network is in EUR (its technology data); the result reports CNY at the costs' rate.
    assert r.eur_cny == 7.8747 and r.network.meta["eur_cny"] == r.eur_cny
    assert r.objective == r.network.objective * r.eur_cny
    assert r.costs["capex"] + r.costs["opex"] == pytest.approx(r.objective, rel=1e-6)
    assert r.costs["capex"] > 0 and r.costs["opex"] > 0


def test_results_are_json_ready_and_iamc_shaped() -> None:
    r = solved_week()
    record = json.loads(json.dumps(r.as_dict()))
    for key in ("objective", "capacities", "curtailment_share", "co2", "resolution", "seconds"):
        assert key in record
    assert record["resolution"] == "full" and record["snapshots"] == 168
    assert 0 <= r.curtailment_share < 1
    iamc = r.to_iamc()
    assert list(iamc.columns) == list(IAMC_COLUMNS)
    assert set(iamc.model) == {"peakzero"} and set(iamc.region) == {"CN-BJ"}
    assert set(iamc.year) == {2030} and set(iamc.scenario) == {"plan"}
    assert iamc.unit.str.len().min() > 0 and iamc.variable.is_unique
    for variable in (
        "Secondary Energy|Electricity|Solar",
        "Capacity|Electricity|Storage",
        "Trade|Electricity|Imports",
        "Emissions|CO2|Energy|Supply|Electricity",
        "Curtailment|Electricity",
    ):
        assert variable in set(iamc.variable)
    imports = iamc.set_index("variable").loc["Trade|Electricity|Imports"]
    assert imports.unit == "PJ/yr"
    assert imports.value == pytest.approx(_pathway_twh("Trade|Electricity|Imports") * 3.6, rel=1e-3)


def test_heat_pumps_follow_the_hourly_cop() -> None:
    n = solved_week().network
    p0 = n.links_t.p0["air-source heat pump"] + n.links_t.p0["CO2 heat pump"]
    assert p0.max() > 0
    cop = n.links_t.efficiency["air-source heat pump"]
    assert cop.min() < cop.max()  # time-varying


def test_a_netcdf_export_solves_to_the_same_objective(tmp_path: Path) -> None:
    inputs = grid_inputs("plan", 2030)
    options = GridOptions(hours=(0, 48), co2_limit_mt=60.0)
    n = build_network(inputs, standin_profiles(2030), options=options)
    path = tmp_path / "grid.nc"
    n.export_to_netcdf(path)
    n.optimize(solver_name="highs", io_api="direct", log_to_console=False)
    again = pypsa.Network(path)
    again.optimize(solver_name="highs", io_api="direct", log_to_console=False)
    assert again.objective == pytest.approx(n.objective, rel=1e-7)
    # A 48-hour window's store counts its own hours: the limit is the year's, scaled to them.
    assert again.stores.at["co2 atmosphere", "e_nom"] == pytest.approx(60e6 * 48 / 8760)


@pytest.mark.parametrize(("scenario", "year"), [("baseline", 2019), ("neutrality", 2060)])
def test_the_first_and_last_years_solve_without_shedding(scenario: str, year: int) -> None:
    inputs = grid_inputs(scenario, year)
    network = build_network(inputs, standin_profiles(year), options=GridOptions(hours=(0, 24)))
    r = solve(network, resolution="full")
    assert r.messages == () and r.year == year and r.scenario == scenario
    assert r.imports_twh["total"] == pytest.approx(inputs.imports_twh, rel=1e-3)


def test_solve_builds_from_inputs_and_refuses_options_with_a_network() -> None:
    inputs, profiles = grid_inputs("plan", 2030), standin_profiles(2030)
    options = GridOptions(hours=(0, 24))
    r = solve(inputs, profiles, options=options, resolution="full")
    assert r.snapshots == 24 and r.resolution == "full"
    with pytest.raises(PeakzeroError, match="pass them with GridInputs"):
        solve(build_network(inputs, profiles, options=options), profiles)
    with pytest.raises(PeakzeroError, match="needs profiles"):
        solve(inputs)
    with pytest.raises(InputError, match="hours must be"):
        build_network(inputs, profiles, options=GridOptions(hours=(8750, 24)))


def test_the_hydrogen_balance_closes() -> None:
    h = solved_week().hydrogen_twh
    supply = h["imports green"] + h["imports grey"] + h["electrolyser"]
    demand = h["fcev demand"] + h["industry demand"] + h["fuel cell use"]
    assert supply == pytest.approx(demand, rel=1e-6)  # the store is cyclic
