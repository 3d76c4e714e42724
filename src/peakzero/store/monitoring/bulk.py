"""The proxy rows' bulk path of each backend: PostgreSQL binary ``COPY … FROM STDIN`` (psycopg
3's ``cursor.copy``) and SQLite ``executemany`` of one prepared INSERT, both on the session's own
driver connection, so inside its transaction: an ORM insert of a million rows takes minutes.
No PRAGMA is changed: the default journal and ``synchronous=FULL`` keep SQLite's durability, and
one transaction already makes the load fast (docs/design/monitoring-store.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from peakzero.store.monitoring.tables import PROXY_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK_ROWS", "bulk_insert"]

CHUNK_ROWS = 200_000
"""Rows per piece of a bulk load: bounds the memory the plain-Python tuples take."""
_PROXY_INSERT = (
    "INSERT INTO monitoring_proxies "
    "(import_id, position, region, period, sector, proxy, value, unit) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_PROXY_COPY = (
    "COPY monitoring_proxies (import_id, position, region, period, sector, proxy, value, unit) "
    "FROM STDIN (FORMAT binary)"
)
_PROXY_TYPES = ("int4", "int4", "varchar", "varchar", "varchar", "varchar", "float8", "varchar")


def bulk_insert(session: Session, import_id: int, rows: pd.DataFrame) -> None:
    """Write the proxies through the backend's fast path, on the session's connection (so in
    its transaction: a failure rolls back with the rest of the import)."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        _copy(driver, import_id, rows)
    else:
        _executemany(driver, import_id, rows)


def _copy(driver: Any, import_id: int, rows: pd.DataFrame) -> None:
    """PostgreSQL: binary COPY. psycopg's C ``write_row`` encodes each tuple, and the server
    parses no text (a float8 goes as its 8 bytes, so values round-trip exactly); this measured
    about twice as fast as COPY of CSV text written by pandas (docs/design/monitoring-store.md)."""
    with driver.cursor() as cursor, cursor.copy(_PROXY_COPY) as copy:
        copy.set_types(list(_PROXY_TYPES))
        for chunk in _tuple_chunks(import_id, rows):
            for row in chunk:
                copy.write_row(row)


def _executemany(driver: Any, import_id: int, rows: pd.DataFrame) -> None:
    """SQLite: one prepared INSERT run by ``executemany`` over the tuples, in the session's
    transaction (sqlite3 prepares the statement once and steps it per row in C)."""
    cursor = driver.cursor()
    try:
        for chunk in _tuple_chunks(import_id, rows):
            cursor.executemany(_PROXY_INSERT, chunk)
    finally:
        cursor.close()


def _tuple_chunks(import_id: int, rows: pd.DataFrame) -> Iterator[Iterator[tuple[Any, ...]]]:
    """Plain Python tuples in pieces of :data:`CHUNK_ROWS` (``tolist`` turns numpy scalars into
    int, float and str, which both drivers take as they are)."""
    for start in range(0, len(rows), CHUNK_ROWS):
        piece = rows.iloc[start : start + CHUNK_ROWS]
        columns = [piece[c].tolist() for c in PROXY_COLUMNS]
        n = len(piece)
        yield zip([import_id] * n, range(start, start + n), *columns, strict=True)
