"""Saving and loading a programme, with an audit row for every row that changes.

:func:`save_programme` makes the stored programme equal to the given one: it inserts the rows
that are new, updates those whose values differ and deletes those that are gone (matched by
programme and code, id or the linked codes that identify the row), and writes one
:class:`AuditEntry` per changed row — who, when, what (insert, update or delete of which row) and
the row's values before and after. Rows that did not change are neither written nor audited. All
of it is one transaction: on any failure nothing is written, neither the programme nor its audit
rows.

:func:`load_programme` gives back exactly the domain objects that were saved, in their order.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Table, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from peakzero.errors import InputError, Problem
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import PROGRAMME, RECORDS, Programme
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import ROWS, AuditRow, Base, ProgrammeRow

__all__ = [
    "NOT_SET_UP_HINT",
    "AuditEntry",
    "as_utc",
    "audit_trail",
    "current_user",
    "list_programmes",
    "load_programme",
    "save_programme",
    "session_url",
]

NOT_SET_UP_HINT = "; is the database set up? run `peakzero programme init-db --db URL`"


@dataclass(frozen=True)
class AuditEntry:
    """One audited change of one row.

    ``action`` is ``insert``, ``update`` or ``delete``; ``table`` and ``key`` (the row's code or
    id; for a row keyed by several codes, those joined by ``/``, e.g. ``bid-1/p2/cost``) say which
    row of which ``programme``; ``before`` and ``after`` are the row's columns (dates as ISO
    text), ``None`` before an insert and after a delete. ``change`` is shared by every row
    written by one save; ``at`` is in UTC. ``region`` is the row's region when it has one (a
    task, a KPI actual, an inventory dataset; revision 0006), else ``None``.
    """

    change: str
    at: datetime
    who: str
    action: str
    table: str
    programme: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    region: str | None = None


@dataclass(frozen=True)
class _Kind:
    """How one domain entity maps onto its table."""

    attribute: str  # the Programme attribute holding the tuple, also the table's name
    row: type[Base]
    entity: type[Any]
    key: tuple[str, ...]  # the record type's key: ("code",), ("id",) or its identifying fields

    def of(self, item: Any) -> tuple[Any, ...]:
        """The key of an entity or a row."""
        return tuple(getattr(item, name) for name in self.key)


# Parents before children: rows are inserted in this order and deleted in the reverse one.
_KINDS = tuple(_Kind(kind.table, ROWS[kind.table], kind.cls, kind.key) for kind in RECORDS)
_HEAD = PROGRAMME.names


def _table_name(row_type: type[Base]) -> str:
    table = row_type.__table__
    assert isinstance(table, Table)  # every mapped class here has one table
    return table.name


def _shown_key(key: tuple[Any, ...]) -> str:
    """A row's key as the audit log names it: its code, or its linked codes joined by ``/``."""
    return "/".join(str(part) for part in key)


def current_user() -> str:
    """The operating-system user name, as the default ``who`` of the CLI; ``unknown`` if none."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no password-file entry (some containers)
        return "unknown"


def session_url(session: Session) -> URL:
    bind = session.get_bind()
    return bind.engine.url


def _columns(row: Base) -> dict[str, Any]:
    """A row's columns in table order (``programme`` and ``position`` included)."""
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _entity_values(entity: Any, programme: str, position: int) -> dict[str, Any]:
    values: dict[str, Any] = {"programme": programme, "position": position}
    values.update((f.name, getattr(entity, f.name)) for f in fields(entity))
    return values


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _region_of(values: dict[str, Any] | None) -> str | None:
    """The region a row belongs to, for the audit log's region filter (tasks, KPI actuals)."""
    found = None if values is None else values.get("region")
    return found if isinstance(found, str) else None


