"""One app per test session (the overview is computed once, with a small ensemble) and an
in-process httpx client over ASGI (no server, no network)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peakzero.api import create_app
from peakzero.settings import Settings

OVERVIEW_RUNS = 20
"""Enough draws for the tests' checks (a probability between 0 and 1 per scenario)."""


def make_settings(data_dir: Path, **changes: Any) -> Settings:
    return Settings(data_dir=data_dir, overview_runs=OVERVIEW_RUNS, **changes)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(make_settings(tmp_path_factory.mktemp("platform")))


Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]


@pytest.fixture(scope="session")
def settings_for() -> Settle:
    """Settings for a data folder, the tests' small ensemble and ``changes``."""
    return make_settings


@pytest.fixture(scope="session")
def call() -> Call:
    """``call(app, method, path, raise_errors=True, **httpx_kwargs)``."""
    return _call


def _call(
    app: FastAPI, method: str, path: str, raise_errors: bool = True, **kwargs: Any
) -> httpx.Response:
    """One request to ``app`` through httpx's ASGI transport."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_errors)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.request(method, path, **kwargs)

    # In a thread of its own: a test may run while another loop is running in this thread (the
    # sync Playwright API keeps one for the rest of the session).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


def bearer(app: FastAPI, name: str) -> dict[str, str]:
    """The Authorization header of a fresh API token of user ``name``."""
    from peakzero.accounts import create_token

    with app.state.store.session() as db:
        return {"Authorization": f"Bearer {create_token(db, name, who='test').token}"}


def signed_in(
    call: Call, app: FastAPI, name: str, password: str, page: str = "/"
) -> tuple[dict[str, str], str]:
    """A browser signed in as ``name`` through the login form: its Cookie header and the
    session's CSRF token, read from the forms of ``page``."""
    import re

    from peakzero.api.deps import SESSION_COOKIE
    from peakzero.api.routes.auth import LOGIN_COOKIE

    login = call(app, "GET", "/login").cookies[LOGIN_COOKIE]
    answer = call(
        app,
        "POST",
        "/login",
        data={"name": name, "password": password, "login_token": login, "next": "/"},
        headers={"Cookie": f"{LOGIN_COOKIE}={login}"},
    )
    cookie = {"Cookie": f"{SESSION_COOKIE}={answer.cookies[SESSION_COOKIE]}"}
    found = re.search(
        r'name="csrf_token" value="([^"]+)"', call(app, "GET", page, headers=cookie).text
    )
    assert found is not None, f"no CSRF token on {page}"
    return cookie, found.group(1)
