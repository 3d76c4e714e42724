"""Monitoring in the database: proxy imports with their QA findings, monitored-result vintages
with their monthly values, and the revision tables between vintages (migration 0010).

- An **import** (:class:`ImportRow`) is one proxy file as stored: its name, the SHA-256 of the
  inputs, who stored it and when, its region, row count, source, vintage and status (``flash``
  or ``final``). Its rows are :class:`ProxyRow` (``region, period, sector, proxy, value, unit``,
  the shared PROXIES shape) and its data-quality findings :class:`FindingRow`.
- A **vintage** (:class:`VintageRow`) is one monitored result as released: its id, the method's
  version, the base inventory (name and year), who made it and when, source and status. Its
  monthly values (:class:`VintageValueRow`: region, sector, month, value, low, high in Mt CO2)
  are never changed; a new inventory makes a new vintage, and the change from the old one is
  kept in :class:`RevisionRow` (old, new, change, change % per month and per year).

:func:`import_proxies` and :func:`save_vintage` are each **one transaction** with their audit
row (:class:`~peakzero.store.models.AuditRow`, same transaction): all or nothing. The proxy rows
go through the backend's bulk path — PostgreSQL ``COPY … FROM STDIN`` (psycopg 3's
``cursor.copy`` on the session's own driver connection, so inside its transaction) and SQLite
``executemany`` of one prepared INSERT — because an ORM insert of a million rows takes minutes.
No PRAGMA is changed: the default journal and ``synchronous=FULL`` keep SQLite's durability, and
one transaction already makes the load fast (docs/design/monitoring-store.md).

The tables join :data:`~peakzero.store.models.Base`'s metadata when :mod:`peakzero.store` is
imported; pandas is imported only inside the functions that build a frame, so that importing
the store stays light.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from peakzero.codes import CITY
from peakzero.errors import InputError, Problem
from peakzero.programme.domain import REGIONS
from peakzero.store.audit import add_audit
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import Base
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IMPORTS",
    "PROXY_COLUMNS",
    "STATUSES",
    "VINTAGES",
    "FindingRow",
    "ImportRow",
    "MonitoringNotFoundError",
    "ProxyImport",
    "ProxyRow",
    "RevisionRow",
    "Vintage",
    "VintageRow",
    "VintageValueRow",
    "import_findings",
    "import_proxies",
    "list_imports",
    "list_vintages",
    "read_proxies",
    "read_revisions",
    "read_vintage",
    "reconcile_vintage",
    "save_vintage",
]

IMPORTS = "monitoring_imports"
"""The imports' table, and the audit log's ``table_name`` of an import."""
VINTAGES = "monitoring_vintages"
"""The vintages' table, and the audit log's ``table_name`` of a stored vintage."""
STATUSES = ("flash", "final")
"""A flash (快报) figure is provisional; a final (年报) one is reconciled to an inventory."""
PROXY_COLUMNS = ("region", "period", "sector", "proxy", "value", "unit")
FINDING_COLUMNS = ("code", "severity", "sector", "proxy", "period", "message")
VALUE_COLUMNS = ("region", "sector", "month", "value", "low", "high")
REVISION_COLUMNS = ("region", "sector", "period", "old", "new", "change", "change_pct")
MAX_ID = 64
"""The longest vintage id, in characters."""
_REGION_CHECK = f"region IN ({', '.join(repr(code) for code in REGIONS)})"
_STATUS_CHECK = f"status IN ({', '.join(repr(s) for s in STATUSES)})"
_MONTH = r"\d{4}-(0[1-9]|1[0-2])"
_PERIOD = r"\d{4}(-(0[1-9]|1[0-2]))?"  # a revision's month or year


# --- tables -----------------------------------------------------------------------------------


class ImportRow(Base):
    """One proxy file as imported: who, when, which inputs (SHA-256), how many rows."""

    __tablename__ = IMPORTS
    __table_args__ = (
        CheckConstraint(_REGION_CHECK, name="region"),
        CheckConstraint(_STATUS_CHECK, name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    region: Mapped[str] = mapped_column(String)
    row_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String)
    vintage: Mapped[str] = mapped_column(String(MAX_ID))
    status: Mapped[str] = mapped_column(String(5))


class ProxyRow(Base):
    """One proxy value of an import (the PROXIES shape), in the file's order (``position``).

    No foreign key to the import: PostgreSQL checks one per copied row by a trigger, which
    doubled the time of a million-row COPY (measured 13.7 s against 6.8 s for the COPY alone;
    docs/design/monitoring-store.md). The rows are written only by :func:`import_proxies`, with
    the id of the import row it flushed in the same transaction, so none can point at a
    missing import. The only index is the key: an index on (region, sector, period) would cost
    the bulk load more than the reads gain (they read one import at a time)."""

    __tablename__ = "monitoring_proxies"

    import_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    region: Mapped[str] = mapped_column(String)
    period: Mapped[str] = mapped_column(String(10))  # 'YYYY-MM-DD' (daily) or 'YYYY-MM'
    sector: Mapped[str] = mapped_column(String)
    proxy: Mapped[str] = mapped_column(String)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String)


class FindingRow(Base):
    """One data-quality finding of an import, as the gate reported it (never a fix)."""

    __tablename__ = "monitoring_findings"

    import_id: Mapped[int] = mapped_column(
        ForeignKey(f"{IMPORTS}.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String)
    severity: Mapped[str] = mapped_column(String)
    sector: Mapped[str | None] = mapped_column(String, nullable=True)
    proxy: Mapped[str | None] = mapped_column(String, nullable=True)
    period: Mapped[str | None] = mapped_column(String, nullable=True)
    message: Mapped[str] = mapped_column(String)


class VintageRow(Base):
    """One release of monitored results: its id, method version, base inventory, status."""

    __tablename__ = VINTAGES
    __table_args__ = (CheckConstraint(_STATUS_CHECK, name="status"),)

    id: Mapped[str] = mapped_column(String(MAX_ID), primary_key=True)
    method_version: Mapped[str] = mapped_column(String)
    base_inventory: Mapped[str] = mapped_column(String)
    base_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(5))
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supersedes: Mapped[str | None] = mapped_column(
        ForeignKey(f"{VINTAGES}.id"), nullable=True
    )  # the vintage this one revises, if any


class VintageValueRow(Base):
    """A vintage's monthly value of one region and sector, Mt CO2, with its band."""

    __tablename__ = "monitoring_values"
    __table_args__ = (CheckConstraint(_REGION_CHECK, name="region"),)

    vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"), primary_key=True)
    region: Mapped[str] = mapped_column(String, primary_key=True)
    sector: Mapped[str] = mapped_column(String, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 'YYYY-MM'
    value: Mapped[float] = mapped_column(Double)
    low: Mapped[float | None] = mapped_column(Double, nullable=True)
    high: Mapped[float | None] = mapped_column(Double, nullable=True)


class RevisionRow(Base):
    """How a vintage changed a value of an earlier one: a month ('YYYY-MM') or a year ('YYYY')
    of one region and sector, old and new in Mt CO2, change = new − old, change % of old
    (null when old is 0)."""

    __tablename__ = "monitoring_revisions"
    __table_args__ = (Index(None, "old_vintage"),)

    new_vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"), primary_key=True)
    old_vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"))
    region: Mapped[str] = mapped_column(String, primary_key=True)
    sector: Mapped[str] = mapped_column(String, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    old: Mapped[float] = mapped_column(Double)
    new: Mapped[float] = mapped_column(Double)
    change: Mapped[float] = mapped_column(Double)
    change_pct: Mapped[float | None] = mapped_column(Double, nullable=True)


# --- records ----------------------------------------------------------------------------------


class MonitoringNotFoundError(StoreError):
    """No import or vintage of that id (or none the caller may see)."""


@dataclass(frozen=True)
class ProxyImport:
    """A stored import's metadata (times in UTC)."""

    id: int
    file_name: str
    sha256: str
    who: str
    created_at: datetime
    region: str
    row_count: int
    source: str
    vintage: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the time as ISO text)."""
        return {**asdict(self), "created_at": self.created_at.isoformat()}


@dataclass(frozen=True)
class Vintage:
    """A stored vintage's metadata (times in UTC)."""

    id: str
    method_version: str
    base_inventory: str
    base_year: int
    source: str
    status: str
    who: str
    created_at: datetime
    supersedes: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the time as ISO text)."""
        return {**asdict(self), "created_at": self.created_at.isoformat()}


# --- imports ----------------------------------------------------------------------------------


def import_proxies(
    session: Session,
    frame: pd.DataFrame,
    findings: pd.DataFrame | None,
    *,
    file_name: str,
    sha256: str,
    who: str,
    region: str,
    source: str,
    vintage: str,
    status: str,
    commit: bool = True,
) -> ProxyImport:
    """Store the proxies ``frame`` (PROXIES shape; an optional ``line`` column names the file's
    lines in problems) and the QA ``findings`` (``code, severity, sector, proxy, period,
    message``) as one import of ``region``, with its audit row, in one transaction.

    Raises
    ------
    InputError
        If a column is missing, a cell is empty, a period is not a real day or month, a value
        is not a finite number, a status is not flash or final, a finding lacks its code,
        severity or message, or a row's region is not the import's (a district's import holds
        that district's rows; the city's, the city's or its districts'); nothing is stored.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is stored.
    """
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    _check_meta(region, status, vintage, file_name)
    rows = _checked_proxies(frame, region, file_name)
    found = _checked_findings(findings, file_name)
    url = session_url(session)
    try:
        with translate_errors(url, f"import {file_name!r} into", NOT_SET_UP_HINT):
            row = ImportRow(
                file_name=file_name,
                sha256=sha256,
                who=who.strip(),
                created_at=datetime.now(UTC),
                region=region,
                row_count=len(rows),
                source=source,
                vintage=vintage,
                status=status,
            )
            session.add(row)
            session.flush()
            _bulk_insert(session, row.id, rows)
            if found:
                session.execute(
                    insert(FindingRow),
                    [{"import_id": row.id, "position": i, **f} for i, f in enumerate(found)],
                )
            done = _import(row)
            _audit(session, IMPORTS, f"{region}/{done.id}", done.who, done.as_dict(), region)
            session.flush()
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return done


def list_imports(
    session: Session, regions: Collection[str] | None = None
) -> tuple[ProxyImport, ...]:
    """The stored imports, oldest first; only those of ``regions`` when given."""
    query = select(ImportRow).order_by(ImportRow.id)
    if regions is not None:
        query = query.where(ImportRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(_import(row) for row in session.scalars(query))


def read_proxies(session: Session, import_id: int) -> pd.DataFrame:
    """An import's proxies in the PROXIES shape, in the file's order.

    Raises
    ------
    MonitoringNotFoundError
        If there is no import ``import_id``.
    """
    import pandas as pd

    found = _import_rows(session, import_id, ProxyRow, PROXY_COLUMNS)
    frame = pd.DataFrame(found, columns=list(PROXY_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    return frame


def import_findings(session: Session, import_id: int) -> pd.DataFrame:
    """An import's QA findings (``code, severity, sector, proxy, period, message``), in the
    order the gate reported them; empty cells are None.

    Raises
    ------
    MonitoringNotFoundError
        If there is no import ``import_id``.
    """
    import pandas as pd

    found = _import_rows(session, import_id, FindingRow, FINDING_COLUMNS)
    # object columns: pandas would otherwise infer text columns whose empty cells read as NaN
    return pd.DataFrame(found, columns=list(FINDING_COLUMNS), dtype=object)


def _import_rows(
    session: Session,
    import_id: int,
    row_type: type[ProxyRow] | type[FindingRow],
    columns: Sequence[str],
) -> list[tuple[Any, ...]]:
    """The ``columns`` of import ``import_id``'s rows of ``row_type``, in the stored order;
    MonitoringNotFoundError if there is no such import."""
    _get_import(session, import_id)
    selected = [getattr(row_type, c) for c in columns]
    query = select(*selected).where(row_type.import_id == import_id).order_by(row_type.position)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return [tuple(r) for r in session.execute(query).all()]


# --- vintages ---------------------------------------------------------------------------------


def save_vintage(
    session: Session,
    values: pd.DataFrame,
    *,
    vintage: str,
    method_version: str,
    base_inventory: str,
    base_year: int,
    source: str,
    status: str,
    who: str,
    revisions: pd.DataFrame | None = None,
    supersedes: str | None = None,
    commit: bool = True,
) -> Vintage:
    """Store monthly ``values`` (``region, sector, month, value[, low, high]``, Mt CO2) as the
    new vintage ``vintage``, with the ``revisions`` from ``supersedes`` (the frame
    :func:`peakzero.monitoring.vintages.reconcile` returns) and one audit row, in one
    transaction. Earlier vintages are left as they are.

    Raises
    ------
    InputError
        If the id is empty, too long or taken, the status is not flash or final, a column is
        missing, a value is not a number, or a (region, sector, month) repeats; nothing is
        stored.
    MonitoringNotFoundError
        If ``supersedes`` names no stored vintage.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is stored.
    """
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    _check_vintage_id(vintage)
    _check_status(status)
    if revisions is not None and supersedes is None:
        msg = "revisions need the vintage they revise; give supersedes"
        raise InputError(Problem("supersedes", msg))
    rows = _records(values, VALUE_COLUMNS, ("low", "high"), "values", _MONTH)
    changes = (
        []
        if revisions is None
        else _records(revisions, REVISION_COLUMNS, ("change_pct",), "revisions", _PERIOD)
    )
    url = session_url(session)
    try:
        with translate_errors(url, f"store vintage {vintage!r} in", NOT_SET_UP_HINT):
            if session.get(VintageRow, vintage) is not None:
                msg = "a vintage of this id is stored; vintages are never replaced, pick a new id"
                raise InputError(Problem("vintage", msg, value=vintage))
            if supersedes is not None:
                _get_vintage(session, supersedes)
            row = VintageRow(
                id=vintage,
                method_version=method_version,
                base_inventory=base_inventory,
                base_year=int(base_year),
                source=source,
                status=status,
                who=who.strip(),
                created_at=datetime.now(UTC),
                supersedes=supersedes,
            )
            session.add(row)
            session.flush()
            if rows:
                session.execute(insert(VintageValueRow), [{"vintage": vintage, **r} for r in rows])
            if changes:
                session.execute(
                    insert(RevisionRow),
                    [{"new_vintage": vintage, "old_vintage": supersedes, **r} for r in changes],
                )
            done = _vintage(row)
            _audit(session, VINTAGES, vintage, done.who, done.as_dict(), None)
            session.flush()
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return done


def reconcile_vintage(
    session: Session,
    old: str,
    annual_inventory: pd.DataFrame,
    *,
    vintage: str,
    base_inventory: str,
    base_year: int,
    who: str,
    source: str | None = None,
    method_version: str | None = None,
    status: str = "final",
    commit: bool = True,
) -> tuple[Vintage, pd.DataFrame]:
    """Reconcile vintage ``old``'s months to ``annual_inventory``
    (:func:`peakzero.monitoring.vintages.reconcile`) and store the result as the new vintage
    ``vintage`` with its revision table, in one audited transaction; ``old`` stays readable.
    The source and method version are ``old``'s unless given.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``old``.
    InputError, StoreError
        As :func:`~peakzero.monitoring.vintages.reconcile` and :func:`save_vintage`.
    """
    from peakzero.monitoring.vintages import reconcile

    before = _get_vintage(session, old)
    values = read_vintage(session, old)
    reconciled, revisions = reconcile(values, annual_inventory)
    stored = save_vintage(
        session,
        reconciled,
        vintage=vintage,
        method_version=method_version or before.method_version,
        base_inventory=base_inventory,
        base_year=base_year,
        source=source or before.source,
        status=status,
        who=who,
        revisions=revisions,
        supersedes=old,
        commit=commit,
    )
    return stored, revisions


def list_vintages(session: Session) -> tuple[Vintage, ...]:
    """The stored vintages, oldest first."""
    query = select(VintageRow).order_by(VintageRow.created_at, VintageRow.id)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(_vintage(row) for row in session.scalars(query))


def read_vintage(
    session: Session, vintage: str, regions: Collection[str] | None = None
) -> pd.DataFrame:
    """A vintage's monthly values (``region, sector, month, value, low, high``, Mt CO2; a
    missing band is NaN) by region, sector and month; only ``regions`` when given. The frame's
    ``attrs`` hold the vintage's metadata (:meth:`Vintage.as_dict`), so that every value read
    carries its source, vintage and status.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``vintage``.
    """
    import pandas as pd

    meta = _get_vintage(session, vintage)
    columns = [getattr(VintageValueRow, c) for c in VALUE_COLUMNS]
    query = (
        select(*columns)
        .where(VintageValueRow.vintage == vintage)
        .order_by(VintageValueRow.region, VintageValueRow.sector, VintageValueRow.month)
    )
    if regions is not None:
        query = query.where(VintageValueRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        found = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in found], columns=list(VALUE_COLUMNS))
    for column in ("value", "low", "high"):
        frame[column] = frame[column].astype("float64")
    frame.attrs["vintage"] = meta.as_dict()
    return frame


def read_revisions(session: Session, vintage: str) -> pd.DataFrame:
    """The revisions vintage ``vintage`` made (``region, sector, period, old, new, change,
    change_pct``, with ``old_vintage``): months then years, by region and sector.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``vintage``.
    """
    import pandas as pd

    _get_vintage(session, vintage)
    names = ("old_vintage", *REVISION_COLUMNS)
    query = (
        select(*(getattr(RevisionRow, c) for c in names))
        .where(RevisionRow.new_vintage == vintage)
        .order_by(RevisionRow.region, RevisionRow.sector, RevisionRow.period)
    )
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        found = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in found], columns=list(names))
    for column in ("old", "new", "change", "change_pct"):
        frame[column] = frame[column].astype("float64")
    return frame


# --- bulk path --------------------------------------------------------------------------------

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


def _bulk_insert(session: Session, import_id: int, rows: pd.DataFrame) -> None:
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


# --- checks -----------------------------------------------------------------------------------


def _check_status(status: str) -> None:
    if status not in STATUSES:
        msg = f"a status is one of: {', '.join(STATUSES)}"
        raise InputError(Problem("status", msg, value=status))


def _check_vintage_id(vintage: str) -> None:
    if not vintage.strip() or len(vintage) > MAX_ID or vintage != vintage.strip():
        msg = f"a vintage id is 1 to {MAX_ID} characters, without spaces around it"
        raise InputError(Problem("vintage", msg, value=vintage))


def _check_meta(region: str, status: str, vintage: str, file_name: str) -> None:
    if region not in REGIONS:
        msg = f"unknown region; give the city or a district: {', '.join(REGIONS)}"
        raise InputError(Problem(file_name, msg, column="region", value=region))
    _check_status(status)
    _check_vintage_id(vintage)


def _lines(frame: pd.DataFrame) -> list[int]:
    """The file's line of each row: the ``line`` column, else the row's place in a CSV of the
    frame (header on line 1)."""
    if "line" in frame.columns:
        return [int(x) for x in frame["line"].tolist()]
    return list(range(2, len(frame) + 2))


def _checked_proxies(frame: pd.DataFrame, region: str, file_name: str) -> pd.DataFrame:
    """The proxies' columns, or InputError with one problem per missing column or bad cell."""
    import numpy as np
    import pandas as pd

    file = str(frame.attrs.get("file", file_name))
    missing = [c for c in PROXY_COLUMNS if c not in frame.columns]
    if missing:
        allowed = ", ".join(PROXY_COLUMNS)
        raise InputError(
            [
                Problem(file, f"missing column '{c}'; the columns are: {allowed}", 1, c)
                for c in missing
            ]
        )
    rows = frame.reset_index(drop=True)
    lines = _lines(rows)
    problems: list[Problem] = []
    out = pd.DataFrame(index=rows.index)
    for column in ("region", "period", "sector", "proxy", "unit"):
        text = rows[column].astype("string").str.strip().fillna("")
        for i in (text == "").to_numpy().nonzero()[0]:
            problems.append(Problem(file, "an empty cell; give a value", lines[i], column))
        out[column] = text.astype(object)
    for i in (~_is_period(out["period"]) & (out["period"] != "")).to_numpy().nonzero()[0]:
        msg = "not a day or a month; give YYYY-MM-DD (daily) or YYYY-MM (monthly)"
        problems.append(Problem(file, msg, lines[i], "period", rows["period"].iloc[i]))
    value = pd.to_numeric(rows["value"], errors="coerce").astype("float64")
    for i in (~np.isfinite(value.to_numpy())).nonzero()[0]:
        msg = "not a finite number; give the proxy's value as a number"
        problems.append(Problem(file, msg, lines[i], "value", rows["value"].iloc[i]))
    regions = list(REGIONS) if region == CITY else [region]
    for i in (~out["region"].isin(regions)).to_numpy().nonzero()[0]:
        msg = (
            f"an import of {region} holds rows of {region} only"
            if region != CITY
            else f"an import of {region} holds rows of the city or its districts"
        )
        problems.append(Problem(file, msg, lines[i], "region", rows["region"].iloc[i]))
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or "")))
    out["value"] = value
    return out[list(PROXY_COLUMNS)]


