"""Scenarios as data: the packaged chain, inheritance, defaults, the inputs hash, user files."""

import hashlib
import json
import shutil
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from peakzero import __version__
from peakzero.errors import InputError, Problem
from peakzero.pathways import catalogue
from peakzero.pathways.paths import HORIZON_YEARS, PathSpec, SCurve, parse_path
from peakzero.pathways.scenarios import (
    ResolvedScenario,
    Target,
    list_scenarios,
    load_scenario,
)

PACKAGED = ["baseline", "current-policy", "plan", "neutrality"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(ref: str | Path) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as caught:
        load_scenario(ref)
    return caught.value.problems


def packaged_file(name: str) -> Path:
    return Path(str(files("peakzero") / "data" / "pathways" / "scenarios" / f"{name}.yaml"))


# --- the packaged scenarios ----------------------------------------------------------------------


def test_list_scenarios_in_inheritance_order() -> None:
    infos = list_scenarios()
    assert [i.name for i in infos] == PACKAGED
    assert [i.parent for i in infos] == [None, "baseline", "current-policy", "plan"]
    assert all(i.name_en and i.name_zh and i.description for i in infos)
    assert infos[0].file == "peakzero/data/pathways/scenarios/baseline.yaml"


@pytest.mark.parametrize("name", PACKAGED)
def test_every_packaged_scenario_loads(name: str) -> None:
    scenario = load_scenario(name)
    assert isinstance(scenario, ResolvedScenario)
    assert scenario.name == name
    assert scenario.chain[0] == "baseline"
    assert scenario.chain[-1] == name
    for spec in [*scenario.levers.values(), *scenario.drivers.values()]:
        assert spec.evaluate(HORIZON_YEARS).shape == (42,)
    json.dumps(scenario.inputs, allow_nan=False)  # JSON-ready


def test_plan_chain_and_inheritance() -> None:
    current = load_scenario("current-policy")
    plan = load_scenario("plan")
    assert plan.chain == ("baseline", "current-policy", "plan")
    assert plan.inputs["chain"] == ["baseline", "current-policy", "plan"]
    # Set in current-policy, not in plan: inherited.
    sink = plan.levers["ecological_sink_mt"]
    assert sink == current.levers["ecological_sink_mt"]
    assert sink.points == ((2019, 7.6), (2022, 8.8), (2024, 9.6), (2035, 10.5))
    # Set in both: plan wins after the observed years (its own S-curve from 2030, joined to
    # current-policy's 2025 value over 2026-2030); up to 2025 the reference holds.
    assert current.levers["nev_share"].curve is not None
    assert current.levers["nev_share"].curve.saturation == 0.9
    observed, later = np.arange(2019, 2026), np.arange(2030, 2061)
    own = PathSpec("s_curve", curve=SCurve(2019, 0.1, 1.0, 2024, 0.6))
    nev = plan.levers["nev_share"]
    assert np.array_equal(nev.evaluate(observed), current.levers["nev_share"].evaluate(observed))
    assert np.allclose(nev.evaluate(later), own.evaluate(later), rtol=0, atol=1e-12)
    # Set nowhere in the chain: the catalogue default.
    assert plan.levers["ccus_mt"] == PathSpec("constant", value=0.0)


def test_defaults_fill_every_catalogue_item() -> None:
    baseline = load_scenario("baseline")
    neutrality = load_scenario("neutrality")
    for scenario in (baseline, neutrality):
        assert list(scenario.levers) == list(catalogue.levers())
        assert list(scenario.drivers) == list(catalogue.drivers())
        assert scenario.parameters == {k: p.value for k, p in catalogue.parameters().items()}
        assert list(scenario.inputs["levers"]) == list(catalogue.levers())
    for key, item in catalogue.levers().items():
        if key == "heat_pump_area":  # the baseline keeps heat pumps' 2019 share of the area
            continue
        assert baseline.levers[key] == parse_path(item.default, "levers.yaml", key)
    assert baseline.levers["nev_share"] == PathSpec("constant", value=0.1)
    assert baseline.targets == ()


def test_targets_extend_the_parents() -> None:
    current = load_scenario("current-policy")
    neutrality = load_scenario("neutrality")
    assert len(current.targets) == 5
    assert neutrality.targets[:5] == current.targets
    assert neutrality.targets[5].name == "Net zero by 2050"
    peak = next(t for t in current.targets if t.peak_by)
    assert peak == Target(
        name="Territorial CO2 peak before 2030",
        variable="Emissions|CO2|Energy and Industrial Processes",
        year=2030,
        comparison="<=",
        value=2030.0,
        unit="year",
        source=peak.source,
        peak_by=True,
    )
    intensity = next(t for t in current.targets if t.change_from is not None)
    assert (intensity.change_from, intensity.year, intensity.value) == (2020, 2025, -14.0)


def test_child_target_of_the_same_name_replaces_the_parents(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "more-fcev",
        """
name: more-fcev
parent: current-policy
targets:
  - {name: FCEVs by 2025, variable: Stock|Transportation|FCEV, year: 2025, comparison: ">=",
     value: 20000, unit: vehicles, source: test}
  - {name: Extra, variable: Emissions|CO2, year: 2040, comparison: "<=", value: 50,
     unit: Mt CO2/yr, source: test}
""",
    )
    parent = load_scenario("current-policy").targets
    child = load_scenario(path).targets
    names = [t.name for t in parent]
    assert [t.name for t in child] == [*names, "Extra"]  # replaced in the parent's place
    replaced = child[names.index("FCEVs by 2025")]
    assert (replaced.value, replaced.source) == (20000.0, "test")


# --- the inputs hash -----------------------------------------------------------------------------


def test_hash_is_stable_and_is_the_sha256_of_the_canonical_inputs() -> None:
    first, second = load_scenario("plan"), load_scenario("plan")
    assert first.hash == second.hash
    assert first.inputs == second.inputs
    canonical = json.dumps(
        {"inputs": first.inputs, "peakzero": __version__},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert first.hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert len({load_scenario(name).hash for name in PACKAGED}) == 4


def test_hash_changes_when_a_parameter_changes(tmp_path: Path) -> None:
    text = "name: child\nparent: plan\nparameters:\n  heat_pump_cop: {}\n"
    path = write(tmp_path, "child", text.format(3.0))
    same = load_scenario(path)
    assert same.chain == ("baseline", "current-policy", "plan", "child")
    assert same.parameters == load_scenario("plan").parameters
    write(tmp_path, "child", text.format(3.5))
    changed = load_scenario(path)
    assert changed.parameters["heat_pump_cop"] == 3.5
    assert changed.inputs["parameters"]["heat_pump_cop"] == 3.5
    assert changed.hash != same.hash
    assert load_scenario(path).hash == changed.hash


def test_hash_depends_on_content_not_on_where_the_file_is(tmp_path: Path) -> None:
    copy = tmp_path / "plan.yaml"
    shutil.copyfile(packaged_file("plan"), copy)
    assert load_scenario(copy).hash == load_scenario("plan").hash
    assert load_scenario(str(copy)).hash == load_scenario("plan").hash


def test_parent_can_be_a_file_next_to_the_child(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base",
        "name: base\nparent: plan\nlevers:\n  ccus_mt: {values: {2019: 0, 2030: 2}}\n",
    )
    path = write(
        tmp_path,
        "top",
        "name: top\nparent: base\nlevers:\n  storage_gw: {values: {2019: 0.8, 2030: 5}}\n",
    )
    scenario = load_scenario(path)
    assert scenario.chain == ("baseline", "current-policy", "plan", "base", "top")
    # Both files' paths count from 2030 on (joined to current-policy's over 2026-2030).
    later = np.array([2030, 2045])
    assert np.allclose(scenario.levers["ccus_mt"].evaluate(later), [2.0, 2.0])
    assert np.allclose(scenario.levers["storage_gw"].evaluate(later), [5.0, 5.0])
    assert scenario.name_en == "top"  # no name_en given: the name


# --- user files with defects ---------------------------------------------------------------------

HEADER = "name: user\nparent: plan\n"


@pytest.mark.parametrize(
    ("body", "column", "value", "line"),
    [
        ("levers:\n  nev_sharee: 0.5\n", "levers.nev_sharee", "nev_sharee", 4),
        (
            "levers:\n  nev_share: {values: {2019: 0.1, 2030: 1.2}}\n",
            "levers.nev_share.values.2030",
            1.2,
            4,
        ),
        (
            "levers:\n  nev_share: {values: {2019: 0.1, 2150: 0.9}}\n",
            "levers.nev_share.values.2150",
            2150,
            4,
        ),
        ("drivers:\n  population: 40\n", "drivers.population", 40.0, 4),
        ("parameters:\n  heat_pump_copp: 3\n", "parameters.heat_pump_copp", "heat_pump_copp", 4),
        ("parameters:\n  heat_pump_cop: high\n", "parameters.heat_pump_cop", "high", 4),
        ("colour: red\n", "colour", None, 3),
        (
            "targets:\n  - {name: T, variable: V, year: 2070, comparison: '<=', value: 0, "
            "unit: Mt, source: s}\n",
            "targets.0.year",
            2070,
            4,
        ),
        (
            "targets:\n  - {name: T, variable: V, year: 2030, comparison: '<', value: 0, "
            "unit: Mt, source: s}\n",
            "targets.0.comparison",
            "<",
            4,
        ),
        ("targets:\n  - {name: T, variable: V, year: 2030}\n", "targets.0", None, 4),
    ],
)
def test_one_defect_one_problem(
    tmp_path: Path, body: str, column: str, value: object, line: int
) -> None:
    path = write(tmp_path, "user", HEADER + body)
    problems = problems_of(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.file, problem.column, problem.value, problem.line) == (
        str(path),
        column,
        value,
        line,
    )


def test_problem_messages_say_what_is_allowed(tmp_path: Path) -> None:
    body = (
        "levers:\n  nev_sharee: 0.5\n  nev_share: {values: {2019: 0.1, 2030: 1.2}}\n"
        "targets:\n  - {name: T, variable: V, year: 2070, comparison: '<', value: 0, "
        "unit: Mt, source: s}\n  - {name: U, variable: V}\n"
    )
    path = write(tmp_path, "user", HEADER + body)
    messages = {p.column: p.message for p in problems_of(path)}
    assert "did you mean nev_share" in messages["levers.nev_sharee"]
    assert "0 to 1" in messages["levers.nev_share.values.2030"]
    assert "2019 to 2060" in messages["targets.0.year"]
    assert "'<=', '>='" in messages["targets.0.comparison"]
    assert messages["targets.1"] == "target lacks year, comparison, value, unit, source"


def test_all_defects_are_raised_together(tmp_path: Path) -> None:
    body = (
        "levers:\n"
        "  nev_sharee: 0.5\n"
        "  nev_share: {values: {2019: 0.1, 2030: 1.2}}\n"
        "targets:\n"
        "  - {name: T, variable: V, year: 2070, comparison: '<=', value: 0, unit: Mt, source: s}\n"
    )
    path = write(tmp_path, "user", "name: user\nparent: nowhere\n" + body)
    problems = problems_of(path)
    assert {(p.file, p.column, p.line) for p in problems} == {
        (str(path), "parent", 2),
        (str(path), "levers.nev_sharee", 4),
        (str(path), "levers.nev_share.values.2030", 5),
        (str(path), "targets.0.year", 7),
    }
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_unknown_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "user", "name: user\nparent: plna\n")
    (problem,) = problems_of(path)
    assert (problem.file, problem.column, problem.value, problem.line) == (
        str(path),
        "parent",
        "plna",
        2,
    )
    assert "baseline, current-policy, neutrality, plan" in problem.message


def test_cycle_of_parents(tmp_path: Path) -> None:
    a = write(tmp_path, "a", "name: a\nparent: b\n")
    b = write(tmp_path, "b", "name: b\nparent: a\n")
    (problem,) = problems_of(a)
    assert (problem.file, problem.column, problem.value) == (str(b), "parent", "a")
    assert "a → b → a" in problem.message
    (problem,) = problems_of(b)
    assert "b → a → b" in problem.message


def test_a_file_that_is_its_own_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "self", "name: self\nparent: self\n")
    (problem,) = problems_of(path)
    assert "self → self" in problem.message


