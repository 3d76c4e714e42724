"""The seams every route goes through: who is asking (:func:`current_principal`) and whether
they may (:func:`require`). No route decides access itself.

Until accounts are wired in, :func:`current_principal` yields the anonymous viewer and
:func:`authorize` lets a viewer read the public capabilities only. The lead replaces the two
bodies (sessions and API tokens; the policy table's one function) without touching a route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Request

from peakzero.settings import Settings
from peakzero.web.i18n import choose_locale

__all__ = [
    "ANONYMOUS",
    "LANG_COOKIE",
    "PUBLIC_READS",
    "Action",
    "Principal",
    "authorize",
    "current_principal",
    "get_locale",
    "get_settings",
    "require",
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
    return dependency


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_locale(request: Request) -> str:
    """The request's locale: ``?lang=`` → cookie → zh_CN (the app keeps ``?lang=`` in the
    cookie). The lead may put the user's saved choice between the query and the cookie."""
    return choose_locale(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
