"""``peakzero programme show``."""

import json
from pathlib import Path

from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.programme import load_programme, to_document

runner = CliRunner()


def test_show_table_lists_areas_tasks_levers_and_measures() -> None:
    result = runner.invoke(app, ["programme", "show"])
    assert result.exit_code == 0, result.output
    out = result.output
    p = load_programme()
    for area in p.areas:
        assert f"{area.code}: {area.name_zh} · {area.name_en}" in out
    for task in p.tasks:
        assert task.code in out
    for measure in p.measures:
        assert f"{measure.code}: {measure.name_zh}" in out
    assert "25 tasks (the text states 35), 0 unverified" in out
    assert "period: not given" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "levers: fcev_stock, fuel_cell_h2_per_100km" in lines["vehicle_fuel_cells"]
    assert lines["vehicle_fuel_cells"].split()[1:3] == ["technology", "verified"]
    assert "platform" in lines["equipment_verification_platform"]
    assert "levers: -" in lines["city_sub_centre"]
    assert "demonstration_region" in lines["city_sub_centre"]
    # Areas come in the programme's order, each followed by its tasks.
    assert out.index("breakthrough:") < out.index("hydrogen ") < out.index("equipment:")


def test_show_json_is_the_whole_programme() -> None:
    result = runner.invoke(app, ["programme", "show", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document == to_document(load_programme())
    assert list(document) == [
        "programme",
        "areas",
        "tasks",
        "measures",
        "organisations",
        "teams",
        "people",
    ]
    assert document["programme"]["start"] is None
    hydrogen = document["tasks"][0]
    assert hydrogen["code"] == "hydrogen"
    assert [k["lever"] for k in hydrogen["kpis"]] == ["fcev_stock", "hydrogen_industry_share"]


def test_show_a_user_file_and_its_json_reads_back(tmp_path: Path) -> None:
    result = runner.invoke(app, ["programme", "show", "--format", "json"])
    path = tmp_path / "mine.json"
    path.write_text(result.output, encoding="utf-8")
    again = runner.invoke(app, ["programme", "show", "--format", "json", "--file", str(path)])
    assert again.exit_code == 0, again.output
    assert again.output == result.output


def test_show_a_bad_file_names_the_key_path(tmp_path: Path) -> None:
    document = to_document(load_programme())
    document["tasks"][2]["kpis"][0]["unit"] = "GW"  # new_energy_vehicles -> nev_share ("1")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["programme", "show", "--file", str(path)])
    assert result.exit_code == 2
    assert "tasks.2.kpis.0.unit" in result.stderr and "nev_share" in result.stderr
    assert "(value 'GW')" in result.stderr
    assert "Traceback" not in result.output
