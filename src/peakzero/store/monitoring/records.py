"""What the monitoring store hands out: an import's and a vintage's metadata as frozen records,
the not-found error, and the look-ups and audit row the imports and the vintages share.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

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
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(ImportRow, import_id)
    if row is None:
        msg = f"no monitoring import {import_id}"
        raise MonitoringNotFoundError(msg)
    return row


def get_vintage(session: Session, vintage: str) -> Vintage:
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(VintageRow, vintage)
    if row is None:
        msg = f"no monitoring vintage {vintage!r}"
        raise MonitoringNotFoundError(msg)
    return vintage_record(row)


def import_record(row: ImportRow) -> ProxyImport:
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


def vintage_record(row: VintageRow) -> Vintage:
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
