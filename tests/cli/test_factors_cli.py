"""``peakzero factors list`` and ``peakzero factors show``."""

import json
from pathlib import Path

from typer.testing import CliRunner

from peakzero.accounting.factors import FACTOR_COLUMNS, grid_factors, load_factor_set
from peakzero.cli import app

runner = CliRunner()


def test_list_table_names_every_set() -> None:
    result = runner.invoke(app, ["factors", "list"])
    assert result.exit_code == 0, result.output
    for set_id in ("ipcc-2006", "cn-gbt2589-provincial-2011", "ceads-shan2018", "cn-grid"):
        assert set_id in result.output
    assert "AR5GWP100" in result.output
    assert "省级温室气体清单编制指南" in result.output


def test_list_table_names_every_grid_and_heat_factor_id() -> None:
    # These ids are what --grid-factor and --heat-factor take.
    result = runner.invoke(app, ["factors", "list"])
    assert result.exit_code == 0, result.output
    _, grid = result.output.split("Grid and heat factors", 1)
    lines = {ln.split()[0]: ln.split() for ln in grid.splitlines()[1:] if ln.strip()}
    assert lines["id"] == [
        "id",
        "carrier",
        "data_year",
        "scope_type",
        "value",
        "unit",
        "status",
    ]
    assert lines["mee-national-2022"][1:] == [
        "electricity",
        "2022",
        "statistical-average",
        "0.5366",
        "t/MWh",
        "verified",
    ]
    assert lines["mee-north-china-2022"][4] == "0.6776"
    assert lines["mee-ets-power-2023"][3:5] == ["ets-reporting", "0.5703"]
    assert lines["cn-heat-default"][1:] == [
        "heat",
        "guideline-default",
        "0.11",
        "t/GJ",
        "uncertain",
    ]
    assert len(lines) - 2 == len(grid_factors())  # header and rule lines


def test_list_json() -> None:
    result = runner.invoke(app, ["factors", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload) == ["sets", "grid_factors"]
    sets = {entry["id"]: entry for entry in payload["sets"]}
    assert sets["cn-grid"]["kind"] == "grid"
    assert "VERIFIED-PAGE" in sets["cn-gbt2589-provincial-2011"]["provenance"]
    grid = {entry["id"]: entry for entry in payload["grid_factors"]}
    assert list(grid) == [factor.id for factor in grid_factors()]
    assert grid["mee-ets-power-2023"]["value"] == 0.5703
    assert grid["mee-ets-power-2023"]["data_year"] == 2022
    assert grid["cn-heat-default"]["carrier"] == "heat"
    assert grid["cn-heat-default"]["data_year"] is None


def test_show_combustion_set_has_values_units_sources_and_statuses() -> None:
    result = runner.invoke(app, ["factors", "show", "ipcc-2006"])
    assert result.exit_code == 0, result.output
    assert "provenance" in result.output
    line = next(
        ln for ln in result.output.splitlines() if ln.startswith("gasoline ") and "69300" in ln
    )
    assert "kg/TJ" in line and "verified" in line and "Table 1.4" in line
    gas = next(
        ln for ln in result.output.splitlines() if ln.startswith("gasoline ") and "ch4" in ln
    )
    assert gas.split()[1:4] == ["ch4_factor", "I.4", "3"]
    assert "energy-industries defaults" in gas


def test_show_grid_factor_entry() -> None:
    result = runner.invoke(app, ["factors", "show", "mee-ets-power-2023"])
    assert result.exit_code == 0, result.output
    assert "0.5703" in result.output
    assert "ets-reporting" in result.output
    assert "0.5366" in result.output  # the note points at the statistical average


def test_show_grid_set_json() -> None:
    result = runner.invoke(app, ["factors", "show", "cn-grid", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    values = {row["id"]: row["value"] for row in payload["rows"]}
    assert values["mee-national-2022"] == 0.5366
    assert values["mee-ets-power-2023"] == 0.5703


def test_show_gwp_metric_by_short_name() -> None:
    result = runner.invoke(app, ["factors", "show", "AR5"])
    assert result.exit_code == 0, result.output
    assert "AR5GWP100" in result.output
    rows = {
        ln.split()[0]: ln.split()[1]
        for ln in result.output.splitlines()
        if ln[:3] in ("CH4", "N2O")
    }
    assert rows == {"CH4": "28", "N2O": "265"}


def test_show_csv_round_trips_as_a_user_factor_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["factors", "show", "cn-gbt2589-provincial-2011", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "copy.csv"
    path.write_text(result.output, encoding="utf-8")
    copy = load_factor_set(path)
    packaged = load_factor_set("cn-gbt2589-provincial-2011")
    assert copy.table.equals(packaged.table)
    assert copy.canonical().equals(packaged.canonical())


def test_show_csv_round_trips_the_gpc_column(tmp_path: Path) -> None:
    result = runner.invoke(app, ["factors", "show", "ipcc-2006", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(FACTOR_COLUMNS)
    assert result.output.splitlines()[0].startswith("factor_set,fuel,parameter,gpc,value,")
    assert "ipcc-2006,gasoline,ch4_factor,I.4,3,kg/TJ," in result.output
    path = tmp_path / "ipcc.csv"
    path.write_text(result.output, encoding="utf-8")
    copy = load_factor_set(path)
    packaged = load_factor_set("ipcc-2006")
    assert copy.table.equals(packaged.table)
    assert copy.canonical().equals(packaged.canonical())
    assert copy.sector_factors().equals(packaged.sector_factors())


def test_show_unknown_id_exits_2_with_the_valid_ids() -> None:
    result = runner.invoke(app, ["factors", "show", "ipcc-2019"])
    assert result.exit_code == 2
    assert "unknown factor set or grid factor id" in result.output
    assert "ipcc-2006" in result.output and "mee-north-china-2022" in result.output
    assert "Traceback" not in result.output


def test_show_rejects_an_unknown_format() -> None:
    result = runner.invoke(app, ["factors", "show", "ipcc-2006", "--format", "xml"])
    assert result.exit_code == 2
