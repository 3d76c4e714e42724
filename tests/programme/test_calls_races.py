"""Calls (揭榜挂帅) and races (赛马): the domain's checks and the YAML sections that hold them."""

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from peakzero.errors import InputError, Problem
from peakzero.programme import (
    Acceptance,
    Area,
    Award,
    Bid,
    Call,
    Organisation,
    Person,
    Programme,
    Race,
    RaceTeam,
    ReviewScore,
    StageReview,
    Task,
    Team,
    check_programme,
    load_programme,
    to_document,
)


def contest(**changes: object) -> Programme:
    """Two teams racing on t1 (team-b stopped at stage 1), a call on t2 with two bids, scores
    by two reviewers and an award; keyword arguments replace its fields."""
    fields: dict[str, object] = {
        "code": "test",
        "name_zh": "测试",
        "name_en": "Test",
        "start": date(2023, 1, 1),
        "end": date(2030, 12, 31),
        "areas": (Area("a1", "甲", "A"),),
        "tasks": (
            Task("t1", "a1", "任务一", "Task one", "technology", "unverified"),
            Task("t2", "a1", "任务二", "Task two", "technology", "unverified"),
        ),
        "organisations": (Organisation("o1", "机构", "Org", "lead_unit"),),
        "teams": (
            Team("team-a", "甲队", "t1", "o1"),
            Team("team-b", "乙队", "t1"),
            Team("team-c", "丙队", "t2"),
        ),
        "people": (Person("r1", "评审一", "reviewer"), Person("r2", "评审二", "reviewer")),
        "calls": (
            Call(
                "c1", "t2", "百兆瓦级储能 · 100 MW storage", "awarded", "≥ 90 %", date(2024, 3, 1)
            ),
        ),
        "bids": (
            Bid("b1", "c1", team="team-c", submitted=date(2024, 2, 20)),
            Bid("b2", "c1", organisation="o1"),
        ),
        "review_scores": (
            ReviewScore("b1", "r1", "technical route", 38.5, 40),
            ReviewScore("b1", "r2", "technical route", 36, 40),
            ReviewScore("b2", "r1", "technical route", 0, 40),
        ),
        "awards": (Award("c1", "b1", date(2024, 4, 1), 5e6),),
        "races": (Race("r-fc", "t1", 2),),
        "race_teams": (RaceTeam("r-fc", "team-a"), RaceTeam("r-fc", "team-b")),
        "stage_reviews": (
            StageReview("r-fc", 1, "team-a", date(2024, 6, 30), "increase", "ahead on power"),
            StageReview("r-fc", 1, "team-b", date(2024, 6, 30), "stop", "durability missed"),
            StageReview("r-fc", 2, "team-a", date(2025, 6, 30), "continue"),
        ),
        "acceptances": (Acceptance("t1", "team-a", date(2026, 1, 15), "r-fc"),),
    }
    fields.update(changes)
    return Programme(**fields)  # type: ignore[arg-type]


def where(p: Programme) -> list[tuple[str, int, str, object]]:
    return [(d.entity, d.index, d.field, d.value) for d in check_programme(p)]


# --- domain --------------------------------------------------------------------------------------


def test_a_filled_contest_has_no_defect() -> None:
    p = contest()
    assert check_programme(p) == []
    assert p.teams_in("r-fc") == ("team-a", "team-b")
    assert [b.code for b in p.bids_for("c1")] == ["b1", "b2"]


def test_a_race_needs_two_teams() -> None:
    p = contest(race_teams=(RaceTeam("r-fc", "team-a"),), stage_reviews=())
    (defect,) = check_programme(p)
    assert (defect.entity, defect.index, defect.field, defect.value) == (
        "races",
        0,
        "code",
        "r-fc",
    )
    assert "fewer than two teams: 1 (team-a)" in defect.message
    assert where(contest(race_teams=(), stage_reviews=(), acceptances=())) == [
        ("races", 0, "code", "r-fc")
    ]


def test_an_award_to_a_bid_that_does_not_exist_or_is_for_another_call() -> None:
    (defect,) = check_programme(contest(awards=(Award("c1", "b9"),)))
    assert (defect.entity, defect.index, defect.field, defect.value) == ("awards", 0, "bid", "b9")
    assert "does not exist; use one of b1, b2" in defect.message
    other = Call("c2", "t2", "另一榜", "open")
    p = contest(
        calls=(*contest().calls, other),
        bids=(*contest().bids, Bid("b3", "c2", team="team-c")),
        awards=(Award("c1", "b3"),),
    )
    (defect,) = check_programme(p)
    assert (defect.field, defect.value) == ("bid", "b3")
    assert "which is for call c2; use one of b1, b2" in defect.message


