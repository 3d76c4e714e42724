"""What every route goes through: who is asking (:func:`current_principal`) and whether they
may (:func:`require`, which asks :func:`authorize`, which asks the access policy's one function,
:func:`peakzero.accounts.authorize`). No route decides access itself.

A request carries a session cookie (a browser, after ``/login``) or an ``Authorization: Bearer``
API token, or nothing (the anonymous visitor, who reads the public city figures only). Pages that
a visitor may not see send them to the login page; the API answers 401. A signed-in user asking
for something outside their role or scope gets 404: it does not reveal that it exists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from peakzero.accounts.policy import Principal
from peakzero.settings import Settings
from peakzero.web.i18n import choose_locale

__all__ = [
    "ANONYMOUS",
    "CSRF_HEADER",
    "LANG_COOKIE",
    "PUBLIC_READS",
    "REQUIREMENTS",
    "SESSION_CAPABILITY",
    "SESSION_COOKIE",
    "Action",
    "LoginRequired",
    "Principal",
    "authorize",
    "check_csrf",
    "current_principal",
    "get_locale",
    "get_settings",
    "is_anonymous",
    "require",
    "route_requirements",
]

Action = Literal["read", "write"]
LANG_COOKIE = "peakzero_lang"
SESSION_COOKIE = "peakzero_session"
CSRF_HEADER = "X-CSRF-Token"

ANONYMOUS = Principal(user_id=0, name="anonymous", roles=frozenset())
"""The visitor who has not signed in (no user has id 0)."""

PUBLIC_READS = frozenset({"overview", "meta"})
"""Capabilities whose reads anyone may see, signed in or not (city aggregates, no one's data)."""

SESSION_CAPABILITY = "session"
"""One's own session (``/api/v1/me``, logging out): any signed-in user, no one else."""


class LoginRequired(Exception):
    """A page asked for by a visitor who must sign in first (the app sends them to /login)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def is_anonymous(principal: Principal) -> bool:
    """Whether ``principal`` is the visitor who has not signed in."""
    return principal.user_id == ANONYMOUS.user_id


def current_principal(request: Request) -> Principal:
    """The principal of ``request``: from its API token, else its session cookie, else
    :data:`ANONYMOUS`. The session found is kept on ``request.state.session_info`` (its CSRF
    token guards the request's writes); a request with a token needs no CSRF token.

    The database is opened only when the request carries a token or a cookie.
    """
    request.state.session_info = None
    request.state.via_token = False
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not header and not cookie:
        return ANONYMOUS
    from peakzero.accounts import lookup_session, lookup_token

    with request.app.state.store.session() as db:
        if header:
            scheme, _, token = header.partition(" ")
            found = lookup_token(db, token.strip()) if scheme.lower() == "bearer" else None
            if found is None:
                raise HTTPException(
                    status_code=401,
                    detail="the API token is unknown, revoked or its user disabled",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            request.state.via_token = True
            return found
        info = lookup_session(db, cookie or "")
    if info is None:  # expired, revoked, or its user disabled: treated as signed out
        return ANONYMOUS
    request.state.session_info = info
    return info.principal


def authorize(principal: Principal, capability: str, action: Action) -> bool:
    """Whether ``principal`` may ``action`` on the whole of ``capability`` (a resource of the
    policy table, ``data/platform/policy.csv``): public reads for anyone, one's own session for
    any signed-in user, everything else as :func:`peakzero.accounts.authorize` decides."""
    if action == "read" and capability in PUBLIC_READS:
        return True
    if is_anonymous(principal):
        return False
    if capability == SESSION_CAPABILITY:
        return True
    from peakzero.accounts import authorize as policy

    return policy(principal, action, capability).allowed


def check_csrf(request: Request, sent: str | None) -> None:
    """Refuse a state-changing request from a browser session whose CSRF token is missing or
    wrong (403); a request with an API token carries no cookie to forge and passes."""
    if request.state.via_token:
        return
    from peakzero.accounts import check_csrf as matches

    info = request.state.session_info
    if info is None or not matches(info, sent):
        raise HTTPException(status_code=403, detail="the CSRF token is missing or wrong")


def require(
    capability: str, action: Action = "read"
) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """A dependency that lets the request through when :func:`authorize` allows it. Otherwise a
    visitor is sent to sign in (a page) or answered 401 (the API), and a signed-in user gets
    404; a write from a browser session must carry its CSRF token (:func:`check_csrf`), in the
    ``X-CSRF-Token`` header or the form's ``csrf_token`` field."""

    async def dependency(
        request: Request,
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        if not authorize(principal, capability, action):
            if is_anonymous(principal):
                if request.url.path.startswith("/api/"):
                    raise HTTPException(
                        status_code=401,
                        detail="sign in, or send an API token (Authorization: Bearer …)",
                        headers={"WWW-Authenticate": "Bearer"},
                    )
                raise LoginRequired(request.url.path)
            raise HTTPException(status_code=404)
        if action == "write":
            sent = request.headers.get(CSRF_HEADER)
            form = None
            if sent is None and "form" in request.headers.get("content-type", ""):
                form = await request.form()
                field = form.get("csrf_token")
                sent = field if isinstance(field, str) else None
            try:
                check_csrf(request, sent)
            except HTTPException:
                if form is not None:
                    await form.close()  # a refused upload's temporary files go at once
                raise
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
    """The request's locale: ``?lang=`` → the signed-in user's saved language → the cookie →
    zh_CN (the app keeps ``?lang=`` in the cookie; a visitor's choice lives only there)."""
    info = getattr(request.state, "session_info", None)
    saved = None if info is None else info.language
    return choose_locale(request.query_params.get("lang"), saved, request.cookies.get(LANG_COOKIE))
