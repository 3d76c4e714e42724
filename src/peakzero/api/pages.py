"""Rendering a page: the Jinja2 environment (with the Babel catalogue of the request's locale)
and the response that keeps a ``?lang=`` choice in a cookie."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from peakzero.api.deps import ANONYMOUS, LANG_COOKIE, Principal, authorize, get_locale
from peakzero.web import TEMPLATES_DIR
from peakzero.web.i18n import (
    LOCALES,
    format_day,
    format_number,
    format_share,
    html_lang,
    translations,
)

__all__ = ["NAV", "NavEntry", "environment", "keep_language", "navigation", "render"]


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue (translated when rendered, not here)."""
    return message


class NavEntry(NamedTuple):
    """One entry of the header's navigation."""

    path: str
    label: str
    """Its msgid (translated when rendered)."""
    served: bool
    """Whether the page exists yet (else shown greyed out, "coming soon")."""
    capability: str
    """The policy resource whose ``read`` the page's route requires (``require(capability)``)."""


NAV: tuple[NavEntry, ...] = tuple(
    NavEntry(*entry)
    for entry in (
        # (path, label msgid, served yet, capability): pages of issue 12, in the header's order.
        ("/", N_("Overview"), True, "overview"),
        ("/inventory", N_("Inventory"), True, "inventory.city"),
        ("/pathways", N_("Pathway explorer"), True, "pathways.scenarios"),
        ("/grid", N_("Grid"), True, "grid.runs"),
        ("/programme", N_("Programme"), True, "programme.tasks"),
        ("/monitoring", N_("Monitoring"), True, "monitoring.results"),
        ("/audit", N_("Audit"), True, "audit"),
        ("/users", N_("Users"), True, "users"),
    )
)


def navigation(principal: Principal) -> tuple[NavEntry, ...]:
    """The entries of :data:`NAV` that ``principal`` may open, asked of the one policy function
    (:func:`peakzero.api.deps.authorize`), so that no template decides who sees what."""
    return tuple(entry for entry in NAV if authorize(principal, entry.capability, "read"))


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


def _principal(request: Request) -> Principal:
    """Who the page is rendered for (the visitor when no session was found)."""
    info = getattr(request.state, "session_info", None)
    return ANONYMOUS if info is None else info.principal


def _here(request: Request) -> str:
    """Where the language switch comes back to: this page without ``lang``; for a page that
    answers a form's post (which a GET cannot repeat), the section the form belongs to."""
    path = request.url.path
    if request.method != "GET":
        sections = [e.path for e in NAV if e.path != "/" and path.startswith(e.path)]
        return max(sections, key=len, default="/")
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return path + ("?" + query if query else "")


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
        "nav": navigation(_principal(request)),
        "here": _here(request),
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
        keep_language(response, locale)
    return response


def keep_language(response: Response, locale: str) -> None:
    """Keep ``locale`` in the browser's language cookie (a visitor's choice, or a signed-in
    user's saved one, so that the pages after signing out stay in it)."""
    response.set_cookie(LANG_COOKIE, locale, max_age=LANG_COOKIE_AGE, httponly=True, samesite="lax")