def test_a_decision_on_a_team_stopped_at_an_earlier_stage() -> None:
    late = StageReview("r-fc", 2, "team-b", date(2025, 6, 30), "continue", "second chance")
    p = contest(stage_reviews=(*contest().stage_reviews, late))
    (defect,) = check_programme(p)
    assert (defect.entity, defect.index, defect.field, defect.value) == (
        "stage_reviews",
        3,
        "decision",
        "continue",
    )
    assert "stopped in race r-fc at stage 1 (2024-06-30)" in defect.message
    # By date: a stop dated later than a decision does not make that decision wrong.
    early = StageReview("r-fc", 1, "team-b", date(2024, 1, 1), "cut")
    stop = StageReview("r-fc", 2, "team-b", date(2025, 1, 1), "stop")
    reviews = (contest().stage_reviews[0], early, stop)
    assert check_programme(contest(stage_reviews=reviews)) == []
    # Accepting the stopped team is a decision on it too.
    accepted = (Acceptance("t1", "team-b", date(2026, 1, 1), "r-fc"),)
    assert where(contest(acceptances=accepted)) == [("acceptances", 0, "team", "team-b")]


@pytest.mark.parametrize(("score", "most"), [(41, 40), (-1, 40), (-0.5, 10)])
def test_a_score_above_its_max_or_negative(score: float, most: float) -> None:
    scores = (ReviewScore("b2", "r2", "cost", score, most),)
    (defect,) = check_programme(contest(review_scores=scores))
    assert (defect.entity, defect.index, defect.field, defect.value) == (
        "review_scores",
        0,
        "score",
        score,
    )
    assert f"outside 0-{most:g}" in defect.message


def test_a_deadline_after_the_programme_end() -> None:
    late = dataclasses.replace(contest().calls[0], deadline=date(2031, 1, 1))
    (defect,) = check_programme(contest(calls=(late,)))
    assert (defect.entity, defect.index, defect.field, defect.value) == (
        "calls",
        0,
        "deadline",
        "2031-01-01",
    )
    assert "after the programme's end (2030-12-31)" in defect.message
    assert check_programme(contest(calls=(late,), end=None)) == []  # unknown end: unchecked


def test_duplicate_codes_and_keys() -> None:
    p = contest(
        calls=(*contest().calls, Call("c1", "t2", "again", "open")),
        races=(*contest().races, Race("r-fc", "t1")),
        review_scores=(*contest().review_scores, ReviewScore("b1", "r1", "technical route", 1, 4)),
    )
    defects = check_programme(p)
    assert [(d.entity, d.index, d.field, d.value, d.first) for d in defects] == [
        ("calls", 1, "code", "c1", 0),
        ("races", 1, "code", "r-fc", 0),
        ("review_scores", 3, "criterion", "b1/r1/technical route", 0),
    ]
    assert "each combination of bid, reviewer, criterion may be given once" in defects[2].message


def test_links_resolve() -> None:
    p = contest(
        bids=(Bid("b1", "c9", team="team-9"), Bid("b2", "c1")),
        review_scores=(ReviewScore("b1", "nobody", "x", 1, 2),),
        awards=(),
        race_teams=(RaceTeam("r-fc", "team-a"), RaceTeam("r-fc", "team-c")),
        stage_reviews=(StageReview("r-fc", 3, "team-b", date(2024, 1, 1), "cut"),),
        acceptances=(Acceptance("t2", "team-a", date(2026, 1, 1), "r-fc"),),
    )
    assert where(p) == [
        ("bids", 0, "call", "c9"),
        ("bids", 0, "team", "team-9"),
        ("bids", 1, "team", None),  # neither team nor organisation
        ("review_scores", 0, "reviewer", "nobody"),
        ("race_teams", 1, "team", "team-c"),  # works on another task
        ("stage_reviews", 0, "team", "team-b"),  # not in the race
        ("stage_reviews", 0, "stage", 3),  # the race has two stages
        ("acceptances", 0, "task", "t2"),  # the race is on t1
    ]


def test_the_default_programme_has_no_calls_or_races() -> None:
    p = load_programme()
    assert (p.calls, p.bids, p.review_scores, p.awards) == ((), (), (), ())
    assert (p.races, p.race_teams, p.stage_reviews, p.acceptances) == ((), (), (), ())
    assert "calls" not in to_document(p) and "races" not in to_document(p)


# --- YAML ----------------------------------------------------------------------------------------

