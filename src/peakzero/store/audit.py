"""The audit row of a change that belongs to no programme (datasets, saved scenarios, grid runs,
monitoring imports and vintages).

Programmes audit through :class:`peakzero.store.repository` (one change id for all the rows of
a save); every other store module writes one row per change, in the caller's transaction, so the
change and its audit row are stored together or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

from peakzero.store.models import AuditRow


def add_audit(
    session: Session,
    *,
    action: str,
    table: str,
    key: str,
    who: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    region: str | None,
    at: datetime | None = None,
) -> None:
    """Add the audit row of one change to ``session`` (not flushed); ``at`` defaults to now."""
    session.add(
        AuditRow(
            change=uuid4().hex,
            at=datetime.now(UTC) if at is None else at,
            who=who,
            action=action,
            table_name=table,
            programme="",  # these records belong to no programme
            key=key,
            before=before,
            after=after,
            region=region,
        )
    )
