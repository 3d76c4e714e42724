"""``peakzero grid run`` and ``grid export`` on one winter week (fast), and their errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pypsa
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.grid.quiet import quiet

runner = CliRunner()
WEEK = ["--scenario", "plan", "--year", "2030", "--window", "312:168"]


def test_run_json_has_the_keys_and_exported_network_gives_the_same_objective(
    tmp_path: Path,
) -> None:
    result = runner.invoke(app, ["grid", "run", *WEEK, "--resolution", "full"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for key in ("objective", "capacities", "curtailment_share", "co2", "resolution", "seconds"):
        assert key in document
    assert document["resolution"] == "full"
    assert document["capacities"]["pumped hydro"] == 800

    path = tmp_path / "week.nc"
    exported = runner.invoke(app, ["grid", "export", *WEEK, "--output", str(path)])
    assert exported.exit_code == 0, exported.output
    plain = pypsa.Network(str(path))  # what a PyPSA user does, without peakzero
    with quiet():
        status, condition = plain.optimize(solver_name="highs")
    assert (status, condition) == ("ok", "optimal")
    assert plain.objective is not None
    # The network is in EUR, the currency of its data; the result reports CNY.
    assert document["units"]["objective"] == "CNY/yr"
    euros = document["objective"] / document["eur_cny"]
    assert math.isclose(plain.objective, euros, rel_tol=1e-5)


def test_run_iamc_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    result = runner.invoke(
        app,
        ["grid", "run", *WEEK, "--resolution", "full", "--format", "iamc", "--output", str(path)],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(path)
    assert list(table.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert "2030" in table.columns
    assert (table["region"] == "CN-BJ").all()


def test_bad_inputs_end_with_a_message_and_exit_2(tmp_path: Path) -> None:
    bad_year = runner.invoke(app, ["grid", "run", "--scenario", "plan", "--year", "2070"])
    assert bad_year.exit_code == 2
    unknown = runner.invoke(app, ["grid", "run", "--scenario", "nosuch", "--year", "2030"])
    assert unknown.exit_code == 2 and "nosuch" in unknown.output
    window = runner.invoke(
        app, ["grid", "run", "--scenario", "plan", "--year", "2030", "--window", "x"]
    )
    assert window.exit_code == 2 and "FIRST:COUNT" in window.output
    profiles = tmp_path / "p.csv"
    profiles.write_text("time,pv [MW]\n2030-01-01T00:00+08:00,1\n", encoding="utf-8")
    shapes = runner.invoke(app, ["grid", "run", *WEEK, "--profiles", str(profiles)])
    assert shapes.exit_code == 2
    assert str(profiles) in shapes.output and "Traceback" not in shapes.output
    folder = runner.invoke(app, ["grid", "export", *WEEK, "--output", str(tmp_path)])
    assert folder.exit_code == 2 and "folder" in folder.output


def test_a_co2_limit_below_the_fixed_imports_is_explained() -> None:
    result = runner.invoke(app, ["grid", "run", *WEEK, "--resolution", "full", "--co2-limit", "0"])
    assert result.exit_code == 2
    assert "CO2" in result.output and "Traceback" not in result.output
