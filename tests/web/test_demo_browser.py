"""The demo platform in a real browser: ``peakzero demo`` serving its database, a district
officer of 海淀 signs in with the printed password and sees 海淀's tasks and dataset, none of
朝阳's, and the illustrative label on each page that shows the demo's records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from peakzero.demo.process import RunningDemo, running_demo

from .conftest import Screenshot  # noqa: TID252

pytestmark = pytest.mark.browser

HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDemo]:
    folder = tmp_path_factory.mktemp("demo")
    env = {"PEAKZERO_DATA_DIR": str(folder / "data"), "PEAKZERO_OVERVIEW_RUNS": "20"}
    with running_demo(folder, env=env) as running:
        yield running


def test_a_haidian_officer_sees_haidian_only_and_the_label(
    page: Page, demo: RunningDemo, console_problems: list[str], screenshot: Screenshot
) -> None:
    page.goto(demo.base + "/login?lang=en&next=/programme")
    page.fill("#login-name", "demo-haidian")
    page.fill("#login-password", demo.passwords["demo-haidian"])
    page.click("#login-submit")
    page.goto(demo.base + "/programme?lang=en")
    expect(page.locator("#illustrative-banner")).to_be_visible()
    tasks = page.locator("a.task-link")
    expect(tasks.filter(has_text="High-voltage high-power")).to_have_count(1)  # 海淀's
    expect(tasks.filter(has_text="Green buildings")).to_have_count(0)  # 朝阳's
    expect(page.locator("#calls")).to_contain_text("demo-call-h2")
    screenshot(page, "demo-programme-en")  # the banner and 海淀's tasks on the first screen

    page.goto(demo.base + "/programme/tasks/energy_internet?lang=en")
    expect(page.locator("#illustrative-banner")).to_be_visible()
    page.goto(demo.base + "/inventory?lang=zh_CN")
    expect(page.locator("#illustrative-banner")).to_be_visible()
    datasets = page.locator("#datasets-table")
    expect(datasets).to_contain_text(HAIDIAN)
    expect(datasets).not_to_contain_text(CHAOYANG)
    expect(datasets.locator(".illustrative-tag")).to_have_count(1)
    assert console_problems == []
    # Last (the browser logs the 404): 朝阳's task by its address is not found.
    crafted = page.goto(demo.base + "/programme/tasks/green_buildings?lang=en")
    assert crafted is not None and crafted.status == 404
    expect(page.locator("body")).not_to_contain_text("Green buildings")
