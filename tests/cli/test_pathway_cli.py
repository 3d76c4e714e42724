"""`peakzero pathway` commands end to end."""

import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.pathways.outputs import to_iamc
from peakzero.pathways.run import run_pathway
from peakzero.testing import BEIJING_CEADS, assert_iamc_equal

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
    assert abs(eip["2019"].item() - BEIJING_CEADS[2019].total) < 0.01
    # The file holds what the library computes (CSV keeps 17 significant digits).
    assert_iamc_equal(table, to_iamc(run_pathway("plan")), rtol=1e-12)


def test_run_names_the_gwp_metric_and_rejects_an_unknown_one(tmp_path: Path) -> None:
    output = tmp_path / "plan.csv"
    args = ["pathway", "run", "--scenario", "plan", "--output", str(output), "--gwp", "AR6"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(output)
    kyoto = table[table["variable"] == "Emissions|Kyoto Gases"]
    assert kyoto["unit"].item() == "Mt CO2-equiv/yr (AR6GWP100)"
    result = runner.invoke(app, ["pathway", "run", "--scenario", "plan", "--gwp", "AR7"])
    assert result.exit_code == 2
    assert "unknown GWP metric" in result.output and "AR7" in result.output


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
    records = pd.DataFrame(document["data"])
    assert set(records.columns) >= {"model", "scenario", "region", "variable", "unit", "year"}
    assert_iamc_equal(records, to_iamc(run_pathway("baseline")))


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


def test_macc_csv_lists_every_changed_lever_cheapest_first() -> None:
    result = runner.invoke(app, ["pathway", "macc", "--scenario", "plan"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(StringIO(result.stdout))
    assert {"lever", "abated_2030_mt", "cost_cny_per_t", "reason"} <= set(table.columns)
    priced = table["cost_cny_per_t"].dropna()
    assert list(priced) == sorted(priced)
    assert table.loc[table["cost_cny_per_t"].isna(), "reason"].notna().all()


def test_macc_json_with_a_user_cost_file(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    costs.write_text(
        "item,parameter,year,value,unit,source,status\n"
        "ecological sink,cost,2020,80,CNY/t,my survey,uncertain\n",
        encoding="utf-8",
    )
    args = ["pathway", "macc", "-s", "plan", "--year", "2060", "--costs", str(costs)]
    result = runner.invoke(app, [*args, "--scope", "net", "--format", "json"])
    assert result.exit_code == 0, result.output
    curve = json.loads(result.stdout)
    assert curve["year"] == 2060 and curve["discount_rate"] == 0.08
    sink = next(e for e in curve["entries"] if e["lever"] == "ecological_sink_mt")
    assert abs(sink["cost_per_t"] - 80) < 1e-6
    assert curve["cost_sources"]["ecological sink: cost"] == str(costs)


def test_macc_basis_is_a_choice_printed_with_the_figures() -> None:
    default = runner.invoke(app, ["pathway", "macc", "-s", "plan", "--format", "json"])
    paid = runner.invoke(app, ["pathway", "macc", "-s", "plan", "--basis", "paid"])
    assert default.exit_code == 0 and paid.exit_code == 0, default.output + paid.output
    curve = json.loads(default.stdout)
    assert curve["basis"] == "resource" and "resource costs" in curve["title"]
    assert curve["boundary"] == "territorial"
    assert "not_abating_in_2030" in curve
    table = pd.read_csv(StringIO(paid.stdout))
    assert set(table["basis"]) == {"paid"} and set(table["boundary"]) == {"territorial"}
    resource = {e["lever"]: e["cost_per_t"] for e in curve["entries"]}
    as_paid = table.set_index("lever")["cost_cny_per_t"]
    assert resource["heat_pump_area"] != as_paid["heat_pump_area"]
    bad = runner.invoke(app, ["pathway", "macc", "-s", "plan", "--basis", "shadow"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_macc_bad_cost_file_names_line_and_column(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    costs.write_text(
        "item,parameter,year,value,unit,source,status\ncoal,price,2020,x,CNY/GJ,me,verified\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["pathway", "macc", "-s", "plan", "--costs", str(costs)])
    assert result.exit_code == 2
    assert "line 2" in result.output and "'value'" in result.output
    assert "Traceback" not in result.output


def test_decompose_history_and_its_errors() -> None:
    result = runner.invoke(app, ["pathway", "decompose", "--history"])
    assert result.exit_code == 0, result.output
    effects = json.loads(result.stdout)
    assert abs(effects["total"] - (89.18 - 95.31)) < 0.01  # CEADs 2019 minus 2011
    both = runner.invoke(app, ["pathway", "decompose", "--history", "-s", "plan"])
    assert both.exit_code == 2
    early = runner.invoke(app, ["pathway", "decompose", "--history", "--start", "1997"])
    assert early.exit_code == 2 and "2011" in early.output


def test_macc_of_a_scenario_without_changes_still_has_its_header() -> None:
    result = runner.invoke(app, ["pathway", "macc", "-s", "baseline"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("lever,name_en,name_zh,abated_2030_mt,")


def test_a_user_file_runs_under_its_own_name(tmp_path: Path) -> None:
    # Saved as plan-copy.yaml but named "my plan": accepted, and the name is the one written.
    path = tmp_path / "plan-copy.yaml"
    path.write_text("name: my plan\nparent: plan\n", encoding="utf-8")
    result = runner.invoke(app, ["pathway", "summary", "--scenario", str(path)])
    assert result.exit_code == 0, result.output
    # The plan stays below its 2010 record on the assessment boundary (CEADs + imports).
    assert result.stdout.startswith("my plan: peak 2010 at 146.36 Mt CO2 (assessment boundary")


def test_a_name_that_is_not_text_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("parent: plan\nname: [a, b]\n", encoding="utf-8")
    result = runner.invoke(app, ["pathway", "summary", "--scenario", str(path)])
    assert result.exit_code == 2
    assert f"{path}, line 2, column 'name': name must be one line of text" in result.stderr
    assert "Traceback" not in result.output


def test_summary_says_which_targets_are_inputs() -> None:
    table = runner.invoke(app, ["pathway", "summary", "--scenario", "plan"]).stdout
    assert "FCEVs by 2025: 10000.00 vs 10000.0 vehicles — input, met (" in table
    assert "Territorial CO2 peak before 2030: 2010 vs 2030 year — met" in table  # CEADs record
    assert "territorial  peak 2010 (recorded)  105.04 Mt; peaked by 2030: yes" in table
    assert "[projection only]" in table  # the consumption boundary has no record
    result = runner.invoke(app, ["pathway", "summary", "--scenario", "plan", "--format", "json"])
    inputs = {t["name"] for t in json.loads(result.stdout)["targets"] if t["input"]}
    assert inputs == {"FCEVs by 2025"}


def test_ensemble_runs_default_to_the_run_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEAKZERO_ENSEMBLE_RUNS", "50")
    args = ["pathway", "ensemble", "--scenario", "plan", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["runs"] == 50
    result = runner.invoke(app, [*args, "--runs", "60"])
    assert json.loads(result.stdout)["runs"] == 60  # a flag beats the environment


def test_summary_and_ensemble_take_a_boundary_and_a_grid_factor() -> None:
    args = ["pathway", "summary", "-s", "current-policy", "--format", "json"]
    led = json.loads(runner.invoke(app, [*args, "--boundary", "territorial"]).stdout)
    assert led["boundary"] == "territorial" and led["peak_year"] == 2010
    assert [b["boundary"] for b in led["boundaries"]] == [
        "territorial",
        "assessment",
        "consumption",
    ]
    residual = json.loads(runner.invoke(app, [*args, "--grid-factor", "residual"]).stdout)
    assert residual["boundaries"][0]["grid_factor"].startswith("residual: green imports at zero")
    assert residual["boundaries"][0]["history_from"] == 2013  # green imports recorded from 2013
    ensemble = ["pathway", "ensemble", "-s", "plan", "--runs", "50", "--grid-factor", "0.9"]
    result = runner.invoke(app, ensemble)
    assert result.exit_code == 0, result.output
    assert "plan (assessment boundary, factor 0.9 t/MWh (user's value))" in result.stdout


def test_a_bad_grid_factor_or_boundary_exits_2_saying_what_is_valid() -> None:
    result = runner.invoke(app, ["pathway", "summary", "-s", "plan", "--grid-factor", "mean"])
    assert result.exit_code == 2
    assert "use average, residual, a number in t/MWh or an electricity factor id" in result.stderr
    result = runner.invoke(app, ["pathway", "summary", "-s", "plan", "--boundary", "scope2"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_wedges_and_macc_say_their_boundary() -> None:
    result = runner.invoke(app, ["pathway", "wedges", "-s", "plan", "--boundary", "assessment"])
    assert result.exit_code == 0, result.output
    assert "Wedges of Assessment Emissions|CO2 (assessment boundary, average factor)" in (
        result.stderr
    )
    default = runner.invoke(app, ["pathway", "wedges", "-s", "plan"])
    assert "territorial boundary, net of sinks and removals" in default.stderr
    macc = runner.invoke(app, ["pathway", "macc", "-s", "plan"])
    assert "MACC on the territorial boundary: Emissions|CO2|Energy and Industrial" in macc.stderr
    assessed = runner.invoke(app, ["pathway", "macc", "-s", "plan", "--scope", "assessment"])
    assert assessed.exit_code == 0, assessed.output
    assert "MACC on the assessment boundary: Assessment Emissions|CO2" in assessed.stderr
