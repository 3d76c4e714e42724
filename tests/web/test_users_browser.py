"""The Users page in a real browser: the administrator adds an account (the form posts its CSRF
token) and sees it listed. A server of its own, whose database holds an administrator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

# The live server's helpers (tests/ is no package, so conftest is reached relatively).
from .conftest import Screenshot, serving  # noqa: TID252

pytestmark = pytest.mark.browser
ADMIN = ("root", "correct horse battery staple")


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("users-browser")
    with serving(folder, (ADMIN[0], ADMIN[1], ["admin"])) as base:
        yield base


def test_the_administrator_adds_a_user_and_sees_it_listed(
    page: Page, admin_server: str, screenshot: Screenshot
) -> None:
    page.goto(admin_server + "/login?lang=en&next=/users")
    page.fill("#login-name", ADMIN[0])
    page.fill("#login-password", ADMIN[1])
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Users")
    page.fill("#new-name", "haidian-2")
    page.fill("#new-display-name", "海淀区发改委")
    page.fill("#new-password", "another long pass phrase")
    page.check("#new-role-district_officer")
    page.select_option("#new-districts", "CN-BJ-110108")
    page.click("#add-user-submit")
    row = page.locator('tr[data-user="haidian-2"]')
    expect(row).to_contain_text("District officer")
    expect(row).to_contain_text("Haidian")
    listed = page.request.get(admin_server + "/api/v1/users").json()
    added = next(u for u in listed["users"] if u["name"] == "haidian-2")
    assert added["districts"] == ["CN-BJ-110108"] and added["display_name"] == "海淀区发改委"
    screenshot(page, "users-en")
    page.goto(admin_server + "/audit?entity=users")
    expect(page.locator("#audit-entries")).to_contain_text("haidian-2")
    screenshot(page, "audit-en")
