"""The Grid page and its JSON twins: a run started through the API is solved by a real Dask job
(a local cluster of one threaded worker, a one-week window so that HiGHS takes seconds) and
reaches done with its figures; who may read and start runs; a queued run cancelled; a failing
run stored with its reason; bad input 422 with nothing stored; unknown ids 404.

No sleeps: a test waits on the run's Dask future (a bounded wait), and the cancel test holds the
one worker busy with a task that waits on an event the test sets."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from peakzero.accounts import Role, add_user, create_token
from peakzero.api import create_app
from peakzero.api.deps import SESSION_COOKIE
from peakzero.api.routes.auth import LOGIN_COOKIE
from peakzero.settings import Settings
from peakzero.store.grid_runs import STALE_AFTER, add_run, advance
from peakzero.store.models import GridRunRow
from peakzero.store.repository import audit_trail

PASSWORD = "correct horse battery staple"
Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
TOKENS: dict[str, str] = {}
WEEK = {"first": 312, "count": 168}  # the winter week from 14 January
QUICK = {"scenario": "plan", "year": 2030, "resolution": "window", "hours": WEEK}
WEEK_4000 = {"first": 4000, "count": 24}
WAIT = 600.0  # seconds a test waits for a job at most (a solve takes seconds on an idle machine)
HOLD = threading.Event()
READERS = {Role.admin, Role.city_planner, Role.modeller, Role.programme_manager}
READERS |= {Role.district_officer, Role.viewer}
STARTERS = {Role.admin, Role.city_planner, Role.modeller}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("grid")
    app = create_app(settings_for(folder, dask_processes=False))
    with app.state.store.session() as db:
        for role in Role:
            name = role.value.replace("_", "-")
            districts = ["CN-BJ-110108"] if role is Role.district_officer else []
            projects = ["demo-project"] if role is Role.project_owner else []
            add_user(db, name, PASSWORD, [role], who="test", districts=districts, projects=projects)
            TOKENS[role.value] = create_token(db, name, who="test").token
    yield app
    app.state.grid_jobs.close()


def _auth(role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[role.value]}"}


def _wait(app: FastAPI, run_id: int) -> None:
    """Until run ``run_id``'s job has ended (its future is dropped when it does)."""
    future = app.state.grid_jobs.future(run_id)
    if future is not None:
        future.result(timeout=WAIT)


def _hold() -> bool:
    """A task that keeps the worker busy until the test sets :data:`HOLD` (pickled by name, so
    the threaded worker waits on this very event)."""
    return HOLD.wait(WAIT)


def _start(app: FastAPI, call: Call, body: dict[str, object] = QUICK) -> dict[str, object]:
    answer = call(app, "POST", "/api/v1/grid/runs", json=body, headers=_auth(Role.modeller))
    assert answer.status_code == 202, answer.text
    run: dict[str, object] = answer.json()
    return run


def test_a_run_reaches_done_with_its_figures_and_pages(platform: FastAPI, call: Call) -> None:
    started = _start(platform, call)
    assert started["status"] in ("queued", "running", "done")
    run_id = int(str(started["id"]))
    _wait(platform, run_id)
    run = call(platform, "GET", f"/api/v1/grid/runs/{run_id}", headers=_auth(Role.viewer)).json()
    assert (run["status"], run["stage"], run["progress"]) == ("done", "done", 1.0)
    assert run["who"] == "modeller" and run["hours"] == WEEK and run["error"] is None
    figures = run["result"]
    assert figures["system_cost_bn"] > 0 and figures["co2_mt"] > 0
    assert 0 <= figures["curtailment_share"] <= 1
    assert figures["capacities"]["import corridor"] > 0
    assert figures["prices"]["electricity"]["mean"] is not None
    assert [w["name"] for w in figures["weeks"]] == ["winter"]
    week = figures["weeks"][0]
    assert len(week["hours"]) == 168 and week["hours"][0].startswith("2030-01-14T00:00")
    assert all(len(values) == 168 for values in week["series"].values())
    listing = call(platform, "GET", "/api/v1/grid/runs", headers=_auth(Role.district_officer))
    assert run_id in [r["id"] for r in listing.json()["runs"]]
    assert "result" not in listing.json()["runs"][0]  # the listing carries no figures
    page = call(platform, "GET", f"/grid/runs/{run_id}?lang=en", headers=_auth(Role.viewer))
    assert page.status_code == 200
    assert 'class="chart dispatch-chart"' in page.text and 'data-week="winter"' in page.text
    assert "import corridor" in page.text and "A winter week" in page.text
    row = call(platform, "GET", f"/grid/runs/{run_id}/row", headers=_auth(Role.modeller))
    assert row.status_code == 200 and 'data-status="done"' in row.text
    assert "hx-trigger" not in row.text  # an ended row stops polling
    with platform.state.store.session() as db:
        trail = [e for e in audit_trail(db, "") if e.table == "grid_runs" and e.key == str(run_id)]
    assert [(e.action, e.who) for e in trail] == [("insert", "modeller")]


