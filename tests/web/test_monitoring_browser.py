"""The Monitoring pages in a real browser: a 海淀 district officer uploads a small proxies file
with a missing month, sees the QA finding with the import, then sees the monitoring charts
render — with no console or CSP error."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser

HAIDIAN = "CN-BJ-110108"
GAPPED = "region,period,sector,proxy,value,unit\n" + "".join(
    f"{HAIDIAN},2024-{m:02d},II.1,fuel_sales,{100 + m},t\n" for m in range(1, 13) if m != 5
)


def test_upload_proxies_see_findings_and_charts(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    console_problems: list[str],
    tmp_path: Path,
    screenshot: Screenshot,
) -> None:
    name, password = browser_user
    page.goto(live_server + "/login?lang=en&next=/monitoring/imports")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.goto(live_server + "/monitoring/imports?lang=en")
    expect(page.locator("h1")).to_have_text("Proxy imports")

    proxies = tmp_path / "haidian fuel.csv"
    proxies.write_text(GAPPED, encoding="utf-8")
    page.select_option("#upload-region", HAIDIAN)
    page.set_input_files("#upload-file", str(proxies))
    page.click("#upload-submit")
    expect(page.locator("#upload-problems")).to_have_count(0)
    latest = page.locator("article.import").first
    expect(latest).to_contain_text("haidian fuel.csv")
    expect(latest.locator("table.findings")).to_contain_text("missing-dates")
    expect(latest.locator("table.findings")).to_contain_text("2024-05")
    screenshot(page, "monitoring-imports-en")

    page.goto(live_server + "/monitoring?lang=en")
    expect(page.locator("h1")).to_have_text("Monitoring")
    for chart in ("#daily-chart", "#monthly-chart", "#yoy-chart"):
        expect(page.locator(chart)).to_have_attribute("data-ready", "true")
        expect(page.locator(chart + " svg")).to_be_visible()
    screenshot(page, "monitoring-en", full_page=True)
    assert console_problems == []
