"""Users, sessions, tokens and the throttle on a migrated store, with a clock moved by hand."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from peakzero.accounts import (
    InvalidAccountInput,
    NameTaken,
    Role,
    UnknownToken,
    UnknownUser,
    add_user,
    check_csrf,
    create_token,
    disable_user,
    enable_user,
    get_user,
    list_tokens,
    list_users,
    login,
    logout,
    lookup_session,
    lookup_token,
    revoke_token,
    set_password,
    set_roles,
    set_scopes,
)
from peakzero.accounts.audit import PLATFORM
from peakzero.accounts.clock import digest
from peakzero.accounts.sessions import IDLE_TIMEOUT, SESSION_LIFETIME
from peakzero.accounts.throttle import LOCKOUT, MAX_FAILURES
from peakzero.store.accounts import ApiTokenRow, SessionRow, UserRow
from peakzero.store.models import AuditRow
from peakzero.store.repository import audit_trail

PASSWORD = "a long enough secret"
HAIDIAN = "CN-BJ-110108"


def _add(session: Session, clock: Any, name: str = "hd", **kwargs: Any) -> Any:
    kwargs.setdefault("roles", [Role.district_officer])
    kwargs.setdefault("districts", ["110108"])
    return add_user(session, name, PASSWORD, who="admin", now=clock(), **kwargs)


def test_add_and_read_a_user(session: Session, clock: Any) -> None:
    user = _add(session, clock, districts=["海淀", "CN-BJ-110105"], display_name="海淀区 张三")
    assert user.districts == ("CN-BJ-110105", HAIDIAN)
    assert user.roles == (Role.district_officer,)
    assert get_user(session, "hd") == user
    assert list_users(session) == (user,)
    stored = session.scalars(select(UserRow.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": "Bad Name"}, "name", "user name 'Bad Name' is not valid"),
        ({"roles": ["mayor"]}, "role", "unknown role 'mayor'; valid roles: admin, city_planner"),
        ({"districts": ["110199"]}, "district", "district '110199' is not one of Beijing's 16"),
        ({"districts": []}, "district", "a district_officer needs at least one district"),
        ({"roles": ["viewer"]}, "district", "districts are given only to a district_officer"),
        ({"roles": ["viewer"], "districts": [], "projects": ["p"]}, "project", "projects are"),
        ({"display_name": "x" * 201}, "display_name", "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    session: Session, clock: Any, kwargs: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidAccountInput, match=message) as caught:
        _add(session, clock, **kwargs)
    assert caught.value.field == field
    assert caught.value.status == 422
    assert session.scalar(select(func.count()).select_from(UserRow)) == 0


def test_a_short_password_and_a_taken_name_are_refused(session: Session, clock: Any) -> None:
    with pytest.raises(InvalidAccountInput, match="at least 12 characters"):
        add_user(session, "x1", "short", ["viewer"], who="admin")
    _add(session, clock)
    with pytest.raises(NameTaken, match="a user named 'hd' exists already"):
        _add(session, clock)
    with pytest.raises(UnknownUser, match="no user named 'nobody'"):
        get_user(session, "nobody")


def test_session_create_lookup_expire_and_revoke(session: Session, clock: Any) -> None:
    _add(session, clock)
    result = login(session, "hd", PASSWORD, "127.0.0.1", now=clock())
    assert result.outcome == "ok" and result.session is not None
    token = result.session.token
    # Only the SHA-256 of the cookie's token is stored.
    assert session.scalars(select(SessionRow.token_hash)).one() == digest(token)
    found = lookup_session(session, token, now=clock.advance(minutes=30))
    assert found is not None
    assert found.principal.name == "hd"
    assert found.principal.districts == {HAIDIAN}
    assert found.csrf_token == result.session.csrf_token
    assert check_csrf(found, result.session.csrf_token)
    assert not check_csrf(found, None) and not check_csrf(found, "forged")
    assert lookup_session(session, "forged", now=clock()) is None
    # Idle too long: gone.
    assert (
        lookup_session(session, token, now=clock.advance(seconds=IDLE_TIMEOUT.total_seconds()))
        is None
    )
    # Kept alive, it still ends at its lifetime.
    second = login(session, "hd", PASSWORD, "127.0.0.1", now=clock())
    assert second.session is not None
    start = clock()
    while clock() - start < SESSION_LIFETIME - IDLE_TIMEOUT:
        assert lookup_session(session, second.session.token, now=clock.advance(hours=1))
    assert lookup_session(session, second.session.token, now=start + SESSION_LIFETIME) is None
    # Logout revokes at once.
    third = login(session, "hd", PASSWORD, "127.0.0.1", now=clock())
    assert third.session is not None
    assert logout(session, third.session.token, now=clock())
    assert lookup_session(session, third.session.token, now=clock()) is None
    assert not logout(session, third.session.token, now=clock())


def test_a_wrong_password_and_an_unknown_name_look_the_same(session: Session, clock: Any) -> None:
    _add(session, clock)
    assert login(session, "hd", "wrong password!", "c", now=clock()).outcome == "invalid"
    assert login(session, "nobody", PASSWORD, "c", now=clock()).outcome == "invalid"


def test_disabling_ends_sessions_and_tokens_at_once(session: Session, clock: Any) -> None:
    _add(session, clock)
    opened = login(session, "hd", PASSWORD, "c", now=clock()).session
    assert opened is not None
    token = create_token(session, "hd", who="admin", label="script", now=clock())
    assert lookup_token(session, token.token, now=clock()) is not None
    disable_user(session, "hd", who="admin", now=clock.advance(minutes=1))
    assert lookup_session(session, opened.token, now=clock()) is None
    assert lookup_token(session, token.token, now=clock()) is None
    assert list_tokens(session, "hd")[0].revoked_at == clock()
    assert session.scalars(select(SessionRow.revoked_at)).one() is not None
    assert login(session, "hd", PASSWORD, "c", now=clock()).outcome == "invalid"
    # Enabled again: a new login works, the old session and token stay dead.
    enable_user(session, "hd", who="admin", now=clock())
    assert login(session, "hd", PASSWORD, "c", now=clock()).outcome == "ok"
    assert lookup_session(session, opened.token, now=clock()) is None
    assert lookup_token(session, token.token, now=clock()) is None


def test_a_new_password_ends_the_sessions(session: Session, clock: Any) -> None:
    _add(session, clock)
    opened = login(session, "hd", PASSWORD, "c", now=clock()).session
    assert opened is not None
    set_password(session, "hd", "another long secret", who="hd", now=clock())
    assert lookup_session(session, opened.token, now=clock()) is None
    assert login(session, "hd", PASSWORD, "c", now=clock()).outcome == "invalid"
    assert login(session, "hd", "another long secret", "c", now=clock()).outcome == "ok"


def test_throttle_locks_after_n_failures_and_unlocks_after_the_window(
    session: Session, clock: Any
) -> None:
    _add(session, clock)
    for attempt in range(MAX_FAILURES - 1):
        assert (
            login(session, "hd", f"wrong {attempt} password", "10.0.0.1", now=clock()).outcome
            == "invalid"
        )
        clock.advance(minutes=1)
    last = login(session, "hd", "wrong last password", "10.0.0.1", now=clock())
    assert last.outcome == "locked"
    assert last.locked_until == clock() + LOCKOUT
    # Locked: even the right password is refused, and that try does not extend the lock.
    assert (
        login(session, "hd", PASSWORD, "10.0.0.1", now=clock.advance(minutes=14)).outcome
        == "locked"
    )
    # Another client is not locked out by this one.
    assert login(session, "hd", PASSWORD, "10.0.0.2", now=clock()).outcome == "ok"
    assert login(session, "hd", PASSWORD, "10.0.0.1", now=clock.advance(minutes=1)).outcome == "ok"


def test_failures_spread_over_more_than_the_window_do_not_lock(
    session: Session, clock: Any
) -> None:
    _add(session, clock)
    for _ in range(3 * MAX_FAILURES):
        assert (
            login(session, "hd", "wrong password!", "c", now=clock.advance(minutes=4)).outcome
            == "invalid"
        )


def test_a_token_is_found_by_its_hash_and_revoked_by_prefix(session: Session, clock: Any) -> None:
    _add(session, clock)
    made = create_token(session, "hd", who="admin", label="nightly", now=clock())
    assert made.token.startswith(made.prefix + "_")
    row = session.scalars(select(ApiTokenRow)).one()
    assert row.token_hash == digest(made.token) and made.token not in (row.prefix, row.token_hash)
    principal = lookup_token(session, made.token, now=clock())
    assert principal is not None and principal.districts == {HAIDIAN}
    # Scoped like its user, as the user is now.
    set_scopes(session, "hd", districts=["朝阳"], who="admin", now=clock())
    again = lookup_token(session, made.token, now=clock())
    assert again is not None and again.districts == {"CN-BJ-110105"}
    assert lookup_token(session, made.token + "x", now=clock()) is None
    with pytest.raises(InvalidAccountInput, match="a token label has at most 200"):
        create_token(session, "hd", who="admin", label="y" * 201)
    with pytest.raises(UnknownToken, match="no token with prefix 'pzt_00000000'"):
        revoke_token(session, "hd", "pzt_00000000", who="admin")
    assert revoke_token(session, "hd", made.prefix.removeprefix("pzt_"), who="admin", now=clock())
    assert lookup_token(session, made.token, now=clock()) is None
    assert not revoke_token(session, "hd", made.prefix, who="admin", now=clock())


def test_every_change_is_audited_without_secrets(session: Session, clock: Any) -> None:
    _add(session, clock)
    set_roles(session, "hd", ["district_officer", "viewer"], who="admin", now=clock())
    made = create_token(session, "hd", who="admin", now=clock())
    revoke_token(session, "hd", made.prefix, who="admin", now=clock())
    disable_user(session, "hd", who="root", now=clock())
    trail = audit_trail(session, PLATFORM)
    assert [(e.action, e.table, e.key, e.who) for e in trail] == [
        ("insert", "users", "hd", "admin"),
        ("update", "users", "hd", "admin"),
        ("insert", "api_tokens", f"hd/{made.prefix}", "admin"),
        ("update", "api_tokens", f"hd/{made.prefix}", "admin"),
        ("update", "users", "hd", "root"),
    ]
    assert trail[0].after is not None and trail[0].after["districts"] == [HAIDIAN]
    assert trail[1].before is not None and trail[1].before["roles"] == ["district_officer"]
    assert trail[1].after is not None and trail[1].after["roles"] == ["district_officer", "viewer"]
    assert trail[4].after is not None and trail[4].after["disabled"] is True
    assert all(e.programme == PLATFORM for e in trail)
    text = repr(trail)
    assert "argon2" not in text and made.token not in text
    assert audit_trail(session, "BJ-2025") == ()  # a programme's trail stays its own


def test_a_change_and_its_audit_row_roll_back_together(engine: Engine, clock: Any) -> None:
    with Session(engine) as session:
        _add(session, clock, commit=False)
        set_roles(session, "hd", ["viewer"], districts=[], who="admin", commit=False)
        assert session.scalar(select(func.count()).select_from(AuditRow)) == 2
        session.rollback()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditRow)) == 0
        assert session.scalar(select(func.count()).select_from(UserRow)) == 0


def test_a_locked_database_drops_the_last_used_time_not_the_request(
    engine: Engine, session: Session, clock: Any
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single writer")
    _add(session, clock)
    token = create_token(session, "hd", who="admin", label="script", now=clock())
    with Session(engine) as writer, Session(engine) as reader:
        # Another request is writing (SQLite's reserved lock, held until it commits) ...
        writer.execute(update(UserRow).values(display_name="busy"))
        reader.connection().exec_driver_sql("PRAGMA busy_timeout = 50")  # no 5 s wait here
        # ... so recording this token's use is refused: the request goes on without it.
        found = lookup_token(reader, token.token, now=clock.advance(minutes=5))
        assert found is not None and found.name == "hd"
        assert reader.scalars(select(ApiTokenRow.last_used_at)).one() is None
        writer.rollback()
    assert lookup_token(session, token.token, now=clock()) is not None
    assert session.scalars(select(ApiTokenRow.last_used_at)).one() is not None
