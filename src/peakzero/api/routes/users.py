"""Users (admin): ``/users`` (page and its forms) and ``/api/v1/users`` (JSON) from the one view
:func:`users_view`; every change through :mod:`peakzero.accounts` (audited in its transaction).

Only a role the policy grants ``users`` (and ``tokens``) to reaches these routes — the
administrator; anyone else gets 404. A new API token is shown once, in the answer that made it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from peakzero.api.deps import Principal, require
from peakzero.api.pages import render
from peakzero.api.problems import problem_schema
from peakzero.api.routes.audit import page_helpers
from peakzero.errors import InputError, Problem

__all__ = ["NewUser", "TokenOut", "UserOut", "UsersView", "router", "users_view"]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"content": problem_schema()} for status in (400, 404, 409, 422)
}
# Every JSON route's tag and refusals, given once (the pages are not in the schema).
router = APIRouter(tags=["users"], responses=PROBLEMS)
Reader = Annotated[Principal, Depends(require("users", "read"))]
Writer = Annotated[Principal, Depends(require("users", "write"))]
TokenWriter = Annotated[Principal, Depends(require("tokens", "write"))]


class TokenOut(BaseModel):
    """An API token as listed (never the token itself)."""

    prefix: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class UserOut(BaseModel):
    """An account, its roles and scopes, and its API tokens."""

    name: str
    display_name: str
    roles: list[str]
    districts: list[str]
    projects: list[str]
    disabled: bool
    created_at: datetime
    tokens: list[TokenOut]


class UsersView(BaseModel):
    """Every account, and what the forms offer: the roles and Beijing's districts."""

    users: list[UserOut]
    roles: list[str]
    districts: dict[str, str]


class NewUser(BaseModel):
    """An account to add."""

    name: str = Field(max_length=64)
    password: str = Field(max_length=1000)
    roles: list[str] = Field(min_length=1)
    districts: list[str] = []
    projects: list[str] = []
    display_name: str | None = Field(default=None, max_length=200)


class Grants(BaseModel):
    """New roles (and, when given, districts and projects) of an account."""

    roles: list[str] = Field(min_length=1)
    districts: list[str] | None = None
    projects: list[str] | None = None


class TokenRequest(BaseModel):
    label: str = Field(default="", max_length=200)


class NewTokenOut(BaseModel):
    """A new API token: ``token`` is shown this once and never again."""

    token: str
    prefix: str
    label: str


def _user(db: Session, name: str) -> UserOut:
    from peakzero.accounts import get_user, list_tokens

    info = get_user(db, name)
    return _out(info, list_tokens(db, name))


def _out(info: Any, tokens: Any) -> UserOut:
    return UserOut(
        name=info.name,
        display_name=info.display_name,
        roles=[str(r) for r in info.roles],
        districts=list(info.districts),
        projects=list(info.projects),
        disabled=info.disabled,
        created_at=info.created_at,
        tokens=[
            TokenOut(
                prefix=t.prefix,
                label=t.label,
                created_at=t.created_at,
                last_used_at=t.last_used_at,
                revoked_at=t.revoked_at,
            )
            for t in tokens
        ],
    )


def users_view(request: Request) -> UsersView:
    """THE view: every account with its tokens, and the choices of the forms."""
    from peakzero.accounts import Role, list_tokens, list_users
    from peakzero.accounts.users import valid_districts

    with request.app.state.store.session() as db:
        users = [_out(u, list_tokens(db, u.name)) for u in list_users(db)]
    return UsersView(users=users, roles=[str(r) for r in Role], districts=valid_districts())


@contextmanager
def _engine_errors(where: str) -> Iterator[None]:
    """The accounts engine's refusals as the API's answers: 422 naming the field, 404, 409."""
    from peakzero.accounts import AccountError, InvalidAccountInput

    try:
        yield
    except InvalidAccountInput as exc:
        field = f"{where}.{exc.field}" if exc.field else where
        raise InputError(Problem(where, str(exc), column=field, value=_shown(exc.value))) from None
    except AccountError as exc:
        raise HTTPException(status_code=exc.status, detail=str(exc)) from None


def _shown(value: object) -> object:
    return value if value is None or isinstance(value, str | int) else str(value)


def _change(
    request: Request, where: str, name: str, change: Callable[[Session], object]
) -> UserOut:
    """THE view of every change of one account: ``change`` (an :mod:`peakzero.accounts` call,
    audited in its transaction) with the engine's refusals as answers (:func:`_engine_errors`;
    ``where`` is the part of the request the fields named are in), then the account as it is."""
    with request.app.state.store.session() as db, _engine_errors(where):
        change(db)
        return _user(db, name)


def _add(request: Request, principal: Principal, new: NewUser) -> UserOut:
    from peakzero.accounts import add_user

    name = new.name.strip()
    return _change(
        request,
        "body",
        name,
        lambda db: add_user(
            db,
            name,
            new.password,
            new.roles,
            who=principal.name,
            districts=new.districts,
            projects=new.projects,
            display_name=new.display_name,
        ),
    )


def _grant(request: Request, principal: Principal, name: str, grants: Grants) -> UserOut:
    from peakzero.accounts import set_roles

    return _change(
        request,
        "body",
        name,
        lambda db: set_roles(
            db,
            name,
            grants.roles,
            who=principal.name,
            districts=grants.districts,
            projects=grants.projects,
        ),
    )


def _disable(request: Request, principal: Principal, name: str) -> UserOut:
    from peakzero.accounts import disable_user

    return _change(request, "path", name, lambda db: disable_user(db, name, who=principal.name))


