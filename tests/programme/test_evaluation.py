"""The dynamic evaluation, scored by hand on a small programme."""

from datetime import date
from pathlib import Path

import pytest

from peakzero.errors import InputError
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.wedges import wedges
from peakzero.programme import load_programme
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import (
    KPI,
    Acceptance,
    Area,
    Milestone,
    Programme,
    Task,
    Team,
)
from peakzero.programme.evaluation import evaluate, kpi_attainment, load_rules

AS_OF = date(2025, 10, 1)


def small(kpi_target: float = 0.35) -> Programme:
    """Task ``late`` misses a milestone; ``ontime`` keeps its plan; ``empty`` has no data."""
    tasks = tuple(
        Task(code, "a", code, code, "technology", "verified")
        for code in ("late", "ontime", "empty")
    )
    nev = KPI(
        "ontime.nev",
        "ontime",
        "纯电动占比",
        "NEV share",
        "1",
        lever="nev_share",
        baseline=0.1,
        baseline_year=2020,
        target_2025=0.3,
        target_2030=0.6,
    )
    milestones = (
        Milestone("late.1", "late", planned=date(2025, 3, 1), funding_cny=10e6),
        Milestone("late.2", "late", planned=date(2025, 9, 1), funding_cny=30e6),
        Milestone(
            "ontime.1",
            "ontime",
            planned=date(2025, 5, 1),
            kpi="ontime.nev",
            kpi_target=kpi_target,
            funding_cny=5e6,
        ),
        Milestone("ontime.2", "ontime", planned=date(2025, 12, 1), funding_cny=5e6),
    )
    return Programme(
        code="small",
        name_zh="小",
        name_en="small",
        areas=(Area("a", "甲", "A"),),
        tasks=tasks,
        kpis=(nev,),
        milestones=milestones,
        teams=(Team("t1", "team 1", "late"), Team("t2", "team 2", "ontime")),
        acceptances=(
            Acceptance("late", "t1", date(2025, 6, 1)),  # accepts late.1, not late.2
            Acceptance("ontime", "t2", date(2025, 5, 15)),  # accepts ontime.1
        ),
    )


def test_the_small_programme_is_valid() -> None:
    assert check_programme(small()) == []


def test_hand_scored_evaluation() -> None:
    result = evaluate(small(), AS_OF)
    late = result.task("late")
    # late.2 was due on 1 September and is not accepted: 30 days late on 1 October.
    assert late.schedule_variance_days == 30
    assert late.status == "off_track"
    assert late.reasons[0].startswith("schedule: off_track")
    assert "30 days late" in late.reasons[0]
    # Tranches: late.1 (10 M) accepted of 10 + 30 M due.
    assert late.funding_released_vs_planned == pytest.approx(10 / 40)
    assert any(r.startswith("funding: at_risk") for r in late.reasons)
    assert late.kpi_attainment is None

    ontime = result.task("ontime")
    assert ontime.schedule_variance_days == 0  # ontime.2 is due in December
    assert ontime.funding_released_vs_planned == pytest.approx(1.0)  # 5 M of 5 M due
    assert ontime.kpi_attainment == pytest.approx(1.0)  # 0.35 reached, 0.345 due
    assert ontime.status == "on_track"
    assert ontime.score == pytest.approx(1.0)

    empty = result.task("empty")
    assert empty.status == "no_data"
    assert empty.schedule_variance_days is None
    assert empty.co2_2030_mt is None
    assert len(empty.reasons) == 3

    (area,) = result.by_area
    assert area.tasks == 3
    assert area.status_counts == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 1}


def test_kpi_attainment_by_hand() -> None:
    programme = small(kpi_target=0.3)
    (kpi,) = programme.kpis
    # On 1 October 2025 (day 273 of 365) the path is 0.3 + (0.6 - 0.3) * (273 / 365) / 5.
    due = 0.3 + 0.3 * (273 / 365) / 5
    expected = (0.3 - 0.1) / (due - 0.1)
    assert kpi_attainment(programme, kpi, AS_OF) == pytest.approx(expected)
    assert evaluate(programme, AS_OF).task("ontime").status == "at_risk"  # 0.82 < 0.9
    # Before the milestone is accepted, there is no value reached.
    assert kpi_attainment(programme, kpi, date(2025, 5, 1)) is None


def test_co2_2030_of_a_nev_task_is_its_wedge() -> None:
    result = evaluate(small(), AS_OF)
    ontime = result.task("ontime")
    table = wedges("plan", "baseline", TERRITORIAL)
    row = table[(table.lever == "nev_share") & (table.year == 2030)]
    assert ontime.co2_2030_mt is not None
    assert ontime.co2_2030_mt > 0
    assert ontime.co2_2030_mt == pytest.approx(float(row.abated.iloc[0]), abs=1e-5)
    assert ontime.peak_shift_years is not None


def test_rules_are_stored_with_the_result() -> None:
    rules = load_rules()
    result = evaluate(small(), AS_OF)
    assert result.rules == rules
    assert result.as_dict()["rules"]["schedule"]["off_track_after_days"] == 30
    stricter = {**rules, "schedule": {"at_risk_after_days": 1, "off_track_after_days": 60}}
    again = evaluate(small(), AS_OF, rules=stricter)
    assert again.rules is stricter
    assert again.task("late").status == "at_risk"  # 30 days late: at_risk below 60


def test_bad_rules_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("schedule: {at_risk_after_days: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="off_track_after_days"):
        load_rules(path)


def test_default_programme_has_no_schedule_data_but_lever_impacts() -> None:
    result = evaluate(load_programme(), date(2026, 1, 1))
    assert {t.status for t in result.tasks} == {"no_data"}
    nev = result.task("new_energy_vehicles")
    assert nev.co2_2030_mt is not None and nev.co2_2030_mt > 0
    assert result.task("city_sub_centre").co2_2030_mt is None  # no linked lever
    assert [a.area for a in result.by_area] == [a.code for a in load_programme().areas]
