"""The Monitoring page's view and period choice, and what a district sees.

The view (territorial scope 1 or scope 1+2 × a named grid factor, with or without aviation) and
the charts' period (from/to, dates or months) are query fields of the page and its JSON twin,
each bad one a 422 naming the field and what is allowed. A 海淀 officer sees 海淀's imports and
proxies and nothing of 朝阳's; a district whose results cannot be computed (no district
inventory) says so instead of showing the city's figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user
from peakzero.api import create_app
from peakzero.settings import Settings

from .conftest import bearer  # noqa: TID252

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
MONTHLY = "region,period,sector,proxy,value,unit\n" + "".join(
    f"{{r}},2024-{m:02d},II.1,fuel_sales,{100 + m},t\n" for m in range(1, 13)
)
# The city's road fuel for the base year 2019 and 2024, and its electricity consumption: enough
# for the scope 1+2 view (made-up values; only the arithmetic path is under test).
CITY = "region,period,sector,proxy,value,unit\n" + "".join(
    f"CN-BJ,{y}-{m:02d},II.1,fuel_sales,{100 + m},t\n"
    f"CN-BJ,{y}-{m:02d},I.scope2,electricity_consumption,{1_000_000 + m},MWh\n"
    for y in (2019, 2024)
    for m in range(1, 13)
)


def _app(folder: Path, settings_for: Settle) -> FastAPI:
    app = create_app(settings_for(folder))
    with app.state.store.session() as db:
        add_user(db, "haidian", PASSWORD, ["district_officer"], who="test", districts=[HAIDIAN])
        add_user(db, "chaoyang", PASSWORD, ["district_officer"], who="test", districts=[CHAOYANG])
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
    return app


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    """The city on Beijing's shipped inputs (no electricity series)."""
    return _app(tmp_path_factory.mktemp("monitoring-choice"), settings_for)


def _upload(call: Call, app: FastAPI, who: str, region: str, text: str) -> httpx.Response:
    return call(
        app,
        "POST",
        "/api/v1/monitoring/imports",
        data={"region": region},
        files={"file": (f"{region} proxies.csv", text.encode("utf-8"), "text/csv")},
        headers=bearer(app, who),
    )


def _get(call: Call, app: FastAPI, who: str, query: str = "") -> httpx.Response:
    return call(app, "GET", f"/api/v1/monitoring?{query}", headers=bearer(app, who))


def _fields(answer: httpx.Response) -> dict[str, str]:
    return {e["field"]: e["allowed"] for e in answer.json()["errors"]}


def test_default_is_territorial_with_aviation_co2_only(call: Call, platform: FastAPI) -> None:
    view = _get(call, platform, "planner").json()
    assert view["view"] == "territorial" and view["aviation"] is True
    assert view["grid_factor"] is None and view["gases"] == "CO2 only"
    assert view["views"] == ["territorial", "scope1+2"]
    assert "mee-beijing-2022" in view["grid_factors"]
    assert view["source"]["view"] == "territorial"
    assert "II.4" in {s["sector"] for s in view["daily"]}
    assert view["from"] == f"{view['year']}-01-01"


def test_without_aviation_leaves_out_ii4(call: Call, platform: FastAPI) -> None:
    view = _get(call, platform, "planner", "aviation=false").json()
    assert view["aviation"] is False and view["daily"]
    assert "II.4" not in {s["sector"] for s in view["daily"] + view["monthly"]}


def test_scope12_without_electricity_says_why(call: Call, platform: FastAPI) -> None:
    view = _get(call, platform, "planner", "view=scope1%2B2").json()
    assert view["view"] == "scope1+2" and view["grid_factor"] == "mee-beijing-2022"
    assert view["daily"] == [] and "electricity" in view["unavailable"]
    page = call(
        platform, "GET", "/monitoring?view=scope1%2B2&lang=en", headers=bearer(platform, "planner")
    )
    assert page.status_code == 200 and 'id="unavailable"' in page.text
    assert 'id="daily-chart"' not in page.text


def test_bad_choice_names_field_and_allowed_values(call: Call, platform: FastAPI) -> None:
    bad = _get(call, platform, "planner", "view=scope3&grid_factor=nope")
    assert bad.status_code == 422
    fields = _fields(bad)
    assert "territorial" in fields["view"] and "scope1+2" in fields["view"]
    assert "mee-beijing-2022" in fields["grid_factor"]
    aviation = _get(call, platform, "planner", "aviation=perhaps")
    assert aviation.status_code == 422 and "aviation" in aviation.text
    page = call(platform, "GET", "/monitoring?view=scope3", headers=bearer(platform, "planner"))
    assert page.status_code == 422 and "scope1+2" in page.text