def test_defects_in_a_parent_file_are_reported_with_the_childs(tmp_path: Path) -> None:
    base = write(tmp_path, "base", "name: base\nparent: plan\nlevers:\n  storage_gw: 100\n")
    child = write(tmp_path, "child", "name: child\nparent: base\nlevers:\n  ccus: 1\n")
    problems = problems_of(child)
    assert {(p.file, p.column) for p in problems} == {
        (str(base), "levers.storage_gw"),
        (str(child), "levers.ccus"),
    }


def test_a_user_file_may_name_itself_anything(tmp_path: Path) -> None:
    # A copy of a packaged file saved under another name keeps working; its name is used.
    path = write(tmp_path, "plan-faster", "name: Plan, faster\nparent: plan\n")
    scenario = load_scenario(path)
    assert (scenario.name, scenario.name_en, scenario.chain[-1]) == ("Plan, faster",) * 3
    assert scenario.hash != load_scenario("plan").hash


def test_without_a_name_the_file_name_is_used(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, "mine", "parent: plan\n")).name == "mine"


@pytest.mark.parametrize("value", ["''", "3", "[a, b]"])
def test_name_must_be_one_line_of_text(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "mine", f"parent: plan\nname: {value}\n")
    (problem,) = problems_of(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 2, "name")
    assert "'mine'" in problem.message


