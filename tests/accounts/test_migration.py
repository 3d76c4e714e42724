"""Migration 0005: it creates the account tables as the models define them, and goes back."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from peakzero.store.database import alembic_config, make_engine, upgrade
from peakzero.store.models import Base

ACCOUNT_TABLES = {"users", "user_roles", "user_scopes", "sessions", "api_tokens", "login_failures"}


def test_0005_upgrades_cleanly_and_downgrades_to_0004(db_url: str) -> None:
    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        assert not ACCOUNT_TABLES & set(inspect(engine).get_table_names())
        upgrade(db_url)
        assert set(inspect(engine).get_table_names()) >= ACCOUNT_TABLES
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
            connection.commit()
        assert not ACCOUNT_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
