"""The Monitoring page's form in a real browser: without aviation, from/to months — the charts
follow the choice (read from the JSON twin with the same query), with no console or CSP error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_choose_view_and_period(
    page: Page, live_server: str, browser_user: tuple[str, str], console_problems: list[str]
) -> None:
    name, password = browser_user
    page.goto(live_server + "/login?lang=en&next=/monitoring")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.goto(live_server + "/monitoring?lang=en")
    page.select_option("#aviation", "false")
    page.select_option("#year", index=0)  # a year with monitored days besides aviation's
    page.click("#choice button[type=submit]")
    expect(page.locator("#aviation")).to_have_value("false")
    year = page.locator("#year").input_value()
    page.fill("#from", f"{year}-03")
    page.fill("#to", f"{year}-05")
    page.click("#choice button[type=submit]")
    expect(page.locator("#view-statement")).to_contain_text("without aviation")
    expect(page.locator("#from")).to_have_value(f"{year}-03")
    for chart in ("#daily-chart", "#monthly-chart"):
        expect(page.locator(chart)).to_have_attribute("data-ready", "true")
        url = page.locator(chart).get_attribute("data-url") or ""
        assert "aviation=false" in url and f"from={year}-03-01&to={year}-05-31" in url
    page.select_option("#view", "scope1+2")
    page.click("#choice button[type=submit]")
    expect(page.locator("#unavailable")).to_contain_text("electricity")
    assert console_problems == []
