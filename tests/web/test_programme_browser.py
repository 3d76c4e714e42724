"""The Programme in a real browser: sign in, open a task page from the list, with nothing
refused by the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_a_task_page_opens_from_the_list(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    console_problems: list[str],
    forget_language: Callable[[Page, str], None],
    screenshot: Screenshot,
) -> None:
    problems = console_problems
    name, password = browser_user
    page.goto(live_server + "/login?next=/programme")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("科技专项")
    screenshot(page, "programme-zh")
    link = page.locator("a.task-link").first
    title = link.inner_text()
    link.click()
    expect(page.locator("#task-name")).to_have_text(title)
    assert "/programme/tasks/" in page.url
    expect(page.locator("#task-status")).to_have_text("无数据")
    page.click("#lang-en")
    expect(page.locator("#milestones h2")).to_have_text("Milestones")
    screenshot(page, "programme-task-en")
    forget_language(page, live_server)  # the switch is kept on the shared account
    assert problems == []
