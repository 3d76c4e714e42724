"""Calls (揭榜挂帅) and races (赛马) in the database: migration 0002, lossless round trip, audit
rows, each bad input refused, all-or-nothing saves. Every case runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from alembic import command
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from peakzero.errors import InputError
from peakzero.programme import (
    Acceptance,
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
    Team,
    load_programme,
)
from peakzero.programme.domain import NATURAL_KEYS
from peakzero.store.database import StoreError, alembic_config, make_engine, upgrade
from peakzero.store.models import ENTITY_TABLES, Base
from peakzero.store.repository import audit_trail, list_programmes, save_programme
from peakzero.store.repository import load_programme as load_stored

DEFAULT = load_programme()
NEW_TABLES = (
    "calls",
    "bids",
    "review_scores",
    "awards",
    "races",
    "race_teams",
    "stage_reviews",
    "acceptances",
)


def contest() -> Programme:
    """The default programme with two teams racing on hydrogen (team-b stopped at stage 1), a
    call on storage with two bids, scores by two reviewers and an award."""
    p = DEFAULT
    return dataclasses.replace(
        p,
        start=date(2022, 1, 1),
        end=date(2030, 12, 31),
        organisations=(*p.organisations, Organisation("lab", "实验室", "Lab", "lead_unit")),
        teams=(
            Team("team-a", "甲队", "hydrogen", "lab"),
            Team("team-b", "乙队", "hydrogen"),
            Team("team-c", "丙队", "storage"),
        ),
        people=(Person("r1", "评审一", "reviewer"), Person("r2", "评审二", "reviewer")),
        calls=(
            Call(
                "c1",
                "storage",
                "全固态电池 · solid-state cells",
                "awarded",
                "≥ 400 Wh/kg",
                date(2024, 3, 1),
            ),
        ),
        bids=(
            Bid("b1", "c1", team="team-c", submitted=date(2024, 2, 20)),
            Bid("b2", "c1", organisation="lab"),
        ),
        review_scores=(
            ReviewScore("b1", "r1", "technical route", 1.0 / 3.0, 40),
            ReviewScore("b1", "r2", "technical route", 36, 40),
            ReviewScore("b2", "r1", "cost", 0, 10),
        ),
        awards=(Award("c1", "b1", date(2024, 4, 1), 123.456789012345),),
        races=(Race("r-fc", "hydrogen", 2),),
        race_teams=(RaceTeam("r-fc", "team-a"), RaceTeam("r-fc", "team-b")),
        stage_reviews=(
            StageReview("r-fc", 1, "team-a", date(2024, 6, 30), "increase", "功率领先"),
            StageReview("r-fc", 1, "team-b", date(2024, 6, 30), "stop", "durability missed"),
            StageReview("r-fc", 2, "team-a", date(2025, 6, 30), "continue"),
        ),
        acceptances=(Acceptance("hydrogen", "team-a", date(2026, 1, 15), "r-fc"),),
    )


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


# --- schema ---------------------------------------------------------------------------------------


def test_migration_0002_adds_and_removes_exactly_the_new_tables(db_url: str) -> None:
    upgrade(db_url, "0001")
    engine = make_engine(db_url)
    try:
        before = set(inspect(engine).get_table_names())
        assert before.isdisjoint(NEW_TABLES)
        upgrade(db_url, "0002")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == before | set(NEW_TABLES)
        referred = sorted(
            fk["referred_table"] for fk in inspector.get_foreign_keys("stage_reviews")
        )
        assert referred == ["programmes", "race_teams"]  # a decision is on a team of the race
        upgrade(db_url)  # the later revisions too, to save today's programme
        with Session(engine) as session:
            save_programme(session, DEFAULT, "alice")
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            connection.commit()
            assert MigrationContext.configure(connection).get_current_revision() == "0001"
        assert set(inspect(engine).get_table_names()) == before
        upgrade(db_url)  # and up again
        with Session(engine) as session:  # the rows of 0001's tables survive down and up
            assert load_stored(session, DEFAULT.code) == DEFAULT
    finally:
        engine.dispose()


@pytest.mark.parametrize("table", NEW_TABLES)
def test_each_new_table_mirrors_its_dataclass(table: str) -> None:
    from peakzero.programme import domain

    entity = {
        "calls": domain.Call,
        "bids": domain.Bid,
        "review_scores": domain.ReviewScore,
        "awards": domain.Award,
        "races": domain.Race,
        "race_teams": domain.RaceTeam,
        "stage_reviews": domain.StageReview,
        "acceptances": domain.Acceptance,
    }[table]
    key = NATURAL_KEYS.get(table, ("code",))
    columns = [c.name for c in Base.metadata.tables[table].columns]
    assert columns[: len(key) + 2] == ["programme", *key, "position"]
    fields = [f.name for f in dataclasses.fields(entity)]
    assert sorted(columns[len(key) + 2 :]) == sorted(f for f in fields if f not in key)
    primary = [c.name for c in Base.metadata.tables[table].primary_key.columns]
    assert primary == ["programme", *key]
    assert table in ENTITY_TABLES


# --- round trip and audit -------------------------------------------------------------------------


def test_round_trip_of_calls_and_races_is_lossless(engine: Engine) -> None:
    programme = contest()
    with Session(engine) as session:
        entries = save_programme(session, programme, "alice")
    with Session(engine) as session:
        loaded = load_stored(session, programme.code)
    assert loaded == programme
    assert loaded.review_scores[0].score == 1.0 / 3.0
    assert loaded.awards[0].funding_cny == 123.456789012345
    assert isinstance(loaded.stage_reviews[0].decided, date)
    assert type(loaded.stage_reviews[0].stage) is int
    keys = {(e.table, e.key) for e in entries}
    assert {
        ("calls", "c1"),
        ("bids", "b2"),
        ("review_scores", "b1/r2/technical route"),
        ("awards", "c1/b1"),
        ("races", "r-fc"),
        ("race_teams", "r-fc/team-b"),
        ("stage_reviews", "r-fc/1/team-b"),
        ("acceptances", "hydrogen/team-a"),
    } <= keys
    with Session(engine) as session:
        assert save_programme(session, programme, "alice") == ()  # unchanged: nothing audited


def test_changes_to_calls_and_races_are_audited_row_by_row(session: Session) -> None:
    full = contest()
    save_programme(session, full, "alice")
    stop = dataclasses.replace(full.stage_reviews[2], decision="cut", reason="budget")
    changed = dataclasses.replace(
        full,
        stage_reviews=(*full.stage_reviews[:2], stop),
        review_scores=full.review_scores[:2],
        awards=(dataclasses.replace(full.awards[0], funding_cny=6e6),),
    )
    entries = save_programme(session, changed, "bob")
    assert sorted((e.action, e.table, e.key) for e in entries) == [
        ("delete", "review_scores", "b2/r1/cost"),
        ("update", "awards", "c1/b1"),
        ("update", "stage_reviews", "r-fc/2/team-a"),
    ]
    update = next(e for e in entries if e.table == "stage_reviews")
    assert update.before is not None and update.after is not None
    assert (update.before["decision"], update.after["decision"]) == ("continue", "cut")
    assert update.after["decided"] == "2025-06-30"
    assert audit_trail(session)[-3:] == entries
    assert load_stored(session, full.code) == changed


# --- bad input ------------------------------------------------------------------------------------


def _replace(p: Programme, **changes: object) -> Programme:
    return dataclasses.replace(p, **changes)  # type: ignore[arg-type]


BAD = {
    "race with one team": (
        lambda p: _replace(
            p, race_teams=p.race_teams[:1], stage_reviews=p.stage_reviews[:1], acceptances=()
        ),
        "races.0.code",
    ),
    "award to a missing bid": (
        lambda p: _replace(p, awards=(Award("c1", "b9"),)),
        "awards.0.bid",
    ),
    "award to another call's bid": (
        lambda p: _replace(
            p,
            calls=(*p.calls, Call("c2", "storage", "另一榜", "open")),
            bids=(*p.bids, Bid("b3", "c2", team="team-c")),
            awards=(Award("c1", "b3"),),
        ),
        "awards.0.bid",
    ),
    "decision on a stopped team": (
        lambda p: _replace(
            p,
            stage_reviews=(
                *p.stage_reviews,
                StageReview("r-fc", 2, "team-b", date(2025, 6, 30), "continue"),
            ),
        ),
        "stage_reviews.3.decision",
    ),
    "score above its max": (
        lambda p: _replace(p, review_scores=(ReviewScore("b1", "r1", "x", 11, 10),)),
        "review_scores.0.score",
    ),
    "negative score": (
        lambda p: _replace(p, review_scores=(ReviewScore("b1", "r1", "x", -1, 10),)),
        "review_scores.0.score",
    ),
    "deadline after the end": (
        lambda p: _replace(p, calls=(dataclasses.replace(p.calls[0], deadline=date(2031, 1, 1)),)),
        "calls.0.deadline",
    ),
    "duplicate race code": (
        lambda p: _replace(p, races=(*p.races, Race("r-fc", "hydrogen"))),
        "races.1.code",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_each_bad_input_is_refused_and_nothing_changes(
    engine: Engine, session: Session, case: str
) -> None:
    save_programme(session, DEFAULT, "alice")
    state = snapshot(engine)
    build, column = BAD[case]
    with pytest.raises(InputError) as caught:
        save_programme(session, build(contest()), "mallory")
    assert [p.column for p in caught.value.problems] == [column]
    assert snapshot(engine) == state


def test_a_defect_in_the_last_race_leaves_the_database_unchanged(
    engine: Engine, session: Session
) -> None:
    full = contest()
    save_programme(session, full, "alice")
    state = snapshot(engine)
    trail = audit_trail(session)
    # Many changes, and a second race — the last one — with a single team.
    bad = dataclasses.replace(
        full,
        calls=(dataclasses.replace(full.calls[0], status="closed"),),
        races=(*full.races, Race("r-2", "storage")),
        race_teams=(*full.race_teams, RaceTeam("r-2", "team-c")),
    )
    with pytest.raises(InputError) as caught:
        save_programme(session, bad, "mallory")
    assert [p.column for p in caught.value.problems] == ["races.1.code"]
    assert snapshot(engine) == state
    assert audit_trail(session) == trail


def test_a_refusal_by_the_database_in_the_last_row_leaves_nothing_behind(
    engine: Engine, session: Session
) -> None:
    # The decision is not one of DECISIONS: check_programme leaves that to the reader, the
    # database's CHECK constraint refuses it in the last stage review — after every other row.
    full = contest()
    last = dataclasses.replace(full.stage_reviews[-1], decision="pause")
    bad = dataclasses.replace(full, stage_reviews=(*full.stage_reviews[:-1], last))
    empty = snapshot(engine)
    with pytest.raises(StoreError, match="cannot save programme"):
        save_programme(session, bad, "mallory")
    assert snapshot(engine) == empty
    assert list_programmes(session) == ()

    save_programme(session, full, "alice")
    state = snapshot(engine)
    with pytest.raises(StoreError, match=r"ck_stage_reviews_decision|constraint"):
        save_programme(session, dataclasses.replace(bad, name_en="renamed"), "mallory")
    assert snapshot(engine) == state
    assert load_stored(session, full.code) == full
