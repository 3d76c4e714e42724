"""Alembic's entry point for peakzero's migrations (run by :func:`peakzero.store.database.upgrade`).

The caller passes an open connection in ``config.attributes["connection"]`` (the migrations then
run in its transaction); without one, an engine is made from the ``sqlalchemy.url`` option.
Offline mode (``--sql``) writes the SQL for that URL's dialect instead of running it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from peakzero.store.database import make_engine
from peakzero.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
