"""The store's revision (migration 0012): one row counting the audit log, bumped by a trigger in
the inserting transaction, whatever inserts the row (the ORM or a Core insert), and seen by
others exactly when that transaction commits (api/view_cache.py reads it)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Connection, Engine, func, insert, inspect, select
from sqlalchemy.orm import Session

from peakzero.store.audit import add_audit
from peakzero.store.database import alembic_config, make_engine, upgrade
from peakzero.store.models import AuditRow, StoreRevisionRow


def _audit(key: str) -> dict[str, object]:
    return {
        "change": key,
        "at": datetime(2026, 12, 8, tzinfo=UTC),
        "who": "test",
        "action": "insert",
        "table_name": "t",
        "programme": "",
        "key": key,
        "before": None,
        "after": {},
        "region": None,
    }


def _core_insert(connection: Connection, *keys: str) -> None:
    # As the monitoring import writes its audit row: a Core insert, no ORM session.
    connection.execute(insert(AuditRow), [_audit(k) for k in keys])


def _n(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(StoreRevisionRow.n)).scalar_one())


def _rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditRow)).scalar_one())


def test_migration_0012_seeds_with_the_log_and_goes_down(db_url: str) -> None:
    upgrade(db_url, "0011")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            _core_insert(connection, "a", "b", "c")  # a log written before the revision
        upgrade(db_url)
        assert _n(engine) == 3
        with engine.begin() as connection:
            _core_insert(connection, "d")
        assert _n(engine) == _rows(engine) == 4
        with engine.begin() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
        assert "store_revision" not in inspect(engine).get_table_names()
        with engine.begin() as connection:  # no trigger left behind to fail an insert
            _core_insert(connection, "e")
        assert _rows(engine) == 5
        upgrade(db_url)  # and up again
        assert _n(engine) == 5
    finally:
        engine.dispose()


def test_every_audit_row_bumps_it_once_committed(engine: Engine) -> None:
    assert _n(engine) == _rows(engine) == 0
    with Session(engine) as db:  # the ORM: a save of several audit rows
        for key in ("a", "b"):
            add_audit(db, action="insert", table="t", key=key, who="test", before=None,
                      after={}, region=None)  # fmt: skip
        db.flush()
        assert _n(engine) == 0  # another connection: not before the commit
        db.commit()
    assert _n(engine) == _rows(engine) == 2
    with engine.connect() as connection:  # a Core insert, rolled back: no change
        _core_insert(connection, "c")
        connection.rollback()
    assert _n(engine) == _rows(engine) == 2
    with engine.begin() as connection:
        _core_insert(connection, "d", "e", "f")
    assert _n(engine) == _rows(engine) == 5


def test_rows_of_a_rolled_back_savepoint_are_not_counted(engine: Engine) -> None:
    with engine.begin() as connection:
        _core_insert(connection, "a")
        with connection.begin_nested() as savepoint:
            _core_insert(connection, "b", "c")
            savepoint.rollback()
        _core_insert(connection, "d")
    assert _n(engine) == _rows(engine) == 2
