"""Signing in and out: ``/login`` (the form and its post), ``/logout``, and ``/api/v1/me``.

Sign-in goes through :func:`peakzero.accounts.login` (argon2id, the throttle, a server-side
session). The session's token goes into an HttpOnly, SameSite=Lax cookie; its CSRF token is put
into every page for the forms (``csrf_token``) and htmx (``X-CSRF-Token``). The login form itself
is guarded by a double-submit token: a random value in a SameSite=Strict cookie that the form
must repeat, so that another site cannot post a login for its visitor.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from peakzero.api.deps import (
    SESSION_CAPABILITY,
    SESSION_COOKIE,
    Principal,
    current_principal,
    is_anonymous,
    require,
)
from peakzero.api.pages import keep_language, render

__all__ = ["LOGIN_COOKIE", "Me", "me_view", "router", "safe_next"]

router = APIRouter()
LOGIN_COOKIE = "peakzero_login"
"""The login form's double-submit token (SameSite=Strict: never sent by another site's post)."""


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\\\" in target:
        return "/"
    return target


def _login_page(request: Request, next_path: str, error: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"login_token": token, "next_path": safe_next(next_path), "error": error},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request)
    )
    return response


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
    next: str = "/",
) -> Response:
    if not is_anonymous(principal):
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next)


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login_post(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    login_token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, login_token):
        raise HTTPException(status_code=403, detail="the login form's token is missing or wrong")
    from peakzero.accounts import login

    client = request.client.host if request.client else "unknown"
    with request.app.state.store.session() as db:
        result = login(db, name, password, client)
    if result.outcome == "locked" and result.locked_until is not None:
        wait = max(1, int((result.locked_until - datetime.now(UTC)).total_seconds()))
        response = _login_page(request, next, "locked", status=429)
        response.headers["Retry-After"] = str(wait)
        return response
    if result.outcome != "ok" or result.session is None:
        return _login_page(request, next, "invalid", status=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    age = int((result.session.expires_at - datetime.now(UTC)).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        result.session.token,
        max_age=max(age, 0),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_COOKIE)
    if result.session.language is not None:  # the saved language applies from sign-in on
        keep_language(response, result.session.language)
    return response


@router.post("/logout", include_in_schema=False)
def logout_post(
    request: Request,
    principal: Annotated[Principal, Depends(require(SESSION_CAPABILITY, "write"))],
) -> Response:
    from peakzero.accounts import logout

    with request.app.state.store.session() as db:
        logout(db, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


class Me(BaseModel):
    """Who the request acts for, and the language they chose (null: none yet)."""

    name: str
    roles: list[str]
    districts: list[str]
    projects: list[str]
    language: Literal["zh_CN", "en"] | None


def me_view(request: Request, principal: Principal) -> Me:
    """THE view of one's own account (the JSON twin of the header's name and language)."""
    from peakzero.accounts.users import get_user_by_id

    with request.app.state.store.session() as db:
        user = get_user_by_id(db, principal.user_id)
    return Me(
        name=principal.name,
        roles=sorted(str(r) for r in principal.roles),
        districts=sorted(principal.districts),
        projects=sorted(principal.projects),
        language=None if user is None else user.language,  # type: ignore[arg-type]  # the CHECK
    )


@router.get("/api/v1/me", response_model=Me, tags=["session"], summary="Who you are signed in as")
def me(
    request: Request,
    principal: Annotated[Principal, Depends(require(SESSION_CAPABILITY, "read"))],
) -> Me:
    return me_view(request, principal)
