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
