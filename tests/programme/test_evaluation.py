"""The dynamic evaluation, scored by hand on a small programme."""

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from peakzero.errors import InputError
from peakzero.io.packaged import data_text
from peakzero.pathways.boundaries import ASSESSMENT
from peakzero.pathways.wedges import wedges
from peakzero.programme import load_programme
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import (
    KPI,
    Acceptance,
    Area,
    Award,
    Bid,
    Call,
    KPIActual,
    Measure,
    Milestone,
    Person,
    Programme,
    Race,
    RaceTeam,
    Readiness,
    ReviewScore,
    StageReview,
    Task,
    TaskMeasure,
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
    assert len(empty.reasons) == 4
    assert empty.reasons[-1] == "readiness: no assessment (reported, not graded)"
    assert (empty.trl, empty.trl_gained) == (None, None)

    (area,) = result.by_area
    assert area.tasks == 3
    assert area.status_counts == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 1}


def test_kpi_attainment_by_hand() -> None:
    programme = small(kpi_target=0.28)
    (kpi,) = programme.kpis
    # The milestone's 0.28 counts from the task's acceptance on 15 May 2025 (day 134 of 365),
    # when the path stood at 0.3 + (0.6 - 0.3) * (134 / 365) / 5.
    due = 0.3 + 0.3 * (134 / 365) / 5
    expected = (0.28 - 0.1) / (due - 0.1)
    assert kpi_attainment(programme, kpi, AS_OF) == pytest.approx(expected)
    ontime = evaluate(programme, AS_OF, runs=0).task("ontime")
    assert ontime.status == "at_risk"  # 0.81 < 0.9
    kpi_reason = next(r for r in ontime.reasons if r.startswith("kpi:"))
    assert "from the milestone ontime.1 accepted 2025-05-15" in kpi_reason
    # Before the milestone is accepted, there is no value reached.
    assert kpi_attainment(programme, kpi, date(2025, 5, 1)) is None


def test_a_dated_actual_beats_the_milestone_and_is_judged_on_its_own_day() -> None:
    programme = dataclasses.replace(
        small(kpi_target=0.35),
        kpi_actuals=(
            KPIActual("ontime.nev", date(2024, 12, 31), 0.15, "统计"),
            KPIActual("ontime.nev", date(2025, 12, 31), 0.9),  # after the review date: unseen
        ),
    )
    (kpi,) = programme.kpis
    # 31 Dec 2024 is day 365 of 366 (a leap year): the path is 0.1 + 0.2 * (4 + 365/366) / 5.
    due = 0.1 + 0.2 * (4 + 365 / 366) / 5
    expected = (0.15 - 0.1) / (due - 0.1)  # 0.2503
    assert kpi_attainment(programme, kpi, AS_OF) == pytest.approx(expected)
    ontime = evaluate(programme, AS_OF, runs=0).task("ontime")
    assert ontime.status == "off_track"  # 0.25 < 0.5
    kpi_reason = next(r for r in ontime.reasons if r.startswith("kpi:"))
    assert "0.15 from the actual of 2024-12-31" in kpi_reason


def test_a_milestone_accepted_date_decides_schedule_and_funding() -> None:
    base = small()
    late_2 = dataclasses.replace(base.milestones[1], accepted=date(2025, 9, 20))
    programme = dataclasses.replace(
        base, milestones=(base.milestones[0], late_2, *base.milestones[2:])
    )
    late = evaluate(programme, AS_OF, runs=0).task("late")
    assert late.schedule_variance_days == 0  # late.2 accepted (late) before the review
    assert late.funding_released_vs_planned == pytest.approx(1.0)
    before = evaluate(programme, date(2025, 9, 10), runs=0).task("late")
    assert before.schedule_variance_days == 9  # due 1 September, not yet accepted on the 10th


def test_readiness_is_reported_with_its_gain() -> None:
    programme = dataclasses.replace(
        small(),
        readiness=(
            Readiness("late", date(2025, 6, 1), 6),
            Readiness("late", date(2023, 1, 1), 3, "panel"),
            Readiness("late", date(2026, 1, 1), 9),  # after the review date
        ),
    )
    late = evaluate(programme, AS_OF, runs=0).task("late")
    assert (late.trl, late.trl_gained) == (6, 3)
    assert "readiness: TRL 6 on 2025-06-01, +3 since 2023-01-01" in late.reasons[-1]
    assert late.status == "off_track"  # readiness does not change the grade


