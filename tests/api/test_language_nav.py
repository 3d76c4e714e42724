"""The user's language (kept on the account, applied at sign-in, its JSON twin) and the header's
navigation (each entry shown to a role iff its page answers that role 200)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import Role, add_user, create_session, get_user, principal_of
from peakzero.accounts.users import LANGUAGES
from peakzero.api import create_app
from peakzero.api.deps import LANG_COOKIE, SESSION_COOKIE, route_requirements
from peakzero.api.pages import NAV
from peakzero.api.routes.auth import LOGIN_COOKIE
from peakzero.settings import Settings
from peakzero.store.models import AuditRow
from peakzero.web.i18n import LOCALES

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]  # the `call` fixture of conftest.py
Settle = Callable[..., Settings]  # the `settings_for` fixture


def _name(role: Role) -> str:
    return role.value.replace("_", "-")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("language-nav")
    app = create_app(settings_for(folder))
    with app.state.store.session() as db:
        for role in Role:
            districts = ["CN-BJ-110108"] if role is Role.district_officer else []
            projects = ["demo-project"] if role is Role.project_owner else []
            add_user(
                db, _name(role), PASSWORD, [role], who="test",
                districts=districts, projects=projects,
            )  # fmt: skip
    return app


def _session(app: FastAPI, role: Role) -> tuple[dict[str, str], str]:
    """A Cookie header of a fresh session of ``role``'s user, and its CSRF token."""
    with app.state.store.session() as db:
        opened = create_session(db, principal_of(get_user(db, _name(role))))
    return {"Cookie": f"{SESSION_COOKIE}={opened.token}"}, opened.csrf_token


def test_the_engine_and_the_catalogue_speak_the_same_languages() -> None:
    assert LANGUAGES == LOCALES


def test_a_user_keeps_a_language_through_the_api_audited(platform: FastAPI, call: Call) -> None:
    cookie, csrf = _session(platform, Role.viewer)
    assert call(platform, "GET", "/api/v1/me", headers=cookie).json()["language"] is None
    sent = {**cookie, "X-CSRF-Token": csrf}
    answer = call(platform, "PATCH", "/api/v1/me/language", json={"language": "en"}, headers=sent)
    assert answer.status_code == 200, answer.text
    assert answer.json()["language"] == "en"
    assert call(platform, "GET", "/api/v1/me", headers=cookie).json()["language"] == "en"
    # the pages now speak English without ?lang= or a cookie
    assert "<h1>Overview</h1>" in call(platform, "GET", "/", headers=cookie).text
    answer = call(platform, "POST", "/api/v1/me/language", json={"language": "zh_CN"}, headers=sent)
    assert answer.json()["language"] == "zh_CN"
    answer = call(platform, "PATCH", "/api/v1/me/language", json={"language": None}, headers=sent)
    assert answer.json()["language"] is None  # forgotten: the cookie applies again
    english = {"Cookie": f"{cookie['Cookie']}; {LANG_COOKIE}=en"}
    assert "<h1>Overview</h1>" in call(platform, "GET", "/", headers=english).text
    with platform.state.store.session() as db:
        rows = db.query(AuditRow).filter(AuditRow.key == "viewer", AuditRow.table_name == "users")
        changes = [(r.before, r.after) for r in rows.order_by(AuditRow.id)]
    assert changes[-3:] == [
        ({"language": None}, {"language": "en"}),
        ({"language": "en"}, {"language": "zh_CN"}),
        ({"language": "zh_CN"}, {"language": None}),
    ]


def test_a_bad_language_is_422_naming_the_field_and_the_locales(
    platform: FastAPI, call: Call
) -> None:
    cookie, csrf = _session(platform, Role.modeller)
    sent = {**cookie, "X-CSRF-Token": csrf}
    answer = call(platform, "PATCH", "/api/v1/me/language", json={"language": "fr"}, headers=sent)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == "body.language"
    assert "zh_CN" in error["allowed"] and "en" in error["allowed"]
    assert call(platform, "GET", "/api/v1/me", headers=cookie).json()["language"] is None


