"""The default Beijing programme (built only from the action plan's text) and user YAML files."""

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from peakzero.errors import InputError, Problem
from peakzero.pathways.catalogue import levers
from peakzero.programme import Area, Measure, Task, load_programme, to_document
from peakzero.programme.default import PACKAGED_FILE

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_9f69bd051576cffe.txt"

# Every technology, application scenario and demonstration region the published text names:
# task code -> (area, kind, name as the text writes it).
NAMED = {
    "hydrogen": ("breakthrough", "technology", "氢能关键技术"),
    "storage": ("breakthrough", "technology", "全固态动力锂电池"),
    "new_energy_vehicles": ("breakthrough", "technology", "汽车新能源化"),
    "energy_internet": ("breakthrough", "technology", "能源互联与供需互动技术"),
    "low_concentration_ccus": ("breakthrough", "technology", "低浓度二氧化碳捕集利用与储存技术"),
    "negative_carbon": ("breakthrough", "technology", "负碳与碳转化前沿技术"),
    "new_energy_generation_equipment": ("equipment", "technology", "新能源发电设备及装置"),
    "long_life_storage": ("equipment", "technology", "低成本长寿命储能系统"),
    "power_electronics": ("equipment", "technology", "高压大功率电力电子器件"),
    "green_hydrogen": ("equipment", "technology", "绿氢制备关键技术及装备"),
    "hydrogen_storage_transport": ("equipment", "technology", "氢的规模化储运技术及装备"),
    "vehicle_fuel_cells": ("equipment", "technology", "车用燃料电池"),
    "transcritical_co2_heat_pumps": ("equipment", "technology", "跨临界二氧化碳热泵"),
    "mid_deep_geothermal": ("equipment", "technology", "中深层地热技术与装备"),
    "equipment_verification_platform": ("equipment", "platform", "能源技术装备迭代验证平台"),
    "green_buildings": ("scenario", "scenario", "绿色建筑"),
    "low_carbon_transport": ("scenario", "scenario", "低碳交通"),
    "circular_parks": ("scenario", "scenario", "循环园区"),
    "energy_saving_communities": ("scenario", "scenario", "节能社区"),
    "low_carbon_agriculture": ("scenario", "scenario", "低碳农业"),
    "ecological_carbon_sinks": ("scenario", "scenario", "生态碳汇"),
    "city_sub_centre": ("demonstration", "demonstration_region", "城市副中心"),
    "three_cities_one_district": ("demonstration", "demonstration_region", "三城一区"),
    "ecological_conservation_areas": ("demonstration", "demonstration_region", "生态涵养区"),
    "beijing_tianjin_hebei": ("demonstration", "demonstration_region", "京津冀区域"),
}
# Levers no task of the text moves: imported green power is the context of area two ("结合本市
# 新能源和外调绿电快速增长现状"), waste heat comes from the heating plan, not this text.
UNLINKED = {"green_power_imports_twh", "waste_heat_share"}


# --- the default ---------------------------------------------------------------------------------


def test_default_loads_with_four_areas_six_measures_and_the_issuers() -> None:
    p = load_programme()
    assert p.name_zh == "北京市碳达峰碳中和科技创新行动方案"
    assert [a.code for a in p.areas] == ["breakthrough", "equipment", "scenario", "demonstration"]
    assert p.areas[0].name_zh == "加强原始创新，推进底层和颠覆性技术突破"
    assert p.areas[1].name_zh == "加速升级迭代，推动低碳和零碳技术装备攻关"
    assert len(p.measures) == 6
    assert p.measures[-1].name_zh == "实施动态评估，强化创新绩效"
    assert p.stated_task_count == 35
    assert [o.role for o in p.organisations] == ["issuer"] * 4
    assert load_programme() is p  # parsed once


def test_every_named_technology_scenario_and_region_is_a_task() -> None:
    p = load_programme()
    assert [t.code for t in p.tasks] == list(NAMED)
    for task in p.tasks:
        area, kind, words = NAMED[task.code]
        assert (task.area, task.kind) == (area, kind)
        assert words in (task.quote or "")
    assert {a.code: len(p.tasks_in(a.code)) for a in p.areas} == {
        "breakthrough": 6,
        "equipment": 9,
        "scenario": 6,
        "demonstration": 4,
    }


def test_every_task_is_verified_by_a_quote() -> None:
    for task in load_programme().tasks:
        assert task.information == "verified"
        assert task.quote