def test_roll_up_by_measure() -> None:
    programme = dataclasses.replace(
        small(),
        measures=(Measure("m1", "甲", "M1"), Measure("m2", "乙", "M2")),
        task_measures=(TaskMeasure("late", "m1"), TaskMeasure("ontime", "m1")),
    )
    result = evaluate(programme, AS_OF, runs=0)
    m1, m2 = result.by_measure
    assert (m1.measure, m1.tasks, m2.tasks) == ("m1", 2, 0)
    assert m1.status_counts == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 0}
    assert m1.co2_2030_mt == pytest.approx(result.task("ontime").co2_2030_mt)
    assert result.task("late").measures == ("m1",)


def test_race_side_by_side() -> None:
    base = small()
    programme = dataclasses.replace(
        base,
        teams=(*base.teams, Team("t3", "team 3", "late")),
        people=(Person("r1", "评审", "reviewer"),),
        calls=(Call("c1", "late", "challenge", "awarded"),),
        bids=(Bid("b1", "c1", team="t1"), Bid("b3", "c1", team="t3")),
        review_scores=(
            ReviewScore("b1", "r1", "route", 30, 40),
            ReviewScore("b1", "r1", "cost", 5, 10),
            ReviewScore("b3", "r1", "route", 10, 40),
        ),
        awards=(Award("c1", "b1", date(2024, 1, 1), 2e6),),
        races=(Race("race", "late", 3),),
        race_teams=(RaceTeam("race", "t1"), RaceTeam("race", "t3")),
        stage_reviews=(
            StageReview("race", 1, "t1", date(2025, 3, 1), "increase", "ahead"),
            StageReview("race", 1, "t3", date(2025, 3, 1), "stop", "behind"),
            StageReview("race", 2, "t1", date(2025, 12, 1), "continue"),  # after the review
        ),
    )
    assert check_programme(programme) == []
    (race,) = evaluate(programme, AS_OF, runs=0).races
    assert (race.race, race.task, race.stages_planned, race.stages_held) == ("race", "late", 3, 1)
    t1, t3 = race.teams
    assert (t1.team, t1.latest_decision, t1.racing) == ("t1", "increase", True)
    assert t1.decisions == ((1, "2025-03-01", "increase", "ahead"),)
    assert t1.accepted == "2025-06-01"
    assert t1.awarded_cny == 2e6
    assert t1.mean_review_score == pytest.approx((0.75 + 0.5) / 2)
    assert (t3.latest_decision, t3.racing, t3.awarded_cny) == ("stop", False, None)
    assert t3.mean_review_score == pytest.approx(0.25)


def test_ensemble_spread_of_the_impact() -> None:
    result = evaluate(small(), AS_OF, runs=200, seed=1)
    ontime = result.task("ontime")
    assert ontime.co2_2030_mt_low is not None and ontime.co2_2030_mt_high is not None
    assert ontime.co2_2030_mt is not None
    assert 0 < ontime.co2_2030_mt_low < ontime.co2_2030_mt_high
    assert ontime.co2_2030_mt_low <= ontime.co2_2030_mt <= ontime.co2_2030_mt_high * 1.05
    assert result.ensemble == {"runs": 200, "seed": 1, "quantiles": [0.05, 0.95]}
    again = evaluate(small(), AS_OF, runs=200, seed=1).task("ontime")
    assert again.co2_2030_mt_low == ontime.co2_2030_mt_low  # seeded: reproducible
    none = evaluate(small(), AS_OF, runs=0).task("ontime")
    assert (none.co2_2030_mt_low, none.co2_2030_mt_high) == (None, None)


def test_default_runs_are_the_run_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEAKZERO_IMPACT_RUNS", "7")
    assert evaluate(small(), AS_OF, seed=1).ensemble["runs"] == 7
    monkeypatch.delenv("PEAKZERO_IMPACT_RUNS")
    assert evaluate(small(), AS_OF, runs=0).ensemble["runs"] == 0  # the argument wins


def test_co2_2030_of_a_nev_task_is_its_wedge() -> None:
    result = evaluate(small(), AS_OF, runs=0)
    ontime = result.task("ontime")
    table = wedges("plan", "baseline", ASSESSMENT)  # impacts are on the assessment boundary
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


def test_an_edited_rules_file_gives_the_new_rules(tmp_path: Path) -> None:
    """Nothing is cached by the file's path (docs/design/results.md): a server sees the edit."""
    packaged = data_text("programme", "scoring.yaml")
    path = tmp_path / "rules.yaml"
    path.write_text(packaged, encoding="utf-8")
    assert load_rules(path)["schedule"]["off_track_after_days"] == 30
    edited = packaged.replace("off_track_after_days: 30", "off_track_after_days: 60")
    path.write_text(edited, encoding="utf-8")
    assert load_rules(path)["schedule"]["off_track_after_days"] == 60


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