def test_the_grid_client_is_not_the_process_default_scheduler(platform: FastAPI) -> None:
    """Jobs go through the platform's own client only: made the process's default, it would
    outlive an app that was never shut down and send later dask work (xarray's netCDF writer)
    to a closed cluster."""
    import dask

    platform.state.grid_jobs.client()
    assert dask.config.get("scheduler", None) is None


def test_queued_runs_are_cancelled_and_never_run(platform: FastAPI, call: Call) -> None:
    jobs = platform.state.grid_jobs
    HOLD.clear()
    blocker = jobs.client().submit(_hold, pure=False)  # the one worker, held busy
    try:
        by_api = int(str(_start(platform, call)["id"]))
        form = {"scenario": "plan", "year": "2030", "resolution": "window"}
        form |= {"first": "312", "count": "168"}
        posted = call(platform, "POST", "/grid/runs", data=form, headers=_auth(Role.modeller))
        assert posted.status_code == 303 and posted.headers["location"] == "/grid"
        by_page = by_api + 1
        for run_id in (by_api, by_page):
            queued = call(platform, "GET", f"/api/v1/grid/runs/{run_id}", headers=_auth(Role.admin))
            assert queued.json()["status"] == "queued"
        path = f"/api/v1/grid/runs/{by_api}/cancel"
        refused = call(platform, "POST", path, headers=_auth(Role.viewer))
        assert refused.status_code == 404
        answer = call(platform, "POST", path, headers=_auth(Role.city_planner))
        assert answer.status_code == 200
        assert (answer.json()["status"], answer.json()["cancel_requested"]) == ("cancelled", True)
        page = f"/grid/runs/{by_page}/cancel"
        assert call(platform, "POST", page, headers=_auth(Role.modeller)).status_code == 303
        for run_id in (by_api, by_page):  # off Dask's queue (dropped once the cancel is done)
            future = jobs.future(run_id)
            assert future is None or future.cancelled()
    finally:
        HOLD.set()
        blocker.result(timeout=WAIT)
    for run_id in (by_api, by_page):
        run = call(platform, "GET", f"/api/v1/grid/runs/{run_id}", headers=_auth(Role.admin)).json()
        assert (run["status"], run["started_at"], run["result"]) == ("cancelled", None, None)
    again = call(platform, "POST", path, headers=_auth(Role.modeller))  # ended: unchanged
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    with platform.state.store.session() as db:
        trail = [e for e in audit_trail(db, "") if e.table == "grid_runs" and e.key == str(by_api)]
    assert [(e.action, e.who) for e in trail] == [
        ("insert", "modeller"),
        ("update", "city-planner"),
    ]
    assert trail[1].after is not None and trail[1].after["status"] == "cancelled"


