"""API tokens: for scripts, sent as ``Authorization: Bearer TOKEN``.

A token reads ``pzt_<prefix>_<secret>``; the store keeps the prefix (shown in lists, used to
revoke) and the SHA-256 of the whole token. It acts with its user's roles and scopes as they are
at each request, so changing a user's scope changes its tokens too; disabling the user or
revoking the token ends it at once. The token itself is shown once, when it is made.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peakzero.accounts.audit import audit
from peakzero.accounts.clock import as_utc, digest, utcnow
from peakzero.accounts.errors import InvalidAccountInput, UnknownToken
from peakzero.accounts.policy import Principal
from peakzero.accounts.sessions import TOUCH_INTERVAL, touch
from peakzero.accounts.users import MAX_TEXT, get_user, get_user_by_id, principal_of, user_row
from peakzero.store.accounts import ApiTokenRow

__all__ = [
    "TOKEN_TAG",
    "NewToken",
    "TokenInfo",
    "create_token",
    "list_tokens",
    "lookup_token",
    "revoke_token",
]

TOKEN_TAG = "pzt"


@dataclass(frozen=True)
class NewToken:
    token: str
    prefix: str
    label: str


@dataclass(frozen=True)
class TokenInfo:
    prefix: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def create_token(
    session: Session,
    name: str,
    *,
    who: str,
    label: str = "",
    now: datetime | None = None,
    commit: bool = True,
) -> NewToken:
    """Make an API token for user ``name`` (audited); the token is in the result only."""
    at = utcnow(now)
    user = get_user(session, name)
    if user.disabled:
        msg = f"user {name!r} is disabled; enable it before making a token"
        raise InvalidAccountInput(msg, "name", name)
    label = label
    if len(label) > MAX_TEXT:
        msg = f"a token label has at most {MAX_TEXT} characters (got {len(label)})"
        raise InvalidAccountInput(msg, "label", label)
    prefix = f"{TOKEN_TAG}_{secrets.token_hex(4)}"
    token = f"{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiTokenRow(
            user_id=user.id,
            prefix=prefix,
            token_hash=digest(token),
            label=label,
            created_at=at,
        )
    )
    audit(
        session,
        who=who,
        at=at,
        action="insert",
        table="api_tokens",
        key=f"{name}/{prefix}",
        before=None,
        after={"user": name, "prefix": prefix, "label": label},
    )
    if commit:
        session.commit()
    else:
        session.flush()
    return NewToken(token, prefix, label)


def list_tokens(session: Session, name: str) -> tuple[TokenInfo, ...]:
    """The tokens of user ``name`` (revoked ones too), oldest first."""
    user = get_user(session, name)
    rows = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == user.id).order_by(ApiTokenRow.id)
    )
    return tuple(
        TokenInfo(
            r.prefix,
            r.label,
            as_utc(r.created_at),
            None if r.last_used_at is None else as_utc(r.last_used_at),
            None if r.revoked_at is None else as_utc(r.revoked_at),
        )
        for r in rows
    )


def revoke_token(
    session: Session,
    name: str,
    prefix: str,
    *,
    who: str,
    now: datetime | None = None,
    commit: bool = True,
) -> bool:
    """Revoke user ``name``'s token ``prefix`` (``pzt_1a2b3c4d`` or ``1a2b3c4d``); ``False`` if
    it was revoked already. :class:`UnknownToken` if the user has no such token."""
    at = utcnow(now)
    user = user_row(session, name)
    wanted = prefix if prefix.startswith(f"{TOKEN_TAG}_") else f"{TOKEN_TAG}_{prefix}"
    row = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == user.id, ApiTokenRow.prefix == wanted)
    ).first()
    if row is None:
        msg = f"user {name!r} has no token with prefix {prefix!r} (see `peakzero users list`)"
        raise UnknownToken(msg, "prefix", prefix)
    if row.revoked_at is not None:
        return False
    row.revoked_at = at
    audit(
        session,
        who=who,
        at=at,
        action="update",
        table="api_tokens",
        key=f"{name}/{wanted}",
        before={"revoked_at": None},
        after={"revoked_at": at},
    )
    if commit:
        session.commit()
    else:
        session.flush()
    return True


def lookup_token(session: Session, token: str, *, now: datetime | None = None) -> Principal | None:
    """The principal a request with ``token`` acts as, or ``None`` (unknown, revoked, disabled)."""
    at = utcnow(now)
    row = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    user = get_user_by_id(session, row.user_id)
    if user is None or user.disabled:
        return None
    if row.last_used_at is None or at - as_utc(row.last_used_at) >= TOUCH_INTERVAL:
        row.last_used_at = at
        touch(session)
    return principal_of(user)
