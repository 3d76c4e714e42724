"""`peakzero inventory compute` end to end, good and bad input."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.testing import SMALL_CITY, assert_additive

DATA = Path(__file__).resolve().parents[1] / "data"
ACTIVITY = DATA / "activity_small.csv"  # SMALL_CITY's text (tests/test_testing.py)
ELECTRICITY, HEAT = SMALL_CITY.co2["EB44", "electricity"], SMALL_CITY.co2["EB44", "heat"]
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["inventory", "compute", *args])


def test_csv_has_the_promised_columns(tmp_path: Path) -> None:
    output = tmp_path / "emissions.csv"
    result = invoke(str(ACTIVITY), "--grid-factor", "mee-north-china-2022", "--output", str(output))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(output)
    for column in ("region", "year", "sector", "fuel", "gas", "scope", "value", "unit"):
        assert column in table.columns
    electricity = table[table["fuel"] == "electricity"]
    assert electricity["value"].tolist() == pytest.approx([ELECTRICITY])
    assert electricity["scope"].tolist() == [2]
    assert set(table["gwp_metric"]) == {"AR5GWP100"}


def test_json_summary_names_its_choices() -> None:
    result = invoke(str(ACTIVITY), "--format", "json", "--gwp", "AR6")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["settings"]["gwp_metric"] == "AR6GWP100"
    assert document["settings"]["electricity_factor"] == "mee-north-china-2022"
    views = {(v["view"], v["aviation"]): v["co2"] for v in document["views"]}
    assert views["scope1+2", True] - views["territorial", True] == pytest.approx(ELECTRICITY + HEAT)
    assert views["territorial", True] > views["territorial", False]
    assert document["uncertainty"][0]["uncertainty_pct"] > 0


def test_iamc_is_wide_and_additive() -> None:
    result = invoke(str(ACTIVITY), "--format", "iamc")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(StringIO(result.stdout))
    assert list(table.columns) == ["model", "scenario", "region", "variable", "unit", "2019"]
    assert_additive(table)
    value = table.set_index("variable")["2019"]
    demand = [v for v in value.index if v.startswith("Emissions|CO2|Energy|Demand|")]
    assert value[demand].sum() == pytest.approx(value["Emissions|CO2|Energy|Demand"])
    parts = value["Emissions|CO2|Energy|Demand"] + value["Emissions|CO2|Energy|Supply"]
    eip = "Emissions|CO2|Energy and Industrial Processes"
    assert parts == pytest.approx(value[f"{eip}|Energy"])
    assert value[eip] == pytest.approx(value["Emissions|CO2"])  # no waste or AFOLU here
    assert "Emissions|CO2|Energy" not in value.index  # as in the pathway engine


def test_user_factor_file_instead_of_an_id(tmp_path: Path) -> None:
    factors = tmp_path / "enterprise.csv"
    factors.write_text(
        "factor_set,fuel,parameter,value,unit,source,status,note\n"
        "plant-a,natural_gas,ncv,0.0389,GJ/m^3,meter readings 2019,verified,\n"
        "plant-a,natural_gas,co2_factor,56.0,t/TJ,lab analysis 2019,verified,\n",
        encoding="utf-8",
    )
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "region,year,sector,fuel,value,unit\nCN-BJ,2019,EB39,natural_gas,1000000,m^3\n",
        encoding="utf-8",
    )
    result = invoke(str(activity), "--factors", str(factors), "--format", "csv")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(StringIO(result.stdout))
    assert table["value"].sum() == pytest.approx(1e6 * 0.0389e-3 * 56.0)


def test_bad_input_exits_2_without_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2019,EB46,petrol,1,t\n"
        "CN-BJ,2019,EB46,gasoline,x,t\n"
        "CN-BJ,2019,EB46,gasoline,1,t\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    result = invoke(str(bad), "--output", str(output))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{bad}, line 2, column 'fuel'" in result.stderr
    assert f"{bad}, line 3, column 'value'" in result.stderr
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_unknown_factor_set_and_missing_file(tmp_path: Path) -> None:
    result = invoke(str(ACTIVITY), "--factors", "no-such-set")
    assert result.exit_code == 2
    assert "ipcc-2006" in result.stderr  # lists what is valid
    result = invoke(str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_strict_mode_refuses_qa_warnings(tmp_path: Path) -> None:
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "region,year,sector,fuel,value,unit\n"
        "CN-BJ,2016,IV.1,clinker,10,t\nCN-BJ,2017,IV.1,clinker,0,t\nCN-BJ,2018,IV.1,clinker,10,t\n",
        encoding="utf-8",
    )
    lenient = invoke(str(activity), "--factors", "ipcc-2006")
    assert lenient.exit_code == 0
    assert "2017" in lenient.stderr and "gap" in lenient.stderr
    output = tmp_path / "out.csv"
    strict = invoke(str(activity), "--factors", "ipcc-2006", "--strict", "--output", str(output))
    assert strict.exit_code == 2
    assert not output.exists()


def test_reference_approach_with_supply(tmp_path: Path) -> None:
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "region,year,sector,fuel,value,unit\nCN-BJ,2019,EB46,gasoline,100,t\n", encoding="utf-8"
    )
    supply = tmp_path / "supply.csv"
    supply.write_text(
        "region,year,fuel,flow,value,unit\n"
        "CN-BJ,2019,gasoline,imports,130,t\n"
        "CN-BJ,2019,gasoline,exports,10,t\n"
        "CN-BJ,2019,gasoline,stock_change,10,t\n",
        encoding="utf-8",
    )
    result = invoke(
        str(activity), "--factors", "ipcc-2006", "--supply", str(supply), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (row,) = document["reference_vs_sectoral"]
    assert row["difference"] == pytest.approx(0.10)  # 110 t apparent vs 100 t
    assert any(f["check"] == "reference-approach" for f in document["qa"])


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke(str(ACTIVITY), "--output", str(tmp_path))
    assert result.exit_code == 2
    assert "it is a folder" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["demo", "--output", str(blocker)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.output