@pytest.mark.skipif(not SEED.is_file(), reason="the action plan text is not at ../shared/seed")
def test_every_quote_is_in_the_published_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    p = load_programme()
    entities: list[Area | Task | Measure] = [*p.areas, *p.tasks, *p.measures]
    for entity in entities:
        assert entity.quote is not None
        assert entity.quote in text, entity.code
    for organisation in p.organisations:
        assert organisation.name_zh in text
    assert f"部署了{p.stated_task_count}项重点任务" in text
    assert f"提出了{len(p.measures)}项具体措施" in text


def test_every_lever_link_resolves_in_the_lever_unit() -> None:
    p = load_programme()
    catalogue = levers()
    linked = set()
    for kpi in p.kpis:
        assert kpi.lever in catalogue
        assert kpi.unit == catalogue[kpi.lever].unit
        assert kpi.code == f"{kpi.task}.{kpi.lever}"
        linked.add(kpi.lever)
    assert linked == set(catalogue) - UNLINKED
    # Only the platform and the demonstration regions move no lever.
    without = {t.code for t in p.tasks if not p.levers_of(t.code)}
    kinds = ("platform", "demonstration_region")
    assert without == {code for code, (_, kind, _) in NAMED.items() if kind in kinds}


def test_nothing_is_invented() -> None:
    p = load_programme()
    assert (p.start, p.end) == (None, None)
    for kpi in p.kpis:
        values = (kpi.baseline, kpi.baseline_year, kpi.target_2025, kpi.target_2030)
        assert values == (None, None, None, None), kpi.code
    assert p.milestones == ()
    assert (p.teams, p.people) == ((), ())


def test_round_trip_through_yaml_and_json(tmp_path: Path) -> None:
    p = load_programme()
    document = to_document(p)
    as_yaml = tmp_path / "p.yaml"
    as_yaml.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    as_json = tmp_path / "p.json"
    as_json.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert load_programme(as_yaml) == p
    assert load_programme(str(as_json)) == p


# --- user files ----------------------------------------------------------------------------------

