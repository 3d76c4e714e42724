"""Fixtures of the accounts tests: a migrated database of each backend (SQLite always,
PostgreSQL when ``PEAKZERO_TEST_POSTGRES_URL`` is set, as in tests/store), a cheap password
hasher (argon2id with small parameters: the production ones cost 64 MiB per hash) and a clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peakzero.accounts import passwords
from peakzero.store.database import make_engine, upgrade
from peakzero.testing import POSTGRES_TEST_ENV, fresh_database

POSTGRES_ENV = POSTGRES_TEST_ENV

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""argon2id with the smallest parameters (tests only)."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("PEAKZERO_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    previous = passwords.set_hasher(FAST)
    yield
    passwords.set_hasher(previous)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        if url is None:
            pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


class Clock:
    """A clock the test moves by hand (no sleeps)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