def _same(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(stored[name] == value for name, value in wanted.items())


class _Writer:
    """The rows and audit entries of one save, written into one session."""

    def __init__(self, session: Session, programme: str, who: str) -> None:
        self.session = session
        self.programme = programme
        self.who = who
        self.change = uuid4().hex
        self.at = datetime.now(UTC)
        self.entries: list[AuditEntry] = []

    def audit(
        self,
        action: str,
        table: str,
        key: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        entry = AuditEntry(
            self.change,
            self.at,
            self.who,
            action,
            table,
            self.programme,
            key,
            None if before is None else _json(before),
            None if after is None else _json(after),
            _region_of(after if after is not None else before),
        )
        self.entries.append(entry)
        self.session.add(
            AuditRow(
                change=entry.change,
                at=entry.at,
                who=entry.who,
                action=entry.action,
                table_name=entry.table,
                programme=entry.programme,
                key=entry.key,
                before=entry.before,
                after=entry.after,
                region=entry.region,
            )
        )

    def put(
        self, row_type: type[Base], stored: Base | None, key: str, wanted: dict[str, Any]
    ) -> None:
        """Insert ``wanted`` or update ``stored`` to it, auditing only a real change."""
        table = _table_name(row_type)
        if stored is None:
            self.session.add(row_type(**wanted))
            self.audit("insert", table, key, None, wanted)
            return
        before = _columns(stored)
        if _same(before, wanted):
            return
        for name, value in wanted.items():
            setattr(stored, name, value)
        self.audit("update", table, key, before, _columns(stored))

    def delete(self, row: Base, key: str) -> None:
        self.session.delete(row)
        self.audit("delete", _table_name(type(row)), key, _columns(row), None)


def save_programme(
    session: Session, programme: Programme, who: str, *, commit: bool = True
) -> tuple[AuditEntry, ...]:
    """Store ``programme`` in place of the stored programme of the same code, in one transaction.

    Returns the audit entries written (none if nothing changed). With ``commit`` (the default)
    the session's transaction is committed on success and rolled back on failure; with
    ``commit=False`` the caller, which may write more in the same transaction (an import), commits
    or rolls back. Other programmes in the database are left alone.

    Raises
    ------
    InputError
        If the programme has defects (:func:`~peakzero.programme.checks.check_programme`): one
        problem per defect, placed at ``entity.index.field``; nothing is written.
    StoreError
        If ``who`` is empty, or the database refuses a row or cannot be reached; nothing is
        written.
    """
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    defects = check_programme(programme)
    if defects:
        raise InputError(
            [
                Problem(
                    f"programme {programme.code}",
                    d.message,
                    column=f"{d.entity}.{d.index}.{d.field}",
                    value=d.value,
                )
                for d in defects
            ]
        )
    url = session_url(session)
    try:
        with translate_errors(url, f"save programme {programme.code} to", NOT_SET_UP_HINT):
            entries = _write(session, programme, who.strip())
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return entries


def _write(session: Session, programme: Programme, who: str) -> tuple[AuditEntry, ...]:
    code = programme.code
    writer = _Writer(session, code, who)
    head = {name: getattr(programme, name) for name in _HEAD}
    writer.put(ProgrammeRow, session.get(ProgrammeRow, code), code, head)
    session.flush()
    gone: list[tuple[_Kind, list[tuple[str, Base]]]] = []
    for kind in _KINDS:
        columns = kind.row.__table__.c
        order = [columns[name] for name in kind.key]
        query = select(kind.row).where(columns.programme == code).order_by(*order)
        stored = {kind.of(row): row for row in session.scalars(query)}
        kept = set()
        for position, entity in enumerate(getattr(programme, kind.attribute)):
            key = kind.of(entity)
            kept.add(key)
            wanted = _entity_values(entity, code, position)
            writer.put(kind.row, stored.get(key), _shown_key(key), wanted)
        session.flush()
        gone.append(
            (kind, [(_shown_key(key), row) for key, row in stored.items() if key not in kept])
        )
    for _kind, rows in reversed(gone):  # children first
        for shown, row in rows:
            writer.delete(row, shown)
        session.flush()
    return tuple(writer.entries)


def load_programme(session: Session, code: str) -> Programme:
    """The stored programme ``code``, as the domain objects it was saved from, in their order.

    Raises
    ------
    StoreError
        If there is no such programme, or the database cannot be read.
    """
    url = session_url(session)
    with translate_errors(url, "read from", NOT_SET_UP_HINT):
        head = session.get(ProgrammeRow, code)
        if head is None:
            codes = list_programmes(session)
            there = f"it holds {', '.join(codes)}" if codes else "it holds no programme yet"
            msg = f"the database has no programme {code!r}; {there}"
            raise StoreError(msg)
        parts: dict[str, Any] = {name: getattr(head, name) for name in _HEAD}
        for kind in _KINDS:
            columns = kind.row.__table__.c
            query = select(kind.row).where(columns.programme == code).order_by(columns.position)
            names = [f.name for f in fields(kind.entity)]
            parts[kind.attribute] = tuple(
                kind.entity(**{name: getattr(row, name) for name in names})
                for row in session.scalars(query)
            )
    return Programme(**parts)


def list_programmes(session: Session) -> tuple[str, ...]:
    """The codes of the stored programmes, sorted."""
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        code = ProgrammeRow.__table__.c.code
        return tuple(session.scalars(select(code).order_by(code)))


def audit_trail(session: Session, programme: str | None = None) -> tuple[AuditEntry, ...]:
    """The audit log, oldest first; only one programme's rows when ``programme`` is given."""
    query = select(AuditRow).order_by(AuditRow.id)
    if programme is not None:
        query = query.where(AuditRow.programme == programme)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        rows = list(session.scalars(query))
    return tuple(
        AuditEntry(
            row.change,
            as_utc(row.at),
            row.who,
            row.action,
            row.table_name,
            row.programme,
            row.key,
            row.before,
            row.after,
            row.region,
        )
        for row in rows
    )


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back the stored UTC time without its zone; PostgreSQL in its own zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
