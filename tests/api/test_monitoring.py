"""The Monitoring pages and their JSON twins: the chart data by sector with the band, the
nowcast against the plan and the targets; proxy imports in scope (海淀 uploads for 海淀, not for
朝阳, and cannot see 朝阳's import by list or id); a viewer reads but cannot upload; a bad file
is 422 with every problem and nothing stored; 413 over the body limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user
from peakzero.api import create_app
from peakzero.settings import Settings
from peakzero.store.monitoring import list_imports

from .conftest import bearer, signed_in  # noqa: TID252

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
GOOD = "region,period,sector,proxy,value,unit\n" + "".join(
    f"{{r}},2024-{m:02d},II.1,fuel_sales,{100 + m},t\n" for m in range(1, 13)
)
BAD = (
    "region,period,sector,proxy,value,unit\n"
    f"{HAIDIAN},2024-13,II.1,fuel_sales,100,t\n"
    f"{HAIDIAN},2024-02,II.1,unobtainium,abc,t\n"
)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("monitoring")
    app = create_app(settings_for(folder, max_body_bytes=20_000))
    with app.state.store.session() as db:
        add_user(db, "haidian", PASSWORD, ["district_officer"], who="test", districts=[HAIDIAN])
        add_user(db, "chaoyang", PASSWORD, ["district_officer"], who="test", districts=[CHAOYANG])
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
        add_user(db, "guest", PASSWORD, ["viewer"], who="test")
    return app


def _files(name: str, text: str) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, text.encode("utf-8"), "text/csv")}


def _upload(call: Call, app: FastAPI, who: str, region: str, text: str) -> httpx.Response:
    return call(
        app,
        "POST",
        "/api/v1/monitoring/imports",
        data={"region": region},
        files=_files("proxies.csv", text),
        headers=bearer(app, who),
    )


def test_city_series_with_band_nowcast_pathway_and_targets(call: Call, platform: FastAPI) -> None:
    view = call(platform, "GET", "/api/v1/monitoring", headers=bearer(platform, "planner")).json()
    assert view["region"] == "CN-BJ" and HAIDIAN in view["regions"]
    assert view["years"] and view["year"] == view["years"][-1]
    assert view["daily"] and view["monthly"]
    month = view["monthly"][0]["points"][0]
    assert set(month) == {"period", "value", "low", "high"}
    assert len(view["year_on_year"]) == 12
    assert view["pathway"]["scenario"] == "plan" and view["pathway"]["value"] > 0
    assert {t["year"] for t in view["targets"]} <= {2025, 2030} and view["targets"]
    assert view["nowcast"] is not None


def test_region_choice_is_limited_to_visible_regions(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    view = call(platform, "GET", "/api/v1/monitoring", headers=auth).json()
    assert view["regions"] == ["CN-BJ"]
    assert (
        call(platform, "GET", f"/api/v1/monitoring?region={CHAOYANG}", headers=auth).status_code
        == 404
    )
    unknown = call(platform, "GET", "/api/v1/monitoring?region=XX", headers=auth)
    assert unknown.status_code == 422
    assert call(platform, "GET", "/api/v1/monitoring?view=nope", headers=auth).status_code == 422
    assert call(platform, "GET", "/api/v1/monitoring?year=1990", headers=auth).status_code == 422


def test_page_in_both_locales_and_in_the_nav(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "guest")
    zh = call(platform, "GET", "/monitoring", headers=auth)
    en = call(platform, "GET", "/monitoring?lang=en", headers=auth)
    assert zh.status_code == en.status_code == 200
    assert "监测" in zh.text and "Monitoring" in en.text
    assert 'id="daily-chart"' in en.text and "<script>" not in en.text
    assert call(platform, "GET", "/monitoring").status_code in (303, 307)  # visitor: sign in


def test_officer_uploads_for_own_district_only(call: Call, platform: FastAPI) -> None:
    done = _upload(call, platform, "haidian", HAIDIAN, GOOD.format(r=HAIDIAN))
    assert done.status_code == 201, done.text
    body = done.json()
    assert body["region"] == HAIDIAN and body["row_count"] == 12 and len(body["proxies"]) == 12
    assert isinstance(body["findings"], list)
    other = _upload(call, platform, "haidian", CHAOYANG, GOOD.format(r=CHAOYANG))
    assert other.status_code == 422 and "region" in other.text
    mixed = _upload(call, platform, "haidian", HAIDIAN, GOOD.format(r=CHAOYANG))
    assert mixed.status_code == 422
    with platform.state.store.session() as db:
        assert {i.region for i in list_imports(db)} == {HAIDIAN}


def test_officer_cannot_see_another_districts_import(call: Call, platform: FastAPI) -> None:
    done = _upload(call, platform, "chaoyang", CHAOYANG, GOOD.format(r=CHAOYANG))
    assert done.status_code == 201, done.text
    chaoyang_id = done.json()["id"]
    auth = bearer(platform, "haidian")
    listed = call(platform, "GET", "/api/v1/monitoring/imports", headers=auth).json()
    assert listed["imports"] and {i["region"] for i in listed["imports"]} == {HAIDIAN}
    assert listed["upload_regions"] == [HAIDIAN]
    one = call(platform, "GET", f"/api/v1/monitoring/imports/{chaoyang_id}", headers=auth)
    assert one.status_code == 404
    missing = call(platform, "GET", "/api/v1/monitoring/imports/99999", headers=auth)
    assert missing.status_code == 404
    page = call(platform, "GET", "/monitoring/imports", headers=auth)
    assert f"import-{chaoyang_id}" not in page.text
    planner = bearer(platform, "planner")
    assert (
        call(
            platform, "GET", f"/api/v1/monitoring/imports/{chaoyang_id}", headers=planner
        ).status_code
        == 200
    )


def test_viewer_reads_but_cannot_upload(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "guest")
    assert call(platform, "GET", "/api/v1/monitoring/imports", headers=auth).status_code == 200
    listed = call(platform, "GET", "/api/v1/monitoring/imports", headers=auth).json()
    assert listed["upload_regions"] == [] and all(i["region"] == "CN-BJ" for i in listed["imports"])
    refused = _upload(call, platform, "guest", "CN-BJ", GOOD.format(r="CN-BJ"))
    assert refused.status_code == 404
    assert 'id="upload-form"' not in call(platform, "GET", "/monitoring/imports", headers=auth).text


def test_bad_file_lists_every_problem_and_stores_nothing(call: Call, platform: FastAPI) -> None:
    with platform.state.store.session() as db:
        before = len(list_imports(db))
    bad = _upload(call, platform, "haidian", HAIDIAN, BAD)
    assert bad.status_code == 422
    text = bad.text
    assert "2024-13" in text and "unobtainium" in text and "abc" in text and "proxies.csv" in text
    assert len(bad.json()["errors"]) >= 3
    empty = call(
        platform,
        "POST",
        "/api/v1/monitoring/imports",
        data={},
        files=_files("x.txt", "a"),
        headers=bearer(platform, "haidian"),
    )
    assert empty.status_code == 422
    with platform.state.store.session() as db:
        assert len(list_imports(db)) == before


def test_upload_over_the_limit_is_413(call: Call, platform: FastAPI) -> None:
    big = GOOD.format(r=HAIDIAN) + "#" * 30_000
    assert _upload(call, platform, "haidian", HAIDIAN, big).status_code == 413


def test_upload_page_needs_csrf_and_lists_problems(call: Call, platform: FastAPI) -> None:
    cookie, csrf = signed_in(call, platform, "haidian", PASSWORD, "/monitoring/imports")
    no_token = call(
        platform, "POST", "/monitoring/imports", data={"region": HAIDIAN}, headers=cookie
    )
    assert no_token.status_code == 403
    bad = call(
        platform,
        "POST",
        "/monitoring/imports",
        data={"region": HAIDIAN, "csrf_token": csrf},
        files=_files("bad.csv", BAD),
        headers=cookie,
    )
    assert bad.status_code == 422 and "upload-problems" in bad.text and "bad.csv" in bad.text
    good = call(
        platform,
        "POST",
        "/monitoring/imports",
        data={"region": HAIDIAN, "csrf_token": csrf},
        files=_files("good.csv", GOOD.format(r=HAIDIAN)),
        headers=cookie,
    )
    assert good.status_code == 303 and good.headers["location"].startswith("/monitoring/imports")


def test_xlsx_upload_names_the_cell(call: Call, platform: FastAPI, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "proxies"
    sheet.append(["region", "period", "sector", "proxy", "value", "unit"])
    sheet.append([HAIDIAN, "2024-01", "II.1", "fuel_sales", "lots", "t"])
    path = tmp_path / "proxies.xlsx"
    book.save(path)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    answer = call(
        platform,
        "POST",
        "/api/v1/monitoring/imports",
        data={"region": HAIDIAN},
        files={"file": ("proxies.xlsx", path.read_bytes(), xlsx)},
        headers=bearer(platform, "haidian"),
    )
    assert answer.status_code == 422
    assert "E2" in answer.text and "lots" in answer.text
