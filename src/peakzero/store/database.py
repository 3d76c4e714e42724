"""Where the database is, how to connect to it, and how to bring its schema up to date.

The URL is, in this order: the one given (``--db``), ``$PEAKZERO_DATABASE_URL``, or a SQLite
file in the user's data folder (:func:`default_path`), which needs no set-up. Two backends are
supported: ``sqlite:///PATH`` and ``postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE``
(``postgresql://`` and ``postgres://`` are read as the latter; a Unix socket is given as
``?host=/socket/folder``). :func:`upgrade` runs the Alembic migrations of
``peakzero/store/migrations`` programmatically — no ``alembic.ini`` is needed.

Failures of the database (a URL that does not parse, a server that does not answer, a missing
table, a violated constraint) become :class:`StoreError`, which the CLI prints without a
traceback; URLs are shown with their password hidden.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from peakzero.errors import PeakzeroError
from peakzero.settings import settings

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported by the functions that migrate, not here: the platform imports the store at
# start and migrates once, and alembic (with mako) costs a fifth of a second of a cold start.

__all__ = [
    "BACKENDS",
    "ENV_VAR",
    "MIGRATIONS",
    "StoreError",
    "alembic_config",
    "database_url",
    "default_path",
    "default_url",
    "make_engine",
    "open_session",
    "shown",
    "translate_errors",
    "upgrade",
]

ENV_VAR = "PEAKZERO_DATABASE_URL"
BACKENDS = ("sqlite", "postgresql")
MIGRATIONS = "peakzero.store:migrations"
"""Alembic's ``script_location``: the migrations folder inside the installed package."""

_FORMS = (
    "use sqlite:///PATH/TO/FILE.db or "
    "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE (--db or $PEAKZERO_DATABASE_URL)"
)


class StoreError(PeakzeroError):
    """The database cannot be reached or used, or refused a change (nothing was written)."""


def default_path() -> Path:
    """The default SQLite file: ``$XDG_DATA_HOME/peakzero/peakzero.db``.

    ``XDG_DATA_HOME`` defaults to ``~/.local/share``.
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "peakzero" / "peakzero.db"


def default_url() -> str:
    """The URL of :func:`default_path`."""
    return f"sqlite:///{default_path()}"


def database_url(url: str | None = None) -> str:
    """``url`` if given, else ``$PEAKZERO_DATABASE_URL`` if set and not empty (read by
    :func:`peakzero.settings.settings`), else the default."""
    if url:
        return url
    return settings().database_url or default_url()


def shown(url: str | URL) -> str:
    """A URL as it may be printed: the password replaced by ``***``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return str(url)
    return unquote(parsed.render_as_string(hide_password=True))


def _parse(text: str) -> URL:
    try:
        url = make_url(text)
    except ArgumentError:
        msg = f"{text!r} is not a database URL; {_FORMS}"
        raise StoreError(msg) from None
    backend, _, driver = url.drivername.partition("+")
    if backend == "postgres":
        backend = "postgresql"
    if backend not in BACKENDS:
        msg = f"database URL {shown(url)}: unsupported database {backend!r}; {_FORMS}"
        raise StoreError(msg)
    if backend == "postgresql":
        if driver not in ("", "psycopg"):
            msg = f"database URL {shown(url)}: driver {driver!r} is not installed; {_FORMS}"
            raise StoreError(msg)
        return url.set(drivername="postgresql+psycopg")
    if driver not in ("", "pysqlite"):
        msg = f"database URL {shown(url)}: driver {driver!r} is not installed; {_FORMS}"
        raise StoreError(msg)
    return url


def _sqlite_connect(connection: Any, _record: object) -> None:
    """Foreign keys on (SQLite checks them only when asked), transactions left to SQLAlchemy.

    Python's sqlite3 begins a transaction only before INSERT, UPDATE or DELETE and commits
    before DDL, so a migration would not be one transaction; with its own handling off,
    :func:`_sqlite_begin` starts every transaction (SQLAlchemy's documented recipe).
    """
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, *, must_exist: bool = False) -> Engine:
    """An engine for ``url`` (resolved by :func:`database_url`).

    The default SQLite file's folder is created when missing. With ``must_exist``, a SQLite
    file that does not exist is an error rather than a new empty database.

    Raises
    ------
    StoreError
        If the URL does not parse, names another database than SQLite or PostgreSQL, or (with
        ``must_exist``) names a SQLite file that does not exist.
    """
    text = database_url(url)
    parsed = _parse(text)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and not path.startswith("file:"):
            file = Path(path)
            if must_exist and not file.is_file():
                msg = f"no database at {file}; create it with `peakzero programme init-db --db URL`"
                raise StoreError(msg)
            if text == default_url():
                file.parent.mkdir(parents=True, exist_ok=True)
    engine = sqlalchemy.create_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def open_session(
    url: str | None = None, *, must_exist: bool = False, migrate: bool = False
) -> Iterator[Session]:
    """A session on the database at ``url`` (resolved by :func:`database_url`), its engine
    disposed of when the block ends — the one lifecycle every command, and later every request,
    uses. With ``migrate`` the schema is brought up to date first (:func:`upgrade`); with
    ``must_exist`` a SQLite file that does not exist is an error (:func:`make_engine`).
    Transactions are the caller's: commit inside the block, or nothing is kept.
    """
    engine = make_engine(url, must_exist=must_exist)
    try:
        if migrate:
            upgrade(engine)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def translate_errors(url: str | URL, doing: str, hint: str = "") -> Iterator[None]:
    """Turn the database's own errors inside the block into :class:`StoreError`.

    The message reads ``cannot {doing} {url}: {the database's reason}`` and ends with ``hint``.
    """
    try:
        yield
    except DBAPIError as exc:
        reason = " ".join(str(exc.orig if exc.orig is not None else exc).split())
        msg = f"cannot {doing} {shown(url)}: {reason}{hint}"
        raise StoreError(msg) from exc
    except Exception as exc:
        from alembic.util import CommandError

        if not isinstance(exc, CommandError):
            raise
        msg = f"cannot {doing} {shown(url)}: {exc}{hint}"
        raise StoreError(msg) from exc


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the packaged migrations and ``url`` (no ini file needed).

    Developers can use it to write the next migration against a scratch database::

        cfg = alembic_config("sqlite:////tmp/scratch.db")
        command.upgrade(cfg, "head")
        command.revision(cfg, "what changes", autogenerate=True)
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return config


def upgrade(url: str | Engine | None = None, revision: str = "head") -> None:
    """Bring the database's schema up to ``revision`` (default: the newest), in one transaction.

    ``url`` is a URL (resolved by :func:`database_url`) or an engine. Running it again on an
    up-to-date database changes nothing.

    Raises
    ------
    StoreError
        If the URL is unusable, the database cannot be reached or a migration fails.
    """
    engine = url if isinstance(url, Engine) else make_engine(url)
    try:
        with (
            translate_errors(engine.url, "migrate the database at"),
            engine.begin() as connection,
        ):
            from alembic import command

            config = alembic_config(engine.url.render_as_string(hide_password=False))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if engine is not url:
            engine.dispose()
