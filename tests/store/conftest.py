"""Database fixtures: every store test runs on SQLite and on PostgreSQL, each on a fresh database.

SQLite: a new file under ``tmp_path``. PostgreSQL: a new database, created for the test through
the server named by ``PEAKZERO_TEST_POSTGRES_URL`` and dropped after it. That URL has the form
``postgresql+psycopg://USER[:PASSWORD]@[HOST][:PORT]/DATABASE[?host=SOCKET_FOLDER&port=PORT]``
(``.ci/run`` sets it to ``postgresql+psycopg://postgres@/postgres?host=/tmp/…&port=54329``); its
user must be allowed to create databases. Without it the PostgreSQL cases are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peakzero.store.database import make_engine, upgrade
from peakzero.testing import POSTGRES_TEST_ENV, fresh_database

POSTGRES_ENV = POSTGRES_TEST_ENV
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
    with fresh_database(request.param, tmp_path) as url:
        if url is None:
            pytest.skip(SKIP_REASON)
        yield url


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
