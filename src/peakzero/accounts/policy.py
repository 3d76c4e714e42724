"""The access policy: who may read, write or administer what — one table, one function.

The table is ``peakzero/data/platform/policy.csv`` (``role, resource, action, scope, note``); a
role/resource/action it does not list is denied. ``scope`` is one of :data:`SCOPES`, or several
joined by ``+`` (``public+own_district``: the city-wide items and those of the user's districts):

- ``all`` — every item of the resource;
- ``public`` — items that belong to no district or project (``owner_region`` absent or the city,
  :data:`CITY`), or that the caller says are public;
- ``own_district`` — items whose ``owner_region`` is one of the user's districts;
- ``own_project`` — items whose ``owner_project`` is one of the user's projects;
- ``none`` — nothing (the same as leaving the row out; written to make a denial visible).

Every route and every query goes through :func:`authorize` (one item) or :func:`visible`
(a filter for a query that lists items). An item the user may not even *read* is reported as
``not_found`` — the API answers 404, so that a crafted id does not reveal that another district's
dataset exists — while an item the user may read but not change is ``forbidden`` (403).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Literal

from peakzero.accounts.roles import Role
from peakzero.errors import Problem, ReferenceDataError
from peakzero.io.packaged import data_name, data_text

__all__ = [
    "ACTIONS",
    "CITY",
    "RESOURCES",
    "SCOPES",
    "Action",
    "Decision",
    "Grant",
    "Principal",
    "Visible",
    "authorize",
    "grants",
    "policy_table",
    "visible",
    "visible_regions",
]

CITY = "CN-BJ"
"""The city's region code (codes.py): its records are public within the platform."""

POLICY_FILE = ("platform", "policy.csv")

RESOURCES: dict[str, str] = {
    "overview": "the overview page: history, peak, targets, programme status counts",
    "inventory.city": "the city's aggregate inventory (views, factors, QA, uncertainty)",
    "inventory.datasets": "named inventory datasets of a region (uploads, downloads)",
    "pathways.scenarios": "the catalogue's scenarios and the explorer's runs of them",
    "pathways.user_scenarios": "scenarios saved by users (immutable versions, share links)",
    "grid.runs": "stored grid runs",
    "grid.jobs": "grid runs as background jobs (start, progress, cancel)",
    "programme.tasks": "programme tasks, milestones, readiness, funding",
    "programme.kpi_actuals": "KPI actuals of tasks",
    "programme.calls": "calls for proposals and their bids",
    "programme.races": "horse races (赛马) and their teams",
    "programme.evaluation": "dynamic evaluations of the programme",
    "programme.transfer": "programme export (read) and import (admin) as Excel",
    "audit": "the audit log",
    "users": "accounts, roles and scopes",
    "tokens": "API tokens of any user",
    "monitoring.proxies": "monitoring proxy imports of a region and their QA findings (upload)",
    "monitoring.results": "monitored emissions, nowcast and vintages (reconcile: write)",
}
"""Every resource the policy speaks of, with what it covers."""


class Action(StrEnum):
    read = "read"
    write = "write"
    admin = "admin"


ACTIONS = tuple(Action)
SCOPES = ("all", "own_district", "own_project", "public", "none")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user's id and name, roles and scopes (frozen: it is shared by the
    whole request). A ``district_officer`` without districts, or a ``project_owner`` without
    projects, may act on nothing of its scope."""

    user_id: int
    name: str
    roles: frozenset[Role]
    districts: frozenset[str] = frozenset()
    projects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Grant:
    """One row of the policy table."""

    role: Role
    resource: str
    action: Action
    scopes: frozenset[str]
    note: str = ""


@dataclass(frozen=True)
class Decision:
    """The answer of :func:`authorize`: ``allow``, ``forbidden`` (403: the user may see the item
    but not do this) or ``not_found`` (404: the item is outside what the user may read, and its
    existence is not revealed). ``reason`` is for logs and tests, not for the response body."""

    outcome: Literal["allow", "forbidden", "not_found"]
    reason: str

    @property
    def allowed(self) -> bool:
        return self.outcome == "allow"

    @property
    def status(self) -> int:
        """The HTTP status of a refusal (200 when allowed)."""
        return {"allow": 200, "forbidden": 403, "not_found": 404}[self.outcome]

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class Visible:
    """What a user may see of a resource, as a query filter (:func:`visible`).

    ``everything``: no filter. Otherwise an item is visible when its region is in ``regions``,
    its project in ``projects``, or — with ``public`` — it has no district or project (region
    absent or :data:`CITY`) or is marked public.
    """

    everything: bool = False
    regions: frozenset[str] = frozenset()
    projects: frozenset[str] = frozenset()
    public: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.regions or self.projects or self.public)

    def allows(
        self,
        owner_region: str | None = None,
        owner_project: str | None = None,
        *,
        public: bool = False,
    ) -> bool:
        """Whether an item owned by ``owner_region`` / ``owner_project`` passes the filter."""
        if self.everything:
            return True
        if owner_region is not None and owner_region in self.regions:
            return True
        if owner_project is not None and owner_project in self.projects:
            return True
        city_wide = owner_region in (None, CITY) and owner_project is None
        return self.public and (city_wide or public)


def _parse(text: str, source: str) -> tuple[Grant, ...]:
    problems: list[Problem] = []
    found: list[Grant] = []
    seen: set[tuple[str, str, str]] = set()
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ["role", "resource", "action", "scope", "note"]:
        problems.append(Problem(source, "the header must be role,resource,action,scope,note", 1))
        raise ReferenceDataError("\n".join(str(p) for p in problems))
    for line, row in enumerate(reader, start=2):
        role, resource, action, scope = (
            row[k].strip() for k in ("role", "resource", "action", "scope")
        )
        bad = len(problems)
        if role not in Role.__members__:
            problems.append(
                Problem(source, f"unknown role; valid: {', '.join(Role)}", line, "role", role)
            )
        if resource not in RESOURCES:
            problems.append(
                Problem(
                    source,
                    f"unknown resource; valid: {', '.join(RESOURCES)}",
                    line,
                    "resource",
                    resource,
                )
            )
        if action not in Action.__members__:
            problems.append(
                Problem(
                    source, f"unknown action; valid: {', '.join(Action)}", line, "action", action
                )
            )
        terms = frozenset(scope.split("+"))
        if (
            not terms <= set(SCOPES)
            or ("none" in terms and len(terms) > 1)
            or ("all" in terms and len(terms) > 1)
        ):
            problems.append(
                Problem(
                    source,
                    f"scope must be one of {', '.join(SCOPES)} or several joined by '+' "
                    "(not with all or none)",
                    line,
                    "scope",
                    scope,
                )
            )
        if (role, resource, action) in seen:
            problems.append(
                Problem(
                    source, "the role, resource and action are listed twice", line, "role", role
                )
            )
        seen.add((role, resource, action))
        if len(problems) == bad and terms != {"none"}:
            found.append(
                Grant(Role(role), resource, Action(action), terms, (row["note"] or "").strip())
            )
    if problems:
        raise ReferenceDataError("\n".join(str(p) for p in problems))
    return tuple(found)


@cache
def policy_table() -> tuple[Grant, ...]:
    """The packaged policy table's grants (rows with scope ``none`` left out)."""
    return _parse(data_text(*POLICY_FILE), data_name(*POLICY_FILE))


