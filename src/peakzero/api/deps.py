"""The seams every route goes through: who is asking (:func:`current_principal`) and whether
they may (:func:`require`). No route decides access itself.

Until accounts are wired in, :func:`current_principal` yields the anonymous viewer and
:func:`authorize` lets a viewer read the public capabilities only. The lead replaces the two
bodies (sessions and API tokens; the policy table's one function) without touching a route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from peakzero.settings import Settings
from peakzero.web.i18n import choose_locale

__all__ = [
    "ANONYMOUS",
    "LANG_COOKIE",
    "PUBLIC_READS",
    "REQUIREMENTS",
    "Action",
    "Principal",
    "authorize",
    "current_principal",
    "get_locale",
    "get_settings",
    "require",
    "route_requirements",
]

Action = Literal["read", "write"]
LANG_COOKIE = "peakzero_lang"


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: a user's name, their roles and the districts they are scoped to
    (region codes of :mod:`peakzero.codes`); ``anonymous`` before anyone has logged in."""

    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    districts: frozenset[str] = field(default_factory=frozenset)
    anonymous: bool = False


ANONYMOUS = Principal(name="anonymous", roles=frozenset({"viewer"}), anonymous=True)

PUBLIC_READS = frozenset({"overview", "meta"})
"""Capabilities whose reads the anonymous viewer may see (city aggregates, no one's data)."""


async def current_principal(request: Request) -> Principal:
    """The principal of ``request``. SEAM: the lead connects sessions and API tokens here."""
    return ANONYMOUS


def authorize(principal: Principal, capability: str, action: Action) -> bool:
    """Whether ``principal`` may ``action`` on ``capability``. SEAM: the lead replaces this body
    by the access policy's one function (accounts)."""
    return action == "read" and capability in PUBLIC_READS


def require(
    capability: str, action: Action = "read"
) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets the request through when :func:`authorize` allows it, and answers
    404 otherwise (a resource outside a user's scope does not reveal that it exists)."""

    async def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        if not authorize(principal, capability, action):
            raise HTTPException(status_code=404)
        return principal

    dependency.__name__ = f"require_{capability}_{action}"
    REQUIREMENTS[dependency] = (capability, action)
    return dependency


REQUIREMENTS: dict[Callable[..., Awaitable[Principal]], tuple[str, Action]] = {}
"""Every dependency :func:`require` made, with its capability and action."""


def route_requirements(app: FastAPI) -> dict[tuple[str, str], list[tuple[str, Action]]]:
    """``(method, path)`` of every API and page route → the ``require`` hooks it passes through
    (the rows of a role × route matrix; a route with none is a defect, a test checks)."""
    found: dict[tuple[str, str], list[tuple[str, Action]]] = {}
    for route in _api_routes(app.routes):
        hooks = [REQUIREMENTS[d.call] for d in _flatten(route.dependant) if d.call in REQUIREMENTS]
        for method in sorted(route.methods or ()):
            found[(method, route.path)] = hooks
    return found


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    # Recent FastAPI keeps an included router whole (its original_router); the platform's
    # routers have no prefix (each route writes its full path), so route.path is the URL path.
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def _flatten(dependant: Dependant) -> list[Dependant]:
    out = []
    for child in dependant.dependencies:
        out += [child, *_flatten(child)]
    return out


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_locale(request: Request) -> str:
    """The request's locale: ``?lang=`` → cookie → zh_CN (the app keeps ``?lang=`` in the
    cookie). The lead may put the user's saved choice between the query and the cookie."""
    return choose_locale(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
