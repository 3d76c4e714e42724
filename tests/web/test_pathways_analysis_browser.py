"""The explorer's wedges and cost curve in a real browser: opening the explorer draws both charts
with their captions; moving a slider redraws them, and changing the cost basis says so in the
caption, in English and Chinese, with nothing refused by the Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser


def test_moving_a_slider_redraws_the_wedges_and_the_macc_with_their_captions(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    console_problems: list[str],
    screenshot: Screenshot,
) -> None:
    name, password = browser_user
    page.goto(live_server + "/login?lang=en")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page.locator("#signed-in-as")).to_have_text(name)
    page.goto(live_server + "/pathways?scenario=plan&lang=en")
    wedges, macc = page.locator("#wedge-chart"), page.locator("#macc-chart")
    expect(wedges).to_have_attribute("data-ready", "true")
    expect(macc).to_have_attribute("data-ready", "true")
    caption = page.locator("#wedge-caption")
    expect(caption).to_contain_text("Frozen")  # the reference: the frozen-technology baseline
    expect(caption).to_contain_text("assessment boundary")
    expect(caption).to_contain_text("40 sampled orders")
    before = caption.inner_text()

    slider = page.locator("#lever-ccus_mt")
    slider.evaluate(
        "(input) => { input.value = input.max; input.dispatchEvent(new Event('input')); }"
    )
    expect(caption).not_to_have_text(before)
    expect(wedges.locator("svg path").first).to_be_attached()
    expect(macc.locator("svg path").first).to_be_attached()
    macc_caption = page.locator("#macc-caption")
    expect(macc_caption).to_contain_text("territorial boundary")
    expect(macc_caption).to_contain_text("resource costs")
    expect(page.locator("#macc-not-abating li").first).to_contain_text("does not abate")

    page.select_option("#analysis-basis", "paid")
    expect(macc).to_have_attribute("data-basis", "paid")
    expect(macc_caption).to_contain_text("as-paid costs")
    expect(page.locator("#analysis-error")).to_have_text("")
    screenshot(page.locator("#analysis"), "pathways-analysis-en")  # the panel, not the long page
    # In Chinese: the captions name the boundary and the sampled orders in the page's language.
    page.goto(live_server + "/pathways?scenario=plan&lang=zh_CN")
    expect(page.locator("#wedge-caption")).to_contain_text("考核口径")
    expect(page.locator("#macc-caption")).to_contain_text("资源成本")
    # ... and so do the reasons a bar is listed apart or without a cost (were English).
    apart = page.locator("#macc-not-abating li .macc-reason").first
    expect(apart).to_contain_text("年无减排")
    expect(apart).to_have_attribute("data-codes", re.compile(r"^not_abating_in_year"))
    expect(page.locator("#macc-not-abating")).not_to_contain_text("does not abate")
    expect(page.locator("#macc-unpriced")).to_contain_text("投资未定价")
    expect(page.locator("#macc-unpriced")).not_to_contain_text("investment not priced")
    assert console_problems == []
