"""`peakzero pathway` commands end to end."""

import json
from io import StringIO
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from peakzero.cli import app

runner = CliRunner()


def test_list_names_the_four_scenarios() -> None:
    result = runner.invoke(app, ["pathway", "list"])
    assert result.exit_code == 0
    for name in ("baseline", "current-policy", "plan", "neutrality"):
        assert name in result.stdout


def test_run_writes_pyam_wide_iamc(tmp_path: Path) -> None:
    output = tmp_path / "plan.csv"
    result = runner.invoke(app, ["pathway", "run", "--scenario", "plan", "--output", str(output)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(output)
    assert list(table.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert list(table.columns[5:]) == [str(y) for y in range(2019, 2061)]
    eip = table[table["variable"] == "Emissions|CO2|Energy and Industrial Processes"]
    assert abs(eip["2019"].item() - 89.18) < 0.01


def test_summary_json_keys() -> None:
    result = runner.invoke(app, ["pathway", "summary", "--scenario", "plan", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {"base_year", "peak_year", "peak_value", "net_zero_year", "unit", "targets"} <= set(
        summary
    )
    assert summary["base_year"] == 2019
    assert all({"name", "year", "target", "value", "met"} <= set(t) for t in summary["targets"])


def test_ensemble_json_is_reproducible() -> None:
    args = [
        "pathway",
        "ensemble",
        "-s",
        "baseline",
        "--runs",
        "300",
        "--seed",
        "5",
        "--format",
        "json",
    ]
    first, second = (json.loads(runner.invoke(app, args).stdout) for _ in range(2))
    assert {"runs", "seconds", "probability_peak_by_2030", "peak_year"} <= set(first)
    assert set(first["peak_year"]) == {"p5", "p50", "p95"}
    del first["seconds"], second["seconds"]
    assert first == second


def test_compare_and_run_json() -> None:
    result = runner.invoke(app, ["pathway", "compare", "baseline", "plan", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["a"]["scenario"] == "baseline" and document["b"]["scenario"] == "plan"
    result = runner.invoke(app, ["pathway", "run", "-s", "baseline", "--format", "json"])
    document = json.loads(result.stdout)
    assert len(document["hash"]) == 64
    records = pd.read_json(StringIO(json.dumps(document["data"])))
    assert set(records.columns) >= {"model", "scenario", "region", "variable", "unit", "year"}


def test_bad_scenario_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nparent: plan\nlevers:\n  nev_share: {values: {2030: 1.2}}\n  warp_drive: 1\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["pathway", "summary", "--scenario", str(bad)])
    assert result.exit_code == 2
    assert "nev_share" in result.stderr and "warp_drive" in result.stderr
    assert "Traceback" not in result.output
