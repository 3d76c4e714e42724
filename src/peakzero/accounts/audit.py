"""Audit rows for account changes, in the store's audit log and in the caller's transaction.

The log (:class:`~peakzero.store.models.AuditRow`) was made for programme rows: its
``programme`` column is set to :data:`PLATFORM` for account changes, so that
``audit_trail(session, "platform")`` lists them and a programme's trail stays its own. No secret
(password hash, token hash, CSRF token) is ever written to the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

from peakzero.store.models import AuditRow

__all__ = ["PLATFORM", "audit"]

PLATFORM = "platform"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(_jsonable(v) for v in value)
    return value


def audit(
    session: Session,
    *,
    who: str,
    at: datetime,
    action: str,
    table: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Add one audit row for a change of ``table``'s ``key`` to ``session`` (not committed)."""
    session.add(
        AuditRow(
            change=uuid4().hex,
            at=at,
            who=who,
            action=action,
            table_name=table,
            programme=PLATFORM,
            key=key,
            before=None if before is None else {k: _jsonable(v) for k, v in before.items()},
            after=None if after is None else {k: _jsonable(v) for k, v in after.items()},
        )
    )
