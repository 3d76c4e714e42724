"""Login throttling: after :data:`MAX_FAILURES` failed logins for one name from one client within
:data:`WINDOW`, that name is locked for that client during :data:`LOCKOUT` after the last one.

Keyed by name *and* client so that an attacker cannot lock a real user out from elsewhere (the
user's own address still works), while guessing one account's password from one address is
slowed to 5 tries per 15 minutes. Attempts while locked are refused without checking the
password and are not counted, so the lock ends on time. A successful login clears the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from peakzero.accounts.clock import as_utc, utcnow
from peakzero.store.accounts import LoginFailureRow

__all__ = ["LOCKOUT", "MAX_FAILURES", "WINDOW", "clear_failures", "locked_until", "record_failure"]

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


def _key(name: str, client: str) -> tuple[str, str]:
    # The name as typed (lower-cased, cut to the column) — unknown names are throttled too.
    return name.strip().lower()[:64], client[:64]


def locked_until(
    session: Session, name: str, client: str, *, now: datetime | None = None
) -> datetime | None:
    """When the lock on ``name`` from ``client`` ends, or ``None`` if it is not locked."""
    at = utcnow(now)
    who, where = _key(name, client)
    times = [
        as_utc(t)
        for t in session.scalars(
            select(LoginFailureRow.at)
            .where(
                LoginFailureRow.name == who,
                LoginFailureRow.client == where,
                LoginFailureRow.at > at - WINDOW - LOCKOUT,
            )
            .order_by(LoginFailureRow.at)
        )
    ]
    ends = [
        times[i] + LOCKOUT
        for i in range(MAX_FAILURES - 1, len(times))
        if times[i] - times[i - MAX_FAILURES + 1] <= WINDOW
    ]
    end = max(ends, default=None)
    return end if end is not None and end > at else None


def record_failure(
    session: Session, name: str, client: str, *, now: datetime | None = None
) -> None:
    """Count one failed login (added to ``session``, not committed); old failures are pruned."""
    at = utcnow(now)
    who, where = _key(name, client)
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < at - WINDOW - LOCKOUT))
    session.add(LoginFailureRow(name=who, client=where, at=at))


def clear_failures(session: Session, name: str, client: str) -> None:
    """Forget the failures of ``name`` from ``client`` (after a successful login)."""
    who, where = _key(name, client)
    session.execute(
        delete(LoginFailureRow).where(LoginFailureRow.name == who, LoginFailureRow.client == where)
    )
