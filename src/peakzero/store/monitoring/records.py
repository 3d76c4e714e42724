"""What the monitoring store hands out: an import's and a vintage's metadata as frozen records,
the not-found error, and what the imports and the vintages share: the look-ups, the audit row
and the one transaction each write is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from peakzero.store.audit import add_audit
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.monitoring.tables import ImportRow, VintageRow
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

__all__ = [
    "MonitoringNotFoundError",
    "ProxyImport",
    "Vintage",
    "audit_insert",
    "get_import",
    "get_vintage",
    "import_record",
    "transaction",
    "vintage_record",
]


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


def get_import(session: Session, import_id: int) -> ImportRow:
    return _stored(session, ImportRow, import_id, f"import {import_id}")


def get_vintage(session: Session, vintage: str) -> Vintage:
    return vintage_record(_stored(session, VintageRow, vintage, f"vintage {vintage!r}"))


Row = TypeVar("Row", ImportRow, VintageRow)


def _stored(session: Session, kind: type[Row], key: int | str, what: str) -> Row:
    """The stored row ``key`` of ``kind``, or MonitoringNotFoundError naming ``what``."""
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(kind, key)
    if row is None:
        msg = f"no monitoring {what}"
        raise MonitoringNotFoundError(msg)
    return row


Record = TypeVar("Record", ProxyImport, Vintage)


def _record(kind: type[Record], row: ImportRow | VintageRow) -> Record:
    """``row``'s columns as the record ``kind`` (the time in UTC)."""
    values = {f.name: getattr(row, f.name) for f in fields(kind)}
    return kind(**{**values, "created_at": as_utc(row.created_at)})


def import_record(row: ImportRow) -> ProxyImport:
    return _record(ProxyImport, row)


def vintage_record(row: VintageRow) -> Vintage:
    return _record(Vintage, row)


def audit_insert(
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


@contextmanager
def transaction(session: Session, doing: str, *, commit: bool) -> Iterator[None]:
    """The block as one write: the database's errors as StoreError (``cannot {doing} …``), then
    flush and, with ``commit``, commit; on any exception roll back, so that nothing is half
    written. With ``commit=False`` the transaction is the caller's (and so is the rollback)."""
    url = session_url(session)
    try:
        with translate_errors(url, doing, NOT_SET_UP_HINT):
            yield
            session.flush()
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