def test_a_run_whose_process_died_reads_interrupted_and_can_start_again(
    platform: FastAPI, call: Call
) -> None:
    # A hand-made row as a dead server leaves it: running, its heartbeat long stale.
    with platform.state.store.session() as db:
        dead = add_run(db, "plan", 2035, "window", (4000, 24), "modeller")
        advance(db, dead.id, "solve", 0.15)
        stale = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=1)
        db.execute(update(GridRunRow).where(GridRunRow.id == dead.id).values(heartbeat_at=stale))
        db.commit()
    run = call(platform, "GET", f"/api/v1/grid/runs/{dead.id}", headers=_auth(Role.viewer))
    assert (run.json()["status"], run.json()["stage"]) == ("interrupted", "solve")
    assert run.json()["heartbeat_at"] is not None
    row = re.compile(rf'<tr class="grid-run status-interrupted" id="run-{dead.id}".*?</tr>', re.S)
    listing = call(platform, "GET", "/grid?lang=en", headers=_auth(Role.modeller)).text
    shown = row.search(listing)
    assert shown is not None and "hx-get" not in shown.group(0)  # no longer polled
    assert "no sign of life for more than 5 minutes" in shown.group(0)
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', shown.group(0)))
    assert fields.pop("csrf_token") is not None
    assert fields == {"scenario": "plan", "year": "2035", "resolution": "window"} | {
        "first": "4000",
        "count": "24",
    }
    viewer = call(platform, "GET", "/grid?lang=en", headers=_auth(Role.viewer)).text
    seen = row.search(viewer)
    assert seen is not None and "restart-run" not in seen.group(0)  # told, not offered
    zh = call(platform, "GET", f"/grid/runs/{dead.id}", headers=_auth(Role.modeller)).text
    assert "已中断" in zh and "重新启动" in zh
    # Started again from the page's form: a new run with the same inputs.
    again = call(platform, "POST", "/grid/runs", data=fields, headers=_auth(Role.modeller))
    assert again.status_code == 303
    newest = call(platform, "GET", "/api/v1/grid/runs", headers=_auth(Role.admin)).json()["runs"][0]
    assert newest["id"] > dead.id and (newest["year"], newest["hours"]) == (2035, WEEK_4000)
    call(platform, "POST", f"/api/v1/grid/runs/{newest['id']}/cancel", headers=_auth(Role.admin))
    _wait(platform, newest["id"])
    # Cancelling the interrupted run ends it at once: nothing runs it any more.
    ended = call(platform, "POST", f"/api/v1/grid/runs/{dead.id}/cancel", headers=_auth(Role.admin))
    assert ended.json()["status"] == "cancelled"


def test_the_form_needs_the_sessions_csrf_token(platform: FastAPI, call: Call) -> None:
    login = call(platform, "GET", "/login")
    token = login.cookies[LOGIN_COOKIE]
    signed = call(
        platform,
        "POST",
        "/login",
        data={"name": "modeller", "password": PASSWORD, "login_token": token, "next": "/grid"},
        headers={"Cookie": f"{LOGIN_COOKIE}={token}"},
    )
    session = {"Cookie": f"{SESSION_COOKIE}={signed.cookies[SESSION_COOKIE]}"}
    page = call(platform, "GET", "/grid", headers=session)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    form = {"scenario": "plan", "year": "1900", "resolution": "default"}  # refused if it passes
    forged = call(platform, "POST", "/grid/runs", data=form, headers=session)
    assert forged.status_code == 403
    checked = call(
        platform, "POST", "/grid/runs", data={**form, "csrf_token": found.group(1)}, headers=session
    )
    assert checked.status_code == 422  # through the CSRF check, to the year's check


