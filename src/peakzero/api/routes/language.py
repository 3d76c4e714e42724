"""The user's language: the header's switch (``POST /language``, a form) and its JSON twin
(``PATCH`` or ``POST /api/v1/me/language``), both through the one view :func:`choose_language`.

A signed-in user's choice is kept on their account (audited in the same transaction) and applies
whenever they sign in; a visitor's stays in the cookie that ``?lang=`` sets (pages.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from peakzero.api.deps import SESSION_CAPABILITY, Principal, require
from peakzero.api.pages import keep_language
from peakzero.api.problems import problem_schema
from peakzero.api.routes.auth import Me, me_view, safe_next

__all__ = ["LanguageChoice", "choose_language", "router"]

router = APIRouter()
Writer = Annotated[Principal, Depends(require(SESSION_CAPABILITY, "write"))]
Language = Literal["zh_CN", "en"]
"""The platform's locales (peakzero.web.i18n.LOCALES; a test keeps them equal)."""


class LanguageChoice(BaseModel):
    """The language to keep for the signed-in user (null forgets the choice: the browser's
    cookie, else the default, applies again)."""

    language: Language | None = Field(description="zh_CN or en; null forgets the choice")


def choose_language(request: Request, principal: Principal, language: Language | None) -> Me:
    """THE view: keep ``language`` on the user's account (audited) and show the account."""
    from peakzero.accounts import set_language

    with request.app.state.store.session() as db:
        set_language(db, principal.name, language, who=principal.name)
    return me_view(request, principal)


TWIN = "/api/v1/me/language"
ANSWERS: dict[str, Any] = {
    "response_model": Me,
    "tags": ["session"],
    # 400: a body that is not JSON; 403: a browser session's write without its CSRF token
    "responses": {status: {"content": problem_schema()} for status in (400, 403, 422)},
}


@router.patch(TWIN, summary="Keep your language (zh_CN or en) on your account", **ANSWERS)
@router.post(TWIN, summary="The same as PATCH (for clients that only POST)", **ANSWERS)
def language_json(request: Request, principal: Writer, choice: LanguageChoice) -> Me:
    return choose_language(request, principal, choice.language)


@router.post("/language", include_in_schema=False)
def language_form(
    request: Request,
    principal: Writer,
    language: Annotated[Language, Form()],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    choose_language(request, principal, language)
    response = RedirectResponse(safe_next(next), status_code=303)
    keep_language(response, language)
    return response
