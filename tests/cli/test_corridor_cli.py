"""``pathway summary`` reports the import-corridor check."""

import json

from typer.testing import CliRunner

from peakzero.cli import app

runner = CliRunner()


def test_summary_prints_the_corridor_line() -> None:
    result = runner.invoke(app, ["pathway", "summary", "--scenario", "plan"])
    assert result.exit_code == 0, result.output
    assert "import corridor 43 GW: import peak (annual estimate) 2030" in result.stdout


def test_summary_json_has_the_corridor_table() -> None:
    result = runner.invoke(app, ["pathway", "summary", "--scenario", "plan", "--format", "json"])
    corridor = json.loads(result.stdout)["import_corridor"]
    assert corridor["corridor_gw"] == 43.0
    years = {row["year"]: row for row in corridor["years"]}
    assert set(years) >= {2019, 2030, 2060}
    assert {"import_peak_gw", "grid_import_peak_gw", "exceeded"} <= set(years[2030])
    assert corridor["findings"] == []
