"""A window of hours stands for the year in costs and energies, but its stores move hour by hour;
conflicts of fixed imports with the corridor are named before solving."""

from __future__ import annotations

import pytest

from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network, year_share
from peakzero.grid.profiles import beijing_profiles
from peakzero.grid.solve import GridInfeasibleError, solve


def test_a_two_day_window_of_a_leap_year_solves_with_stores_moving_hour_by_hour() -> None:
    n = build_network(
        grid_inputs("plan", 2028), beijing_profiles(2028), options=GridOptions(hours=(0, 48))
    )
    assert year_share(n) == pytest.approx(48 / 8760)
    result = solve(n, resolution="full")
    assert result.unserved_mwh["electricity"] == pytest.approx(0.0, abs=1.0)
    assert (n.snapshot_weightings.stores == 1.0).all()  # a stored MWh moves one hour per hour
    assert (n.snapshot_weightings.generators == 8760 / 48).all()


def test_fixed_imports_that_do_not_fit_the_corridor_are_named() -> None:
    options = GridOptions(hours=(312, 168), parameters={"import_corridor_mw": 12_000.0})
    n = build_network(grid_inputs("plan", 2030), beijing_profiles(2030), options=options)
    with pytest.raises(GridInfeasibleError, match="import corridor"):
        solve(n, resolution="full")


def test_gas_chp_power_never_exceeds_the_pathways() -> None:
    inputs = grid_inputs("neutrality", 2060)
    options = GridOptions(hours=(4656, 168))  # a July week: little heat to lead the CHP
    n = build_network(inputs, beijing_profiles(2060), options=options)
    result = solve(n, resolution="full")
    assert result.generation_twh["gas CHP"] <= inputs.gas_electricity_twh * (1 + 1e-6) + 1e-9
