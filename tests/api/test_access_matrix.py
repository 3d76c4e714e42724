"""The role × route matrix, generated from the routes and the policy table: for every route's
``require`` hook and every role, the platform's answer is what the table says (public reads for
anyone, one's own session for anyone signed in, the rest as ``data/platform/policy.csv``)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from peakzero.accounts import Role
from peakzero.accounts.policy import Principal, grants
from peakzero.api.deps import (
    ANONYMOUS,
    PUBLIC_READS,
    SESSION_CAPABILITY,
    authorize,
    route_requirements,
)

SIGN_IN = {("GET", "/login"), ("POST", "/login")}
"""The login form and its post: open to everyone by nature, guarded by their own token."""


def _principal(role: Role) -> Principal:
    districts = frozenset({"CN-BJ-110108"}) if role is Role.district_officer else frozenset()
    projects = frozenset({"demo-project"}) if role is Role.project_owner else frozenset()
    return Principal(1, f"a {role}", frozenset({role}), districts, projects)


def _expected(role: Role | None, capability: str, action: str) -> bool:
    if action == "read" and capability in PUBLIC_READS:
        return True
    if role is None:
        return False
    if capability == SESSION_CAPABILITY:
        return True
    return bool(grants(role, capability, action))


def test_every_route_and_role_is_answered_as_the_policy_table_says(app: FastAPI) -> None:
    table = route_requirements(app)
    checked = 0
    for key, hooks in table.items():
        if key in SIGN_IN or key == ("GET", "/openapi.json"):
            continue
        assert len(hooks) == 1, key
        capability, action = hooks[0]
        assert authorize(ANONYMOUS, capability, action) is _expected(None, capability, action)
        for role in Role:
            found = authorize(_principal(role), capability, action)
            assert found is _expected(role, capability, action), (key, role)
            checked += 1
    assert checked >= 4 * len(Role)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_may_write_only_what_the_table_grants(role: Role) -> None:
    for resource in ("inventory.datasets", "programme.tasks", "users"):
        assert authorize(_principal(role), resource, "write") is bool(
            grants(role, resource, "write")
        )
