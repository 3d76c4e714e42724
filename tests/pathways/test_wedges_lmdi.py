"""Wedges close the gap between scenarios; LMDI has no residual."""

import math

import numpy as np
import pytest

from peakzero.pathways.lmdi import lmdi, log_mean
from peakzero.pathways.metrics import NET
from peakzero.pathways.run import run_pathway
from peakzero.pathways.wedges import wedges


def test_wedges_and_interaction_add_up_to_the_scenario_gap() -> None:
    table = wedges("plan", "baseline")
    by_year = table.groupby("year")["abated"].sum()
    gap = run_pathway("baseline").results[NET][0] - run_pathway("plan").results[NET][0]
    assert np.allclose(by_year.to_numpy(), gap)
    assert by_year[2019] == pytest.approx(0.0, abs=1e-9)
    levers = set(table["lever"])
    assert {"nev_share", "heat_pump_area", "interaction"} <= levers
    nev = table[(table["lever"] == "nev_share") & (table["year"] == 2040)]["abated"].item()
    assert nev > 1.0  # electric cars remove Mt from 2040 on


def test_green_imports_only_count_in_the_consumption_view() -> None:
    territorial = wedges("current-policy", "baseline")
    consumption = wedges("current-policy", "baseline", "Consumption Emissions|CO2")

    def at(table, lever: str) -> float:  # type: ignore[no-untyped-def]
        return float(table[(table["lever"] == lever) & (table["year"] == 2030)]["abated"].item())

    assert at(territorial, "green_power_imports_twh") == pytest.approx(0.0)
    assert at(consumption, "green_power_imports_twh") > 5.0


def test_log_mean_by_hand() -> None:
    assert log_mean(2.0, 2.0) == 2.0
    assert log_mean(4.0, 1.0) == pytest.approx(3.0 / math.log(4.0))
    with pytest.raises(ValueError, match="positive"):
        log_mean(0.0, 1.0)


def test_lmdi_has_no_residual() -> None:
    effects = lmdi(run_pathway("plan"), 2019, 2030)
    parts = sum(v for k, v in effects.items() if k != "total")
    assert parts == pytest.approx(effects["total"], rel=1e-12)
    assert effects["energy_per_gdp"] < 0 < effects["gdp_per_capita"]


def test_history_chains_real_growth_and_matches_ceads() -> None:
    from peakzero.pathways.history import beijing_history

    table = beijing_history()
    assert list(table.index) == list(range(2011, 2020))
    growth = [7.7, 7.7, 7.3, 6.9, 6.7, 6.7, 6.6, 6.1]  # data/pathways/history.csv, 2012-2019
    assert table.loc[2019, "gdp_index"] == pytest.approx(math.prod(1 + g / 100 for g in growth))
    assert table.loc[2019, "population"] == pytest.approx(21.536)
    assert table.loc[2019, "co2_mt"] == pytest.approx(89.18, abs=0.01)  # CEADs, as the base year


def test_historical_lmdi_has_no_residual_and_explains_ceads_change() -> None:
    from peakzero.pathways.history import beijing_history
    from peakzero.pathways.lmdi import FACTORS, historical_lmdi

    effects = historical_lmdi(2011, 2019)
    co2 = beijing_history()["co2_mt"]
    assert effects["total"] == pytest.approx(co2[2019] - co2[2011])
    assert sum(effects[f] for f in FACTORS) == pytest.approx(effects["total"])
    assert effects["gdp_per_capita"] > 0 > effects["energy_per_gdp"]  # growth vs efficiency


def test_historical_lmdi_refuses_years_without_consistent_data() -> None:
    from peakzero.errors import InputError
    from peakzero.pathways.lmdi import historical_lmdi

    with pytest.raises(InputError, match="2011 <= start < end <= 2019"):
        historical_lmdi(2005, 2019)