def _token(request: Request, principal: Principal, name: str, label: str) -> NewTokenOut:
    from peakzero.accounts import create_token

    with request.app.state.store.session() as db, _engine_errors("body"):
        made = create_token(db, name, who=principal.name, label=label.strip())
    return NewTokenOut(token=made.token, prefix=made.prefix, label=made.label)


def _revoke(request: Request, principal: Principal, name: str, prefix: str) -> UserOut:
    from peakzero.accounts import revoke_token

    return _change(
        request, "path", name, lambda db: revoke_token(db, name, prefix, who=principal.name)
    )


# The JSON twin.


@router.get(
    "/api/v1/users",
    response_model=UsersView,
    summary="Every account, its roles, districts and API tokens (admin)",
)
def users_json(request: Request, principal: Reader) -> UsersView:
    return users_view(request)


@router.post(
    "/api/v1/users",
    response_model=UserOut,
    status_code=201,
    summary="Add an account (admin)",
)
def add_user_json(request: Request, principal: Writer, new: NewUser) -> UserOut:
    return _add(request, principal, new)


@router.put(
    "/api/v1/users/{name}/roles",
    response_model=UserOut,
    summary="Set an account's roles, districts and projects (admin)",
)
def set_roles_json(request: Request, principal: Writer, name: str, grants: Grants) -> UserOut:
    return _grant(request, principal, name, grants)


@router.post(
    "/api/v1/users/{name}/disable",
    response_model=UserOut,
    summary="Disable an account: its sessions and tokens end at once (admin)",
)
def disable_json(request: Request, principal: Writer, name: str) -> UserOut:
    return _disable(request, principal, name)


@router.post(
    "/api/v1/users/{name}/tokens",
    response_model=NewTokenOut,
    status_code=201,
    summary="Make an API token for an account; the token is in this answer only (admin)",
)
def create_token_json(
    request: Request, response: Response, principal: TokenWriter, name: str, body: TokenRequest
) -> NewTokenOut:
    response.headers["Cache-Control"] = "no-store"  # the token, this once
    return _token(request, principal, name, body.label)


@router.delete(
    "/api/v1/users/{name}/tokens/{prefix}",
    response_model=UserOut,
    summary="Revoke an account's API token (admin)",
)
def revoke_token_json(request: Request, principal: TokenWriter, name: str, prefix: str) -> UserOut:
    return _revoke(request, principal, name, prefix)


# The page and its forms (each posts the session's CSRF token in ``csrf_token``).


def _page(
    request: Request,
    *,
    errors: list[str] | None = None,
    new_token: NewTokenOut | None = None,
    token_user: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "view": users_view(request),
        "errors": errors or [],
        "new_token": new_token,
        "token_user": token_user,
        **page_helpers(request),
    }
    return render(request, "users.html", context, status_code=status_code)


def _problems(exc: InputError) -> list[str]:
    return [p.message for p in exc.problems]


def _form_list(values: list[str] | None) -> list[str]:
    return [v.strip() for v in values or [] if v.strip()]


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, principal: Reader) -> HTMLResponse:
    return _page(request)


def _form_outcome(request: Request, change: Callable[[], object]) -> Response:
    """A form's answer to ``change`` (one of the views above): back to the list on success
    (post/redirect/get), else the page with the refusal's messages and its status."""
    try:
        change()
    except InputError as exc:
        return _page(request, errors=_problems(exc), status_code=422)
    except HTTPException as exc:
        return _page(request, errors=[str(exc.detail)], status_code=exc.status_code)
    return RedirectResponse("/users", status_code=303)


@router.post("/users", response_class=HTMLResponse, include_in_schema=False)
def add_user_form(
    request: Request,
    principal: Writer,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    roles: Annotated[list[str] | None, Form()] = None,
    districts: Annotated[list[str] | None, Form()] = None,
    projects: Annotated[str, Form(max_length=1000)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    new = NewUser.model_construct(
        name=name,
        password=password,
        roles=_form_list(roles),
        districts=_form_list(districts),
        projects=_form_list(projects.split(",")),
        display_name=display_name.strip() or None,
    )
    return _form_outcome(request, lambda: _add(request, principal, new))


@router.post("/users/{name}/roles", response_class=HTMLResponse, include_in_schema=False)
def set_roles_form(
    request: Request,
    principal: Writer,
    name: str,
    roles: Annotated[list[str] | None, Form()] = None,
    districts: Annotated[list[str] | None, Form()] = None,
) -> Response:
    grants = Grants.model_construct(
        roles=_form_list(roles), districts=_form_list(districts), projects=None
    )
    return _form_outcome(request, lambda: _grant(request, principal, name, grants))


@router.post("/users/{name}/disable", response_class=HTMLResponse, include_in_schema=False)
def disable_form(request: Request, principal: Writer, name: str) -> Response:
    return _form_outcome(request, lambda: _disable(request, principal, name))


@router.post("/users/{name}/tokens", response_class=HTMLResponse, include_in_schema=False)
def create_token_form(
    request: Request,
    principal: TokenWriter,
    name: str,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        made = _token(request, principal, name, label)
    except InputError as exc:
        return _page(request, errors=_problems(exc), status_code=422)
    page = _page(request, new_token=made, token_user=name, status_code=201)
    page.headers["Cache-Control"] = "no-store"  # the token, this once
    return page


@router.post(
    "/users/{name}/tokens/{prefix}/revoke", response_class=HTMLResponse, include_in_schema=False
)
def revoke_token_form(request: Request, principal: TokenWriter, name: str, prefix: str) -> Response:
    return _form_outcome(request, lambda: _revoke(request, principal, name, prefix))