def test_an_unreachable_scheduler_fails_the_run_not_the_request(
    tmp_path: Path, settings_for: Settle, call: Call
) -> None:
    app = create_app(settings_for(tmp_path, dask_scheduler="nowhere"))
    with app.state.store.session() as db:
        add_user(db, "modeller", PASSWORD, ["modeller"], who="test")
        token = create_token(db, "modeller", who="test").token
    answer = call(
        app, "POST", "/api/v1/grid/runs", json=QUICK, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 202
    run = answer.json()
    assert run["status"] == "failed" and "cannot reach the Dask scheduler nowhere" in run["error"]
    app.state.store.dispose()


def test_a_failing_run_keeps_a_readable_reason(
    platform: FastAPI, call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HiGHS given no time at all: the solve ends without an optimum, as a real failure would.
    monkeypatch.setenv("PEAKZERO_SOLVER_OPTIONS", '{"time_limit": 0.0}')
    run_id = int(str(_start(platform, call)["id"]))
    _wait(platform, run_id)
    answer = call(platform, "GET", f"/api/v1/grid/runs/{run_id}", headers=_auth(Role.modeller))
    assert answer.status_code == 200
    run = answer.json()
    assert (run["status"], run["stage"], run["result"]) == ("failed", "solve", None)
    assert "time_limit" in run["error"] and "not optimal" in run["error"]
    page = call(platform, "GET", "/grid?lang=en", headers=_auth(Role.modeller))
    assert page.status_code == 200 and "time_limit&#39; (not optimal)" in page.text
    detail = call(platform, "GET", f"/grid/runs/{run_id}?lang=en", headers=_auth(Role.modeller))
    assert detail.status_code == 200 and "The run failed" in detail.text


@pytest.mark.parametrize("role", list(Role))
def test_who_reads_and_who_starts_runs(platform: FastAPI, call: Call, role: Role) -> None:
    listing = call(platform, "GET", "/api/v1/grid/runs", headers=_auth(role))
    assert listing.status_code == (200 if role in READERS else 404)
    if role in READERS:
        assert listing.json()["can_start"] is (role in STARTERS)
        page = call(platform, "GET", "/grid", headers=_auth(role))
        assert page.status_code == 200
        assert ('id="grid-start"' in page.text) is (role in STARTERS)
    # An unknown scenario: a starter gets past the policy to the check (422), nothing runs.
    body = {**QUICK, "scenario": "no-such"}
    start = call(platform, "POST", "/api/v1/grid/runs", json=body, headers=_auth(role))
    assert start.status_code == (422 if role in STARTERS else 404)


def test_a_visitor_is_asked_to_sign_in(platform: FastAPI, call: Call) -> None:
    assert call(platform, "GET", "/api/v1/grid/runs").status_code == 401
    assert call(platform, "POST", "/api/v1/grid/runs", json=QUICK).status_code == 401
    page = call(platform, "GET", "/grid", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_bad_input_names_each_field_and_stores_nothing(platform: FastAPI, call: Call) -> None:
    before = len(
        call(platform, "GET", "/api/v1/grid/runs", headers=_auth(Role.admin)).json()["runs"]
    )
    cases = [
        ({**QUICK, "scenario": "nowhere", "year": 1990}, {"body.scenario", "body.year"}),
        ({**QUICK, "hours": None}, {"body.hours"}),
        ({**QUICK, "resolution": "default"}, {"body.hours"}),
        ({**QUICK, "hours": {"first": 8700, "count": 168}}, {"body.hours"}),
        ({**QUICK, "resolution": "weekly"}, {"body.resolution"}),
        ({**QUICK, "year": "soon"}, {"body.year"}),
    ]
    for body, fields in cases:
        answer = call(platform, "POST", "/api/v1/grid/runs", json=body, headers=_auth(Role.admin))
        assert answer.status_code == 422, body
        errors = answer.json()["errors"]
        assert {e["field"] for e in errors} == fields, errors
        assert all(e["message"] and e["allowed"] for e in errors)
    body = {**QUICK, "scenario": "x"}
    scenario = call(platform, "POST", "/api/v1/grid/runs", json=body, headers=_auth(Role.admin))
    assert "plan" in scenario.json()["errors"][0]["message"]  # what is allowed, named
    after = len(
        call(platform, "GET", "/api/v1/grid/runs", headers=_auth(Role.admin)).json()["runs"]
    )
    assert after == before


def test_the_page_form_refuses_bad_input_with_its_messages(platform: FastAPI, call: Call) -> None:
    me = call(platform, "GET", "/grid", headers=_auth(Role.modeller))
    assert me.status_code == 200
    form = {"scenario": "plan", "year": "2200", "resolution": "default"}
    answer = call(platform, "POST", "/grid/runs?lang=en", data=form, headers=_auth(Role.modeller))
    assert answer.status_code == 422
    assert "No run was started" in answer.text and "2019-2060" in answer.text


def test_unknown_ids_answer_404(platform: FastAPI, call: Call) -> None:
    admin = _auth(Role.admin)
    for method, path in [
        ("GET", "/api/v1/grid/runs/999999"),
        ("POST", "/api/v1/grid/runs/999999/cancel"),
        ("GET", "/grid/runs/999999"),
        ("GET", "/grid/runs/999999/row"),
    ]:
        assert call(platform, method, path, headers=admin).status_code == 404, path
    crafted = call(platform, "GET", "/api/v1/grid/runs/not-a-number", headers=admin)
    assert crafted.status_code == 422
    assert crafted.json()["errors"][0]["field"] == "path.run_id"


# What `peakzero serve` must not load before it answers (issue 12: first response within 2 s):
# Dask comes with the first grid job and PyPSA only in it; the unit registry (pint, iam-units,
# which pull in SciPy and Dask), pandas with the accounting engine and NumPy with the explorer
# come with the first page that computes (docs/design/speed.md, "Platform start").
NOT_AT_START = ("pypsa", "distributed", "dask", "pint", "iam_units", "scipy", "pandas", "numpy")


def test_the_app_and_the_job_module_import_neither_dask_nor_pypsa(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from peakzero.api import create_app\n"
        "import peakzero.studies.grid_job\n"
        "from peakzero.settings import Settings\n"
        f"create_app(Settings(data_dir=Path({str(tmp_path)!r})))\n"
        f"print(*[name for name in {NOT_AT_START!r} if name in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []
