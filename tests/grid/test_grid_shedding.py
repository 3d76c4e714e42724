"""Settings that cannot balance end with an explanation, not a solver traceback."""

import pytest
from grid_standin import standin_profiles

from peakzero.grid.backend import pypsa
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.solve import GridInfeasibleError, solve


def _no_backup(allow_shedding: bool) -> pypsa.Network:
    """The plan's first two January days with an import corridor of 16 GW (just enough for the
    year's import energy on average, not for the peaks), gas CHP cut to 1 GW of gas and no
    local capacity to add."""
    inputs = grid_inputs("plan", 2030)
    options = GridOptions(
        hours=(0, 48),
        allow_shedding=allow_shedding,
        parameters={"import_corridor_mw": 16_000},
    )
    n = build_network(inputs, standin_profiles(2030), options=options)
    n.links.loc["gas CHP", ["p_nom_min", "p_nom_max"]] = 1000.0
    n.links.loc["fuel cell", "p_nom_max"] = 0.0
    n.storage_units.loc["battery", "p_nom_max"] = n.storage_units.at["battery", "p_nom_min"]
    return n


def test_shedding_names_the_bus_the_energy_and_the_hours() -> None:
    r = solve(_no_backup(allow_shedding=True), resolution="full")
    assert [s.bus for s in r.shedding] == ["electricity"]
    shed = r.shedding[0]
    assert shed.energy_mwh == pytest.approx(r.unserved_mwh["electricity"])
    assert shed.energy_mwh > 0 and 0 < shed.hours < 8760
    assert shed.first <= shed.worst <= shed.last
    assert r.served_twh["electricity"] < grid_inputs("plan", 2030).electricity_twh + 7
    (message,) = r.messages
    assert message.startswith("the electricity balance cannot close")
    assert f"{shed.first:%Y-%m-%d %H:%M}" in message and "MWh" in message


def test_without_shedding_the_error_explains_the_failing_balance() -> None:
    with pytest.raises(GridInfeasibleError, match="electricity balance cannot close") as caught:
        solve(_no_backup(allow_shedding=False), resolution="full")
    assert caught.value.shedding and caught.value.shedding[0].bus == "electricity"


def test_a_corridor_too_small_for_the_fixed_imports_is_named() -> None:
    inputs = grid_inputs("plan", 2030)
    options = GridOptions(hours=(0, 24), parameters={"import_corridor_mw": 5_000})
    n = build_network(inputs, standin_profiles(2030), options=options)
    with pytest.raises(GridInfeasibleError, match="'imports grid mix' must deliver"):
        solve(n, resolution="full")


def test_a_co2_limit_below_the_fixed_import_emissions_is_named() -> None:
    inputs = grid_inputs("plan", 2030)
    options = GridOptions(hours=(0, 24), co2_limit_mt=1.0)
    n = build_network(inputs, standin_profiles(2030), options=options)
    with pytest.raises(GridInfeasibleError, match=r"CO2 limit of 1\.00 Mt is below"):
        solve(n, resolution="full")
