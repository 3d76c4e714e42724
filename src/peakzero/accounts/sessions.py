"""Logging in and server-side sessions.

:func:`login` checks a name and password (throttled, :mod:`peakzero.accounts.throttle`) and
opens a session: the client gets a random token (for an HttpOnly, SameSite cookie); the store
keeps only its SHA-256, so a copy of the database opens nothing. :func:`lookup_session` turns the
cookie back into a :class:`~peakzero.accounts.policy.Principal` — or ``None`` when the session is
unknown, revoked, past :data:`SESSION_LIFETIME`, idle longer than :data:`IDLE_TIMEOUT`, or its
user is disabled. :func:`logout` revokes it at once.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from peakzero.accounts.clock import as_utc, digest, utcnow
from peakzero.accounts.passwords import hash_password, verify_password
from peakzero.accounts.policy import Principal
from peakzero.accounts.throttle import clear_failures, locked_until, record_failure
from peakzero.accounts.users import get_user_by_id, principal_of
from peakzero.store.accounts import SessionRow, UserRow

__all__ = [
    "IDLE_TIMEOUT",
    "SESSION_LIFETIME",
    "TOUCH_INTERVAL",
    "LoginResult",
    "NewSession",
    "SessionInfo",
    "check_csrf",
    "create_session",
    "login",
    "logout",
    "lookup_session",
    "touch",
]

SESSION_LIFETIME = timedelta(hours=12)
"""A session ends this long after login, however active (a working day)."""
IDLE_TIMEOUT = timedelta(hours=2)
"""A session ends after this long without a request."""
TOUCH_INTERVAL = timedelta(minutes=1)
"""``last_seen_at`` is written at most this often (not on every request)."""


@dataclass(frozen=True)
class NewSession:
    """A session just opened: ``token`` goes into the cookie (shown once, never stored)."""

    token: str
    csrf_token: str
    expires_at: datetime
    principal: Principal
    language: str | None = None
    """The user's saved language, applied at sign-in (the login sets the browser's cookie)."""


@dataclass(frozen=True)
class SessionInfo:
    """A live session found from its cookie."""

    session_id: int
    principal: Principal
    csrf_token: str
    expires_at: datetime
    language: str | None = None
    """The user's saved language (None: none chosen); it outranks the browser's cookie."""


@dataclass(frozen=True)
class LoginResult:
    """``ok`` (``session`` set), ``invalid`` (wrong name or password, or a disabled account — the
    same answer for each, so that names cannot be probed) or ``locked`` (``locked_until`` set)."""

    outcome: Literal["ok", "invalid", "locked"]
    session: NewSession | None = None
    locked_until: datetime | None = None


_dummy_hash: str | None = None


def _burn(password: str) -> None:
    """Check the password against a throw-away hash, so that an unknown name takes as long to
    refuse as a wrong password."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password(secrets.token_urlsafe(16))
    verify_password(_dummy_hash, password)


def create_session(
    session: Session, principal: Principal, *, now: datetime | None = None, commit: bool = True
) -> NewSession:
    """Open a session for ``principal`` (after its password was checked)."""
    at = utcnow(now)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = at + SESSION_LIFETIME
    session.add(
        SessionRow(
            user_id=principal.user_id,
            token_hash=digest(token),
            csrf_token=csrf,
            created_at=at,
            expires_at=expires,
            last_seen_at=at,
        )
    )
    if commit:
        session.commit()
    return NewSession(token, csrf, expires, principal)


def login(
    session: Session, name: str, password: str, client: str, *, now: datetime | None = None
) -> LoginResult:
    """Check ``name`` and ``password`` from ``client`` (its address) and open a session.

    Commits: a failure is counted even though no session is opened. A hash made with older
    parameters is replaced by one made with today's.
    """
    at = utcnow(now)
    if (until := locked_until(session, name, client, now=at)) is not None:
        return LoginResult("locked", locked_until=until)
    row = session.scalars(select(UserRow).where(UserRow.name == name.strip().lower())).first()
    if row is None:
        _burn(password)
        ok, new_hash = False, None
    else:
        ok, new_hash = verify_password(row.password_hash, password)
    if row is None or not ok or row.disabled:
        record_failure(session, name, client, now=at)
        session.commit()
        if (until := locked_until(session, name, client, now=at)) is not None:
            return LoginResult("locked", locked_until=until)
        return LoginResult("invalid")
    if new_hash is not None:
        row.password_hash = new_hash
    clear_failures(session, name, client)
    user = get_user_by_id(session, row.id)
    assert user is not None  # just read
    opened = create_session(session, principal_of(user), now=at)
    return LoginResult("ok", replace(opened, language=user.language))


def lookup_session(
    session: Session, token: str, *, now: datetime | None = None
) -> SessionInfo | None:
    """The live session whose cookie holds ``token``, or ``None`` (then show the login page).

    Commits when it records the time it was seen (at most once a :data:`TOUCH_INTERVAL`): call it
    before the request's own writes."""
    at = utcnow(now)
    row = session.scalars(select(SessionRow).where(SessionRow.token_hash == digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    expires = as_utc(row.expires_at)
    seen = as_utc(row.last_seen_at)
    if at >= expires or at - seen >= IDLE_TIMEOUT:
        return None
    user = get_user_by_id(session, row.user_id)
    if user is None or user.disabled:
        return None
    if at - seen >= TOUCH_INTERVAL:
        row.last_seen_at = at
        touch(session)
    return SessionInfo(row.id, principal_of(user), row.csrf_token, expires, user.language)


def touch(session: Session) -> None:
    """Commit a session's or token's last-used time, best effort.

    Concurrent requests each read, then write this time; SQLite lets one of two such writers
    through and answers the other "database is locked" at once (it cannot wait for a reader
    that will itself write: 50 users at once showed it as answers of 500). The time only says
    when the session or token was last used, and the next request records it, so a refused
    write is dropped and the request goes on; any other error is raised."""
    try:
        session.commit()
    except OperationalError as error:
        if "database is locked" not in str(error.orig):
            raise
        session.rollback()


def check_csrf(info: SessionInfo, sent: str | None) -> bool:
    """Whether ``sent`` (the token a state-changing request carries in its header or form) is
    the session's CSRF token — compared in constant time."""
    return sent is not None and hmac.compare_digest(info.csrf_token.encode(), sent.encode())


def logout(session: Session, token: str, *, now: datetime | None = None) -> bool:
    """Revoke the session of ``token`` now; ``False`` if there was no live one."""
    at = utcnow(now)
    row = session.scalars(select(SessionRow).where(SessionRow.token_hash == digest(token))).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = at
    session.commit()
    return True
