"""The Pathway explorer in a real browser: moving a slider redraws the CO2 chart and changes the
2030 value and the peak year, with nothing refused by the Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_moving_a_slider_changes_the_2030_value_and_the_peak_year(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    console_problems: list[str],
    screenshot: Screenshot,
) -> None:
    problems = console_problems
    name, password = browser_user
    page.goto(live_server + "/login?lang=en")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("#signed-in-as")).to_have_text(name)
    page.goto(live_server + "/pathways?scenario=baseline&lang=en")
    expect(page.locator("h1")).to_have_text("Pathway explorer")
    chart = page.locator("#co2-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart.locator("svg path").first).to_be_attached()
    before = chart.get_attribute("data-value2030")
    peak = page.locator("#peak-year").inner_text()
    value = page.locator("#value-2030").inner_text()
    assert peak == "2045" and before is not None
    # Nothing moved yet: the links carry no lever (a slider snapped to its step is not "moved").
    assert "lever=" not in (page.locator("#download-yaml").get_attribute("href") or "")

    slider = page.locator("#lever-ccus_mt")
    slider.evaluate(
        "(input) => { input.value = input.max; input.dispatchEvent(new Event('input')); }"
    )
    expect(chart).not_to_have_attribute("data-value2030", before)
    expect(page.locator("#peak-year")).not_to_have_text(peak)
    assert page.locator("#value-2030").inner_text() != value
    assert float(chart.get_attribute("data-value2030") or 0) < float(before) - 10
    assert "ccus_mt%3D40" in (page.locator("#download-yaml").get_attribute("href") or "")
    tip = page.locator("#lever-ccus_mt").locator("xpath=..").get_attribute("title") or ""
    assert "Unit:" in tip and "source:" in tip and "status:" in tip
    page.click("#run-ensemble")
    expect(page.locator("#ensemble-result")).to_have_attribute("data-ready", "true")
    assert "P(peak by 2030)" in page.locator("#ensemble-result").inner_text()
    # The whole explorer is six screens long: its first screen, and the charts as a panel.
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "pathways-en")
    screenshot(page.locator("#charts"), "pathways-charts-en")
    assert problems == []
