"""The Inventory page in a real browser: a district officer uploads a bad activity file and
sees every problem (nothing stored), then a good one and sees it listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser

HAIDIAN = "CN-BJ-110108"
BAD = (
    "region,year,sector,fuel,value,unit\n"
    f"{HAIDIAN},2019,EB46,unobtainium,1000,TJ\n"
    f"{HAIDIAN},2020,EB46,natural_gas,-5,TJ\n"
)
GOOD = (
    "region,year,sector,fuel,value,unit\n"
    f"{HAIDIAN},2019,EB46,natural_gas,1000,TJ\n"
    f"{HAIDIAN},2020,EB46,natural_gas,900,TJ\n"
)


def test_upload_a_bad_file_then_a_good_one(
    page: Page,
    live_server: str,
    browser_user: tuple[str, str],
    tmp_path: Path,
    screenshot: Screenshot,
) -> None:
    name, password = browser_user
    page.goto(live_server + "/login?lang=en&next=/inventory")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.goto(live_server + "/inventory?lang=en")
    expect(page.locator("h1")).to_have_text("Inventory")
    expect(page.locator("#history-chart svg")).to_be_visible()

    bad, good = tmp_path / "bad.csv", tmp_path / "haidian gas.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    page.fill("#upload-name", "browser gas")
    page.select_option("#upload-region", HAIDIAN)
    page.set_input_files("#upload-file", str(bad))
    page.click("#upload-submit")
    problems = page.locator("#upload-problems")
    expect(problems).to_contain_text("nothing was stored")
    expect(problems).to_contain_text("unobtainium")
    expect(problems).to_contain_text("-5")
    expect(problems.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#datasets-table")).to_have_count(0)

    page.set_input_files("#upload-file", str(good))
    page.click("#upload-submit")
    expect(page.locator("#upload-problems")).to_have_count(0)
    expect(page.locator("h2").first).to_contain_text("browser gas")
    expect(page.locator("#datasets-table")).to_contain_text("browser gas")
    expect(page.locator("#datasets-table")).to_contain_text(HAIDIAN)
    screenshot(page, "inventory-en")
