"""The Audit page and the Users admin page, with their JSON twins: who may see what (a district
officer reads only their districts' changes; only the administrator reaches the users), the forms'
CSRF token, a new API token shown once, and bad input answered 422 with nothing stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import Role, add_user, create_token, list_tokens, list_users
from peakzero.api import create_app
from peakzero.settings import Settings
from peakzero.store.models import AuditRow
from peakzero.store.repository import audit_trail

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
TOKENS: dict[str, str] = {}


def _row(key: str, region: str | None, who: str = "planner") -> AuditRow:
    return AuditRow(
        change=key,
        at=datetime.now(UTC),
        who=who,
        action="update",
        table_name="tasks",
        programme="bj-2030",
        key=key,
        before={"status": "planned"},
        after={"status": "started", "region": region},
        region=region,
    )


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("audit-users")
    app = create_app(settings_for(folder))
    with app.state.store.session() as db:
        for role in Role:
            districts = [HAIDIAN] if role is Role.district_officer else []
            projects = ["demo-project"] if role is Role.project_owner else []
            add_user(
                db, role.value.replace("_", "-"), PASSWORD, [role], who="test",
                districts=districts, projects=projects,
            )  # fmt: skip
            TOKENS[role.value] = create_token(db, role.value.replace("_", "-"), who="test").token
        db.add_all(
            [
                _row("task-haidian", HAIDIAN),
                _row("task-chaoyang", CHAOYANG),
                _row("task-city", "CN-BJ", who="modeller"),
                _row("task-none", None),
            ]
        )
        db.commit()
    return app


def _auth(role: Role | str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[str(role)]}"}


def test_the_administrator_reads_every_change_newest_first_and_filters(
    platform: FastAPI, call: Call
) -> None:
    view = call(platform, "GET", "/api/v1/audit", headers=_auth(Role.admin)).json()
    keys = [e["key"] for e in view["entries"]]
    assert {"task-haidian", "task-chaoyang", "task-city", "task-none"} <= set(keys)
    assert any(e["entity"] == "users" for e in view["entries"])  # account changes too
    assert [e["at"] for e in view["entries"]] == sorted(
        (e["at"] for e in view["entries"]), reverse=True
    )
    assert {"tasks", "users", "api_tokens"} <= set(view["filters"]["entities"])
    by_region = call(
        platform, "GET", f"/api/v1/audit?region={CHAOYANG}", headers=_auth(Role.admin)
    ).json()
    assert [e["key"] for e in by_region["entries"]] == ["task-chaoyang"]
    by_who = call(
        platform, "GET", "/api/v1/audit?who=modeller&entity=tasks", headers=_auth(Role.admin)
    ).json()
    assert [e["key"] for e in by_who["entries"]] == ["task-city"]
    page = call(platform, "GET", "/audit?lang=en", headers=_auth(Role.admin))
    assert page.status_code == 200 and "task-chaoyang" in page.text and "<script>" not in page.text
    assert "Chaoyang" in page.text and '["admin"]' in page.text.replace("&#34;", '"')
    chinese = call(platform, "GET", "/audit", headers=_auth(Role.admin)).text
    assert "审计" in chinese and "朝阳" in chinese and "变更前" in chinese


def test_a_district_officer_reads_only_their_districts_changes(
    platform: FastAPI, call: Call
) -> None:
    # policy.csv: district_officer,audit,read,own_district — no city-wide or account rows.
    view = call(platform, "GET", "/api/v1/audit", headers=_auth(Role.district_officer)).json()
    assert [e["key"] for e in view["entries"]] == ["task-haidian"]
    assert view["filters"]["regions"] == [HAIDIAN] and view["filters"]["users"] == ["planner"]
    crafted = call(
        platform, "GET", f"/api/v1/audit?region={CHAOYANG}", headers=_auth(Role.district_officer)
    ).json()
    assert crafted["entries"] == [] and crafted["total"] == 0
    page = call(platform, "GET", "/audit", headers=_auth(Role.district_officer)).text
    assert "task-haidian" in page and "task-chaoyang" not in page and "task-city" not in page


@pytest.mark.parametrize("role", [Role.city_planner, Role.programme_manager])
def test_city_roles_read_the_whole_log(platform: FastAPI, call: Call, role: Role) -> None:
    view = call(platform, "GET", "/api/v1/audit", headers=_auth(role)).json()
    assert {"task-haidian", "task-chaoyang", "task-none"} <= {e["key"] for e in view["entries"]}


@pytest.mark.parametrize("role", [Role.modeller, Role.project_owner, Role.viewer])
def test_roles_without_audit_get_404(platform: FastAPI, call: Call, role: Role) -> None:
    assert call(platform, "GET", "/api/v1/audit", headers=_auth(role)).status_code == 404
    assert call(platform, "GET", "/audit", headers=_auth(role)).status_code == 404


def test_a_bad_filter_is_422_naming_the_field(platform: FastAPI, call: Call) -> None:
    answer = call(platform, "GET", "/api/v1/audit?region=Mars&limit=0", headers=_auth(Role.admin))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["query.limit"]
    answer = call(platform, "GET", "/api/v1/audit?region=Mars", headers=_auth(Role.admin))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "query.region"
    assert call(platform, "GET", "/api/v1/audit").status_code == 401


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.admin])
def test_only_the_administrator_reaches_the_users(
    platform: FastAPI, call: Call, role: Role
) -> None:
    headers = _auth(role)
    assert call(platform, "GET", "/api/v1/users", headers=headers).status_code == 404
    assert call(platform, "GET", "/users", headers=headers).status_code == 404
    body = {"name": "intruder", "password": PASSWORD, "roles": ["admin"]}
    assert call(platform, "POST", "/api/v1/users", json=body, headers=headers).status_code == 404
    assert (
        call(platform, "POST", "/api/v1/users/viewer/tokens", json={}, headers=headers).status_code
        == 404
    )
    assert (
        call(platform, "POST", "/api/v1/users/viewer/disable", headers=headers).status_code == 404
    )


def test_the_administrator_adds_grants_tokens_and_disables(platform: FastAPI, call: Call) -> None:
    admin = _auth(Role.admin)
    listed = call(platform, "GET", "/api/v1/users", headers=admin).json()
    assert "admin" in listed["roles"] and HAIDIAN in listed["districts"]
    assert "password_hash" not in str(listed)
    body = {
        "name": "xicheng",
        "password": PASSWORD,
        "roles": ["district_officer"],
        "districts": ["110102"],
    }
    made = call(platform, "POST", "/api/v1/users", json=body, headers=admin)
    assert made.status_code == 201 and made.json()["districts"] == ["CN-BJ-110102"]
    assert call(platform, "POST", "/api/v1/users", json=body, headers=admin).status_code == 409
    regranted = call(
        platform, "PUT", "/api/v1/users/xicheng/roles",
        json={"roles": ["viewer"], "districts": []}, headers=admin,
    )  # fmt: skip
    assert regranted.status_code == 200 and regranted.json()["roles"] == ["viewer"]
    token = call(
        platform, "POST", "/api/v1/users/xicheng/tokens", json={"label": "script"}, headers=admin
    )
    assert token.status_code == 201 and token.json()["token"].startswith(token.json()["prefix"])
    new = {"Authorization": f"Bearer {token.json()['token']}"}
    assert call(platform, "GET", "/api/v1/me", headers=new).status_code == 200
    listed = call(platform, "GET", "/api/v1/users", headers=admin).text
    assert token.json()["token"] not in listed  # shown once
    prefix = token.json()["prefix"]
    revoked = call(platform, "DELETE", f"/api/v1/users/xicheng/tokens/{prefix}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["tokens"][0]["revoked_at"] is not None
    assert call(platform, "GET", "/api/v1/me", headers=new).status_code == 401
    disabled = call(platform, "POST", "/api/v1/users/xicheng/disable", headers=admin)
    assert disabled.status_code == 200 and disabled.json()["disabled"] is True
    assert call(platform, "POST", "/api/v1/users/nobody/disable", headers=admin).status_code == 404
    with platform.state.store.session() as db:
        trail = [e for e in audit_trail(db) if e.key.startswith("xicheng")]
        assert {e.who for e in trail} == {"admin"} and len(trail) >= 5


def test_bad_input_is_422_and_nothing_is_stored(platform: FastAPI, call: Call) -> None:
    admin = _auth(Role.admin)
    with platform.state.store.session() as db:
        before = len(list_users(db))
    for body, field in [
        ({"name": "Bad Name!", "password": PASSWORD, "roles": ["viewer"]}, "body.name"),
        ({"name": "ok-name", "password": PASSWORD, "roles": ["emperor"]}, "body.role"),
        (
            {
                "name": "ok-name",
                "password": PASSWORD,
                "roles": ["district_officer"],
                "districts": ["Mars"],
            },
            "body.district",
        ),
        ({"name": "ok-name", "password": "short", "roles": ["viewer"]}, "body.password"),
        ({"name": "ok-name", "password": PASSWORD, "roles": []}, "body.roles"),
    ]:
        answer = call(platform, "POST", "/api/v1/users", json=body, headers=admin)
        assert answer.status_code == 422, body
        assert answer.json()["errors"][0]["field"] == field, answer.json()
    with platform.state.store.session() as db:
        assert len(list_users(db)) == before


def test_the_forms_need_the_csrf_token_and_show_a_new_token_once(
    platform: FastAPI, call: Call
) -> None:
    from peakzero.accounts import create_session, get_user, principal_of
    from peakzero.api.deps import SESSION_COOKIE

    with platform.state.store.session() as db:
        session = create_session(db, principal_of(get_user(db, "admin")))
    cookie = {"Cookie": f"{SESSION_COOKIE}={session.token}"}
    page = call(platform, "GET", "/users", headers=cookie)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and found is not None
    csrf = found.group(1)
    form = {
        "name": "dongcheng",
        "password": PASSWORD,
        "roles": "district_officer",
        "districts": HAIDIAN,
    }
    refused = call(platform, "POST", "/users", data=form, headers=cookie)
    assert refused.status_code == 403
    added = call(platform, "POST", "/users", data={**form, "csrf_token": csrf}, headers=cookie)
    assert added.status_code == 303 and added.headers["location"] == "/users"
    assert 'data-user="dongcheng"' in call(platform, "GET", "/users", headers=cookie).text
    bad = call(
        platform, "POST", "/users", data={**form, "name": "x y", "csrf_token": csrf}, headers=cookie
    )
    assert bad.status_code == 422 and 'id="users-errors"' in bad.text
    made = call(
        platform,
        "POST",
        "/users/dongcheng/tokens",
        data={"label": "l", "csrf_token": csrf},
        headers=cookie,
    )
    shown = re.search(r'id="new-token-value">([^<]+)<', made.text)
    assert made.status_code == 201 and shown is not None
    assert made.headers["cache-control"] == "no-store"
    again = call(platform, "GET", "/users", headers=cookie).text
    assert shown.group(1) not in again
    # pzt_<prefix>_<secret>: the secret itself may hold "_", so cut after the second part.
    prefix = "_".join(shown.group(1).split("_")[:2])
    for action, data in [
        ("roles", {"roles": "viewer"}),
        (f"tokens/{prefix}/revoke", {}),
        ("disable", {}),
    ]:
        path = f"/users/dongcheng/{action}"
        assert call(platform, "POST", path, data=data, headers=cookie).status_code == 403
        done = call(platform, "POST", path, data={**data, "csrf_token": csrf}, headers=cookie)
        assert done.status_code == 303, (action, done.text)
    with platform.state.store.session() as db:
        user = get_user(db, "dongcheng")
        assert user.roles == (Role.viewer,) and user.districts == () and user.disabled
        assert all(t.revoked_at is not None for t in list_tokens(db, "dongcheng"))