@cache
def _index() -> dict[tuple[Role, str, Action], frozenset[str]]:
    return {(g.role, g.resource, g.action): g.scopes for g in policy_table()}


def grants(role: Role, resource: str, action: Action | str) -> frozenset[str]:
    """The scope terms the table gives ``role`` for ``action`` on ``resource`` (empty: none)."""
    return _index().get((role, resource, Action(action)), frozenset())


def _visible(roles: Iterable[Role], principal: Principal, resource: str, action: Action) -> Visible:
    terms: set[str] = set()
    for role in roles:
        terms |= grants(role, resource, action)
    if "all" in terms:
        return Visible(everything=True)
    return Visible(
        regions=principal.districts if "own_district" in terms else frozenset(),
        projects=principal.projects if "own_project" in terms else frozenset(),
        public="public" in terms,
    )


def _check_resource(resource: str) -> None:
    if resource not in RESOURCES:
        msg = f"unknown resource {resource!r}; valid: {', '.join(RESOURCES)}"
        raise ValueError(msg)


def visible(principal: Principal, resource: str, action: Action | str = Action.read) -> Visible:
    """What ``principal`` may ``action`` of ``resource``: the filter a listing query applies
    (``WHERE region IN visible.regions OR region = city …``), the same rule as :func:`authorize`."""
    _check_resource(resource)
    return _visible(principal.roles, principal, resource, Action(action))


def visible_regions(principal: Principal, resource: str) -> frozenset[str] | None:
    """The region codes whose items of ``resource`` ``principal`` may read; ``None`` means every
    region (no filter). The city's code is included when city-wide items are readable."""
    seen = visible(principal, resource, Action.read)
    if seen.everything:
        return None
    return seen.regions | ({CITY} if seen.public else frozenset())


def authorize(
    principal: Principal,
    action: Action | str,
    resource: str,
    owner_region: str | None = None,
    owner_project: str | None = None,
    *,
    public: bool = False,
) -> Decision:
    """May ``principal`` do ``action`` on ``resource`` — on the whole resource (a listing, a
    creation form) when no owner is given, or on one item owned by ``owner_region`` (a region
    code, :data:`CITY` for city-wide items) and/or ``owner_project``?

    ``public`` marks an item its owner has published. The answer is ``not_found`` when the item is
    outside what the user may read (so that a 404 does not reveal it), ``forbidden`` when the user
    may read it (or has no access to the resource at all) but not do ``action``.
    """
    _check_resource(resource)
    wanted = Action(action)
    item = owner_region is not None or owner_project is not None or public
    readable = visible(principal, resource, Action.read)
    if readable.nothing:
        return Decision("forbidden", f"no role of {principal.name!r} may read {resource}")
    if item and not readable.allows(owner_region, owner_project, public=public):
        return Decision(
            "not_found", f"{resource} of {owner_region or owner_project} is out of scope"
        )
    allowed = visible(principal, resource, wanted)
    if allowed.nothing:
        return Decision("forbidden", f"no role of {principal.name!r} may {wanted} {resource}")
    if not item:
        # The whole resource: allowed if any item could be; a listing is then filtered by visible().
        return Decision("allow", f"{wanted} {resource} within scope")
    if allowed.allows(owner_region, owner_project, public=public):
        return Decision(
            "allow", f"{wanted} {resource} of {owner_region or owner_project or 'the city'}"
        )
    return Decision(
        "forbidden", f"may read but not {wanted} {resource} of {owner_region or owner_project}"
    )
