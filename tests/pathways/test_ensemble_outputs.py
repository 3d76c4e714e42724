"""An ensemble's answers on a small hand-made ensemble: P(met), P(net zero), quantiles; and the
shape of ``pathway ensemble --format json``."""

import numpy as np
import pytest

from peakzero.pathways.ensemble import run_ensemble
from peakzero.pathways.ensemble_outputs import (
    DETERMINISTIC,
    QUANTILES,
    emission_quantiles,
    median_year,
    probability_by,
    run_outcomes,
    target_probabilities,
)
from peakzero.pathways.metrics import TargetResult, summarise
from peakzero.pathways.model import Results
from peakzero.pathways.run import run_pathway
from peakzero.pathways.scenario_sections import Target

YEARS = np.array([2019, 2020, 2021, 2022])
EMITTED = "Emissions|CO2|Energy and Industrial Processes"
NET = "Emissions|CO2"


def _toy() -> Results:
    """Four runs over four years, net emissions reaching 0 in 2020, 2021, 2022 and never."""
    net = np.array(
        [
            [5.0, 0.0, -1.0, -2.0],
            [5.0, 2.0, 0.0, -1.0],
            [5.0, 3.0, 1.0, 0.0],
            [5.0, 4.0, 3.0, 2.0],
        ]
    )
    emitted = net + 1.0
    return Results(YEARS, {NET: net, EMITTED: emitted})


def _target(name: str, **fields: object) -> Target:
    base: dict[str, object] = {
        "name": name,
        "variable": NET,
        "year": 2021,
        "comparison": "<=",
        "value": 0.0,
        "unit": "Mt CO2/yr",
        "source": "test",
    }
    return Target(**(base | fields))  # type: ignore[arg-type]


def test_probability_of_net_zero_by_a_year_counts_the_runs_that_got_there() -> None:
    outcomes = run_outcomes(_toy(), np.zeros(4), [])
    assert outcomes.net_zero_year.tolist()[:3] == [2020.0, 2021.0, 2022.0]
    assert np.isnan(outcomes.net_zero_year[3])
    assert probability_by(outcomes.net_zero_year, 2019) == 0.0
    assert probability_by(outcomes.net_zero_year, 2021) == 0.5
    assert probability_by(outcomes.net_zero_year, 2022) == 0.75
    # The median of 2020, 2021, 2022 and "never": halfway between 2021 and 2022.
    assert median_year(outcomes.net_zero_year) == 2021.5
    assert median_year(np.array([2030.0, np.nan, np.nan])) is None


def test_probability_met_per_target_on_a_hand_made_ensemble() -> None:
    targets = [
        _target("net zero 2021"),  # runs 1 and 2 (-1 and 0 in 2021): 2 of 4
        _target("at least 3 in 2020", year=2020, comparison=">=", value=3.0),  # runs 3, 4
        # 2022 against 2019: -140, -120, -100 and -60 %: 3 of 4 at -70 % or less
        _target("down 70 % since 2019", year=2022, change_from=2019, value=-70.0),
        _target("peak by 2019", variable=EMITTED, year=2030, peak_by=True, value=2019),
    ]
    outcomes = run_outcomes(_toy(), np.zeros(4), targets)
    assert outcomes.targets.shape == (4, 4)
    central = [TargetResult(t.name, t.year, t.value, 0.0, True, t.unit, t.source) for t in targets]
    found = target_probabilities(outcomes.targets, targets, central)
    assert [t.probability_met for t in found] == [0.5, 0.5, 0.75, 1.0]
    assert found[2].median == pytest.approx(-110.0)
    assert found[0].deterministic_met is True


def test_a_target_on_another_statistical_basis_gets_no_probability() -> None:
    target = _target("renewables", variable="Share|Renewable Energy", comparison=">=")
    results = Results(YEARS, {**_toy().values, "Share|Renewable Energy": np.ones((4, 4))})
    outcomes = run_outcomes(results, np.zeros(4), [target])
    central = [TargetResult("renewables", 2021, 0.0, 1.0, None, "%", "test")]
    assert target_probabilities(outcomes.targets, [target], central)[0].probability_met is None


def test_quantiles_per_year() -> None:
    emissions = np.tile(np.arange(101.0)[:, None], (1, 3))  # 0 … 100 in every year
    found = emission_quantiles(emissions)
    assert list(found) == [f"p{q}" for q in QUANTILES]
    assert found["p5"] == [5.0, 5.0, 5.0]
    assert found["p50"] == [50.0, 50.0, 50.0]
    assert found["p95"] == [95.0, 95.0, 95.0]


def test_ensemble_json_has_quantiles_per_year_targets_and_the_deterministic_run() -> None:
    result = run_ensemble("neutrality", runs=200, seed=1)
    document = result.as_dict()
    emissions = document["emissions"]
    years = emissions["years"]
    assert years[0] == 2019 and years[-1] == 2060
    for key in ("p5", "p25", "p50", "p75", "p95", "deterministic"):
        assert len(emissions[key]) == len(years), key
    column = years.index(2030)
    assert emissions["p5"][column] <= emissions["p50"][column] <= emissions["p95"][column]
    # The default: the assessment boundary (average factor).
    assert emissions["variable"] == "Assessment Emissions|CO2" and emissions["unit"] == "Mt CO2/yr"
    assert set(document["probability_net_zero_by"]) == {"2050", "2060"}
    assert (
        document["probability_net_zero_by"]["2050"] <= document["probability_net_zero_by"]["2060"]
    )
    assert document["deterministic"]["label"] == DETERMINISTIC
    # The deterministic run is the summary's own run (central inputs).
    central = summarise(run_pathway("neutrality"))
    assert document["deterministic"]["net_zero_year"] == central.net_zero_year
    assert document["median"]["emissions_2030"] == emissions["p50"][column]
    names = [t["name"] for t in document["targets"]]
    assert "Net zero by 2050" in names
    net_zero = document["targets"][names.index("Net zero by 2050")]
    assert net_zero["probability_met"] == document["probability_net_zero_by"]["2050"]


def test_another_emission_variable_can_be_asked_for() -> None:
    result = run_ensemble("plan", runs=50, seed=1, variable="Consumption Emissions|CO2")
    assert result.emissions["variable"] == "Consumption Emissions|CO2"
    assert result.emissions["p50"][0] > 100  # the consumption view: above the 89 Mt territorial
