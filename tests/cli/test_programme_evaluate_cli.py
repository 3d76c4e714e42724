"""``peakzero programme evaluate``."""

import csv
import io
import json

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
