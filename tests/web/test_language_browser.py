"""The language switch in a real browser: a signed-in user's choice is kept on the account, so
signing in again (even from a browser without the language cookie) opens the pages in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _sign_in(page: Page, base: str, name: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("#signed-in-as")).to_have_text(name)


def test_the_chosen_language_comes_back_at_sign_in(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    console_problems: list[str],
    forget_language: Callable[[Page, str], None],
) -> None:
    name, password = browser_user
    _sign_in(page, live_server, name, password)
    expect(page.locator("h1")).to_have_text("总览")
    try:
        page.click("#lang-en")
        expect(page.locator("h1")).to_have_text("Overview")
        page.click("#logout")
        expect(page.locator("#login-submit")).to_be_visible()
        page.context.clear_cookies()  # another browser: only the account remembers
        _sign_in(page, live_server, name, password)
        expect(page.locator("h1")).to_have_text("Overview")
        expect(page.locator("#lang-en")).to_have_attribute("aria-current", "true")
    finally:
        forget_language(page, live_server)  # the shared account as the other tests expect it
    assert console_problems == []
