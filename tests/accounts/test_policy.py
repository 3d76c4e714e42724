"""The access policy: the whole role × resource × action matrix generated from the table, and
the district cases of the issue written out by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from peakzero.accounts.policy import (
    CITY,
    RESOURCES,
    SCOPES,
    Action,
    Principal,
    _parse,
    authorize,
    policy_table,
    visible,
    visible_regions,
)
from peakzero.accounts.roles import LABELS, Role
from peakzero.errors import ReferenceDataError

TABLE = (
    Path(__file__).resolve().parents[2] / "src" / "peakzero" / "data" / "platform" / "policy.csv"
)
HAIDIAN = "CN-BJ-110108"
CHAOYANG = "CN-BJ-110105"


def _rows() -> dict[tuple[str, str, str], set[str]]:
    """The table read independently of the engine's parser: (role, resource, action) → terms."""
    with TABLE.open(encoding="utf-8") as f:
        return {
            (r["role"], r["resource"], r["action"]): set(r["scope"].split("+"))
            for r in csv.DictReader(f)
        }


ROWS = _rows()
MATRIX = [(role, resource, action) for role in Role for resource in RESOURCES for action in Action]


def _principal(role: Role) -> Principal:
    return Principal(1, f"a-{role}", frozenset({role}), frozenset({HAIDIAN}), frozenset({"proj-1"}))


@pytest.mark.parametrize(("role", "resource", "action"), MATRIX)
def test_authorize_follows_the_table(role: Role, resource: str, action: Action) -> None:
    """For every cell of the matrix: an item of each kind of owner is allowed exactly when the
    table's scope covers it; items outside what the role may read are hidden (404)."""
    terms = ROWS.get((role, resource, action), {"none"})
    read = ROWS.get((role, resource, "read"), {"none"})
    who = _principal(role)
    owners = {
        "city": ({"all", "public"}, {"owner_region": CITY}),
        "own district": ({"all", "own_district"}, {"owner_region": HAIDIAN}),
        "other district": ({"all"}, {"owner_region": CHAOYANG}),
        "own project": ({"all", "own_project"}, {"owner_project": "proj-1"}),
        "other project": ({"all"}, {"owner_project": "proj-2"}),
    }
    for label, (covering, owner) in owners.items():
        decision = authorize(who, action, resource, **owner)  # type: ignore[arg-type]
        expected = bool(terms & covering)
        assert decision.allowed == expected, (label, decision)
        if not expected:
            hidden = not (read & covering) and read != {"none"}
            assert decision.outcome == ("not_found" if hidden else "forbidden"), (label, decision)
            assert decision.status in (403, 404)
    whole = authorize(who, action, resource)
    assert whole.allowed == (terms != {"none"})
    # The query filter says the same as authorize, item by item.
    seen = visible(who, resource, action)
    for _, owner in owners.values():
        assert seen.allows(**owner) == authorize(who, action, resource, **owner).allowed  # type: ignore[arg-type]


def test_the_table_covers_every_resource_and_role() -> None:
    assert {resource for _, resource, _ in ROWS} == set(RESOURCES)
    assert {role for role, _, _ in ROWS} == {str(r) for r in Role}
    assert all(terms <= set(SCOPES) for terms in ROWS.values())
    assert len(policy_table()) == sum(1 for t in ROWS.values() if t != {"none"})


def test_admin_may_do_everything_and_a_viewer_writes_nothing() -> None:
    admin = _principal(Role.admin)
    viewer = _principal(Role.viewer)
    for resource in RESOURCES:
        for action in Action:
            assert authorize(admin, action, resource, owner_region=CHAOYANG).allowed
            if action != Action.read:
                assert not authorize(viewer, action, resource).allowed


