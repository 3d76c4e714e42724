"""Rendering a page: the Jinja2 environment (with the Babel catalogue of the request's locale)
and the response that keeps a ``?lang=`` choice in a cookie."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from peakzero.api.deps import LANG_COOKIE, get_locale
from peakzero.web import TEMPLATES_DIR
from peakzero.web.i18n import (
    LOCALES,
    format_day,
    format_number,
    format_share,
    html_lang,
    translations,
)

__all__ = ["NAV", "environment", "render"]


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue (translated when rendered, not here)."""
    return message


NAV: tuple[tuple[str, str, bool], ...] = (
    # (path, label msgid, served yet): pages of issue 12; the rest arrive with their parts.
    ("/", N_("Overview"), True),
    ("/inventory", N_("Inventory"), True),
    ("/pathways", N_("Pathway explorer"), True),
    ("/grid", N_("Grid"), True),
    ("/programme", N_("Programme"), True),
    ("/audit", N_("Audit"), True),
    ("/users", N_("Users"), True),
)
LANG_COOKIE_AGE = 365 * 24 * 3600


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context["translations"].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(context["translations"].ngettext(singular, plural, n))


@cache
def environment() -> Environment:
    """One environment per process; the catalogue is chosen per render (thread-safe)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def _signed_in(request: Request) -> str | None:
    """The signed-in user's name for the header (None: a visitor)."""
    info = getattr(request.state, "session_info", None)
    return None if info is None else str(info.principal.name)


def _csrf(request: Request) -> str:
    """The session's CSRF token for the page's forms and htmx requests ("" for a visitor)."""
    info = getattr(request.state, "session_info", None)
    return "" if info is None else str(info.csrf_token)


def render(
    request: Request, template: str, context: Mapping[str, Any], status_code: int = 200
) -> HTMLResponse:
    """``template`` rendered in the request's locale with the base layout's variables."""
    locale = get_locale(request)
    values = {
        "request": request,
        "locale": locale,
        "lang": html_lang(locale),
        "locales": LOCALES,
        "translations": translations(locale),
        "nav": NAV,
        "path": request.url.path,
        "number": lambda v, digits=1: format_number(v, locale, digits),
        "share": lambda v, digits=0: format_share(v, locale, digits),
        "day": lambda v: format_day(v, locale),
        "user": _signed_in(request),
        "csrf_token": _csrf(request),
        **context,
    }
    html = environment().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") and request.cookies.get(LANG_COOKIE) != locale:
        response.set_cookie(
            LANG_COOKIE, locale, max_age=LANG_COOKIE_AGE, httponly=True, samesite="lax"
        )
    return response
