"""The programme's domain model: lookups, unit checks of KPI-lever links, cross-entity defects."""

from datetime import date

import pytest

from peakzero.errors import Problem
from peakzero.programme.checks import check_kpi_lever_units, check_programme, units_compatible
from peakzero.programme.domain import (
    KPI,
    Area,
    KPIActual,
    Milestone,
    Organisation,
    Person,
    Programme,
    Task,
    TaskMeasure,
    Team,
)


def kpi(unit: str, lever: str | None = "nev_share", code: str = "t1.k") -> KPI:
    task = code.split(".")[0]
    return KPI(code=code, task=task, name_zh="指标", name_en="KPI", unit=unit, lever=lever)


def small(**changes: object) -> Programme:
    """A valid two-task programme; keyword arguments replace its fields."""
    fields: dict[str, object] = {
        "code": "test",
        "name_zh": "测试",
        "name_en": "Test",
        "start": date(2023, 1, 1),
        "end": date(2030, 12, 31),
        "areas": (Area("a1", "甲", "A"),),
        "tasks": (
            Task("t1", "a1", "任务一", "Task one", "technology", "unverified"),
            Task("t2", "a1", "任务二", "Task two", "scenario", "unverified"),
        ),
        "kpis": (kpi("%"), kpi("MW", "storage_gw", "t1.storage"), kpi("1", None, "t2.k")),
        "milestones": (Milestone("t1.m1", "t1", date(2025, 6, 30), kpi="t1.k", kpi_target=30),),
        "organisations": (Organisation("o1", "机构", "Org", "lead_unit"),),
        "teams": (Team("team1", "Team 1", "t1", "o1"), Team("team2", "Team 2", "t1")),
        "people": (Person("p1", "Zhang San", "principal_investigator", "o1", "team1"),),
    }
    fields.update(changes)
    return Programme(**fields)  # type: ignore[arg-type]


# --- lookups -------------------------------------------------------------------------------------


def test_lookups() -> None:
    p = small()
    assert p.task("t2").kind == "scenario"
    with pytest.raises(KeyError):
        p.task("t9")
    assert [t.code for t in p.tasks_in("a1")] == ["t1", "t2"]
    assert p.tasks_in("a9") == ()
    assert [k.code for k in p.kpis_of("t1")] == ["t1.k", "t1.storage"]
    assert p.levers_of("t1") == ("nev_share", "storage_gw")
    assert p.levers_of("t2") == ()  # a KPI without lever moves none
    assert [m.code for m in p.milestones_of("t1")] == ["t1.m1"]


def test_levers_of_lists_each_lever_once() -> None:
    p = small(kpis=(kpi("1", code="t1.a"), kpi("%", code="t1.b")))
    assert p.levers_of("t1") == ("nev_share",)


def test_entities_are_frozen() -> None:
    task = small().tasks[0]
    with pytest.raises(AttributeError):
        task.code = "x"  # type: ignore[misc]


# --- units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "lever_unit", "fits"),
    [
        ("1", "1", True),
        ("%", "1", True),  # a share in percent
        ("GW", "1", False),
        ("MW", "GW", True),
        ("GWh", "GW", False),
        ("vehicles", "vehicles", True),
        ("vehicle", "vehicles", False),  # counts match only themselves
        ("10^4 vehicles", "vehicles", False),
        ("万辆", "vehicles", False),
        ("kt CO2/yr", "Mt CO2/yr", True),
        ("Mt  CO2/yr", "Mt CO2/yr", True),  # whitespace aside
        ("Mt CH4/yr", "Mt CO2/yr", False),  # another gas
        ("Mt/yr", "Mt CO2/yr", False),
        ("Mt CO2e/yr", "Mt CO2/yr", False),
        ("kg/km", "kg/(100 km)", True),
        ("t/day", "t/day", True),
        ("kg/h", "t/day", True),
        ("km^2", "10^6 m^2", True),
        ("10^4 m^2", "10^6 m^2", True),
        ("no such unit", "GW", False),
    ],
)
def test_units_compatible(unit: str, lever_unit: str, fits: bool) -> None:
    assert units_compatible(unit, lever_unit) is fits


def test_check_kpi_lever_units_accepts_fitting_units_and_unlinked_kpis() -> None:
    assert check_kpi_lever_units(kpi("1")) is None
    assert check_kpi_lever_units(kpi("%")) is None
    assert check_kpi_lever_units(kpi("GW", lever=None)) is None
    assert check_kpi_lever_units(kpi("vehicles", "fcev_stock")) is None


