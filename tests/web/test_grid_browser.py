"""The Grid page in a real browser: a modeller starts a one-week run, watches its row reach done
(htmx polls the row while it runs), opens it and sees the dispatch chart. A server of its own,
whose database holds a modeller, running its grid jobs on the default local Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

# The live server's helpers (tests/ is no package, so conftest is reached relatively).
from .conftest import Screenshot, serving  # noqa: TID252

pytestmark = pytest.mark.browser
MODELLER = ("modeller", "correct horse battery staple")
RUN_TIMEOUT = 600_000  # ms: the worker starts, builds and solves a week (seconds when idle)


@pytest.fixture(scope="module")
def grid_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("grid-browser")
    with serving(folder, (MODELLER[0], MODELLER[1], ["modeller"])) as base:
        yield base


def test_a_modeller_starts_a_run_watches_it_finish_and_sees_its_dispatch(
    page: Page, grid_server: str, console_problems: list[str], screenshot: Screenshot
) -> None:
    page.goto(grid_server + "/login?lang=en&next=/grid")
    page.fill("#login-name", MODELLER[0])
    page.fill("#login-password", MODELLER[1])
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Grid")
    expect(page.locator("#grid-empty")).to_be_visible()
    page.select_option("#run-resolution", "window")  # the winter week from hour 312
    page.click("#run-start")
    row = page.locator("tr.grid-run").first
    expect(row).to_have_attribute("data-status", "done", timeout=RUN_TIMEOUT)
    screenshot(page, "grid-en")
    row.locator("a.run-link").click()
    expect(page.locator("#system-cost")).to_contain_text("bn CNY/yr")
    chart = page.locator(".dispatch-chart").first
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart).to_have_attribute("data-points", "168")
    expect(chart.locator("svg")).to_be_visible()
    screenshot(page, "grid-run-en", full_page=True)  # the dispatch weeks are below the fold
    page.goto(grid_server + "/grid?lang=zh_CN")  # the listing in Chinese
    expect(page.locator("tr.grid-run .run-status").first).to_contain_text("已完成")
    assert console_problems == []
