"""Saved scenarios in a real browser: move a slider, "Save as…", open the share link in a fresh
page and see the same lever value and peak year; compare the saved version with its base."""

from __future__ import annotations

from uuid import uuid4

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_save_open_the_share_link_and_compare(
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
    chart = page.locator("#co2-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    before = chart.get_attribute("data-value2030") or ""
    peak = page.locator("#peak-year").inner_text()
    page.locator("#lever-ccus_mt").evaluate(
        "(input) => { input.value = input.max; input.dispatchEvent(new Event('input')); }"
    )
    expect(chart).not_to_have_attribute("data-value2030", before)
    expect(page.locator("#peak-year")).not_to_have_text(peak)
    moved_peak = page.locator("#peak-year").inner_text()
    moved_value = page.locator("#lever-ccus_mt").input_value()

    title = f"more CCUS {uuid4().hex[:6]}"
    page.fill("#save-name", title)
    page.fill("#save-note", "from the browser test")
    expect(page.locator("#save-region option")).to_have_count(1)  # 海淀 only
    page.click("#save-submit")
    result = page.locator("#save-result")
    expect(result).to_have_attribute("data-ready", "true")
    link = page.locator("#share-link").get_attribute("href") or ""
    assert link.startswith("/pathways/saved/") and link.endswith("/1")
    screenshot(page.locator("#save-as"), "pathways-save-en")

    shared = page.context.new_page()
    shared.on("pageerror", lambda error: problems.append(str(error)))
    shared.on("console", lambda m: problems.extend([m.text] if m.type == "error" else []))
    shared.goto(live_server + link + "?lang=en")
    expect(shared.locator("#saved-name")).to_have_text(title)
    expect(shared.locator("#co2-chart")).to_have_attribute("data-ready", "true")
    assert shared.locator("#lever-ccus_mt").input_value() == moved_value
    expect(shared.locator("#peak-year")).to_have_text(moved_peak)
    # The share page's own recompute sends the saved lever (its links carry it).
    assert "ccus_mt" in (shared.locator("#download-yaml").get_attribute("href") or "")
    screenshot(shared.locator("#saved-version"), "pathways-saved-en")

    shared.click("#saved-compare")
    compare = shared.locator("#compare-chart")
    expect(compare).to_have_attribute("data-ready", "true")
    expect(compare.locator("svg path").first).to_be_attached()
    expect(shared.locator("#peak-a")).to_have_text(peak)
    expect(shared.locator("#peak-b")).to_have_text(moved_peak)
    expect(shared.locator('#compare-levers tr[data-lever="ccus_mt"]')).to_have_count(1)
    screenshot(shared, "pathways-compare-en", full_page=True)
    assert problems == []
