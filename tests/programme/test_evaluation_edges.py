"""Edge cases of the dynamic evaluation found in review: due dates, falling and hold KPIs, stale
readings, race standings restricted to the race's task and date, rules out of order."""

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from peakzero.errors import InputError
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import (
    KPI,
    Area,
    Award,
    Bid,
    Call,
    KPIActual,
    Milestone,
    Person,
    Programme,
    Race,
    RaceTeam,
    ReviewScore,
    StageReview,
    Task,
    Team,
)
from peakzero.programme.evaluation import evaluate, kpi_attainment, load_rules
from peakzero.programme.excel import export_workbook, read_workbook


def one_task(**changes: object) -> Programme:
    fields: dict[str, object] = {
        "code": "p",
        "name_zh": "方案",
        "name_en": "P",
        "areas": (Area("a", "甲", "A"),),
        "tasks": (
            Task("t", "a", "任务", "Task", "technology", "unverified"),
            Task("s", "a", "另一", "Other", "technology", "unverified"),
        ),
    }
    fields.update(changes)
    return Programme(**fields)  # type: ignore[arg-type]


def intensity(baseline_year: int = 2020, **targets: float | None) -> KPI:
    """A falling KPI (energy per GDP, from 100)."""
    return KPI("t.i", "t", "能耗强度", "Intensity", "1", None, 100.0, baseline_year, **targets)


def test_a_milestone_due_on_the_review_day_is_not_yet_due_for_funding_either() -> None:
    p = one_task(milestones=(Milestone("m", "t", date(2025, 6, 30), funding_cny=1e6),))
    on_the_day = evaluate(p, date(2025, 6, 30), runs=0).task("t")
    assert on_the_day.schedule_variance_days == 0
    assert on_the_day.funding_released_vs_planned is None
    assert on_the_day.status == "on_track"
    week_later = evaluate(p, date(2025, 7, 7), runs=0).task("t")
    assert (week_later.schedule_variance_days, week_later.funding_released_vs_planned) == (7, 0.0)


def test_an_early_tranche_keeps_the_ratio_within_one() -> None:
    early = Milestone("m2", "t", date(2026, 6, 30), funding_cny=3e6, accepted=date(2025, 1, 1))
    due = Milestone("m1", "t", date(2025, 3, 31), funding_cny=1e6, accepted=date(2025, 3, 1))
    p = one_task(milestones=(due, early))
    assert evaluate(p, date(2025, 6, 30), runs=0).task("t").funding_released_vs_planned == 1.0


def test_a_falling_kpi_with_its_baseline_in_a_target_year_is_a_defect() -> None:
    p = one_task(kpis=(intensity(2025, target_2025=90.0, target_2030=50.0),))
    (defect,) = check_programme(p)
    assert (defect.entity, defect.field, defect.value) == ("kpis", "target_2025", 90.0)
    assert "after the baseline year" in defect.message


def test_falling_kpi_attainment_by_hand() -> None:
    kpi = intensity(2020, target_2030=50.0)
    p = one_task(kpis=(kpi,), kpi_actuals=(KPIActual("t.i", date(2025, 1, 1), 80.0),))
    # On 1 January 2025 the path stands at 100 - 50 * 5/10 = 75: 20 of 25 due.
    assert kpi_attainment(p, kpi, date(2025, 6, 1)) == pytest.approx(20 / 25)


def test_a_hold_kpi_scores_the_share_of_the_baseline_still_held() -> None:
    kpi = intensity(2020, target_2025=100.0, target_2030=100.0)
    held = one_task(kpis=(kpi,), kpi_actuals=(KPIActual("t.i", date(2024, 1, 1), 100.0),))
    slipped = one_task(kpis=(kpi,), kpi_actuals=(KPIActual("t.i", date(2024, 1, 1), 10.0),))
    assert kpi_attainment(held, kpi, date(2024, 6, 1)) == 1.0
    assert kpi_attainment(slipped, kpi, date(2024, 6, 1)) == pytest.approx(0.1)