def test_the_language_needs_a_session_and_its_csrf_token(platform: FastAPI, call: Call) -> None:
    body = {"language": "en"}
    assert call(platform, "PATCH", "/api/v1/me/language", json=body).status_code == 401
    cookie, _ = _session(platform, Role.viewer)
    forged = call(platform, "PATCH", "/api/v1/me/language", json=body, headers=cookie)
    assert forged.status_code == 403
    form = {"language": "en", "next": "/"}
    assert call(platform, "POST", "/language", data=form, headers=cookie).status_code == 403


def test_the_header_switch_saves_and_comes_back_and_sign_in_applies_it(
    platform: FastAPI, call: Call
) -> None:
    cookie, csrf = _session(platform, Role.city_planner)
    page = call(platform, "GET", "/inventory?view=basic&lang=zh_CN", headers=cookie).text
    assert 'action="/language"' in page
    assert 'name="next" value="/inventory?view=basic"' in page
    form = {"language": "en", "next": "/inventory?view=basic", "csrf_token": csrf}
    answer = call(platform, "POST", "/language", data=form, headers=cookie)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/inventory?view=basic"
    assert answer.cookies[LANG_COOKIE] == "en"
    # another browser (no language cookie): signing in applies the saved language
    login = call(platform, "GET", "/login")
    token = login.cookies[LOGIN_COOKIE]
    fields = {"name": "city-planner", "password": PASSWORD, "login_token": token, "next": "/"}
    signed = call(
        platform, "POST", "/login", data=fields, headers={"Cookie": f"{LOGIN_COOKIE}={token}"}
    )
    assert signed.status_code == 303
    assert signed.cookies[LANG_COOKIE] == "en"
    session = {"Cookie": f"{SESSION_COOKIE}={signed.cookies[SESSION_COOKIE]}"}
    assert "<h1>Overview</h1>" in call(platform, "GET", "/", headers=session).text


def test_the_switch_on_a_page_answering_a_post_comes_back_to_its_section(
    platform: FastAPI, call: Call
) -> None:
    cookie, csrf = _session(platform, Role.admin)
    form = {"name": "x", "password": "short", "roles": "viewer", "csrf_token": csrf}
    page = call(platform, "POST", "/users", data=form, headers=cookie)
    assert page.status_code == 422
    assert 'name="next" value="/users"' in page.text


def test_a_visitor_switches_with_the_cookie_only(platform: FastAPI, call: Call) -> None:
    page = call(platform, "GET", "/?lang=en")
    assert page.cookies[LANG_COOKIE] == "en"
    assert 'action="/language"' not in page.text
    assert 'href="?lang=zh_CN"' in page.text


def _shown(page: str) -> set[str]:
    """The paths the header's navigation offers (links and "coming soon" entries)."""
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    soon = re.findall(r'class="soon"[^>]*>([^<]+)<', nav)
    return set(re.findall(r'href="([^"]+)"', nav)) | set(soon)


def test_the_nav_names_the_capability_each_page_requires(platform: FastAPI) -> None:
    table = route_requirements(platform)
    for entry in NAV:
        if entry.served:
            assert table[("GET", entry.path)] == [(entry.capability, "read")], entry.path


@pytest.mark.parametrize("role", [None, *Role])
def test_the_nav_shows_a_role_exactly_the_pages_it_may_open(
    platform: FastAPI, call: Call, role: Role | None
) -> None:
    headers = {} if role is None else _session(platform, role)[0]
    shown = _shown(call(platform, "GET", "/?lang=en", headers=headers).text)
    for entry in NAV:
        if not entry.served:
            continue
        status = call(platform, "GET", entry.path, headers=headers, follow_redirects=False)
        assert (entry.path in shown) is (status.status_code == 200), (role, entry.path, status)
    if role is None:
        assert shown == {"/"}  # a visitor: the public pages only
