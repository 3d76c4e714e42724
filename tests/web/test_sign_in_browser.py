"""Signing in and out in a real browser: the form, the user's name in the header, the session
ended by the sign-out button (its CSRF token travels in the form)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_a_user_signs_in_and_out(
    page: Page, live_server: str, browser_user: tuple[str, str], screenshot: Screenshot
) -> None:
    name, password = browser_user
    page.goto(live_server + "/login?lang=en")
    screenshot(page, "sign-in-en")
    page.fill("#login-name", name)
    page.fill("#login-password", "not the password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_be_visible()
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("#signed-in-as")).to_have_text(name)
    expect(page.locator("h1")).to_have_text("Overview")
    me = page.request.get(live_server + "/api/v1/me").json()
    assert me["districts"] == ["CN-BJ-110108"]
    page.click("#logout")
    expect(page.locator("#login-submit")).to_be_visible()
    assert page.request.get(live_server + "/api/v1/me").status == 401
