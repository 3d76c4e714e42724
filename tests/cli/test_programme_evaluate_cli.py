"""``peakzero programme evaluate``."""

import csv
import io
import json
from importlib.resources import files
from pathlib import Path

from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.programme import load_programme

runner = CliRunner()
KEYS = {"task", "status", "reasons", "schedule_variance_days", "kpi_attainment", "co2_2030_mt"}


def test_evaluate_json_has_one_entry_per_task_with_the_keys() -> None:
    result = runner.invoke(app, ["programme", "evaluate", "--as-of", "2026-01-01"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [t["task"] for t in document["tasks"]] == [t.code for t in load_programme().tasks]
    for entry in document["tasks"]:
        assert set(entry) >= KEYS
        assert isinstance(entry["reasons"], list)
    assert document["as_of"] == "2026-01-01"
    assert "weights" in document["rules"]
    assert document["by_area"]


def test_evaluate_csv_has_a_row_per_task() -> None:
    result = runner.invoke(
        app, ["programme", "evaluate", "--as-of", "2026-01-01", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == len(load_programme().tasks)
    assert set(rows[0]) >= KEYS


def test_evaluate_rejects_a_bad_date() -> None:
    result = runner.invoke(app, ["programme", "evaluate", "--as-of", "2026-13-01"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_evaluate_with_scenario_rules_and_runs(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    text = (files("peakzero") / "data" / "programme" / "scoring.yaml").read_text(encoding="utf-8")
    rules.write_text(text.replace("off_track_after_days: 30", "off_track_after_days: 90"), "utf-8")
    result = runner.invoke(
        app,
        [
            "programme", "evaluate", "--as-of", "2026-01-01", "--scenario", "neutrality",
            "--rules", str(rules), "--runs", "50", "--seed", "3",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["scenario"] == "neutrality"
    assert document["rules"]["schedule"]["off_track_after_days"] == 90
    assert document["ensemble"]["runs"] == 50
    nev = next(t for t in document["tasks"] if t["task"] == "new_energy_vehicles")
    assert nev["co2_2030_mt_low"] <= nev["co2_2030_mt_high"]
    assert document["by_measure"] and document["races"] == []


def test_evaluate_reports_bad_rules_and_unknown_scenario(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("schedule: {at_risk_after_days: soon}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["programme", "evaluate", "--as-of", "2026-01-01", "--rules", str(rules)]
    )
    assert result.exit_code == 2
    assert "at_risk_after_days" in result.output and "Traceback" not in result.output
    result = runner.invoke(
        app, ["programme", "evaluate", "--as-of", "2026-01-01", "--scenario", "nosuch"]
    )
    assert result.exit_code == 2
    assert "nosuch" in result.output


def test_evaluate_refuses_unreadable_rules_a_negative_seed_and_a_compact_date(
    tmp_path: Path,
) -> None:
    for options in (
        ["--rules", str(tmp_path / "absent.yaml")],
        ["--rules", str(tmp_path)],
        ["--seed", "-1"],
    ):
        result = runner.invoke(app, ["programme", "evaluate", "--as-of", "2026-01-01", *options])
        assert result.exit_code == 2, (options, result.output)
        assert "Traceback" not in result.output
    result = runner.invoke(app, ["programme", "evaluate", "--as-of", "20260101"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
