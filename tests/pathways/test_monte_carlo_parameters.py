"""The Monte Carlo method's assumptions: sourced, read from their table, not scenario inputs."""

from peakzero.pathways import catalogue
from peakzero.pathways.scenarios import load_scenario


def test_ramp_years_come_from_the_table_and_stay_out_of_a_scenarios_inputs() -> None:
    assert catalogue.monte_carlo_parameters() == {"value_ramp_years": 10.0}
    assert "value_ramp_years" not in load_scenario("plan").parameters
