"""Browser tests: Playwright drives Debian's Chromium (never a downloaded one) against a live
uvicorn server on 127.0.0.1.

The browser comes from ONE setting, ``PEAKZERO_CHROMIUM`` (e.g. ``/usr/bin/chromium``), passed
to Playwright as ``executable_path``. Unset, the tests skip with a message — unless
``PEAKZERO_REQUIRE_BROWSER=1`` (CI sets it in .ci/run), where they fail instead.

The tests save a screenshot of each page they show (the ``screenshot`` fixture) into
``build/screenshots``, or into the folder ``PEAKZERO_SCREENSHOTS`` names (relative to the
repository): ``make screenshots`` sets it to ``docs/images/platform``, the pictures of the user
guide (docs/platform/guide.md) and of the README.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page

CHROMIUM = "PEAKZERO_CHROMIUM"
REQUIRE = "PEAKZERO_REQUIRE_BROWSER"
SCREENSHOTS = "PEAKZERO_SCREENSHOTS"
REPOSITORY = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0
"""Seconds for the server to answer and compute the overview (a few on an idle machine)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: the sync Playwright API leaves an event loop running in the main
    thread for the rest of the session, which other tests' ``asyncio.run`` cannot share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _chromium() -> str:
    path = os.environ.get(CHROMIUM, "")
    if path and Path(path).exists():
        return path
    message = (
        f"browser tests need ${CHROMIUM}, the path of a Chromium executable "
        f"(apt-get install --no-install-recommends chromium fonts-noto-cjk; "
        f"{CHROMIUM}=/usr/bin/chromium); got {path!r}"
    )
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message} and {REQUIRE}=1 forbids skipping", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": _chromium()}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(folder: Path, account: tuple[str, str, list[str]] | None = None) -> Iterator[str]:
    """``peakzero``'s app under uvicorn on a free loopback port over the data folder ``folder``
    (with ``account`` = (name, password, roles) added first); its base URL until the block ends.
    The app's shutdown closes what it started (the grid's local Dask cluster)."""
    _chromium()  # skip (or fail) before starting a server for nothing
    if account is not None:
        from peakzero.accounts import add_user
        from peakzero.store.database import open_session

        with open_session(f"sqlite:///{folder / 'peakzero.db'}", migrate=True) as db:
            add_user(db, account[0], account[1], account[2], who="test")
    port = _free_port()
    env = {**os.environ, "PEAKZERO_DATA_DIR": str(folder), "PEAKZERO_OVERVIEW_RUNS": "20"}
    command = [
        sys.executable, "-m", "uvicorn", "peakzero.api.app:serve_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(server, base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The platform with the browser tests' account (:data:`USER`); its base URL."""
    _chromium()
    folder = tmp_path_factory.mktemp("platform")
    _add_user(folder)
    with serving(folder) as base:
        yield base


USER = ("haidian", "correct horse battery staple")
"""The account the browser tests sign in with: a district officer of 海淀 (110108)."""


@pytest.fixture(scope="session")
def browser_user() -> tuple[str, str]:
    """The name and password of the account the live server knows."""
    return USER


def _add_user(folder: Path) -> None:
    """The tests' account, in the database the server will open (its data folder's file)."""
    from peakzero.accounts import add_user
    from peakzero.store.database import open_session

    with open_session(f"sqlite:///{folder / 'peakzero.db'}", migrate=True) as db:
        add_user(db, USER[0], USER[1], ["district_officer"], who="test", districts=["CN-BJ-110108"])


def _wait_until_ready(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            # Waits for the overview the server warms at start: the pages answer at once after.
            if httpx.get(base + "/api/v1/overview", timeout=START_TIMEOUT).status_code == 200:
                return
        except httpx.TransportError:
            pass
        try:
            server.wait(timeout=0.1)  # the pause between tries; returns if the server died
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the server exited with status {server.returncode}", pytrace=False)
    pytest.fail(f"the server did not answer within {START_TIMEOUT} s", pytrace=False)


@pytest.fixture
def console_problems(page: Page) -> list[str]:
    """Every console error, CSP refusal and uncaught page error of ``page`` (a test asserts the
    list is empty at its end)."""
    problems: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


ForgetLanguage = Callable[[Page, str], None]


@pytest.fixture(scope="session")
def forget_language() -> ForgetLanguage:
    """``forget_language(page, base)``: forget the signed-in user's saved language (the tests
    share one account, and the header's switch keeps a choice on it)."""

    def forget(page: Page, base: str) -> None:
        headers = json.loads(page.locator("body").get_attribute("hx-headers") or "{}")
        answer = page.request.patch(
            base + "/api/v1/me/language", data={"language": None}, headers=headers
        )
        assert answer.ok, answer.text()

    return forget


Screenshot = Callable[..., None]
"""``screenshot(target, name, full_page=False)``: a page (or one element of it, a locator) as it
is now, saved as ``name``.png."""


@pytest.fixture(scope="session")
def screenshot() -> Screenshot:
    """Saves a page's picture where :data:`SCREENSHOTS` says (default build/screenshots), in the
    test's viewport (pytest-playwright's 1280 × 720); ``full_page`` for the pages whose point is
    below the fold; a locator for one panel of a long page (its box only). Small PNGs: they are
    committed for the guide."""
    folder = REPOSITORY / os.environ.get(SCREENSHOTS, "build/screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def save(target: Page | Locator, name: str, *, full_page: bool = False) -> None:
        path = str(folder / f"{name}.png")
        if isinstance(target, Locator):
            target.screenshot(path=path, animations="disabled")
        else:
            target.screenshot(path=path, full_page=full_page, animations="disabled")

    return save
