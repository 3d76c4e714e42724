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
