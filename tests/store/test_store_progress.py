"""Progress records in the database: migration 0003 (milestone acceptance, task measures, KPI
actuals, readiness), a lossless round trip, audit rows and the database's own TRL check. Every
case runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from alembic import command
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from peakzero.programme import KPIActual, Milestone, Programme, Readiness, TaskMeasure
from peakzero.programme import load_programme as load_default
from peakzero.store.database import alembic_config, make_engine, upgrade
from peakzero.store.repository import audit_trail, save_programme
from peakzero.store.repository import load_programme as load_stored

DEFAULT = load_default()
NEW_TABLES = ("task_measures", "kpi_actuals", "readiness")


def progressing() -> Programme:
    """The default programme with a dated hydrogen KPI path, one accepted milestone, two actuals,
    two readiness assessments and two measures applied to tasks."""
    p = DEFAULT
    assert any(k.code == "hydrogen.fcev_stock" for k in p.kpis)  # the KPI given a path below
    kpis = tuple(
        dataclasses.replace(k, baseline=0.0, baseline_year=2020, target_2025=10_000.0)
        if k.code == "hydrogen.fcev_stock"
        else k
        for k in p.kpis
    )
    return dataclasses.replace(
        p,
        start=date(2022, 1, 1),
        end=date(2030, 12, 31),
        kpis=kpis,
        milestones=(
            Milestone(
                "h2-m1",
                "hydrogen",
                date(2023, 12, 31),
                kpi="hydrogen.fcev_stock",
                kpi_target=4000.0,
                funding_cny=1e6,
                accepted=date(2024, 1, 20),
            ),
        ),
        task_measures=(
            TaskMeasure("hydrogen", "dynamic_evaluation"),
            TaskMeasure("storage", "common_platforms"),
        ),
        kpi_actuals=(
            KPIActual("hydrogen.fcev_stock", date(2023, 12, 31), 4321.0, "运营监测 monitoring"),
            KPIActual("hydrogen.fcev_stock", date(2024, 12, 31), 1.0 / 3.0),
        ),
        readiness=(
            Readiness("hydrogen", date(2022, 6, 1), 5, "expert panel"),
            Readiness("hydrogen", date(2024, 6, 1), 7),
        ),
    )


def test_migration_0003_adds_and_removes_exactly_its_tables_and_column(db_url: str) -> None:
    upgrade(db_url, "0002")
    engine = make_engine(db_url)
    try:
        before = set(inspect(engine).get_table_names())
        columns = {c["name"] for c in inspect(engine).get_columns("milestones")}
        assert "accepted" not in columns
        upgrade(db_url, "0003")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == before | set(NEW_TABLES)
        assert "accepted" in {c["name"] for c in inspector.get_columns("milestones")}
        upgrade(db_url)  # the later revisions too (0006's regions), to save today's programme
        with Session(engine) as session:
            save_programme(session, progressing(), "alice")
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
            connection.commit()
            assert MigrationContext.configure(connection).get_current_revision() == "0002"
        assert set(inspect(engine).get_table_names()) == before
        assert "accepted" not in {c["name"] for c in inspect(engine).get_columns("milestones")}
        upgrade(db_url)
        with Session(engine) as session:  # the rows of the older tables survive down and up
            loaded = load_stored(session, DEFAULT.code)
        assert loaded.milestones[0].accepted is None  # the column came back empty
        assert loaded.kpi_actuals == ()
        assert loaded.tasks == DEFAULT.tasks
    finally:
        engine.dispose()


def test_round_trip_of_progress_is_lossless_and_audited(engine: Engine) -> None:
    programme = progressing()
    with Session(engine) as session:
        entries = save_programme(session, programme, "alice")
    with Session(engine) as session:
        loaded = load_stored(session, programme.code)
    assert loaded == programme
    assert loaded.kpi_actuals[1].value == 1.0 / 3.0
    tables = {e.table for e in entries}
    assert set(NEW_TABLES) <= tables
    keys = {(e.table, e.key) for e in entries}
    assert ("kpi_actuals", "hydrogen.fcev_stock/2024-12-31") in keys
    assert ("readiness", "hydrogen/2022-06-01") in keys
    assert ("task_measures", "storage/common_platforms") in keys
    # A second save of a changed assessment is one audited update with before and after.
    changed = dataclasses.replace(
        programme,
        readiness=(programme.readiness[0], dataclasses.replace(programme.readiness[1], trl=8)),
    )
    with Session(engine) as session:
        (entry,) = save_programme(session, changed, "bob")
    assert (entry.action, entry.table, entry.who) == ("update", "readiness", "bob")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["trl"], entry.after["trl"]) == (7, 8)
    with Session(engine) as session:
        assert len(audit_trail(session, programme.code)) == len(entries) + 1


def test_the_database_refuses_a_readiness_level_outside_1_to_9(engine: Engine) -> None:
    with Session(engine) as session:
        save_programme(session, progressing(), "alice")
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO readiness (programme, task, assessed, position, trl) "
                "VALUES (:p, 'storage', '2024-01-01', 9, 10)"
            ),
            {"p": DEFAULT.code},
        )