VALID = """\
programme: {code: test, name_zh: 测试, name_en: Test, start: 2023-01-01, end: "2030-12-31"}
areas:
  - {code: a1, name_zh: 甲, name_en: Area one}
tasks:
  - code: t1
    area: a1
    name_zh: 任务一
    name_en: Task one
    kind: technology
    information: unverified
    kpis:
      - {code: t1.nev, name_zh: 纯电占比, name_en: BEV share, unit: "%", lever: nev_share,
         baseline: 10, baseline_year: 2019, target_2030: 60}
    milestones:
      - {code: t1.m1, planned: 2025-06-30, deliverable: Prototype, kpi: t1.nev, kpi_target: 30,
         funding_cny: 5000000}
  - code: t2
    area: a1
    name_zh: 任务二
    name_en: Task two
    kind: scenario
    information: verified
    quote: 绿色建筑
measures:
  - {code: m1, name_zh: 措施, name_en: Measure}
organisations:
  - {id: o1, name_zh: 机构, name_en: Org, role: lead_unit}
teams:
  - {id: team1, name: Team 1, task: t1, organisation: o1}
people:
  - {id: p1, name: Zhang San, role: principal_investigator, team: team1}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_programme(path)
    for problem in caught.value.problems:
        assert problem.file == str(path)
    return caught.value.problems


def line_of(text: str, problem: Problem) -> str:
    assert problem.line is not None
    return text.splitlines()[problem.line - 1]


def test_a_user_file_loads(tmp_path: Path) -> None:
    p = load_programme(write(tmp_path, VALID))
    assert (p.start, p.end) == (date(2023, 1, 1), date(2030, 12, 31))
    (kpi,) = p.kpis
    assert (kpi.task, kpi.unit, kpi.baseline, kpi.target_2025, kpi.target_2030) == (
        "t1",
        "%",
        10.0,
        None,
        60.0,
    )
    (milestone,) = p.milestones
    assert milestone.planned == date(2025, 6, 30)
    assert (milestone.kpi_target, milestone.funding_cny) == (30.0, 5_000_000.0)
    assert p.levers_of("t1") == ("nev_share",)
    assert p.people[0].team == "team1"


def test_duplicate_task_code(tmp_path: Path) -> None:
    text = VALID.replace("  - code: t2\n", "  - code: t1\n")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == ("tasks.1.code", "t1")
    assert "duplicate code" in problem.message and "first given at tasks.0" in problem.message
    assert line_of(text, problem) == "  - code: t1"


def test_unknown_lever(tmp_path: Path) -> None:
    text = VALID.replace("lever: nev_share", "lever: warp_drive")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == ("tasks.0.kpis.0.lever", "warp_drive")
    assert "unknown lever id" in problem.message and "fcev_stock" in problem.message
    assert "warp_drive" in line_of(text, problem)


def test_kpi_in_gw_on_a_share_lever(tmp_path: Path) -> None:
    text = VALID.replace('unit: "%"', "unit: GW")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == ("tasks.0.kpis.0.unit", "GW")
    shown = str(problem)
    assert "nev_share" in shown and "(unit '1')" in shown and "(value 'GW')" in shown
    assert "unit: GW" in line_of(text, problem)


def test_unknown_area(tmp_path: Path) -> None:
    text = VALID.replace("    area: a1\n    name_zh: 任务二", "    area: a9\n    name_zh: 任务二")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == ("tasks.1.area", "a9")
    assert "use one of a1" in problem.message
    assert line_of(text, problem) == "    area: a9"


def test_milestone_after_the_programme_end(tmp_path: Path) -> None:
    text = VALID.replace("planned: 2025-06-30", "planned: 2031-01-15")
    (problem,) = problems_of(tmp_path, text)
    assert (problem.column, problem.value) == ("tasks.0.milestones.0.planned", "2031-01-15")
    assert "after the programme's end (2030-12-31)" in problem.message


def test_every_defect_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace("lever: nev_share", "lever: warp_drive")
        .replace("    area: a1\n    name_zh: 任务二", "    area: a9\n    name_zh: 任务二")
        .replace("kind: scenario", "kind: dream")
        .replace("role: lead_unit", "role: boss")
        .replace("funding_cny: 5000000", "funding_cny: -1")
    )
    problems = problems_of(tmp_path, text)
    assert [p.column for p in problems] == [
        "tasks.0.kpis.0.lever",
        "tasks.0.milestones.0.funding_cny",
        "tasks.1.area",
        "tasks.1.kind",
        "organisations.0.role",
    ]
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
    assert "kind must be one of technology, scenario, demonstration_region, platform" in str(
        problems[3]
    )


@pytest.mark.parametrize(
    ("old", "new", "column", "words"),
    [
        ("information: verified", "information: maybe", "tasks.1.information", "verified, unv"),
        ("    quote: 绿色建筑\n", "", "tasks.1.quote", "needs its quote"),
        ("name_en: Task one", "name_en: ''", "tasks.0.name_en", "lacks name_en"),
        ("    kind: technology\n", "", "tasks.0", "lacks kind"),
        ("kind: technology", "knid: technology", "tasks.0.knid", "unknown key"),
        ("measures:", "measure:", "measure", "unknown key; use programme"),
        ("code: t1.nev,", "code: 't1 nev',", "tasks.0.kpis.0.code", "a code of letters"),
        ("target_2030: 60", "target_2030: sixty", "tasks.0.kpis.0.target_2030", "a number"),
        ("baseline_year: 2019", "baseline_year: 19.5", "tasks.0.kpis.0.baseline_year", "whole"),
        ("planned: 2025-06-30", "planned: 30/06/2025", "tasks.0.milestones.0.planned", "YYYY"),
        ("kpi: t1.nev,", "kpi: t1.other,", "tasks.0.milestones.0.kpi", "not one of task t1"),
        ("team: team1", "team: team9", "people.0.team", "unknown team id"),
        ('end: "2030-12-31"', "end: 2020-01-01", "programme.end", "ends before it starts"),
        ("  - {code: m1,", "  - {code: a1,", None, None),  # measure and area codes are apart
    ],
)
def test_field_problems(
    tmp_path: Path, old: str, new: str, column: str | None, words: str | None
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    if column is None:
        load_programme(write(tmp_path, text))
        return
    problems = problems_of(tmp_path, text)
    (problem,) = (p for p in problems if p.column == column)
    assert words is not None and words in problem.message
    assert problem.line is not None


def test_yaml_syntax_duplicate_keys_and_shape(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path, VALID.replace("areas:\n", "areas: [\n"))
    assert "not valid YAML" in problem.message and problem.line is not None
    doubled = VALID.replace("    kind: technology\n", "    kind: technology\n    kind: platform\n")
    (problem,) = problems_of(tmp_path, doubled)
    assert (problem.column, problem.line) == ("tasks.0.kind", 10)
    (problem,) = problems_of(tmp_path, "- just\n- a list\n")
    assert "a programme file is a mapping" in problem.message
    problems = problems_of(tmp_path, VALID.replace("tasks:\n", "tasks: 3\nx:\n", 1))
    assert [(p.column, p.value) for p in problems] == [
        ("tasks", 3),
        ("x", "x"),
        ("teams.0.task", "t1"),  # with no task read, the team's task is unknown too
    ]
    assert "tasks must be a list of tasks" in problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_programme(tmp_path / "absent.yaml")
    (problem,) = caught.value.problems
    assert "cannot be read" in problem.message and PACKAGED_FILE in problem.message
