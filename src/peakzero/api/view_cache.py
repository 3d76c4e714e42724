"""The platform pages' one cache: a built view, or a rendered page, kept until the store changes.

A page's view (the Inventory's accounting, the Programme read from the database and evaluated)
costs tens of milliseconds of CPU; with 50 users on two cores that queue was the page latency
(issue 12). Nothing a view shows changes unless the store does, and every write through the
platform adds rows to the audit log in its own transaction (``store/audit.py``,
``store/repository.py``, ``accounts/audit.py``), so the log's size is the store's revision: a
trigger keeps it in one row every worker reads with one query (:func:`revision`).

The key of an entry is, besides what the page was asked for (its query's choices):

- the store's revision (omitted by a view that reads no database, the Overview);
- the locale (the page's words and number formats, the views' names);
- the principal's SCOPE (:func:`scope`: roles, districts, projects — everything the access
  policy reads), never their name: a district officer of 海淀 never gets a view built for the
  city or for 朝阳, and two users with the same scope share one entry;
- for a page, its path and whole query string, and whether a session is signed in (the
  header's sign-out and language forms); the user's name and CSRF token are put into the
  cached HTML per request (:func:`cached_page`), so a page built for one user never shows another's.

Entries are bounded (least recently used first out, :data:`MAX_ENTRIES`), per app (two apps in
one process — tests — never share), and a view that fails (404, 422) is not kept. Concurrent
requests for a missing entry build it once; the others wait for it.

Not seen: a change that writes no audit row. Nothing on these pages is written that way: a
CEADs import (``peakzero inventory import-ceads``) writes a CSV file, and the packaged CEADs
data, factor sets and scenarios are read once per process anyway; stored evaluations and grid
runs' progress are not shown by these pages. A change made to the database by hand (SQL) is
seen after a restart or the next audited write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from typing import Any, TypeVar, cast

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from peakzero.api.deps import LANG_COOKIE, Principal, get_locale

__all__ = [
    "MAX_ENTRIES",
    "ViewCache",
    "cached_page",
    "cached_view",
    "revision",
    "scope",
    "view_cache",
]

T = TypeVar("T")
MAX_ENTRIES = 256
"""Entries kept per app: views of some 10-100 kB and pages of some 10 kB each, so a few MB at
most; an entry of an older revision is never asked for again and ages out first."""


class ViewCache:
    """A bounded, thread-safe map from a key to a built value, least recently used out first;
    a value missing is built once however many requests ask for it at the same time."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept under ``key``, else ``build()`` (kept unless it raises)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return cast("T", self._entries[key])
            self.misses += 1
            pending = self._building.get(key)
            mine = pending is None
            if pending is None:
                pending = self._building[key] = Future()
        if not mine:
            try:
                return cast("T", pending.result())
            except Exception:  # the builder's error: build (and raise) in this request too
                return build()
        try:
            value = build()
        except BaseException as error:
            with self._lock:
                del self._building[key]
            pending.set_exception(error)
            raise
        with self._lock:
            del self._building[key]
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        pending.set_result(value)
        return value


_APP_LOCK = threading.Lock()


def view_cache(request: Request) -> ViewCache:
    """The app's cache (made on first use: it belongs to the app, not to the process)."""
    state = request.app.state
    found: ViewCache | None = getattr(state, "view_cache", None)
    if found is None:
        with _APP_LOCK:
            found = getattr(state, "view_cache", None)
            if found is None:
                found = state.view_cache = ViewCache()
    return found


def revision(db: Session) -> tuple[int, ...]:
    """The store's revision: the number of audit rows, which grows with every audited write.

    Read from the one row of ``store_revision`` (migration 0012), which a trigger on the log
    adds to in the writing transaction, so it changes exactly when that transaction commits,
    in whatever order PostgreSQL's writers commit (a lower audit id may commit last, so the
    newest id would not do there, and counting the log grows with it): one primary-key read on
    both backends.
    """
    from peakzero.store.models import StoreRevisionRow

    found = db.execute(select(StoreRevisionRow.n).where(StoreRevisionRow.id == 1)).scalar_one()
    return (int(found),)


def scope(principal: Principal) -> tuple[tuple[str, ...], ...]:
    """What the access policy reads of ``principal`` (``accounts.visible``, ``authorize``):
    roles, districts and projects — not the name or id, which no view shows."""
    return (
        tuple(sorted(str(r) for r in principal.roles)),
        tuple(sorted(principal.districts)),
        tuple(sorted(principal.projects)),
    )


def cached_view(
    request: Request,
    principal: Principal,
    name: str,
    choices: Hashable,
    build: Callable[[], T],
    *,
    store: bool = True,
) -> T:
    """The view ``name`` for ``choices`` as ``principal``'s scope sees it in the request's
    locale, built by ``build()`` when the store changed since (``store=False``: a view that
    reads no database). The value is shared: callers never change it."""
    return view_cache(request).get(_view_key(request, principal, name, choices, store), build)


def _view_key(
    request: Request, principal: Principal, name: str, choices: Hashable, store: bool
) -> tuple[Hashable, ...]:
    # Read per call, not once per request: a request that writes (an import) then shows the
    # page must see its own change.
    found = None
    if store:
        with request.app.state.store.session() as db:
            found = revision(db)
    return (name, found, get_locale(request), scope(principal), choices)


# Marks rendered in place of the user's name and CSRF token, replaced per request (letters and
# digits only, so escaping leaves them as they are, as it leaves a token).
_USER = "peakzeroCachedUserNameMark7f3a"
_CSRF = "peakzeroCachedCsrfTokenMark9c1e"


def cached_page(
    request: Request,
    principal: Principal,
    name: str,
    choices: Hashable,
    page: Callable[[Mapping[str, Any]], HTMLResponse],
    *,
    store: bool = True,
) -> HTMLResponse:
    """The page ``name`` as :func:`cached_view` keeps a view, also keyed by its path, query and
    whether a session is signed in. ``page(marks)`` renders it (``api.pages.render``) with
    ``marks`` added to its context: the user's name and CSRF token are rendered as marks and
    put in per request. Only a 200 answer is kept."""
    info = getattr(request.state, "session_info", None)
    where = (request.url.path, request.url.query, info is not None)
    key = (*_view_key(request, principal, name, choices, store), "page", where)
    marks = {"user": _USER, "csrf_token": _CSRF} if info is not None else {}

    def build() -> str:
        response = page(marks)
        if response.status_code != 200:
            raise _Uncached(response)
        return bytes(response.body).decode()

    try:
        html = view_cache(request).get(key, build)
    except _Uncached as answer:
        return answer.response
    if info is not None:
        html = html.replace(_USER, str(escape(info.principal.name)))
        html = html.replace(_CSRF, str(escape(info.csrf_token)))
    response = HTMLResponse(html)
    locale = get_locale(request)
    if request.query_params.get("lang") and request.cookies.get(LANG_COOKIE) != locale:
        from peakzero.api.pages import keep_language  # as pages.render does

        keep_language(response, locale)
    return response


class _Uncached(Exception):
    """A page that answered other than 200: given back as it is, not kept."""

    def __init__(self, response: HTMLResponse) -> None:
        super().__init__(response.status_code)
        self.response = response