def test_period_by_dates_and_months(call: Call, platform: FastAPI) -> None:
    view = _get(call, platform, "planner", "from=2023-03&to=2023-05-10").json()
    assert (view["from"], view["to"], view["year"]) == ("2023-03-01", "2023-05-10", 2023)
    days = [p["period"] for p in view["daily"][0]["points"]]
    assert days[0] == "2023-03-01" and days[-1] == "2023-05-10" and len(days) == 71
    months = [p["period"] for p in view["monthly"][0]["points"]]
    assert months == ["2023-03", "2023-04", "2023-05"]
    assert len(view["year_on_year"]) == 12  # the year's table, whatever the charts' period


def test_bad_period_is_422_with_a_clear_message(call: Call, platform: FastAPI) -> None:
    backwards = _get(call, platform, "planner", "from=2023-05&to=2023-03")
    assert backwards.status_code == 422 and "before the start" in _fields(backwards)["to"]
    outside = _get(call, platform, "planner", "from=1990-01")
    assert outside.status_code == 422 and "the series runs" in _fields(outside)["from"]
    garbled = _get(call, platform, "planner", "from=2023-13&to=yesterday")
    assert garbled.status_code == 422
    assert set(_fields(garbled)) == {"from", "to"} and "YYYY-MM" in _fields(garbled)["to"]


def test_scope12_with_electricity_adds_purchased_electricity(
    call: Call, tmp_path_factory: pytest.TempPathFactory, settings_for: Settle
) -> None:
    app = _app(tmp_path_factory.mktemp("monitoring-scope12"), settings_for)
    assert _upload(call, app, "planner", "CN-BJ", CITY).status_code == 201
    one = _get(call, app, "planner", "view=scope1%2B2&grid_factor=mee-north-china-2022").json()
    assert one["unavailable"] is None and one["grid_factor"] == "mee-north-china-2022"
    assert {s["sector"] for s in one["daily"]} == {"II.1", "I.scope2"}
    assert one["source"]["grid_factor"] == "mee-north-china-2022"
    territorial = _get(call, app, "planner").json()
    assert {s["sector"] for s in territorial["daily"]} == {"II.1"}


def test_district_officer_sees_own_district_only(call: Call, platform: FastAPI) -> None:
    own = _upload(call, platform, "haidian", HAIDIAN, MONTHLY.format(r=HAIDIAN))
    other = _upload(call, platform, "chaoyang", CHAOYANG, MONTHLY.format(r=CHAOYANG))
    assert own.status_code == other.status_code == 201
    auth = bearer(platform, "haidian")
    mine = call(platform, "GET", f"/api/v1/monitoring/imports/{own.json()['id']}", headers=auth)
    assert mine.status_code == 200 and {p["region"] for p in mine.json()["proxies"]} == {HAIDIAN}
    crafted = f"/api/v1/monitoring/imports/{other.json()['id']}"
    assert call(platform, "GET", crafted, headers=auth).status_code == 404
    listed = call(platform, "GET", "/api/v1/monitoring/imports", headers=auth).json()
    assert {i["region"] for i in listed["imports"]} == {HAIDIAN}
    for path in ("/monitoring", "/monitoring/imports", "/api/v1/monitoring"):
        text = call(platform, "GET", path, headers=auth).text
        assert CHAOYANG not in text and f"{CHAOYANG} proxies.csv" not in text
    for path in ("/monitoring", "/api/v1/monitoring"):
        answer = call(platform, "GET", f"{path}?region={CHAOYANG}", headers=auth)
        assert answer.status_code == 404


def test_district_without_inventory_says_so(call: Call, platform: FastAPI) -> None:
    if _upload(call, platform, "haidian", HAIDIAN, MONTHLY.format(r=HAIDIAN)).status_code != 201:
        pytest.fail("the 海淀 upload failed")
    auth = bearer(platform, "planner")
    view = _get(call, platform, "planner", f"region={HAIDIAN}").json()
    assert view["region"] == HAIDIAN and view["year"] is None and view["daily"] == []
    assert "inventory" in view["unavailable"] and view["nowcast"] is None
    page = call(platform, "GET", f"/monitoring?region={HAIDIAN}&lang=en", headers=auth)
    assert page.status_code == 200 and 'id="no-series"' in page.text
    assert "inventory" in page.text and 'id="daily-chart"' not in page.text
