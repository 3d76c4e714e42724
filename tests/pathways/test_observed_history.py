"""Observed years are history: every policy scenario is the reference up to 2025."""

from pathlib import Path

import numpy as np
import pytest

from peakzero.pathways.catalogue import LAST_OBSERVED_YEAR, REFERENCE
from peakzero.pathways.observed import JOIN_YEARS, joined
from peakzero.pathways.paths import PathSpec
from peakzero.pathways.run import UNCERTAIN_AFTER, run_pathway
from peakzero.pathways.scenarios import list_scenarios, load_scenario


def test_one_constant_for_the_last_observed_year() -> None:
    assert LAST_OBSERVED_YEAR == UNCERTAIN_AFTER == 2025


def test_every_policy_scenario_equals_the_reference_in_every_variable_up_to_2025() -> None:
    reference = run_pathway(REFERENCE).results
    observed = reference.years <= LAST_OBSERVED_YEAR
    policies = [i.name for i in list_scenarios() if load_scenario(i.name).history == "policy"]
    assert {"plan", "neutrality"} <= set(policies)
    for name in policies:
        results = run_pathway(name).results
        for variable in results.variables():
            mine = results[variable][:, observed]
            # A variable the reference does not report (e.g. geothermal costs) is nil there.
            ref = reference[variable][:, observed] if variable in reference.values else 0 * mine
            assert np.array_equal(mine, ref), (name, variable)
        assert set(reference.variables()) <= set(results.variables())
        # ... and they do diverge afterwards.
        territorial = "Emissions|CO2|Energy and Industrial Processes"
        assert results.at(territorial, 2030) < reference.at(territorial, 2030)


def test_the_join_is_continuous_and_reaches_the_own_path_after_join_years() -> None:
    # Reference flat at 100; own path 100 in 2019 rising by 10 a year: 160 in 2025.
    reference = PathSpec("constant", value=100.0)
    own = PathSpec("values", points=((2019, 100.0), (2060, 510.0)))
    path = joined(reference, own, 0.0, 1000.0)
    values = dict(path.points)
    assert values[2025] == 100.0 and values[2020] == 100.0
    # Gap -60 fades over five years: 2026 = 170 - 60 * 4/5 = 122, 2030 = 210.
    assert values[2026] == pytest.approx(122.0)
    assert values[2028] == pytest.approx(190.0 - 60 * 2 / 5)
    assert values[2025 + JOIN_YEARS] == pytest.approx(210.0)
    assert values[2040] == pytest.approx(310.0)
    # A path equal to the reference up to 2025 is left as it is.
    same = PathSpec("values", points=((2019, 100.0), (2025, 100.0), (2030, 150.0)))
    assert joined(reference, same, 0.0, 1000.0) is same


def test_a_user_file_cannot_rewrite_observed_years(tmp_path: Path) -> None:
    file = tmp_path / "faster.yaml"
    file.write_text(
        "parent: plan\nlevers:\n  heat_pump_area: {values: {2019: 82, 2022: 300, 2030: 400}}\n"
        "drivers:\n  gdp_growth: 0.03\n",
        encoding="utf-8",
    )
    scenario = load_scenario(file)
    reference = load_scenario(REFERENCE)
    assert scenario.history == "policy"
    years = np.arange(2019, 2026)
    path = scenario.levers["heat_pump_area"].evaluate(years)
    assert np.array_equal(path, reference.levers["heat_pump_area"].evaluate(years))
    assert scenario.levers["heat_pump_area"].evaluate(np.array([2030]))[0] == pytest.approx(400)
    assert "heat_pump_area" in scenario.history_note and "not used" in scenario.history_note
    # A driver too: observed GDP growth up to 2025, the file's 3 % from 2030.
    growth = scenario.drivers["gdp_growth"].evaluate(np.array([2020, 2025, 2030, 2050]))
    assert list(growth[:2]) == [0.012, 0.054] and list(growth[2:]) == [0.03, 0.03]
    assert "gdp_growth" in scenario.history_note


def test_the_baseline_is_a_counterfactual_and_says_so() -> None:
    baseline = load_scenario("baseline")
    assert baseline.history == "counterfactual"
    assert "leaves observed history from 2019" in baseline.history_note
    assert "counterfactual" in baseline.description.lower()
    assert load_scenario(REFERENCE).history == "reference"
