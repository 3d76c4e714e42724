"""CO2 of links is counted by the co2 atmosphere store, and its limit binds on a gas CHP link."""

import pandas as pd
import pytest
from grid_standin import solved_week, standin_profiles

from peakzero.grid.backend import pypsa
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, add_co2_store, build_network
from peakzero.grid.solve import solve


def _chp_network(limit_mt: float | None) -> pypsa.Network:
    """3 hours of 10 MW; a gas CHP link (40 % power, 40 % heat, 0.2 t CO2/MWh gas) with gas at
    20 EUR/MWh, or a clean generator at 100 EUR/MWh; heat can be dumped for free."""
    n = pypsa.Network()
    n.set_snapshots(range(3))
    for bus in ("electricity", "heat", "gas", "co2 atmosphere"):
        n.add("Bus", bus)
    n.add("Load", "load", bus="electricity", p_set=pd.Series(10.0, n.snapshots))
    n.add("Generator", "gas", bus="gas", p_nom=1000, marginal_cost=20)
    n.add("Generator", "clean", bus="electricity", p_nom=100, marginal_cost=100)
    n.add("Generator", "heat dump", bus="heat", p_nom=100, p_min_pu=-1, p_max_pu=0)
    n.add(
        "Link",
        "gas CHP",
        bus0="gas",
        bus1="electricity",
        bus2="heat",
        bus3="co2 atmosphere",
        efficiency=0.4,
        efficiency2=0.4,
        efficiency3=0.2,
        p_nom=100,
    )
    add_co2_store(n, limit_mt)
    return n


def test_without_a_limit_the_chp_runs_and_its_tonnes_are_counted() -> None:
    n = _chp_network(None)
    n.optimize(solver_name="highs", io_api="direct", log_to_console=False)
    # 30 MWh of power from the CHP burn 75 MWh of gas: 15 t CO2, 1,500 EUR.
    assert n.links_t.p0["gas CHP"].sum() == pytest.approx(75.0)
    assert n.stores_t.e["co2 atmosphere"].iloc[-1] == pytest.approx(15.0)
    assert n.objective == pytest.approx(1500.0)


def test_a_binding_limit_moves_dispatch_off_the_chp_link() -> None:
    n = _chp_network(6e-6)  # 6 t
    n.optimize(solver_name="highs", io_api="direct", log_to_console=False)
    # 6 t allow 30 MWh of gas = 12 MWh of power; the clean generator makes the other 18 MWh.
    # Objective = 30 * 20 + 18 * 100 = 2,400 EUR; the CO2 price is the bus's marginal price.
    assert n.stores_t.e["co2 atmosphere"].iloc[-1] == pytest.approx(6.0)
    assert n.links_t.p0["gas CHP"].sum() == pytest.approx(30.0)
    assert n.generators_t.p["clean"].sum() == pytest.approx(18.0)
    assert n.objective == pytest.approx(2400.0)
    # Each tonne displaces 2.5 MWh of CHP power: (100 - 20 / 0.4) * 2 = 100 EUR/t saved.
    assert n.buses_t.marginal_price["co2 atmosphere"].abs().max() == pytest.approx(100.0)


def test_the_store_counts_every_emitting_link_of_the_city_network() -> None:
    r = solved_week()
    parts = sum(v for k, v in r.co2.items() if k != "total")
    assert r.co2["total"] == pytest.approx(parts, rel=1e-6)
    assert r.co2["imports grid mix"] > 0 and r.co2["gas CHP"] > 0


def test_a_co2_limit_on_the_city_binds_and_cuts_chp() -> None:
    free = solved_week()
    limit = free.co2["total"] * 0.98
    inputs = grid_inputs("plan", 2030)
    options = GridOptions(hours=(0, 168), co2_limit_mt=limit)
    capped = solve(
        build_network(inputs, standin_profiles(2030), options=options), resolution="full"
    )
    assert capped.co2["total"] == pytest.approx(limit, rel=1e-6)
    # CHP power is capped at the pathway's, so little else is left to cut: at most a trace of
    # load is shed at the value of lost load.
    assert capped.unserved_mwh["electricity"] < 0.01 * capped.served_twh["electricity"] * 1e6
    assert capped.co2["gas CHP"] < free.co2["gas CHP"]
    assert capped.objective > free.objective
