"""The Programme pages and their JSON twins: scope, evaluation as of a date, Excel round trip,
a bad workbook's problems by sheet, row and column with nothing loaded."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import openpyxl
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user, create_token
from peakzero.api import create_app
from peakzero.programme import domain
from peakzero.programme.default import load_programme
from peakzero.programme.domain import KPI, KPIActual, Milestone, Race, RaceTeam, Team
from peakzero.settings import Settings
from peakzero.store import repository

Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
CHAOYANG, HAIDIAN = "CN-BJ-110105", "CN-BJ-110108"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    app = create_app(settings_for(tmp_path_factory.mktemp("programme")))
    default = load_programme()
    first, second = default.tasks[0], default.tasks[1]
    tasks = (
        dataclasses.replace(first, region=CHAOYANG),
        dataclasses.replace(second, region=HAIDIAN),
        *default.tasks[2:],
    )
    programme = dataclasses.replace(
        default,
        tasks=tasks,
        kpis=(
            *default.kpis,
            KPI("k-hd", second.code, "示范指标", "demo KPI", "%", None, 0.0, 2020, 10.0, None),
        ),
        milestones=(
            *default.milestones,
            Milestone("m-hd", second.code, date(2024, 6, 1), "中试", None, None, None, 100.0),
        ),
        kpi_actuals=(KPIActual("k-hd", date(2024, 1, 1), 8.0, "demo", HAIDIAN),),
        teams=(Team("team-a", "甲队", second.code), Team("team-b", "乙队", second.code),
               Team("team-c", "丙队", first.code), Team("team-d", "丁队", first.code)),
        calls=(domain.Call("c-hd", second.code, "海淀挑战", "open"),
               domain.Call("c-cy", first.code, "朝阳挑战", "open")),
        races=(Race("r-hd", second.code, 2), Race("r-cy", first.code, 2)),
        race_teams=(RaceTeam("r-hd", "team-a"), RaceTeam("r-hd", "team-b"),
                    RaceTeam("r-cy", "team-c"), RaceTeam("r-cy", "team-d")),
    )  # fmt: skip
    with app.state.store.session() as db:
        repository.save_programme(db, programme, "test")
        add_user(db, "haidian", "pw-haidian-long-enough", ["district_officer"], who="test",
                 districts=[HAIDIAN])  # fmt: skip
        add_user(db, "manager", "pw-manager-long-enough", ["programme_manager"], who="test")
        app.state.tokens = {
            name: create_token(db, name, who="test").token for name in ("haidian", "manager")
        }
    app.state.codes = (first.code, second.code)
    return app


def _as(app: FastAPI, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.tokens[name]}"}


def _task_codes(view: dict[str, Any]) -> set[str]:
    return {t["code"] for area in view["areas"] for t in area["tasks"]}


def test_a_district_officer_sees_the_city_and_their_district_only(
    platform: FastAPI, call: Call
) -> None:
    chaoyang, haidian = platform.state.codes
    mine = call(platform, "GET", "/api/v1/programme", headers=_as(platform, "haidian")).json()
    assert haidian in _task_codes(mine) and chaoyang not in _task_codes(mine)
    everything = call(platform, "GET", "/api/v1/programme", headers=_as(platform, "manager"))
    assert chaoyang in _task_codes(everything.json())
    for path in (f"/api/v1/programme/tasks/{chaoyang}", f"/programme/tasks/{chaoyang}"):
        assert call(platform, "GET", path, headers=_as(platform, "haidian")).status_code == 404
    page = call(platform, "GET", "/programme", headers=_as(platform, "haidian")).text
    assert f'/programme/tasks/{haidian}"' in page
    assert f'/programme/tasks/{chaoyang}"' not in page
    evaluation = call(
        platform, "GET", "/api/v1/programme/evaluation", headers=_as(platform, "haidian")
    ).json()
    assert chaoyang not in {t["task"] for t in evaluation["tasks"]}
    book = call(platform, "GET", "/api/v1/programme/export.xlsx", headers=_as(platform, "haidian"))
    codes = [r[0] for r in openpyxl.load_workbook(io.BytesIO(book.content))["tasks"].iter_rows(
        min_row=3, values_only=True)]  # fmt: skip
    assert haidian in codes and chaoyang not in codes
    assert call(platform, "GET", "/api/v1/programme").status_code == 401
    assert [c["code"] for c in mine["calls"]] == ["c-hd"]
    assert [r["race"] for r in mine["races"]] == ["r-hd"]
    assert {t["name"] for t in mine["races"][0]["teams"]} == {"甲队", "乙队"}
    assert "乙队" in page and "丙队" not in page and "朝阳挑战" not in page


def test_a_task_page_and_its_twin_show_milestones_kpis_and_actuals(
    platform: FastAPI, call: Call
) -> None:
    _, haidian = platform.state.codes
    view = call(
        platform, "GET", f"/api/v1/programme/tasks/{haidian}?as_of=2024-12-01",
        headers=_as(platform, "haidian"),
    ).json()  # fmt: skip
    assert view["milestones"][0]["code"] == "m-hd"
    kpi = next(k for k in view["kpis"] if k["code"] == "k-hd")
    assert kpi["actuals"][0]["value"] == 8.0
    assert view["funding_planned_cny"] == 100.0 and view["funding_released_cny"] == 0.0
    page = call(platform, "GET", f"/programme/tasks/{haidian}?lang=en",
                headers=_as(platform, "haidian"))  # fmt: skip
    assert page.status_code == 200 and "demo KPI" in page.text and "Milestones" in page.text
    assert "<script>" not in page.text and "style=" not in page.text


def test_the_evaluation_as_of_a_date(platform: FastAPI, call: Call) -> None:
    _, haidian = platform.state.codes
    manager = _as(platform, "manager")

    def status(day: str) -> dict[str, Any]:
        answer = call(platform, "GET", f"/api/v1/programme/evaluation?as_of={day}",
                      headers=manager)  # fmt: skip
        assert answer.json()["as_of"] == day
        return next(t for t in answer.json()["tasks"] if t["task"] == haidian)

    before, after = status("2024-05-01"), status("2024-12-01")
    assert before["schedule_variance_days"] == 0
    assert after["schedule_variance_days"] == (date(2024, 12, 1) - date(2024, 6, 1)).days
    assert after["status"] == "off_track"
    bad = call(platform, "GET", "/api/v1/programme/evaluation?as_of=2024-13-01", headers=manager)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.as_of"


def _export(platform: FastAPI, call: Call, who: str) -> openpyxl.Workbook:
    answer = call(platform, "GET", "/api/v1/programme/export.xlsx", headers=_as(platform, who))
    assert answer.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(answer.content))


def _upload(platform: FastAPI, call: Call, who: str, book: openpyxl.Workbook) -> httpx.Response:
    data = io.BytesIO()
    book.save(data)
    files = {"file": ("programme.xlsx", data.getvalue(), "application/octet-stream")}
    return call(platform, "POST", "/api/v1/programme/import", files=files,
                headers=_as(platform, who))  # fmt: skip


def _audit_count(platform: FastAPI) -> int:
    with platform.state.store.session() as db:
        return len(repository.audit_trail(db))


def test_the_excel_round_trip_writes_nothing_and_an_edit_is_one_update(
    platform: FastAPI, call: Call
) -> None:
    book = _export(platform, call, "manager")
    count = _audit_count(platform)
    answer = _upload(platform, call, "manager", book)
    assert answer.status_code == 200, answer.text
    assert answer.json() | {"file": ""} == {
        "programme": answer.json()["programme"], "file": "", "insert": 0, "update": 0, "delete": 0,
    }  # fmt: skip
    assert _audit_count(platform) == count
    sheet = book["kpi_actuals"]
    columns = [c.value for c in sheet[2]]
    sheet.cell(row=3, column=columns.index("value") + 1, value=9.0)
    edited = _upload(platform, call, "haidian", book)
    assert edited.status_code == 200, edited.text
    assert edited.json()["update"] == 1
    assert _audit_count(platform) == count + 1


def test_a_bad_workbook_lists_every_problem_and_loads_nothing(
    platform: FastAPI, call: Call
) -> None:
    book = _export(platform, call, "manager")
    tasks = book["tasks"]
    columns = [c.value for c in tasks[2]]
    tasks.cell(row=3, column=columns.index("kind") + 1, value="rocket")
    tasks.cell(row=4, column=columns.index("code") + 1, value=tasks.cell(row=3, column=1).value)
    count = _audit_count(platform)
    answer = _upload(platform, call, "manager", book)
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert len(errors) >= 2
    assert "[sheet tasks], row 3, column 'kind'" in answer.json()["detail"]
    assert "[sheet tasks], row 4, column 'code'" in answer.json()["detail"]
    assert _audit_count(platform) == count


def test_a_district_officer_may_not_import_another_districts_rows(
    platform: FastAPI, call: Call
) -> None:
    chaoyang, haidian = platform.state.codes
    book = _export(platform, call, "manager")
    tasks = book["tasks"]
    columns = [c.value for c in tasks[2]]
    name_en = columns.index("name_en") + 1
    for row in range(3, tasks.max_row + 1):
        if tasks.cell(row=row, column=1).value in (chaoyang, haidian):
            tasks.cell(row=row, column=name_en, value="renamed")
    head = book["programme"]
    head.cell(row=3, column=[c.value for c in head[2]].index("name_en") + 1, value="renamed")
    count = _audit_count(platform)
    answer = _upload(platform, call, "haidian", book)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "[sheet tasks], row 3" in detail and "outside what you may write" in detail
    assert "row 4" not in detail  # the officer's own task may change
    assert "[sheet programme], row 3, column 'name_en'" in detail
    assert _audit_count(platform) == count
    with platform.state.store.session() as db:
        stored = repository.load_programme(db, repository.list_programmes(db)[0])
    assert stored.task(chaoyang).name_en != "renamed"


def test_the_page_import_lists_the_problems_by_sheet_row_and_column(
    platform: FastAPI, call: Call
) -> None:
    book = _export(platform, call, "manager")
    tasks = book["tasks"]
    columns = [c.value for c in tasks[2]]
    tasks.cell(row=5, column=columns.index("kind") + 1, value="rocket")
    data = io.BytesIO()
    book.save(data)
    count = _audit_count(platform)
    answer = call(
        platform, "POST", "/programme/import?lang=en",
        files={"file": ("edited.xlsx", data.getvalue(), "application/octet-stream")},
        headers=_as(platform, "manager"),
    )  # fmt: skip
    assert answer.status_code == 422
    assert 'id="import-problems"' in answer.text and "Nothing was loaded" in answer.text
    assert '<td>tasks</td><td class="num">5</td><td>kind</td>' in answer.text
    assert _audit_count(platform) == count
    viewer = call(platform, "POST", "/api/v1/programme/import", headers=_as(platform, "haidian"))
    assert viewer.status_code == 422  # no file: the field is named
    assert viewer.json()["errors"][0]["field"] == "body.file"
