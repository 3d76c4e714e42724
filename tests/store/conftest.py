"""Database fixtures: every store test runs on SQLite and on PostgreSQL, each on a fresh database.

SQLite: a new file under ``tmp_path``. PostgreSQL: a new database, created for the test through
the server named by ``PEAKZERO_TEST_POSTGRES_URL`` and dropped after it. That URL has the form
``postgresql+psycopg://USER[:PASSWORD]@[HOST][:PORT]/DATABASE[?host=SOCKET_FOLDER&port=PORT]``
(``.ci/run`` sets it to ``postgresql+psycopg://postgres@/postgres?host=/tmp/…&port=54329``); its
user must be allowed to create databases. Without it the PostgreSQL cases are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from peakzero.store.database import make_engine, upgrade

POSTGRES_ENV = "PEAKZERO_TEST_POSTGRES_URL"
SKIP_REASON = (
    f"{POSTGRES_ENV} is not set: the PostgreSQL case needs a server URL such as "
    "postgresql+psycopg://postgres@/postgres?host=/tmp/pg&port=5432 (.ci/run sets it)"
)


@pytest.fixture(autouse=True)
def _no_database_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's PEAKZERO_DATABASE_URL or writes their data folder."""
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each backend, made for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'peakzero.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(SKIP_REASON)
    server = make_url(base)
    admin = sqlalchemy.create_engine(
        server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"peakzero_test_{uuid4().hex[:16]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database whose schema has been migrated to the newest revision."""
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