def test_a_haidian_officer_cannot_touch_chaoyang() -> None:
    """The issue's case: 海淀 (110108) reads and writes its own, not 朝阳's (110105), and reads the
    city aggregates; another district's item is not found rather than forbidden."""
    officer = Principal(7, "hd", frozenset({Role.district_officer}), frozenset({HAIDIAN}))
    for resource in ("inventory.datasets", "programme.tasks", "programme.kpi_actuals"):
        for action in (Action.read, Action.write):
            other = authorize(officer, action, resource, owner_region=CHAOYANG)
            assert other.outcome == "not_found"
            assert other.status == 404
            assert authorize(officer, action, resource, owner_region=HAIDIAN).allowed
    assert authorize(officer, "read", "inventory.city").allowed
    assert authorize(officer, "read", "inventory.city", owner_region=CITY).allowed
    assert authorize(officer, "read", "overview").allowed
    # City-wide tasks are readable, not writable (403, as the task is visible).
    city_task = authorize(officer, "write", "programme.tasks", owner_region=CITY)
    assert city_task.outcome == "forbidden"
    assert authorize(officer, "read", "users").outcome == "forbidden"
    assert visible_regions(officer, "inventory.datasets") == {HAIDIAN, CITY}
    assert visible_regions(officer, "inventory.city") == {CITY}
    assert visible(officer, "inventory.datasets", "write").regions == {HAIDIAN}


def test_a_district_officer_of_two_districts_sees_both() -> None:
    officer = Principal(
        7, "two", frozenset({Role.district_officer}), frozenset({HAIDIAN, CHAOYANG})
    )
    assert authorize(officer, "write", "programme.tasks", owner_region=CHAOYANG).allowed
    assert visible_regions(officer, "programme.tasks") == {HAIDIAN, CHAOYANG, CITY}


def test_a_published_district_item_is_readable_by_public_scopes() -> None:
    officer = Principal(7, "hd", frozenset({Role.district_officer}), frozenset({HAIDIAN}))
    assert authorize(officer, "read", "inventory.datasets", CHAOYANG, public=True).allowed
    assert not authorize(officer, "write", "inventory.datasets", CHAOYANG, public=True).allowed


def test_roles_add_up() -> None:
    both = Principal(
        3, "both", frozenset({Role.viewer, Role.district_officer}), frozenset({HAIDIAN})
    )
    assert authorize(both, "write", "programme.kpi_actuals", owner_region=HAIDIAN).allowed
    assert visible_regions(_principal(Role.city_planner), "programme.tasks") is None


def test_a_scoped_role_without_scope_sees_only_public_items() -> None:
    lonely = Principal(4, "none", frozenset({Role.district_officer}))
    assert not authorize(lonely, "read", "programme.tasks", owner_region=HAIDIAN).allowed
    assert authorize(lonely, "read", "programme.tasks", owner_region=CITY).allowed


def test_a_project_owner_reports_its_own_projects_only() -> None:
    owner = Principal(5, "po", frozenset({Role.project_owner}), projects=frozenset({"p1"}))
    assert authorize(owner, "write", "programme.kpi_actuals", owner_project="p1").allowed
    refused = authorize(owner, "write", "programme.kpi_actuals", owner_project="p2")
    assert refused.outcome == "not_found"


def test_an_unknown_resource_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown resource 'inventroy'"):
        authorize(_principal(Role.admin), "read", "inventroy")
    with pytest.raises(ValueError, match="'delete'"):
        authorize(_principal(Role.admin), "delete", "audit")


def test_a_bad_table_names_line_column_and_value() -> None:
    text = (
        "role,resource,action,scope,note\n"
        "admin,overview,read,all,\n"
        "mayor,overview,read,all,\n"
        "viewer,overview,read,everything,\n"
        "admin,overview,read,all,\n"
    )
    with pytest.raises(ReferenceDataError) as caught:
        _parse(text, "policy.csv")
    message = str(caught.value)
    assert "policy.csv, line 3, column 'role': unknown role" in message
    assert "(value 'mayor')" in message
    assert "line 4, column 'scope'" in message
    assert "line 5, column 'role': the role, resource and action are listed twice" in message


def test_every_role_has_both_labels() -> None:
    assert set(LABELS) == set(Role)
    assert all(label.zh and label.en for label in LABELS.values())
    assert LABELS[Role.district_officer].label("zh-CN") == "区级工作人员"