def test_a_stale_reading_cannot_show_the_task_on_track() -> None:
    kpi = intensity(2020, target_2030=50.0)
    p = one_task(kpis=(kpi,), kpi_actuals=(KPIActual("t.i", date(2021, 1, 1), 90.0),))
    fresh = evaluate(p, date(2021, 6, 1), runs=0).task("t")
    assert fresh.status == "on_track"
    stale = evaluate(p, date(2023, 6, 1), runs=0).task("t")  # 881 days after the reading
    assert stale.kpi_attainment == 1.0
    assert stale.status == "at_risk"
    assert "881 days old (stale after 455)" in stale.reasons[0]
    rules = load_rules()
    rules["kpi"] = {k: v for k, v in rules["kpi"].items() if k != "stale_after_days"}
    assert evaluate(p, date(2023, 6, 1), rules, runs=0).task("t").status == "on_track"


def race_programme() -> Programme:
    return one_task(
        teams=(Team("ta", "甲", "t"), Team("tb", "乙", "t")),
        people=(Person("r", "评审", "reviewer"),),
        calls=(Call("c-t", "t", "challenge", "awarded"), Call("c-s", "s", "other", "awarded")),
        bids=(
            Bid("b1", "c-t", team="ta", submitted=date(2024, 1, 1)),
            Bid("b2", "c-s", team="ta", submitted=date(2024, 1, 1)),  # another task
            Bid("b3", "c-t", team="ta", submitted=date(2027, 1, 1)),  # after the review
        ),
        review_scores=(
            ReviewScore("b1", "r", "route", 6, 10),
            ReviewScore("b2", "r", "route", 10, 10),
            ReviewScore("b3", "r", "route", 10, 10),
        ),
        awards=(
            Award("c-t", "b1", date(2024, 3, 1), 1e6),
            Award("c-s", "b2", date(2024, 3, 1), 5e6),
            Award("c-t", "b3", None, 7e6),
        ),
        races=(Race("r1", "t", 2),),
        race_teams=(RaceTeam("r1", "ta"), RaceTeam("r1", "tb")),
        stage_reviews=(StageReview("r1", 1, "tb", date(2024, 6, 1), "merge", "joins ta"),),
    )


def test_race_standing_counts_only_the_race_task_and_the_review_date() -> None:
    p = race_programme()
    assert check_programme(p) == []
    (race,) = evaluate(p, date(2024, 12, 31), runs=0).races
    ta, tb = race.teams
    assert ta.awarded_cny == 1e6
    assert ta.mean_review_score == pytest.approx(0.6)
    assert (tb.latest_decision, tb.racing) == ("merge", False)


def test_a_merged_team_gets_no_later_decision() -> None:
    p = race_programme()
    later = StageReview("r1", 2, "tb", date(2025, 6, 1), "increase")
    p = dataclasses.replace(p, stage_reviews=(*p.stage_reviews, later))
    (defect,) = check_programme(p)
    assert (defect.entity, defect.field) == ("stage_reviews", "decision")
    assert "merged into another team" in defect.message


def test_the_stage_limit_names_the_race_of_the_review() -> None:
    p = race_programme()
    p = dataclasses.replace(
        p,
        races=(*p.races, Race("r2", "t", 5)),
        race_teams=(*p.race_teams, RaceTeam("r2", "ta"), RaceTeam("r2", "tb")),
        stage_reviews=(StageReview("r1", 3, "ta", date(2025, 1, 1), "continue"),),
    )
    (defect,) = check_programme(p)
    assert "at most 2" in defect.message


def test_rules_must_be_readable_and_in_order(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        load_rules(tmp_path / "absent.yaml")
    text = (
        Path(str(__file__))
        .parents[2]
        .joinpath("src/peakzero/data/programme/scoring.yaml")
        .read_text(encoding="utf-8")
    )
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        text.replace("off_track_after_days: 30", "off_track_after_days: 0").replace(
            "off_track_below: 0.25", "off_track_below: 0.9"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_rules(bad)
    assert sorted(p.column or "" for p in caught.value.problems) == [
        "funding.off_track_below",
        "schedule.at_risk_after_days",
    ]


def test_a_workbook_without_the_progress_sheets_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    export_workbook(one_task(), path)
    book = openpyxl.load_workbook(path)
    for name in ("task_measures", "kpi_actuals", "readiness"):
        del book[name]
    book.save(path)
    assert read_workbook(path) == one_task()
