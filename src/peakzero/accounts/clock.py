"""Time for the accounts engine: every function takes ``now`` (tests pass a clock, no sleeps)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

__all__ = ["as_utc", "digest", "utcnow"]


def utcnow(now: datetime | None = None) -> datetime:
    """``now`` if given (it must be aware), else the current time in UTC."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        msg = "now must carry a time zone"
        raise ValueError(msg)
    return now.astimezone(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back the stored UTC time without its zone; PostgreSQL in its own zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def digest(token: str) -> str:
    """The SHA-256 (hex) a session or API token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