def test_check_kpi_lever_units_gw_on_a_share() -> None:
    problem = check_kpi_lever_units(kpi("GW"), file="mine.yaml", column="tasks.0.kpis.0", line=12)
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "mine.yaml",
        12,
        "tasks.0.kpis.0.unit",
        "GW",
    )
    text = str(problem)
    assert "nev_share" in text and "'1'" in text and "convertible" in text
    assert text.startswith("mine.yaml, line 12, column 'tasks.0.kpis.0.unit'")


def test_check_kpi_lever_units_count_needs_the_same_text() -> None:
    problem = check_kpi_lever_units(kpi("万辆", "fcev_stock"))
    assert problem is not None
    assert "use exactly 'vehicles'" in problem.message


def test_check_kpi_lever_units_unknown_lever() -> None:
    problem = check_kpi_lever_units(kpi("1", "warp_drive"), column="kpis.3")
    assert problem is not None
    assert (problem.column, problem.value) == ("kpis.3.lever", "warp_drive")
    assert "unknown lever id" in problem.message and "nev_share" in problem.message


# --- cross-entity checks -------------------------------------------------------------------------


def test_a_valid_programme_has_no_defect() -> None:
    assert check_programme(small()) == []


def where(p: Programme) -> list[tuple[str, int, str, object]]:
    return [(d.entity, d.index, d.field, d.value) for d in check_programme(p)]


def test_duplicate_codes_name_the_first() -> None:
    p = small(tasks=(*small().tasks, Task("t1", "a1", "重复", "Again", "technology", "unverified")))
    (defect,) = check_programme(p)
    assert (defect.entity, defect.index, defect.field, defect.value) == ("tasks", 2, "code", "t1")
    assert defect.first == 0
    assert "unique" in defect.message


def test_unknown_area_lever_and_unit() -> None:
    p = small(
        tasks=(Task("t1", "a9", "任务一", "Task one", "technology", "unverified"),),
        kpis=(kpi("GW"), kpi("1", "warp_drive", "t1.x")),
        milestones=(),
        teams=(),
        people=(),
    )
    assert where(p) == [
        ("tasks", 0, "area", "a9"),
        ("kpis", 0, "unit", "GW"),
        ("kpis", 1, "lever", "warp_drive"),
    ]


def test_milestones_against_the_programme_dates_and_kpis() -> None:
    milestones = (
        Milestone("m1", "t1", date(2031, 1, 1)),  # after the end
        Milestone("m2", "t1", date(2022, 12, 31)),  # before the start
        Milestone("m3", "t2", date(2025, 1, 1), kpi="t1.k"),  # another task's KPI
        Milestone("m4", "t1", kpi_target=5.0),  # a target without KPI
        Milestone("m5", "t9"),  # unknown task
        Milestone("m6", "t1", date(2030, 12, 31)),  # on the last day: fine
    )
    defects = check_programme(small(milestones=milestones))
    assert [(d.index, d.field, d.value) for d in defects] == [
        (0, "planned", "2031-01-01"),
        (1, "planned", "2022-12-31"),
        (2, "kpi", "t1.k"),
        (3, "kpi_target", 5.0),
        (4, "task", "t9"),
    ]
    assert "after the programme's end (2030-12-31)" in defects[0].message


def test_milestone_dates_unchecked_without_programme_dates() -> None:
    p = small(start=None, end=None, milestones=(Milestone("m1", "t1", date(2099, 1, 1)),))
    assert check_programme(p) == []


def test_programme_that_ends_before_it_starts() -> None:
    p = small(start=date(2030, 1, 1), end=date(2025, 1, 1), milestones=())
    assert where(p) == [("programme", 0, "end", "2025-01-01")]


def test_team_and_person_links() -> None:
    p = small(
        teams=(Team("team1", "Team 1", "t9", "o9"),),
        people=(Person("p1", "Li Si", "member", "o9", "team9"),),
    )
    assert where(p) == [
        ("teams", 0, "task", "t9"),
        ("teams", 0, "organisation", "o9"),
        ("people", 0, "organisation", "o9"),
        ("people", 0, "team", "team9"),
    ]


def test_every_declared_reference_is_checked_once() -> None:
    from peakzero.programme.checks import declared_link_defects

    p = small(
        task_measures=(TaskMeasure("no-task", "no-measure"),),
        kpi_actuals=(KPIActual("no-kpi", date(2025, 1, 1), 1.0),),
    )
    generic = {(d.entity, d.index, d.field, d.value) for d in declared_link_defects(p)}
    assert generic == {
        ("task_measures", 0, "task", "no-task"),
        ("task_measures", 0, "measure", "no-measure"),
        ("kpi_actuals", 0, "kpi", "no-kpi"),
    }
    found = [(d.entity, d.index, d.field, d.value) for d in check_programme(p)]
    assert sorted(found) == sorted(generic)  # each once, whether a rule of its own or the plain one
    assert declared_link_defects(small()) == []