def _is_period(text: pd.Series) -> pd.Series:
    """Whether each text is a real day 'YYYY-MM-DD' or month 'YYYY-MM' (not 2025-02-30)."""
    import pandas as pd

    day = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()
    month = pd.to_datetime(text, format="%Y-%m", errors="coerce").notna()
    return (day & (text.str.len() == 10)) | (month & (text.str.len() == 7))


def _checked_findings(findings: pd.DataFrame | None, file_name: str) -> list[dict[str, Any]]:
    """The findings as dicts (an empty cell is None), or InputError naming each missing column
    and each empty code, severity or message."""
    if findings is None or len(findings) == 0:
        return []
    what = f"{file_name} (QA findings)"
    required = ("code", "severity", "message")
    missing = [c for c in required if c not in findings.columns]
    if missing:
        raise InputError([Problem(what, f"missing column '{c}'", 1, c) for c in missing])
    rows = findings.reset_index(drop=True)
    found = [
        {c: _cell(rows[c].iloc[i]) if c in rows.columns else None for c in FINDING_COLUMNS}
        for i in range(len(rows))
    ]
    problems = [
        Problem(what, "an empty cell; a finding has a code, a severity and a message", i + 2, c)
        for i, f in enumerate(found)
        for c in required
        if f[c] is None
    ]
    if problems:
        raise InputError(problems)
    return found