def test_a_packaged_file_is_named_as_its_file() -> None:
    # --scenario NAME finds a packaged scenario by its file name, so the two must agree.
    from peakzero.pathways.scenarios import _parse_layer

    layer = _parse_layer("name: other\n", "package:plan.yaml", "plan", "package:plan", None)
    (problem,) = layer.problems
    assert (problem.column, problem.value, problem.line) == ("name", "other", 1)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "user", "name: user\nlevers:\n  nev_share: {values: {2019: 0.1\n")
    (problem,) = problems_of(path)
    assert problem.file == str(path)
    assert problem.line == 4
    assert "not valid YAML" in problem.message


def test_duplicate_key_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "user", HEADER + "levers:\n  storage_gw: 0.8\n  storage_gw: 0.8\n")
    (problem,) = problems_of(path)
    assert (problem.column, problem.line) == ("levers.storage_gw", 5)


def test_wrong_section_types(tmp_path: Path) -> None:
    body = "levers: [nev_share]\nparameters: 3\ntargets: {name: T}\n"
    path = write(tmp_path, "user", HEADER + body)
    columns = [p.column for p in problems_of(path)]
    assert columns == ["levers", "parameters", "targets"]


def test_unknown_name_and_missing_file(tmp_path: Path) -> None:
    (problem,) = problems_of("plam")
    assert problem.value == "plam"
    assert "baseline" in problem.message
    missing = tmp_path / "missing.yaml"
    (problem,) = problems_of(missing)
    assert problem.file == str(missing)
    assert "not found" in problem.message


def test_a_lever_must_start_from_its_2019_value(tmp_path: Path) -> None:
    path = write(tmp_path, "user", "name: user\nparent: plan\nlevers:\n  ccus_mt: 5\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.column == "levers.ccus_mt"
    assert "base year is calibrated with 0" in problem.message


def test_parameters_are_checked_against_their_range(tmp_path: Path) -> None:
    path = write(tmp_path, "user", "name: user\nparent: plan\nparameters:\n  heat_pump_cop: 0\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert (
        problem.column == "parameters.heat_pump_cop" and "physical range 1 to 10" in problem.message
    )
