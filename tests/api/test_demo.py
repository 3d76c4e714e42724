"""The demo database on the platform: every page, JSON twin and export that shows its
illustrative records says so, and a district officer of 海淀 sees 海淀's tasks and dataset but
none of 朝阳's."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from peakzero.accounts import create_token
from peakzero.api import create_app
from peakzero.demo import ILLUSTRATIVE
from peakzero.demo.accounts import CHAOYANG, HAIDIAN
from peakzero.demo.illustrative import DATASET_NAME, DISTRICT_TASKS
from peakzero.demo.seed import seed_demo
from peakzero.settings import Settings

Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
BANNER = 'id="illustrative-banner"'


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("demo")
    seeded = seed_demo(folder, "127.0.0.1")
    return create_app(settings_for(folder, database_url=seeded.url))


@pytest.fixture(scope="module")
def tokens(demo: FastAPI) -> dict[str, dict[str, str]]:
    """A bearer header per demo account used here."""
    with demo.state.store.session() as db:
        return {
            name: {"Authorization": f"Bearer {create_token(db, name, who='test').token}"}
            for name in ("demo-haidian", "demo-programme-manager", "demo-viewer")
        }


def _tasks(view: dict[str, object]) -> set[str]:
    areas = view["areas"]
    assert isinstance(areas, list)
    return {t["code"] for area in areas for t in area["tasks"]}


def test_the_programme_says_it_holds_illustrative_records(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    headers = tokens["demo-programme-manager"]
    view = call(demo, "GET", "/api/v1/programme", headers=headers).json()
    assert view["illustrative"] is True
    assert view["calls"] and view["races"]
    assert {"on_track", "off_track"} <= {k for k, v in view["status_counts"].items() if v}
    page = call(demo, "GET", "/programme?lang=en", headers=headers)
    assert page.status_code == 200 and BANNER in page.text and "Illustrative" in page.text
    zh = call(demo, "GET", "/programme?lang=zh_CN", headers=headers).text
    assert BANNER in zh


def test_the_task_page_and_its_twin_say_so(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    headers = tokens["demo-haidian"]
    view = call(demo, "GET", "/api/v1/programme/tasks/energy_internet", headers=headers).json()
    assert view["illustrative"] is True
    assert all(a["source"] == ILLUSTRATIVE for k in view["kpis"] for a in k["actuals"])
    assert view["milestones"] and view["readiness"]
    page = call(demo, "GET", "/programme/tasks/energy_internet", headers=headers)
    assert page.status_code == 200 and BANNER in page.text


def test_the_excel_export_heads_its_readme_with_the_label(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    answer = call(demo, "GET", "/api/v1/programme/export.xlsx", headers=tokens["demo-haidian"])
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert "ILLUSTRATIVE" in str(book["README"]["A1"].value)
    sheet = book["programme"]
    headers = [c.value for c in sheet[2]]
    assert ILLUSTRATIVE in str(sheet.cell(3, headers.index("source") + 1).value)


def test_a_district_officer_sees_their_district_only(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    headers = tokens["demo-haidian"]
    seen = _tasks(call(demo, "GET", "/api/v1/programme", headers=headers).json())
    own = {t for t, r in DISTRICT_TASKS.items() if r == HAIDIAN}
    other = {t for t, r in DISTRICT_TASKS.items() if r == CHAOYANG}
    assert own <= seen and not other & seen
    crafted = call(demo, "GET", f"/api/v1/programme/tasks/{min(other)}", headers=headers)
    assert crafted.status_code == 404
    inventory = call(demo, "GET", "/api/v1/inventory", headers=headers).json()
    assert {d["region"] for d in inventory["datasets"]} == {HAIDIAN}
    assert inventory["illustrative"] is True
    assert all(d["illustrative"] for d in inventory["datasets"])


def test_the_inventory_page_and_download_say_so(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    headers = tokens["demo-haidian"]
    query = {"region": HAIDIAN, "name": DATASET_NAME}
    page = call(demo, "GET", "/inventory", params=query, headers=headers)
    assert page.status_code == 200 and BANNER in page.text and "illustrative-tag" in page.text
    xlsx = call(demo, "GET", "/api/v1/inventory/download", params={**query, "format": "xlsx"},
                headers=headers)  # fmt: skip
    assert xlsx.status_code == 200, xlsx.text
    sheet = load_workbook(io.BytesIO(xlsx.content))["settings"]
    rows = {str(r[0]): r[1] for r in sheet.iter_rows(values_only=True)}
    assert ILLUSTRATIVE in str(rows["illustrative"])
    ceads = call(demo, "GET", "/api/v1/inventory", headers=tokens["demo-viewer"]).json()
    assert ceads["datasets"] == [] and ceads["illustrative"] is False  # the city's: none


def test_the_audit_page_says_its_seeding_is_illustrative(
    demo: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    headers = tokens["demo-programme-manager"]
    view = call(demo, "GET", "/api/v1/audit", params={"who": "peakzero-demo"}, headers=headers)
    assert view.status_code == 200 and view.json()["illustrative"] is True
    assert BANNER in call(demo, "GET", "/audit", headers=headers).text
    mine = call(demo, "GET", "/api/v1/audit", params={"who": "test"}, headers=headers).json()
    assert mine["entries"] and mine["illustrative"] is False  # the tokens made here