def _cell(x: object) -> str | None:
    """A finding's text cell: None for an empty or missing one (None, NaN, pd.NA)."""
    import pandas as pd

    if x is None or x is pd.NA or (isinstance(x, float) and x != x):
        return None
    text = str(x).strip()
    return text or None


def _records(
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    optional: tuple[str, ...],
    what: str,
    period: str,
) -> list[dict[str, Any]]:
    """``frame``'s rows as dicts of plain values (NaN → None in ``optional`` columns), or
    InputError naming each missing column, region outside the city, empty sector, ``period``
    cell not matching its pattern (a regular expression), non-number and repeated key — the key
    being (region, sector, ``period``), the frame's first three columns."""
    import numpy as np
    import pandas as pd

    key = columns[:3]
    missing = [c for c in columns if c not in frame.columns and c not in optional]
    if missing:
        allowed = ", ".join(columns)
        raise InputError(
            [
                Problem(what, f"missing column '{c}'; the columns are: {allowed}", 1, c)
                for c in missing
            ]
        )
    rows = frame.reset_index(drop=True).copy()
    for c in optional:
        if c not in rows.columns:
            rows[c] = float("nan")
    text = {c: rows[c].astype("string").str.strip().fillna("") for c in key}
    checks = (
        ("region", ~text["region"].isin(REGIONS), f"not a region; one of: {', '.join(REGIONS)}"),
        ("sector", text["sector"] == "", "an empty cell; give the sector"),
        (key[2], ~text[key[2]].str.fullmatch(period), f"not a period of the form {period}"),
    )
    problems = [
        Problem(what, msg, int(i) + 2, c, rows[c].iloc[i])
        for c, bad, msg in checks
        for i in bad.to_numpy().nonzero()[0]
    ]
    for c in columns[3:]:
        values = pd.to_numeric(rows[c], errors="coerce").astype("float64")
        bad = ~np.isfinite(values.to_numpy())
        if c in optional:
            bad &= rows[c].notna().to_numpy()
        problems += [
            Problem(what, "not a finite number", int(i) + 2, c, rows[c].iloc[i])
            for i in bad.nonzero()[0]
        ]
        rows[c] = values
    for c in key:
        rows[c] = text[c].astype(object)
    repeated = rows.duplicated(list(key), keep="first")
    problems += [
        Problem(
            what,
            f"({', '.join(key)}) repeats an earlier row",
            int(i) + 2,
            key[2],
            rows[key[2]].iloc[i],
        )
        for i in repeated.to_numpy().nonzero()[0]
    ]
    if problems:
        raise InputError(
            sorted(problems, key=lambda p: (p.line or 0, columns.index(p.column or key[0])))
        )
    out = rows[list(columns)].astype(object).where(rows[list(columns)].notna(), None)
    return [dict(zip(columns, r, strict=True)) for r in out.itertuples(index=False, name=None)]


