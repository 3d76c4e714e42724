"""Parameters drawn as well as levers and drivers; correlated draws through a Gaussian copula."""

import zlib

import numpy as np
import pytest
from scipy import stats

from peakzero.errors import ReferenceDataError
from peakzero.pathways import catalogue
from peakzero.pathways.correlation import correlations, normal_correlation, read_correlations
from peakzero.pathways.distributions import (
    parameter_uncertainty,
    quantile,
    read_parameter_uncertainty,
    uncertain_items,
)
from peakzero.pathways.ensemble import sample_multipliers
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS, model_inputs
from peakzero.pathways.scenarios import load_scenario

CONSUMPTION = "Consumption Emissions|CO2"


def test_the_parameters_that_matter_are_drawn_with_a_source() -> None:
    drawn = parameter_uncertainty()
    assert {
        "heat_pump_cop",
        "electricity_gdp_elasticity",
        "industry_gdp_elasticity",
        "chp_heat_fraction",
        "bev_energy_ratio",
    } <= set(drawn)
    assert {uncertain_items()[k].kind for k in drawn} == {"parameter"}
    multipliers = sample_multipliers(50, seed=4)
    assert set(drawn) <= set(multipliers)


def test_same_seed_same_draws_and_each_item_keeps_its_own_stream() -> None:
    a, b = sample_multipliers(300, seed=5), sample_multipliers(300, seed=5)
    assert all((a[k] == b[k]).all() for k in a)
    # An item outside the correlations draws exactly as from its own generator alone.
    rng = np.random.default_rng([5, zlib.crc32(b"population")])
    expected = rng.triangular(0.95, 1.0, 1.05, 300)
    assert np.array_equal(a["population"], expected)


@pytest.mark.parametrize("which", ["parameters", "all"])
def test_draws_leave_2019_2025_alone_in_every_variable_and_spread_later(which: str) -> None:
    scenario = load_scenario("plan")
    multipliers = sample_multipliers(200, seed=3)
    if which == "parameters":
        multipliers = {k: multipliers[k] for k in parameter_uncertainty()}
    runs = simulate(model_inputs(scenario, multipliers))
    central = simulate(model_inputs(scenario))
    history = YEARS <= 2025
    for variable, values in runs.values.items():
        assert values.shape == (200, len(YEARS)), variable
        assert np.allclose(values[:, history], central[variable][:, history]), variable
    assert runs.in_year(CONSUMPTION, 2035).std() > 0.5


def test_a_drawn_value_is_the_multiplier_phased_in_over_the_ramp() -> None:
    scenario = load_scenario("plan")
    inputs = model_inputs(scenario, {"heat_pump_cop": np.array([1.2])})
    cop = np.asarray(inputs.parameters["heat_pump_cop"])[0]
    ramp = catalogue.monte_carlo_parameters()["value_ramp_years"]
    assert cop[YEARS == 2025] == pytest.approx(3.0)
    assert cop[YEARS == 2030] == pytest.approx(3.0 * (1 + 0.2 * min(5 / ramp, 1.0)))
    assert cop[-1] == pytest.approx(3.6)


def test_correlated_draws_have_the_specified_rank_correlation() -> None:
    runs = 20_000
    multipliers = sample_multipliers(runs, seed=11)
    spec = correlations()
    assert spec.pairs  # GDP with aviation, electricity, freight
    for pair in spec.pairs:
        found = stats.spearmanr(multipliers[pair.a], multipliers[pair.b]).statistic
        # Standard error of Spearman's rho ~ (1 - rho^2) / sqrt(n): well under 0.01 here.
        assert found == pytest.approx(pair.rank_correlation, abs=0.03), (pair.a, pair.b)


def test_the_copula_keeps_each_items_distribution() -> None:
    runs = 20_000
    drawn = sample_multipliers(runs, seed=12)["gdp_growth"]
    spec = uncertain_items()["gdp_growth"].spec
    expected = quantile(spec, (np.arange(runs) + 0.5) / runs, "gdp_growth")
    assert stats.ks_2samp(drawn, expected).pvalue > 0.001
    assert drawn.min() >= spec["low"] and drawn.max() <= spec["high"]


KNOWN = ["a", "b", "c"]
HEADER = "a,b,rank_correlation,source,status\n"


def test_a_correlation_matrix_that_cannot_hold_is_refused_naming_file_and_lines() -> None:
    text = HEADER + "a,b,0.9,x,uncertain\na,c,0.9,x,uncertain\nb,c,-0.9,x,uncertain\n"
    with pytest.raises(ReferenceDataError, match=r"corr\.csv.*positive semi-definite.*2, 3, 4"):
        read_correlations(text, "corr.csv", KNOWN)


def test_a_consistent_matrix_is_kept_on_the_normal_scale() -> None:
    spec = read_correlations(HEADER + "a,b,0.5,x,uncertain\n", "corr.csv", KNOWN)
    assert spec.items == ("a", "b")
    assert spec.matrix[0, 1] == pytest.approx(2 * np.sin(np.pi * 0.5 / 6))
    assert normal_correlation(1.0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,z,0.5,x,uncertain", r"line 2, column 'b'.*not an uncertain"),
        ("a,a,0.5,x,uncertain", "two different inputs"),
        ("a,b,1.5,x,uncertain", "from -1 to 1"),
        ("a,b,0.5,,uncertain", "source is empty"),
    ],
)
def test_bad_correlation_rows_are_named(row: str, message: str) -> None:
    with pytest.raises(ReferenceDataError, match=message):
        read_correlations(HEADER + row + "\n", "corr.csv", KNOWN)


def test_bad_parameter_distributions_are_named() -> None:
    header = "id,distribution,low,mode,high,source,status\n"
    with pytest.raises(ReferenceDataError, match=r"p\.csv, line 2.*not a parameter"):
        read_parameter_uncertainty(header + "nope,triangular,0.8,1,1.2,x,uncertain\n", "p.csv")
    with pytest.raises(ReferenceDataError, match=r"line 2.*low <= mode <= high"):
        read_parameter_uncertainty(
            header + "heat_pump_cop,triangular,1.1,1,1.2,x,uncertain\n", "p.csv"
        )


def test_variants_under_draws_carry_the_drawn_parameters_in_every_block() -> None:
    from peakzero.pathways.ensemble import variant_ensemble

    reference, target = load_scenario("baseline"), load_scenario("plan")
    runs = 40
    stacked = variant_ensemble(reference, target, [("heat_pump_area",)], runs, seed=3)
    alone = simulate(model_inputs(target, sample_multipliers(runs, seed=3)))
    # Block 0 is the target under the ensemble's draws, parameters included (electricity
    # demand, hence consumption emissions, moves with the drawn elasticity and COP).
    assert np.allclose(stacked[CONSUMPTION][:runs], alone[CONSUMPTION])
