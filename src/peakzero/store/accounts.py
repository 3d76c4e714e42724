"""The platform's account tables: users, their roles and scopes, sessions, API tokens and login
failures (migration 0005). The rules that use them live in :mod:`peakzero.accounts`.

No secret is stored in the clear: a password only as its argon2id hash, a session or API token
only as the SHA-256 of the random value the client holds (a stolen copy of the database opens
no session). Times are in UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peakzero.store.models import Base

__all__ = ["ApiTokenRow", "LoginFailureRow", "SessionRow", "UserRoleRow", "UserRow", "UserScopeRow"]


class UserRow(Base):
    """An account. ``name`` is the login name; a disabled account cannot log in and has no live
    session or token."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("language IN ('zh_CN', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The platform's locale the user chose (revision 0009); None: not chosen, the browser's applies.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)


class UserRoleRow(Base):
    """One role of a user (a user may hold several)."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class UserScopeRow(Base):
    """One district (a region code) or project a user's scoped roles act on."""

    __tablename__ = "user_scopes"
    __table_args__ = (CheckConstraint("kind IN ('district', 'project')", name="kind"),)

    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)


class SessionRow(Base):
    """A server-side login session: the SHA-256 of the cookie's token, its lifetime and whether it
    was revoked (logout, disabling the user). ``csrf_token`` is the session's anti-forgery token,
    echoed by every state-changing request (not a credential on its own)."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ApiTokenRow(Base):
    """An API token: its public ``prefix`` (shown in lists, used to revoke it) and the SHA-256 of
    the whole token. It acts with its user's roles and scopes."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginFailureRow(Base):
    """One failed login, by the name tried (known or not) and the client's address."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "name", "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