# --- helpers ----------------------------------------------------------------------------------


def _get_import(session: Session, import_id: int) -> ImportRow:
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(ImportRow, import_id)
    if row is None:
        msg = f"no monitoring import {import_id}"
        raise MonitoringNotFoundError(msg)
    return row


def _get_vintage(session: Session, vintage: str) -> Vintage:
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(VintageRow, vintage)
    if row is None:
        msg = f"no monitoring vintage {vintage!r}"
        raise MonitoringNotFoundError(msg)
    return _vintage(row)


def _import(row: ImportRow) -> ProxyImport:
    return ProxyImport(
        row.id,
        row.file_name,
        row.sha256,
        row.who,
        as_utc(row.created_at),
        row.region,
        row.row_count,
        row.source,
        row.vintage,
        row.status,
    )


def _vintage(row: VintageRow) -> Vintage:
    return Vintage(
        row.id,
        row.method_version,
        row.base_inventory,
        row.base_year,
        row.source,
        row.status,
        row.who,
        as_utc(row.created_at),
        row.supersedes,
    )


def _audit(
    session: Session, table: str, key: str, who: str, after: dict[str, Any], region: str | None
) -> None:
    add_audit(
        session,
        action="insert",
        table=table,
        key=key,
        who=who,
        before=None,
        after=after,
        region=region,
    )
