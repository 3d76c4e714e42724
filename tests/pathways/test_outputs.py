"""Every scenario's IAMC output is additive, named and complete."""

import pytest

from peakzero.pathways.outputs import check_additive, to_iamc, unit_of
from peakzero.pathways.run import run_pathway
from peakzero.pathways.scenarios import list_scenarios
from peakzero.testing import assert_additive

SCENARIOS = [info.name for info in list_scenarios()]


@pytest.mark.parametrize("name", SCENARIOS)
def test_children_sum_to_parents(name: str) -> None:
    long = to_iamc(run_pathway(name))
    assert_additive(long)
    assert check_additive(long) == []  # the library's own check agrees
    assert set(long["region"]) == {"CN-BJ"} and set(long["model"]) == {"peakzero"}
    assert sorted(long["year"].unique()) == list(range(2019, 2061))
    variables = set(long["variable"])
    for required in (
        "Emissions|CO2",
        "Emissions|CO2|Energy and Industrial Processes",
        "Emissions|CO2|AFOLU",
        "Emissions|CO2|Waste",
        "Emissions|CH4",
        "Emissions|N2O",
        "Emissions|Kyoto Gases",
        "Emissions|CO2|Energy|Demand|Transportation",
        "Consumption Emissions|CO2",
        "Final Energy",
        "Primary Energy",
        "Secondary Energy|Electricity",
        "Share|Renewable Energy",
        "Energy Intensity of GDP",
        "Carbon Intensity of GDP",
    ):
        assert required in variables


def test_check_additive_finds_a_broken_parent() -> None:
    long = to_iamc(run_pathway("baseline"))
    broken = long.copy()
    mask = broken["variable"] == "Emissions|CO2|Energy|Demand|Industry"
    broken.loc[mask, "value"] += 1.0
    assert "Emissions|CO2|Energy|Demand" in check_additive(broken)


def test_units_are_named() -> None:
    assert unit_of("Emissions|CO2|Energy|Supply") == "Mt CO2/yr"
    assert unit_of("Final Energy|Electricity") == "PJ/yr"
    assert unit_of("Share|Renewable Energy") == "%"


def test_aggregation_rule_holds_in_every_year_of_the_neutrality_scenario() -> None:
    run = run_pathway("neutrality")
    net = run.results["Emissions|CO2"][0]
    parts = (
        run.results["Emissions|CO2|Energy and Industrial Processes"][0]
        + run.results["Emissions|CO2|AFOLU"][0]
        + run.results["Emissions|CO2|Removals"][0]
        + run.results["Emissions|CO2|Waste"][0]
    )
    assert net == pytest.approx(parts)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_starts_from_the_2019_base_year(name: str) -> None:
    from peakzero.pathways import catalogue
    from peakzero.pathways.run import YEARS
    from peakzero.pathways.scenarios import load_scenario

    scenario = load_scenario(name)
    baseline = load_scenario("baseline")
    for key, spec in scenario.levers.items():
        first = spec.evaluate(YEARS)[0]
        assert first == pytest.approx(baseline.levers[key].evaluate(YEARS)[0]), key
        item = catalogue.levers()[key]
        assert item.min <= first <= item.max