VALID = """\
programme: {code: test, name_zh: 测试, name_en: Test, start: 2023-01-01, end: 2030-12-31}
areas:
  - {code: a1, name_zh: 甲, name_en: A}
tasks:
  - {code: t1, area: a1, name_zh: 任务一, name_en: Task one, kind: technology,
     information: unverified}
  - {code: t2, area: a1, name_zh: 任务二, name_en: Task two, kind: technology,
     information: unverified}
organisations:
  - {id: o1, name_zh: 机构, name_en: Org, role: lead_unit}
teams:
  - {id: team-a, name: 甲队, task: t1, organisation: o1}
  - {id: team-b, name: 乙队, task: t1}
  - {id: team-c, name: 丙队, task: t2}
people:
  - {id: r1, name: 评审一, role: reviewer}
  - {id: r2, name: 评审二, role: reviewer}
calls:
  - code: c1
    task: t2
    challenge: 百兆瓦级储能 · 100 MW storage
    status: awarded
    requirements: ≥ 90 %
    deadline: 2024-03-01
bids:
  - {code: b1, call: c1, team: team-c, submitted: 2024-02-20}
  - {code: b2, call: c1, organisation: o1}
review_scores:
  - {bid: b1, reviewer: r1, criterion: technical route, score: 38.5, max_score: 40}
  - {bid: b1, reviewer: r2, criterion: technical route, score: 36, max_score: 40}
  - {bid: b2, reviewer: r1, criterion: technical route, score: 0, max_score: 40}
awards:
  - {call: c1, bid: b1, awarded: 2024-04-01, funding_cny: 5000000}
races:
  - {code: r-fc, task: t1, stages: 2}
race_teams:
  - {race: r-fc, team: team-a}
  - {race: r-fc, team: team-b}
stage_reviews:
  - {race: r-fc, stage: 1, team: team-a, decided: 2024-06-30, decision: increase,
     reason: ahead on power}
  - {race: r-fc, stage: 1, team: team-b, decided: 2024-06-30, decision: stop,
     reason: durability missed}
  - {race: r-fc, stage: 2, team: team-a, decided: 2025-06-30, decision: continue}
acceptances:
  - {task: t1, team: team-a, accepted: 2026-01-15, race: r-fc}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_programme(path)
    return caught.value.problems


def test_the_sections_load_into_the_domain(tmp_path: Path) -> None:
    assert load_programme(write(tmp_path, VALID)) == contest()


def test_round_trip_through_yaml_and_json(tmp_path: Path) -> None:
    p = contest()
    document = to_document(p)
    assert list(document)[-8:] == [
        "calls",
        "bids",
        "review_scores",
        "awards",
        "races",
        "race_teams",
        "stage_reviews",
        "acceptances",
    ]
    as_yaml = tmp_path / "p.yaml"
    as_yaml.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    as_json = tmp_path / "p.json"
    as_json.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert load_programme(as_yaml) == p
    assert load_programme(as_json) == p


@pytest.mark.parametrize(
    ("old", "new", "column", "value", "words"),
    [
        (
            "  - {race: r-fc, team: team-b}\n",
            "",
            "races.0.code",
            "r-fc",
            "fewer than two teams: 1 (team-a)",
        ),
        ("{call: c1, bid: b1,", "{call: c1, bid: b7,", "awards.0.bid", "b7", "does not exist"),
        (
            "{race: r-fc, stage: 2, team: team-a, decided: 2025-06-30, decision: continue}",
            "{race: r-fc, stage: 2, team: team-b, decided: 2025-06-30, decision: continue}",
            "stage_reviews.2.decision",
            "continue",
            "stopped in race r-fc at stage 1",
        ),
        (
            "score: 38.5, max_score: 40",
            "score: 41, max_score: 40",
            "review_scores.0.score",
            41.0,
            "outside 0-40",
        ),
        ("score: 36,", "score: -2,", "review_scores.1.score", -2.0, "outside 0-40"),
        (
            "deadline: 2024-03-01",
            "deadline: 2031-03-01",
            "calls.0.deadline",
            "2031-03-01",
            "after the programme's end",
        ),
        ("{code: b2,", "{code: b1,", "bids.1.code", "b1", "duplicate code"),
        (
            "  - {code: r-fc, task: t1, stages: 2}\n",
            "  - {code: r-fc, task: t1, stages: 2}\n  - {code: r-fc, task: t1}\n",
            "races.1.code",
            "r-fc",
            "first given at races.0",
        ),
        (
            "decision: increase",
            "decision: pause",
            "stage_reviews.0.decision",
            "pause",
            "one of continue, increase, cut, merge, stop",
        ),
        ("status: awarded", "status: won", "calls.0.status", "won", "one of open, reviewing"),
        (
            "stage: 1, team: team-a",
            "stage: first, team: team-a",
            "stage_reviews.0.stage",
            "first",
            "whole number",
        ),
        (
            "{race: r-fc, team: team-a}",
            "{race: r-fc, team: team-a, lead: yes}",
            "race_teams.0.lead",
            "lead",
            "unknown key; use race, team",
        ),
    ],
)
def test_each_bad_input_is_a_problem_at_its_key_path(
    tmp_path: Path, old: str, new: str, column: str, value: object, words: str
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    problems = problems_of(tmp_path, text)
    (problem,) = (p for p in problems if p.column == column)
    assert problem.value == value
    assert words in problem.message
    assert problem.file == str(tmp_path / "mine.yaml")
    assert problem.line is not None
    assert column.split(".")[0] in "\n".join(text.splitlines()[: problem.line])
