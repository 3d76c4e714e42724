"""Saved user scenarios and compare: save (201, versions append, the hash of the YAML), list,
one scenario, one version and its downloads, the share link page, compare; 422 naming each bad
field with nothing stored; and scope — 海淀's officer can neither see nor open 朝阳's scenario
(list, id, version, downloads, share link, compare: 404) nor save for 朝阳 (422)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user
from peakzero.api import create_app
from peakzero.api.pathways import RunRequest, run_view, scenario_yaml
from peakzero.settings import Settings

from .conftest import bearer, signed_in  # noqa: TID252

Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
PASSWORD = "correct horse battery staple"
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
SAVES = "/api/v1/pathways/scenarios"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    app = create_app(settings_for(tmp_path_factory.mktemp("user-scenarios")))
    with app.state.store.session() as db:
        add_user(db, "haidian", PASSWORD, ["district_officer"], who="test", districts=[HAIDIAN])
        add_user(db, "chaoyang", PASSWORD, ["district_officer"], who="test", districts=[CHAOYANG])
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
        add_user(db, "viewer", PASSWORD, ["viewer"], who="test")
    return app


@pytest.fixture(scope="module")
def tokens(platform: FastAPI) -> dict[str, dict[str, str]]:
    return {name: bearer(platform, name) for name in ("haidian", "chaoyang", "planner", "viewer")}


def _save(call: Call, app: FastAPI, auth: dict[str, str], **body: Any) -> httpx.Response:
    return call(app, "POST", SAVES, json={"scenario": "plan", **body}, headers=auth)


@pytest.fixture(scope="module")
def chaoyang_saved(platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]]) -> int:
    answer = _save(call, platform, tokens["chaoyang"], name="朝阳方案", region=CHAOYANG,
                   levers={"ccus_mt": 12})  # fmt: skip
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_saving_twice_appends_a_version_and_version_1_never_changes(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    auth = tokens["haidian"]
    first = _save(call, platform, auth, name="mine", region=HAIDIAN, levers={"ccus_mt": 20},
                  note="first try")  # fmt: skip
    assert first.status_code == 201, first.text
    v1 = first.json()
    assert v1["version"] == 1 and v1["who"] == "haidian" and v1["note"] == "first try"
    assert v1["share_link"] == f"/pathways/saved/{v1['id']}/1"
    expected = scenario_yaml("plan", {"ccus_mt": 20.0})  # as the body is read
    assert v1["sha256"] == hashlib.sha256(expected.encode()).hexdigest()
    second = _save(call, platform, auth, name="mine", region=HAIDIAN, levers={"ccus_mt": 30})
    v2 = second.json()
    assert second.status_code == 201 and (v2["id"], v2["version"]) == (v1["id"], 2)
    assert v2["sha256"] != v1["sha256"]

    listed = call(platform, "GET", f"{SAVES}/{v1['id']}", headers=auth).json()
    assert [v["version"] for v in listed["versions"]] == [1, 2] and listed["owner"] == "haidian"
    shown = call(platform, "GET", f"{SAVES}/{v1['id']}/versions/1", headers=auth)
    assert shown.status_code == 200
    version = shown.json()
    assert version["levers"] == {"ccus_mt": 20.0} and version["sha256"] == v1["sha256"]
    assert version["inputs"] == expected and version["inputs_current"] is True
    run = run_view(RunRequest(scenario="plan", levers={"ccus_mt": 20}))
    assert version["run"]["peak_year"] == run.peak_year
    assert version["run"]["assessment_2030"] == pytest.approx(run.assessment_2030)

    yaml = call(platform, "GET", version["yaml_url"], headers=auth)
    assert yaml.status_code == 200 and yaml.text == expected
    assert "attachment" in yaml.headers["content-disposition"]
    iamc = call(platform, "GET", version["iamc_url"], headers=auth)
    assert iamc.status_code == 200 and "Emissions|CO2" in iamc.text

    # The share link of version 1 keeps showing version 1's lever value after version 2.
    page = call(platform, "GET", v1["share_link"] + "?lang=en", headers=auth)
    assert page.status_code == 200 and "<script>" not in page.text and "style=" not in page.text
    assert re.search(r'id="lever-ccus_mt"[^>]*value="20.0"[^>]*data-preset="20.0"', page.text)
    assert 'id="saved-hash">' + v1["sha256"] in page.text
    zh = call(platform, "GET", v2["share_link"] + "?lang=zh_CN", headers=auth)
    assert zh.status_code == 200 and 'data-preset="30.0"' in zh.text


def test_the_list_and_every_read_stay_within_scope(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]], chaoyang_saved: int
) -> None:
    city = _save(call, platform, tokens["planner"], name="city plan", region="CN-BJ")
    assert city.status_code == 201
    city_id = city.json()["id"]
    seen = call(platform, "GET", SAVES, headers=tokens["haidian"]).json()
    assert chaoyang_saved not in [s["id"] for s in seen]
    assert city_id in [s["id"] for s in seen]  # the city's are public to a district officer
    assert all(s["region"] in (HAIDIAN, "CN-BJ") for s in seen)
    everyone = call(platform, "GET", SAVES, headers=tokens["planner"]).json()
    assert chaoyang_saved in [s["id"] for s in everyone]
    for path in (
        f"{SAVES}/{chaoyang_saved}",
        f"{SAVES}/{chaoyang_saved}/versions/1",
        f"{SAVES}/{chaoyang_saved}/versions/1/scenario.yaml",
        f"{SAVES}/{chaoyang_saved}/versions/1/iamc.csv",
        f"/pathways/saved/{chaoyang_saved}/1",
        f"/api/v1/pathways/compare?a=plan&b={chaoyang_saved}/1",
        f"/pathways/compare?a=plan&b={chaoyang_saved}/1",
    ):
        assert call(platform, "GET", path, headers=tokens["haidian"]).status_code == 404, path
        assert call(platform, "GET", path, headers=tokens["chaoyang"]).status_code == 200, path
    page = call(platform, "GET", "/pathways", headers=tokens["haidian"])
    assert "朝阳方案" not in page.text and "city plan" in page.text
    assert f'<option value="{CHAOYANG}"' not in page.text
    assert f'<option value="{HAIDIAN}"' in page.text


def test_unknown_ids_are_404_and_no_read_right_is_404(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]], chaoyang_saved: int
) -> None:
    auth = tokens["planner"]
    for path in (
        f"{SAVES}/999",
        f"{SAVES}/999/versions/1",
        f"{SAVES}/{2**40}",
        "/pathways/saved/999/1",
        "/api/v1/pathways/compare?a=plan&b=99999999999/1",
    ):
        assert call(platform, "GET", path, headers=auth).status_code in (404, 422), path
    assert call(platform, "GET", f"{SAVES}/0", headers=auth).status_code == 422
    # A viewer reads the explorer but no saved scenario (the policy gives them none).
    viewer = tokens["viewer"]
    assert call(platform, "GET", SAVES, headers=viewer).status_code == 404
    compare = f"/api/v1/pathways/compare?a=plan&b={chaoyang_saved}/1"
    assert call(platform, "GET", compare, headers=viewer).status_code == 404
    assert call(platform, "GET", "/api/v1/pathways/compare?a=plan&b=baseline",
                headers=viewer).status_code == 200  # fmt: skip
    page = call(platform, "GET", "/pathways", headers=viewer)
    assert page.status_code == 200 and 'id="save-form"' not in page.text
    assert 'id="saved-list"' not in page.text
    saved = _save(call, platform, viewer, name="x", region="CN-BJ")
    assert saved.status_code == 404
    assert call(platform, "GET", SAVES).status_code == 401


def test_bad_bodies_are_422_naming_each_field_and_store_nothing(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    auth = tokens["haidian"]
    before = len(call(platform, "GET", SAVES, headers=tokens["planner"]).json())
    answer = _save(
        call, platform, auth, name="bad", region=CHAOYANG, levers={"ccus_mt": 1e6, "nope": 1}
    )
    assert answer.status_code == 422
    fields = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert set(fields) == {"body.levers.ccus_mt", "body.levers.nope", "body.region"}
    assert "within 0 to" in fields["body.levers.ccus_mt"] and HAIDIAN in fields["body.region"]
    for body, field in (
        ({"name": "x", "region": "CN-BJ"}, "body.region"),  # a district officer: own district
        ({"name": "x", "region": "CN-SH"}, "body.region"),
        ({"name": "x", "region": HAIDIAN, "scenario": "nope"}, "body.scenario"),
        ({"name": "  ", "region": HAIDIAN}, "body.name"),
        ({"region": HAIDIAN}, "body.name"),
        ({"name": "x", "region": HAIDIAN, "note": "n" * 1001}, "body.note"),
        ({"name": "x", "region": HAIDIAN, "levers": {"ccus_mt": "many"}}, "body.levers.ccus_mt"),
    ):
        answer = call(platform, "POST", SAVES, json=body, headers=auth)
        assert answer.status_code == 422, body
        assert field in [e["field"] for e in answer.json()["errors"]], answer.text
    assert len(call(platform, "GET", SAVES, headers=tokens["planner"]).json()) == before


def test_a_browser_save_needs_the_csrf_token(platform: FastAPI, call: Call) -> None:
    cookie, csrf = signed_in(call, platform, "haidian", PASSWORD, "/pathways")
    body = {"name": "from the browser", "region": HAIDIAN, "levers": {}}
    refused = call(platform, "POST", SAVES, json=body, headers=cookie)
    assert refused.status_code == 403
    saved = call(platform, "POST", SAVES, json=body, headers={**cookie, "X-CSRF-Token": csrf})
    assert saved.status_code == 201 and saved.json()["levers"] == {}


def test_compare_shows_both_runs_and_the_levers_that_differ(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]]
) -> None:
    auth = tokens["planner"]
    saved = _save(call, platform, auth, name="more ccus", region="CN-BJ",
                  levers={"ccus_mt": 25}).json()  # fmt: skip
    ref = f"{saved['id']}/{saved['version']}"
    answer = call(platform, "GET", f"/api/v1/pathways/compare?a=plan&b={ref}", headers=auth)
    assert answer.status_code == 200
    view = answer.json()
    assert view["a"]["label"] == "plan" and view["b"]["label"] == "more ccus v1"
    assert [d["id"] for d in view["differences"]] == ["ccus_mt"]
    assert view["differences"][0]["b"] == 25
    assert view["b"]["run"]["assessment_2030"] < view["a"]["run"]["assessment_2030"]
    assert len(view["a"]["run"]["years"]) == len(view["b"]["run"]["net"])
    packaged = call(platform, "GET", "/api/v1/pathways/compare?a=baseline&b=plan", headers=auth)
    assert packaged.status_code == 200 and len(packaged.json()["differences"]) > 1
    targets = packaged.json()["targets"]  # the frozen baseline states none of the plan's
    assert targets and all(t["a"] is None and t["b"] is not None for t in targets)
    same = call(platform, "GET", "/api/v1/pathways/compare?a=plan&b=plan", headers=auth).json()
    assert same["differences"] == []
    bad = call(platform, "GET", "/api/v1/pathways/compare?a=nope&b=plan", headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.a"
    missing = call(platform, "GET", "/api/v1/pathways/compare?a=plan", headers=auth)
    assert missing.status_code == 422
    for lang, title in (("zh_CN", "情景对比"), ("en", "Compare scenarios")):
        page = call(platform, "GET", f"/pathways/compare?a=plan&b={ref}&lang={lang}", headers=auth)
        assert page.status_code == 200 and 'id="compare-chart"' in page.text
        assert 'data-lever="ccus_mt"' in page.text and "<script>" not in page.text
        assert title in page.text


def test_saves_are_on_the_audit_page_within_scope(
    platform: FastAPI, call: Call, tokens: dict[str, dict[str, str]], chaoyang_saved: int
) -> None:
    mine = _save(call, platform, tokens["haidian"], name="audited", region=HAIDIAN).json()
    query = "/api/v1/audit?entity=user_scenarios"
    own = call(platform, "GET", query, headers=tokens["haidian"]).json()["entries"]
    assert f"{mine['id']}/1" in [e["key"] for e in own]
    assert {e["region"] for e in own} == {HAIDIAN}  # not 朝阳's save
    entry = next(e for e in own if e["key"] == f"{mine['id']}/1")
    assert entry["who"] == "haidian" and entry["after"]["sha256"] == mine["sha256"]
    every = call(platform, "GET", query, headers=tokens["planner"]).json()["entries"]
    assert f"{chaoyang_saved}/1" in [e["key"] for e in every]
