"""Signing in and out through the pages, API tokens, CSRF, and what a visitor may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user, create_token, disable_user
from peakzero.api import create_app
from peakzero.api.deps import SESSION_COOKIE
from peakzero.api.routes.auth import LOGIN_COOKIE, safe_next
from peakzero.settings import Settings

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]  # the `call` fixture of conftest.py
Settle = Callable[..., Settings]  # the `settings_for` fixture


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("auth")
    app = create_app(settings_for(folder))
    with app.state.store.session() as db:
        add_user(
            db, "haidian", PASSWORD, ["district_officer"], who="test", districts=["CN-BJ-110108"]
        )
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
        add_user(db, "leaver", PASSWORD, ["viewer"], who="test")
    return app


def _sign_in(call: Call, app: FastAPI, name: str, password: str = PASSWORD) -> httpx.Response:
    form = call(app, "GET", "/login")
    token = form.cookies[LOGIN_COOKIE]
    assert f'value="{token}"' in form.text
    return call(
        app,
        "POST",
        "/login",
        data={"name": name, "password": password, "login_token": token, "next": "/"},
        headers=_cookies({LOGIN_COOKIE: token}),
    )


def _cookies(values: dict[str, str]) -> dict[str, str]:
    """A Cookie header (httpx deprecates per-request cookies)."""
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in values.items())}


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_sign_in_sets_a_session_cookie_and_the_api_knows_the_user(
    platform: FastAPI, call: Call
) -> None:
    answer = _sign_in(call, platform, "haidian")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    session = {SESSION_COOKIE: answer.cookies[SESSION_COOKIE]}
    me = call(platform, "GET", "/api/v1/me", headers=_cookies(session)).json()
    assert me == {
        "name": "haidian",
        "roles": ["district_officer"],
        "districts": ["CN-BJ-110108"],
        "projects": [],
        "language": None,
    }
    page = call(platform, "GET", "/", headers=_cookies(session))
    assert 'id="signed-in-as">haidian<' in page.text and _csrf(page.text)


def test_a_wrong_password_is_refused_and_repeated_failures_lock(
    platform: FastAPI, call: Call
) -> None:
    wrong = _sign_in(call, platform, "planner", "wrong")
    assert wrong.status_code == 401 and 'id="login-error"' in wrong.text
    assert SESSION_COOKIE not in wrong.cookies
    for _ in range(5):
        last = _sign_in(call, platform, "planner", "wrong")
    assert last.status_code == 429 and int(last.headers["retry-after"]) > 0
    # Locked, the right password is refused too (the throttle counts the name and the client).
    assert _sign_in(call, platform, "planner").status_code == 429


def test_the_login_form_needs_its_own_token(platform: FastAPI, call: Call) -> None:
    data = {"name": "haidian", "password": PASSWORD, "login_token": "forged"}
    assert call(platform, "POST", "/login", data=data).status_code == 403


def test_logging_out_needs_the_csrf_token_and_ends_the_session(
    platform: FastAPI, call: Call
) -> None:
    session = {SESSION_COOKIE: _sign_in(call, platform, "haidian").cookies[SESSION_COOKIE]}
    token = _csrf(call(platform, "GET", "/", headers=_cookies(session)).text)
    refused = call(platform, "POST", "/logout", headers=_cookies(session), data={"csrf_token": "x"})
    assert refused.status_code == 403
    done = call(platform, "POST", "/logout", headers=_cookies(session), data={"csrf_token": token})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert call(platform, "GET", "/api/v1/me", headers=_cookies(session)).status_code == 401


def test_disabling_a_user_ends_their_session_at_once(platform: FastAPI, call: Call) -> None:
    session = {SESSION_COOKIE: _sign_in(call, platform, "leaver").cookies[SESSION_COOKIE]}
    assert call(platform, "GET", "/api/v1/me", headers=_cookies(session)).status_code == 200
    with platform.state.store.session() as db:
        disable_user(db, "leaver", who="test")
    assert call(platform, "GET", "/api/v1/me", headers=_cookies(session)).status_code == 401


def test_an_api_token_acts_for_its_user_without_csrf(platform: FastAPI, call: Call) -> None:
    with platform.state.store.session() as db:
        token = create_token(db, "planner", who="test", label="script").token
    me = call(platform, "GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "planner"
    bad = call(platform, "GET", "/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"


def test_a_visitor_reads_the_public_overview_and_is_asked_to_sign_in_elsewhere(
    platform: FastAPI, call: Call
) -> None:
    assert call(platform, "GET", "/api/v1/health").status_code == 200
    assert call(platform, "GET", "/api/v1/me").status_code == 401
    assert call(platform, "POST", "/logout").status_code == 303  # a page: to the login page
    assert call(platform, "POST", "/logout").headers["location"] == "/login?next=/logout"


def test_an_expired_or_unknown_session_is_a_visitor_not_an_error(
    platform: FastAPI, call: Call
) -> None:
    stale = {SESSION_COOKIE: "not-a-session"}
    assert call(platform, "GET", "/api/v1/me", headers=_cookies(stale)).status_code == 401
    assert call(platform, "GET", "/login", headers=_cookies(stale)).status_code == 200


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/pathways", "/pathways"), ("//evil.example", "/"), ("https://x.y/", "/"), ("", "/")],
)
def test_after_sign_in_only_this_site_is_a_destination(target: str, safe: str) -> None:
    assert safe_next(target) == safe
