"""A user's file edited between two calls gives the new result: nothing is cached by its path
(a long-running server would otherwise serve the old one; docs/design/results.md)."""

from pathlib import Path

from peakzero.grid.inputs import grid_inputs
from peakzero.pathways.cost_data import load_cost_data
from peakzero.pathways.run import YEARS, run_pathway
from peakzero.programme.impacts import lever_impacts

SCENARIO = "name: mine\nparent: plan\nlevers:\n  storage_gw: {{values: {{2019: 0.8, 2030: {}}}}}\n"


def test_an_edited_scenario_file_gives_new_grid_inputs_and_pathway(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(SCENARIO.format(5), encoding="utf-8")
    first, run = grid_inputs(str(path), 2030), run_pathway(path)
    path.write_text(SCENARIO.format(9), encoding="utf-8")
    second, again = grid_inputs(str(path), 2030), run_pathway(path)
    assert (first.storage_gw, second.storage_gw) == (5.0, 9.0)
    assert first.scenario_hash != second.scenario_hash
    assert run.scenario.hash != again.scenario.hash


def test_an_edited_scenario_file_gives_new_impacts(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    text = "name: mine\nparent: plan\nlevers:\n  nev_share: {{values: {{2019: 0.1, 2030: {}}}}}\n"
    path.write_text(text.format(0.9), encoding="utf-8")
    first, _ = lever_impacts({"t": ["nev_share"]}, str(path))
    path.write_text(text.format(0.5), encoding="utf-8")
    second, _ = lever_impacts({"t": ["nev_share"]}, str(path))
    assert first["t"].co2_2030_mt > second["t"].co2_2030_mt > 0


def test_an_edited_cost_file_gives_new_costs(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    header = "item,parameter,year,value,unit,source,status\n"
    row = "coal,price,2020,{},CNY/GJ,my utility,secondary\n"
    path.write_text(header + row.format(30), encoding="utf-8")
    first = load_cost_data(YEARS, path).get("coal", "price")
    path.write_text(header + row.format(45), encoding="utf-8")
    second = load_cost_data(YEARS, path).get("coal", "price")
    assert (float(first[0]), float(second[0])) == (30.0, 45.0)
