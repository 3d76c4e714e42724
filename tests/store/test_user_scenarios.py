"""Saved user scenarios (migration 0007): versions append and never change, the inputs' hash is
the SHA-256 of the YAML, every save has its audit row, and a region filter hides the rest."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from peakzero.store.database import StoreError, alembic_config, make_engine, upgrade
from peakzero.store.models import AuditRow, Base
from peakzero.store.user_scenarios import (
    TABLE,
    ImmutableVersionError,
    SavedVersion,
    ScenarioVersionRow,
    UserScenarioNotFoundError,
    get_scenario,
    get_version,
    list_scenarios,
    save_version,
)

HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
YAML = "name: plan-explorer\nparent: plan\nlevers:\n  ccus_mt:\n    values: {2030: 5.0}\n"
TABLES = {"user_scenarios", "user_scenario_versions"}


def _save(
    session: Session, name: str = "mine", region: str = HAIDIAN, **changes: Any
) -> SavedVersion:
    fields: dict[str, Any] = {
        "name": name,
        "region": region,
        "who": "haidian",
        "base": "plan",
        "levers": {"ccus_mt": 5.0},
        "inputs": YAML,
        "note": "first",
    } | changes
    return save_version(session, **fields)


def test_0007_upgrades_cleanly_and_downgrades_to_0006(db_url: str) -> None:
    upgrade(db_url, "0006")
    engine = make_engine(db_url)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(db_url)
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
            connection.commit()
        assert not TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_saving_again_appends_a_version_and_hashes_the_inputs(session: Session) -> None:
    first = _save(session)
    second = _save(session, levers={"ccus_mt": 6.0}, inputs=YAML + "# v2\n", note=None)
    assert (first.id, first.version) == (second.id, 1) and second.version == 2
    assert first.sha256 == hashlib.sha256(YAML.encode()).hexdigest()
    assert _save(session, "again").sha256 == first.sha256  # the same inputs, the same hash
    found = get_scenario(session, first.id)
    assert [v.version for v in found.versions] == [1, 2] and found.owner == "haidian"
    assert found.versions[0] == first and found.latest.note is None
    assert get_version(session, first.id, 1).inputs == YAML
    assert get_version(session, first.id, 1).levers == {"ccus_mt": 5.0}


def test_every_save_is_audited_in_its_transaction(session: Session) -> None:
    saved = _save(session)
    rows = session.scalars(select(AuditRow).where(AuditRow.table_name == TABLE)).all()
    assert [(r.key, r.who, r.action, r.region) for r in rows] == [
        (f"{saved.id}/1", "haidian", "insert", HAIDIAN)
    ]
    assert rows[0].after is not None and rows[0].after["sha256"] == saved.sha256
    assert rows[0].before is None


def test_a_version_cannot_be_changed_or_deleted(session: Session) -> None:
    saved = _save(session)
    row = session.get(ScenarioVersionRow, (saved.id, 1))
    assert row is not None
    row.note = "rewritten"
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()
    row = session.get(ScenarioVersionRow, (saved.id, 1))
    session.delete(row)
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()
    assert get_version(session, saved.id, 1).note == "first"


def test_a_region_filter_hides_other_districts(session: Session) -> None:
    mine, theirs = _save(session), _save(session, region=CHAOYANG)
    assert [s.region for s in list_scenarios(session, {HAIDIAN, "CN-BJ"})] == [HAIDIAN]
    assert len(list_scenarios(session)) == 2
    with pytest.raises(UserScenarioNotFoundError):
        get_scenario(session, theirs.id, {HAIDIAN})
    with pytest.raises(UserScenarioNotFoundError):
        get_version(session, mine.id, 9)
    with pytest.raises(UserScenarioNotFoundError):
        get_scenario(session, 999)


def test_bad_saves_store_nothing(session: Session) -> None:
    for changes in ({"who": " "}, {"name": ""}, {"region": "CN-SH"}):
        with pytest.raises(StoreError):
            _save(session, **changes)
    assert list_scenarios(session) == ()
