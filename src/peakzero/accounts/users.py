"""Users: add, list, change roles and scopes, set a password, disable — each change audited in
the same transaction (:mod:`peakzero.accounts.audit`); disabling ends the user's sessions and
tokens at once.

Every function writes into the caller's ``session`` and commits unless ``commit=False`` (then the
caller owns the transaction: a later failure rolls back the change and its audit rows together).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from peakzero.accounts.audit import audit
from peakzero.accounts.clock import as_utc, utcnow
from peakzero.accounts.errors import InvalidAccountInput, NameTaken, UnknownUser
from peakzero.accounts.passwords import check_password, hash_password
from peakzero.accounts.policy import Principal
from peakzero.accounts.roles import SCOPED, Role, parse_role
from peakzero.codes import regions
from peakzero.store.accounts import ApiTokenRow, SessionRow, UserRoleRow, UserRow, UserScopeRow

__all__ = [
    "LANGUAGES",
    "MAX_TEXT",
    "NAME_PATTERN",
    "UserInfo",
    "add_user",
    "check_new_user",
    "disable_user",
    "enable_user",
    "get_user",
    "get_user_by_id",
    "list_users",
    "principal_of",
    "resolve_district",
    "set_language",
    "set_password",
    "set_roles",
    "set_scopes",
    "user_row",
    "valid_districts",
]

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
"""Login names: 2–64 lower-case letters, digits, ``.``, ``_`` or ``-``, starting alphanumeric."""
MAX_TEXT = 200
"""The longest display name or token label (the columns' length)."""
LANGUAGES = ("zh_CN", "en")
"""The languages a user may choose: the platform's locales (``peakzero.web.i18n.LOCALES``, kept
equal by a test; the engine does not import the web layer)."""
_PROJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class UserInfo:
    """An account as the engine hands it out (never its password hash)."""

    id: int
    name: str
    display_name: str
    roles: tuple[Role, ...]
    districts: tuple[str, ...]
    projects: tuple[str, ...]
    disabled: bool
    created_at: datetime
    language: str | None = None
    """The locale the user chose (None: none yet)."""

    def record(self) -> dict[str, Any]:
        """The audited view of the account."""
        return {
            "name": self.name,
            "display_name": self.display_name,
            "roles": [str(r) for r in self.roles],
            "districts": list(self.districts),
            "projects": list(self.projects),
            "disabled": self.disabled,
        }


def principal_of(user: UserInfo) -> Principal:
    """The principal a request of ``user`` acts as."""
    return Principal(
        user.id,
        user.name,
        frozenset(user.roles),
        frozenset(user.districts),
        frozenset(user.projects),
    )


def valid_districts() -> dict[str, str]:
    """Beijing's districts: region code → ``110108 海淀区 Haidian`` (for messages and forms)."""
    return {
        code.id: f"{code.get('gb2260')} {code.name_zh} {code.name_en}"
        for code in regions().values()
        if code.get("level") == "district" and code.get("parent") == "CN-BJ"
    }


def resolve_district(text: str) -> str:
    """The region code of a Beijing district given as its code (``CN-BJ-110108``), GB/T 2260
    number (``110108``) or name (``海淀``, ``Haidian``); :class:`InvalidAccountInput` naming the
    value and the valid districts otherwise."""
    found = regions().resolve(text)
    valid = valid_districts()
    if found not in valid:
        listed = "; ".join(valid.values())
        msg = f"district {text!r} is not one of Beijing's 16 districts: {listed}"
        raise InvalidAccountInput(msg, "district", text)
    return found


def _name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        msg = (
            f"user name {name!r} is not valid: 2-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
        raise InvalidAccountInput(msg, "name", name)
    return name


def _roles(roles: Iterable[Role | str]) -> tuple[Role, ...]:
    found: list[Role] = []
    for role in roles:
        try:
            found.append(role if isinstance(role, Role) else parse_role(role))
        except ValueError as exc:
            raise InvalidAccountInput(str(exc), "role", role) from None
    if not found:
        msg = f"a user needs at least one role; valid roles: {', '.join(Role)}"
        raise InvalidAccountInput(msg, "role", None)
    return tuple(sorted(set(found), key=list(Role).index))


def _scopes(
    roles: tuple[Role, ...], districts: Iterable[str], projects: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    d = tuple(sorted({resolve_district(x) for x in districts}))
    p = tuple(sorted({x.strip() for x in projects}))
    for project in p:
        if not _PROJECT.fullmatch(project):
            msg = f"project {project!r} is not a valid project code (letters, digits, . _ -)"
            raise InvalidAccountInput(msg, "project", project)
    if Role.district_officer in roles and not d:
        msg = "a district_officer needs at least one district (--district CODE)"
        raise InvalidAccountInput(msg, "district", None)
    if d and Role.district_officer not in roles:
        msg = f"districts are given only to a {Role.district_officer} (roles: {', '.join(roles)})"
        raise InvalidAccountInput(msg, "district", list(d))
    if p and Role.project_owner not in roles:
        msg = f"projects are given only to a {Role.project_owner} (roles: {', '.join(roles)})"
        raise InvalidAccountInput(msg, "project", list(p))
    assert set(SCOPED) == {Role.district_officer, Role.project_owner}  # the two scoped roles
    return d, p


def user_row(session: Session, name: str) -> UserRow:
    row = session.scalars(select(UserRow).where(UserRow.name == name)).one_or_none()
    if row is None:
        msg = f"no user named {name!r}"
        raise UnknownUser(msg, "name", name)
    return row


def _info(session: Session, row: UserRow) -> UserInfo:
    roles = session.scalars(select(UserRoleRow.role).where(UserRoleRow.user_id == row.id))
    scopes = session.execute(
        select(UserScopeRow.kind, UserScopeRow.code).where(UserScopeRow.user_id == row.id)
    ).all()
    return UserInfo(
        row.id,
        row.name,
        row.display_name,
        tuple(sorted((Role(r) for r in roles), key=list(Role).index)),
        tuple(sorted(code for kind, code in scopes if kind == "district")),
        tuple(sorted(code for kind, code in scopes if kind == "project")),
        row.disabled,
        as_utc(row.created_at),
        row.language,
    )


def _finish(session: Session, commit: bool) -> None:
    if commit:
        session.commit()
    else:
        session.flush()


def _updated(
    session: Session,
    row: UserRow,
    before: UserInfo,
    *,
    who: str,
    at: datetime,
    commit: bool,
    **extra: object,
) -> UserInfo:
    """The tail every change of a user shares: read the user back, audit before and after (with
    ``extra`` beside the after-image) in the same transaction, commit if asked."""
    after = _info(session, row)
    _audit_update(session, row.name, who, at, before.record(), {**after.record(), **extra})
    _finish(session, commit)
    return after


def _audit_update(
    session: Session,
    name: str,
    who: str,
    at: datetime,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """The audit row of a change of user ``name`` (in the caller's transaction)."""
    audit(
        session,
        who=who,
        at=at,
        action="update",
        table="users",
        key=name,
        before=before,
        after=after,
    )


def get_user(session: Session, name: str) -> UserInfo:
    """The account named ``name``; :class:`UnknownUser` if there is none."""
    return _info(session, user_row(session, name))


def get_user_by_id(session: Session, user_id: int) -> UserInfo | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _info(session, row)


def list_users(session: Session) -> tuple[UserInfo, ...]:
    """Every account, by name."""
    rows = session.scalars(select(UserRow).order_by(UserRow.name))
    return tuple(_info(session, row) for row in rows)


def check_new_user(
    name: str,
    roles: Iterable[Role | str],
    districts: Iterable[str] = (),
    projects: Iterable[str] = (),
) -> tuple[str, tuple[Role, ...], tuple[str, ...], tuple[str, ...]]:
    """The name, roles, districts and projects of a new account as they will be stored, or
    :class:`InvalidAccountInput` for the first that is not valid (a form or the CLI checks them
    before asking for a password)."""
    name = _name(name)
    chosen = _roles(roles)
    d, p = _scopes(chosen, districts, projects)
    return name, chosen, d, p


def add_user(
    session: Session,
    name: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    who: str,
    districts: Iterable[str] = (),
    projects: Iterable[str] = (),
    display_name: str | None = None,
    now: datetime | None = None,
    commit: bool = True,
) -> UserInfo:
    """Create an account; ``districts`` may be given as codes, GB/T 2260 numbers or names.

    Raises :class:`InvalidAccountInput` (bad name, role, district, project or password) or
    :class:`NameTaken`; nothing is written then.
    """
    at = utcnow(now)
    name, chosen, d, p = check_new_user(name, roles, districts, projects)
    if problem := check_password(password):
        raise InvalidAccountInput(problem, "password", None)
    if session.scalars(select(UserRow.id).where(UserRow.name == name)).first() is not None:
        msg = f"a user named {name!r} exists already"
        raise NameTaken(msg, "name", name)
    shown = (display_name or name).strip() or name
    if len(shown) > MAX_TEXT:
        msg = f"a display name has at most {MAX_TEXT} characters (got {len(shown)})"
        raise InvalidAccountInput(msg, "display_name", shown)
    row = UserRow(
        name=name,
        display_name=shown,
        password_hash=hash_password(password),
        disabled=False,
        created_at=at,
    )
    session.add(row)
    session.flush()
    _write_grants(session, row.id, chosen, d, p)
    info = _info(session, row)
    audit(
        session,
        who=who,
        at=at,
        action="insert",
        table="users",
        key=name,
        before=None,
        after=info.record(),
    )
    _finish(session, commit)
    return info


def _write_grants(
    session: Session, user_id: int, roles: tuple[Role, ...], d: tuple[str, ...], p: tuple[str, ...]
) -> None:
    session.add_all(UserRoleRow(user_id=user_id, role=str(r)) for r in roles)
    session.add_all(UserScopeRow(user_id=user_id, kind="district", code=c) for c in d)
    session.add_all(UserScopeRow(user_id=user_id, kind="project", code=c) for c in p)


def _regrant(
    session: Session,
    name: str,
    roles: Iterable[Role | str] | None,
    districts: Iterable[str] | None,
    projects: Iterable[str] | None,
    who: str,
    now: datetime | None,
    commit: bool,
) -> UserInfo:
    at = utcnow(now)
    row = user_row(session, name)
    before = _info(session, row)
    chosen = _roles(before.roles if roles is None else roles)
    d, p = _scopes(
        chosen,
        before.districts if districts is None else districts,
        before.projects if projects is None else projects,
    )
    if (chosen, d, p) == (before.roles, before.districts, before.projects):
        return before
    for table in (UserRoleRow, UserScopeRow):
        for old in session.scalars(select(table).where(table.user_id == row.id)):
            session.delete(old)
    session.flush()
    _write_grants(session, row.id, chosen, d, p)
    session.flush()
    return _updated(session, row, before, who=who, at=at, commit=commit)


def set_roles(
    session: Session,
    name: str,
    roles: Iterable[Role | str],
    *,
    who: str,
    districts: Iterable[str] | None = None,
    projects: Iterable[str] | None = None,
    now: datetime | None = None,
    commit: bool = True,
) -> UserInfo:
    """Give ``name`` these roles (and, when given, these districts and projects)."""
    return _regrant(session, name, roles, districts, projects, who, now, commit)


def set_scopes(
    session: Session,
    name: str,
    *,
    who: str,
    districts: Iterable[str] | None = None,
    projects: Iterable[str] | None = None,
    now: datetime | None = None,
    commit: bool = True,
) -> UserInfo:
    """Replace the districts and/or projects of ``name`` (``None`` keeps them)."""
    return _regrant(session, name, None, districts, projects, who, now, commit)


def set_password(
    session: Session,
    name: str,
    password: str,
    *,
    who: str,
    now: datetime | None = None,
    commit: bool = True,
) -> None:
    """Set a new password; the user's sessions end (a changed password logs everyone out)."""
    at = utcnow(now)
    row = user_row(session, name)
    if problem := check_password(password):
        raise InvalidAccountInput(problem, "password", None)
    row.password_hash = hash_password(password)
    ended = _end_sessions(session, row.id, at)
    after = {"password": "(changed)", "sessions_ended": ended}
    _audit_update(session, name, who, at, {"password": "(old)"}, after)
    _finish(session, commit)


def _end_sessions(session: Session, user_id: int, at: datetime) -> int:
    result = session.execute(
        update(SessionRow)
        .where(SessionRow.user_id == user_id, SessionRow.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def disable_user(
    session: Session, name: str, *, who: str, now: datetime | None = None, commit: bool = True
) -> UserInfo:
    """Disable ``name``: no more logins, and every session and API token of it ends now."""
    at = utcnow(now)
    row = user_row(session, name)
    before = _info(session, row)
    if row.disabled:
        return before
    row.disabled = True
    sessions = _end_sessions(session, row.id, at)
    tokens = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == row.id, ApiTokenRow.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = at
        audit(
            session,
            who=who,
            at=at,
            action="update",
            table="api_tokens",
            key=f"{name}/{token.prefix}",
            before={"revoked_at": None},
            after={"revoked_at": at, "reason": "user disabled"},
        )
    session.flush()
    return _updated(session, row, before, who=who, at=at, commit=commit, sessions_ended=sessions)


def enable_user(
    session: Session, name: str, *, who: str, now: datetime | None = None, commit: bool = True
) -> UserInfo:
    """Allow ``name`` to log in again (its old sessions and tokens stay revoked)."""
    at = utcnow(now)
    row = user_row(session, name)
    before = _info(session, row)
    if not row.disabled:
        return before
    row.disabled = False
    session.flush()
    return _updated(session, row, before, who=who, at=at, commit=commit)


def set_language(
    session: Session,
    name: str,
    language: str | None,
    *,
    who: str,
    now: datetime | None = None,
    commit: bool = True,
) -> UserInfo:
    """Keep ``language`` (one of :data:`LANGUAGES`; ``None`` forgets the choice) as ``name``'s
    language, audited in the same transaction; :class:`InvalidAccountInput` naming the allowed
    ones otherwise."""
    if language is not None and language not in LANGUAGES:
        msg = f"language {language!r} is not one of the platform's: {', '.join(LANGUAGES)}"
        raise InvalidAccountInput(msg, "language", language)
    at = utcnow(now)
    row = user_row(session, name)
    before = _info(session, row)
    if row.language == language:
        return before
    row.language = language
    session.flush()
    _audit_update(session, name, who, at, {"language": before.language}, {"language": language})
    _finish(session, commit)
    return _info(session, row)
