"""`peakzero pathway ensemble` beside the deterministic run, and `pathway sensitivity`."""

import json

from typer.testing import CliRunner

from peakzero.cli import app

runner = CliRunner()


def test_ensemble_table_shows_the_deterministic_run_beside_the_median() -> None:
    args = ["pathway", "ensemble", "-s", "neutrality", "--runs", "200", "--seed", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "deterministic (central inputs)" in result.stdout
    assert "ensemble median" in result.stdout
    assert "P(net zero): by 2050" in result.stdout
    assert "Net zero by 2050: P(met)" in result.stdout
    summary = runner.invoke(app, ["pathway", "summary", "-s", "neutrality"]).stdout
    assert "deterministic (central inputs)" in summary


def test_ensemble_json_has_quantiles_per_year() -> None:
    args = ["pathway", "ensemble", "-s", "plan", "--runs", "100", "--format", "json"]
    document = json.loads(runner.invoke(app, args).stdout)
    emissions = document["emissions"]
    assert {"p5", "p25", "p50", "p75", "p95", "deterministic", "years"} <= set(emissions)
    assert len(emissions["p95"]) == len(emissions["years"]) == 42


def test_sensitivity_json_and_table() -> None:
    args = ["pathway", "sensitivity", "-s", "current-policy", "--samples", "64"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["outputs"][0]["output"] == "P(peak by 2030)"
    index = document["outputs"][1]["indices"][0]
    assert {"input", "first", "first_confidence", "total", "total_confidence"} == set(index)
    table = runner.invoke(app, [*args, "--top", "3"])
    assert table.exit_code == 0, table.output
    assert "first order" in table.stdout and "±" in table.stdout


def test_sensitivity_refuses_a_sample_size_that_is_not_a_power_of_two() -> None:
    result = runner.invoke(app, ["pathway", "sensitivity", "-s", "plan", "--samples", "100"])
    assert result.exit_code != 0
    assert "power of 2" in result.output
