"""The Inventory page and its JSON twins: views, datasets in scope (404 outside), upload with
every problem listed and nothing stored, 413 over the limit, downloads CSV, IAMC and XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from peakzero.accounts import add_user
from peakzero.api import create_app
from peakzero.settings import Settings
from peakzero.store.datasets import list_datasets, save_dataset

from .conftest import bearer, signed_in  # noqa: TID252

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
GOOD = (
    "region,year,sector,fuel,value,unit\n"
    "{r},2019,EB46,natural_gas,1000,TJ\n"
    "{r},2020,EB46,natural_gas,900,TJ\n"
    "{r},2020,EB46,electricity,100,万千瓦时\n"
)
BAD = (
    "region,year,sector,fuel,value,unit\n"
    f"{HAIDIAN},2019,EB46,unobtainium,1000,TJ\n"
    f"{HAIDIAN},2020,EB46,natural_gas,-5,TJ\n"
)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("inventory")
    app = create_app(settings_for(folder, max_body_bytes=20_000))
    with app.state.store.session() as db:
        add_user(db, "haidian", PASSWORD, ["district_officer"], who="test", districts=[HAIDIAN])
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
        for region in (HAIDIAN, CHAOYANG):
            path = folder / f"{region}.csv"
            path.write_text(GOOD.format(r=region), encoding="utf-8")
            save_dataset(db, "gas", region, "test", path)
    return app


def test_ceads_in_every_view(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "planner")
    answer = call(platform, "GET", "/api/v1/inventory", headers=auth)
    assert answer.status_code == 200
    view = answer.json()
    assert view["source"] == "CEADs" and view["region"] == "CN-BJ"
    assert view["years"][0] == 1997 and view["year"] == 2019
    assert {v["id"] for v in view["views"]} == {"territorial", "scope1+2", "basic", "basic+"}
    total = next(h["co2"] for h in view["history"] if h["year"] == 2019)
    assert sum(p["co2"] for p in view["by_fuel"]) == pytest.approx(total)
    assert sum(p["co2"] for p in view["by_sector"]) == pytest.approx(total)
    without = call(
        platform, "GET", "/api/v1/inventory?aviation=false&year=2019", headers=auth
    ).json()
    assert next(h["co2"] for h in without["history"] if h["year"] == 2019) < total
    bad = call(platform, "GET", "/api/v1/inventory?view=scope3", headers=auth)
    assert bad.status_code == 422 and "territorial" in bad.text


def test_page_in_both_locales(call: Call, platform: FastAPI) -> None:
    cookie, _ = signed_in(call, platform, "planner", PASSWORD, "/inventory")
    zh = call(platform, "GET", "/inventory", headers=cookie)
    assert zh.status_code == 200
    assert "上传活动水平数据文件" in zh.text and "属地（范围一）" in zh.text
    en = call(platform, "GET", "/inventory?lang=en", headers=cookie)
    assert "Upload an activity file" in en.text and "<script>" not in en.text
    for lang in ("zh_CN", "en"):
        page = f"/inventory?lang={lang}&region={CHAOYANG}&name=gas&view=scope1%2B2"
        shown = call(platform, "GET", page, headers=cookie)
        assert shown.status_code == 200 and 'id="uncertainty"' in shown.text


def test_district_officer_sees_own_district_only(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    listed = call(platform, "GET", "/api/v1/inventory/datasets", headers=auth).json()
    assert [(d["region"], d["name"]) for d in listed] == [(HAIDIAN, "gas")]
    page = call(platform, "GET", "/api/v1/inventory", headers=auth).json()
    assert [d["region"] for d in page["datasets"]] == [HAIDIAN]
    assert [c["id"] for c in page["upload_regions"]] == [HAIDIAN]
    own = call(platform, "GET", f"/api/v1/inventory/datasets/{HAIDIAN}/gas", headers=auth)
    assert own.status_code == 200 and own.json()["row_count"] == 3
    for path in (
        f"/api/v1/inventory/datasets/{CHAOYANG}/gas",
        f"/api/v1/inventory?region={CHAOYANG}&name=gas",
        f"/api/v1/inventory/download?format=csv&region={CHAOYANG}&name=gas",
        f"/api/v1/inventory/download?format=xlsx&region={CHAOYANG}&name=gas",
        f"/api/v1/inventory/datasets/{CHAOYANG}/nothing",
    ):
        assert call(platform, "GET", path, headers=auth).status_code == 404, path
    cookie, _ = signed_in(call, platform, "haidian", PASSWORD, "/inventory")
    html = call(platform, "GET", "/inventory", headers=cookie).text
    assert HAIDIAN in html and CHAOYANG not in html
    assert (
        call(platform, "GET", f"/inventory?region={CHAOYANG}&name=gas", headers=cookie).status_code
        == 404
    )
    planner = call(
        platform, "GET", "/api/v1/inventory/datasets", headers=bearer(platform, "planner")
    )
    assert {d["region"] for d in planner.json()} == {HAIDIAN, CHAOYANG}


def test_visitor_must_sign_in(call: Call, platform: FastAPI) -> None:
    assert call(platform, "GET", "/api/v1/inventory/datasets").status_code == 401
    assert call(platform, "GET", "/inventory").status_code == 303


def test_dataset_in_a_factor_set(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    view = call(platform, "GET", f"/api/v1/inventory?region={HAIDIAN}&name=gas", headers=auth)
    body = view.json()
    assert body["source"] == "dataset" and body["dataset"]["who"] == "test"
    assert body["years"] == [2019, 2020] and body["history"][0]["co2"] > 0
    first = body["uncertainty"][0]
    assert first["lower"] < first["total"] < first["upper"] and first["covered_share"] == 1
    scope12 = call(
        platform,
        "GET",
        f"/api/v1/inventory?region={HAIDIAN}&name=gas&view=scope1%2B2",
        headers=auth,
    ).json()
    assert scope12["history"][1]["co2"] > body["history"][1]["co2"]  # electricity counts
    ipcc = call(
        platform,
        "GET",
        f"/api/v1/inventory?region={HAIDIAN}&name=gas&factors=ipcc-2006",
        headers=auth,
    )
    assert ipcc.status_code in (200, 422)
    grids = {c["id"] for c in body["electricity_factors"]}
    other = sorted(grids - {body["electricity_factor"]})[0]
    with_other = call(
        platform,
        "GET",
        f"/api/v1/inventory?region={HAIDIAN}&name=gas&view=scope1%2B2&grid_factor={other}",
        headers=auth,
    ).json()
    assert with_other["electricity_factor"] == other
    assert with_other["history"][1]["co2"] != scope12["history"][1]["co2"]
    unknown = call(
        platform, "GET", f"/api/v1/inventory?region={HAIDIAN}&name=gas&factors=nope", headers=auth
    )
    assert unknown.status_code == 422 and "factors" in unknown.text


def test_downloads(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    query = f"region={HAIDIAN}&name=gas&view=basic&aviation=false"
    csv = call(platform, "GET", f"/api/v1/inventory/download?format=csv&{query}", headers=auth)
    assert csv.status_code == 200 and csv.text.startswith("region,year,sector")
    assert "attachment" in csv.headers["content-disposition"]
    iamc = call(platform, "GET", f"/api/v1/inventory/download?format=iamc&{query}", headers=auth)
    assert iamc.text.startswith("model,scenario,region,variable,unit,2019,2020")
    xlsx = call(platform, "GET", f"/api/v1/inventory/download?format=xlsx&{query}", headers=auth)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["settings", "views", "emissions"]
    settings = {row[0]: row[1] for row in book["settings"].iter_rows(values_only=True)}
    assert settings["view"] == "basic" and settings["aviation"] == "without"
    assert settings["downloaded by"] == "haidian" and settings["dataset"] == "gas"
    assert settings["factor set"] == "cn-gbt2589-provincial-2011"
    ceads = call(platform, "GET", "/api/v1/inventory/download?format=iamc", headers=auth)
    assert ceads.status_code == 200 and "CN-BJ" in ceads.text
    bad = call(platform, "GET", "/api/v1/inventory/download?format=pdf", headers=auth)
    assert bad.status_code == 422


def _files(name: str, text: str) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, text.encode("utf-8"), "text/csv")}


def test_upload_through_the_api(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    ok = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "api upload", "region": "海淀区"},
        files=_files("act.csv", GOOD.format(r=HAIDIAN)),
        headers=auth,
    )
    assert ok.status_code == 201 and ok.json()["region"] == HAIDIAN
    outside = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "x", "region": CHAOYANG},
        files=_files("act.csv", GOOD.format(r=CHAOYANG)),
        headers=auth,
    )
    assert outside.status_code == 422
    bad = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "bad", "region": HAIDIAN},
        files=_files("bad.csv", BAD),
        headers=auth,
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert len(errors) >= 2
    with platform.state.store.session() as db:
        names = {d.name for d in list_datasets(db)}
    assert "bad" not in names and "x" not in names and "api upload" in names


def test_upload_page_lists_every_problem_and_needs_csrf(call: Call, platform: FastAPI) -> None:
    cookie, csrf = signed_in(call, platform, "haidian", PASSWORD, "/inventory")
    no_token = call(
        platform,
        "POST",
        "/inventory/datasets",
        data={"name": "page", "region": HAIDIAN},
        headers=cookie,
    )
    assert no_token.status_code == 403
    bad = call(
        platform,
        "POST",
        "/inventory/datasets",
        data={"name": "page", "region": HAIDIAN, "csrf_token": csrf},
        files=_files("bad.csv", BAD),
        headers=cookie,
    )
    assert bad.status_code == 422
    assert "unobtainium" in bad.text and "bad.csv" in bad.text and "-5" in bad.text
    good = call(
        platform,
        "POST",
        "/inventory/datasets",
        data={"name": "page", "region": HAIDIAN, "csrf_token": csrf},
        files=_files("good.csv", GOOD.format(r=HAIDIAN)),
        headers=cookie,
    )
    assert good.status_code == 303 and "name=page" in good.headers["location"]
    with platform.state.store.session() as db:
        assert "page" in {d.name for d in list_datasets(db, [HAIDIAN])}


def test_upload_over_the_limit_is_413(call: Call, platform: FastAPI) -> None:
    auth = bearer(platform, "haidian")
    big = GOOD.format(r=HAIDIAN) + "#" * 30_000
    answer = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "big", "region": HAIDIAN},
        files=_files("big.csv", big),
        headers=auth,
    )
    assert answer.status_code == 413
    with platform.state.store.session() as db:
        assert "big" not in {d.name for d in list_datasets(db)}


def test_xlsx_upload_names_sheet_row_and_column(
    call: Call, platform: FastAPI, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "activity"
    sheet.append(["region", "year", "sector", "fuel", "value", "unit"])
    sheet.append([HAIDIAN, 2019, "EB46", "natural_gas", 1000, "TJ"])
    sheet.append([HAIDIAN, 2020, "EB46", "natural_gas", "lots", "TJ"])
    buffer = io.BytesIO()
    book.save(buffer)
    answer = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "workbook", "region": HAIDIAN},
        files={"file": ("activity.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers=bearer(platform, "haidian"),
    )
    assert answer.status_code == 422
    assert "activity.xlsx" in answer.text and "lots" in answer.text
    with platform.state.store.session() as db:
        assert "workbook" not in {d.name for d in list_datasets(db)}
