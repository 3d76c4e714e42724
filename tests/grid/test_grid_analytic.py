"""A tiny network whose optimum is known by hand, solved with peakzero's HiGHS settings."""

import pandas as pd
import pytest

from peakzero.grid.backend import pypsa
from peakzero.grid.solve import optimize_network


def test_one_bus_three_hours_by_hand() -> None:
    # Load 10, 15, 30 MW. A cheap generator (20 MW, 10 EUR/MWh) runs first; the expensive one
    # (50 EUR/MWh) covers the rest: 10 MWh in the third hour.
    # Objective = (10 + 15 + 20) * 10 + 10 * 50 = 950 EUR.
    n = pypsa.Network()
    n.set_snapshots(range(3))
    n.add("Bus", "bus")
    n.add("Load", "load", bus="bus", p_set=pd.Series([10.0, 15.0, 30.0], n.snapshots))
    n.add("Generator", "cheap", bus="bus", p_nom=20, marginal_cost=10)
    n.add("Generator", "expensive", bus="bus", p_nom=100, marginal_cost=50)
    optimize_network(n)
    assert n.objective == pytest.approx(950.0, rel=1e-9)
    assert list(n.generators_t.p["cheap"]) == pytest.approx([10, 15, 20], abs=1e-6)
    assert list(n.generators_t.p["expensive"]) == pytest.approx([0, 0, 10], abs=1e-6)
    # The marginal price is set by the generator at the margin.
    assert list(n.buses_t.marginal_price["bus"]) == pytest.approx([10, 10, 50], abs=1e-6)


def test_capacity_expansion_by_hand() -> None:
    # A 2-snapshot load of 10 and 30 MW; extendable gas at 1,000 EUR/MW/yr capital cost and
    # 20 EUR/MWh, or an existing 50 MW peaker at 100 EUR/MWh.
    n = pypsa.Network()
    n.set_snapshots(range(2))
    n.snapshot_weightings.loc[:, :] = 100.0  # each hour stands for 100 hours
    n.add("Bus", "bus")
    n.add("Load", "load", bus="bus", p_set=pd.Series([10.0, 30.0], n.snapshots))
    n.add("Generator", "gas", bus="bus", p_nom_extendable=True, capital_cost=1000, marginal_cost=20)
    n.add("Generator", "peaker", bus="bus", p_nom=50, marginal_cost=100)
    optimize_network(n)
    # A MW of gas running in both snapshots saves 2 * 100 h * 80 EUR = 16,000 > 1,000 EUR, so
    # gas serves the 10 MW base; the 11th-30th MW run in one snapshot only: 8,000 > 1,000, so
    # gas serves all 30 MW. Cost: 30 * 1,000 + (10 + 30) * 100 * 20 = 110,000 EUR.
    assert n.generators.p_nom_opt["gas"] == pytest.approx(30.0, abs=1e-6)
    assert n.objective == pytest.approx(110_000.0, rel=1e-9)
