"""The Overview in a real browser: Chinese by default, English on a click, the chart drawn
from the JSON twin, and nothing refused by the Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_the_overview_renders_in_chinese_with_its_chart(
    page: Page, live_server: str, console_problems: list[str], screenshot: Screenshot
) -> None:
    problems = console_problems
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text("总览")
    expect(page.locator("#probabilities h2")).to_have_text("各情景2030年前达峰概率")
    chart = page.locator("#history-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    points = int(chart.get_attribute("data-points") or 0)
    history = page.request.get(live_server + "/api/v1/overview").json()["history"]
    assert points == len(history) > 10
    expect(chart.locator("svg path").first).to_be_attached()
    assert chart.locator("svg path").count() > 5  # axis, line, the peak's mark
    screenshot(page, "overview-zh", full_page=True)
    assert problems == []


def test_switching_to_english_is_kept(
    page: Page, live_server: str, console_problems: list[str], screenshot: Screenshot
) -> None:
    problems = console_problems
    page.goto(live_server + "/")
    page.click("#lang-en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator("#probabilities h2")).to_have_text("P(peak by 2030) per scenario")
    page.goto(live_server + "/")  # the cookie keeps the choice
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator("#history-chart")).to_have_attribute("data-ready", "true")
    screenshot(page, "overview-en")
    page.click("#lang-zh")
    expect(page.locator("h1")).to_have_text("总览")
    assert problems == []
