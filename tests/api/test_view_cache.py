"""The pages' cache (api/view_cache.py): a hit is the page or JSON a fresh build gives, a write
through the platform is seen on the next request, and a view built for one scope never reaches
another (a 海淀 officer never gets the city's or 朝阳's)."""

from __future__ import annotations

import dataclasses
import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import openpyxl
import pytest
from fastapi import FastAPI

from peakzero.accounts import add_user
from peakzero.api import create_app
from peakzero.api.view_cache import ViewCache
from peakzero.programme.default import load_programme
from peakzero.settings import Settings
from peakzero.store import repository
from peakzero.store.datasets import save_dataset

from .conftest import bearer, signed_in  # noqa: TID252

Call = Callable[..., httpx.Response]
Settle = Callable[..., Settings]
PASSWORD = "correct horse battery staple"
HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
ACTIVITY = "region,year,sector,fuel,value,unit\n{r},2019,EB46,natural_gas,{v},TJ\n"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, settings_for: Settle) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("view-cache")
    app = create_app(settings_for(folder))
    default = load_programme()
    first, second = default.tasks[0], default.tasks[1]
    tasks = (
        dataclasses.replace(first, region=CHAOYANG),
        dataclasses.replace(second, region=HAIDIAN),
        *default.tasks[2:],
    )
    with app.state.store.session() as db:
        repository.save_programme(db, dataclasses.replace(default, tasks=tasks), "test")
        for name, roles, districts in (
            ("planner", ["city_planner"], []),
            ("planner2", ["city_planner"], []),
            ("manager", ["programme_manager"], []),
            ("haidian", ["district_officer"], [HAIDIAN]),
            ("chaoyang", ["district_officer"], [CHAOYANG]),
        ):
            add_user(db, name, PASSWORD, roles, who="test", districts=districts)
        for region, value in ((HAIDIAN, 1000), (CHAOYANG, 2000)):
            path = folder / f"{region}.csv"
            path.write_text(ACTIVITY.format(r=region, v=value), encoding="utf-8")
            save_dataset(db, f"gas-{region[-6:]}", region, "test", path)
    app.state.codes = (first.code, second.code)  # 朝阳's task, 海淀's task
    return app


def _fresh(call: Call, app: FastAPI, path: str, headers: dict[str, str]) -> httpx.Response:
    """``path`` built afresh: the app's cache dropped first."""
    app.state.view_cache = ViewCache()
    return call(app, "GET", path, headers=headers)


def _paths(app: FastAPI) -> list[str]:
    chaoyang, haidian = app.state.codes
    return [
        "/",
        "/?lang=en",
        "/inventory",
        "/inventory?lang=en&view=scope1%2B2&aviation=false&year=2010",
        f"/inventory?region={HAIDIAN}&name=gas-110108",
        "/programme",
        "/programme?as_of=2024-12-01&lang=en",
        f"/programme/tasks/{haidian}",
        "/monitoring",
        "/monitoring?lang=en&view=territorial&aviation=false",
        "/api/v1/inventory",
        f"/api/v1/inventory?region={CHAOYANG}&name=gas-110105&lang=en",
        "/api/v1/programme",
        f"/api/v1/programme/tasks/{chaoyang}?as_of=2024-12-01",
    ]


def test_a_hit_is_what_a_fresh_build_gives(call: Call, platform: FastAPI) -> None:
    cookie, token = signed_in(call, platform, "planner", PASSWORD)
    cookie2, token2 = signed_in(call, platform, "planner2", PASSWORD)
    assert token != token2
    for path in _paths(platform):
        fresh = _fresh(call, platform, path, cookie)
        cache: ViewCache = platform.state.view_cache
        hits = cache.hits
        again = call(platform, "GET", path, headers=cookie)
        assert cache.hits > hits, path  # served from the cache
        assert (again.status_code, again.text) == (fresh.status_code, fresh.text), path
        if not path.startswith("/api/"):
            assert token in again.text and 'id="signed-in-as">planner<' in again.text
        # Another user of the same scope shares the entry, with their own name and token.
        other = call(platform, "GET", path, headers=cookie2)
        assert other.text == _fresh(call, platform, path, cookie2).text, path
        if not path.startswith("/api/"):
            assert token2 in other.text and token not in other.text
            assert 'id="signed-in-as">planner2<' in other.text
    # A token (no session): the header shows no user and no form, as built afresh.
    auth = bearer(platform, "planner")
    call(platform, "GET", "/inventory", headers=auth)
    page = call(platform, "GET", "/inventory", headers=auth).text
    assert page == _fresh(call, platform, "/inventory", auth).text
    assert "signed-in-as" not in page


def test_a_write_is_seen_on_the_next_request(call: Call, platform: FastAPI) -> None:
    planner = bearer(platform, "planner")
    before = call(platform, "GET", "/api/v1/inventory", headers=planner).json()
    page = call(platform, "GET", "/inventory", headers=planner).text
    assert "gas-new" not in page
    upload = call(
        platform,
        "POST",
        "/api/v1/inventory/upload",
        data={"name": "gas-new", "region": "CN-BJ"},
        files={"file": ("new.csv", ACTIVITY.format(r="CN-BJ", v=5), "text/csv")},
        headers=planner,
    )
    assert upload.status_code == 201, upload.text
    after = call(platform, "GET", "/api/v1/inventory", headers=planner).json()
    assert len(after["datasets"]) == len(before["datasets"]) + 1
    assert "gas-new" in call(platform, "GET", "/inventory", headers=planner).text

    # A task renamed through the programme's workbook import.
    manager = bearer(platform, "manager")
    _, haidian = platform.state.codes
    assert "renamed by import" not in call(platform, "GET", "/programme", headers=manager).text
    call(platform, "GET", f"/api/v1/programme/tasks/{haidian}", headers=manager)
    export = call(platform, "GET", "/api/v1/programme/export.xlsx", headers=manager)
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    tasks = book["tasks"]
    columns = [c.value for c in tasks[2]]
    row = next(r for r in range(3, tasks.max_row + 1) if tasks.cell(r, 1).value == haidian)
    tasks.cell(row=row, column=columns.index("name_en") + 1, value="renamed by import")
    data = io.BytesIO()
    book.save(data)
    files = {"file": ("programme.xlsx", data.getvalue(), "application/octet-stream")}
    done = call(platform, "POST", "/api/v1/programme/import", files=files, headers=manager)
    assert done.status_code == 200 and done.json()["update"] == 1, done.text
    assert "renamed by import" in call(platform, "GET", "/programme?lang=en", headers=manager).text
    task = call(platform, "GET", f"/api/v1/programme/tasks/{haidian}", headers=manager).json()
    assert task["task"]["name_en"] == "renamed by import"


def test_a_district_officer_never_gets_another_scopes_view(call: Call, platform: FastAPI) -> None:
    chaoyang_task, haidian_task = platform.state.codes
    city, haidian, chaoyang = (bearer(platform, n) for n in ("planner", "haidian", "chaoyang"))
    pages = ("/inventory", "/api/v1/inventory", "/programme", "/api/v1/programme")
    for path in pages:  # the city's views first, so that they are in the cache
        assert call(platform, "GET", path, headers=city).status_code == 200
    for officer, own, other, own_task, other_task in (
        (haidian, "gas-110108", "gas-110105", haidian_task, chaoyang_task),
        (chaoyang, "gas-110105", "gas-110108", chaoyang_task, haidian_task),
    ):
        for _ in range(2):  # built, then from the cache
            inventory = call(platform, "GET", "/api/v1/inventory", headers=officer).json()
            assert own in {d["name"] for d in inventory["datasets"]}
            assert other not in {d["name"] for d in inventory["datasets"]}
            page = call(platform, "GET", "/inventory", headers=officer).text
            assert own in page and other not in page
            listing = call(platform, "GET", "/api/v1/programme", headers=officer).json()
            codes = {t["code"] for area in listing["areas"] for t in area["tasks"]}
            assert own_task in codes and other_task not in codes
            page = call(platform, "GET", "/programme", headers=officer).text
            assert f'/programme/tasks/{own_task}"' in page
            assert f'/programme/tasks/{other_task}"' not in page
    # What the city may read of a district stays 404 for the other district, cached or not.
    region = CHAOYANG
    for path in (
        f"/api/v1/inventory?region={region}&name=gas-110105",
        f"/inventory?region={region}&name=gas-110105",
        f"/api/v1/programme/tasks/{chaoyang_task}",
        f"/programme/tasks/{chaoyang_task}",
    ):
        assert call(platform, "GET", path, headers=city).status_code == 200
        assert call(platform, "GET", path, headers=city).status_code == 200
        assert call(platform, "GET", path, headers=haidian).status_code == 404, path


def test_the_cache_is_bounded_and_keeps_no_failure() -> None:
    cache = ViewCache(max_entries=2)
    assert cache.get("a", lambda: 1) == 1 and cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 0) == 1  # kept; "b" is now the least recently used
    assert cache.get("c", lambda: 3) == 3 and len(cache) == 2
    assert cache.get("b", lambda: 20) == 20  # "b" went out first

    def fail() -> int:
        raise LookupError("not found")

    with pytest.raises(LookupError):
        cache.get("d", fail)
    assert cache.get("d", lambda: 4) == 4


def test_concurrent_misses_build_once() -> None:
    cache = ViewCache()
    built: list[int] = []

    def slow() -> int:
        time.sleep(0.05)
        built.append(1)
        return 7

    found: list[int] = []
    threads = [
        threading.Thread(target=lambda: found.append(cache.get("k", slow))) for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [7] * 5 and built == [1]


def test_apps_do_not_share_a_cache(
    call: Call, platform: FastAPI, tmp_path: Path, settings_for: Settle
) -> None:
    other = create_app(settings_for(tmp_path))
    with other.state.store.session() as db:
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
    mine = call(platform, "GET", "/api/v1/inventory", headers=bearer(platform, "planner")).json()
    theirs = call(other, "GET", "/api/v1/inventory", headers=bearer(other, "planner")).json()
    assert mine["datasets"] and not theirs["datasets"]


def test_a_write_in_one_worker_is_seen_by_another(
    call: Call, tmp_path: Path, settings_for: Settle
) -> None:
    # Two apps on one database: two uvicorn workers, each with its own cache.
    first, second = (create_app(settings_for(tmp_path)) for _ in range(2))
    with first.state.store.session() as db:
        add_user(db, "planner", PASSWORD, ["city_planner"], who="test")
    auth = bearer(first, "planner")
    for app in (first, second):
        assert call(app, "GET", "/api/v1/inventory", headers=auth).json()["datasets"] == []
        assert "gas-new" not in call(app, "GET", "/inventory", headers=auth).text
    files = {"file": ("new.csv", ACTIVITY.format(r="CN-BJ", v=5), "text/csv")}
    data = {"name": "gas-new", "region": "CN-BJ"}
    upload = call(first, "POST", "/api/v1/inventory/upload", data=data, files=files, headers=auth)
    assert upload.status_code == 201, upload.text
    shown = call(second, "GET", "/api/v1/inventory", headers=auth).json()["datasets"]
    assert [d["name"] for d in shown] == ["gas-new"]
    assert "gas-new" in call(second, "GET", "/inventory", headers=auth).text


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_revision_moves_with_every_commit_in_any_order(backend: str, tmp_path: Path) -> None:
    """Two writers: the one with the lower audit id commits last (PostgreSQL's sequence allows
    it; SQLite's one writer at a time does not), and the revision still moves."""
    from sqlalchemy.orm import Session

    from peakzero.api.view_cache import revision
    from peakzero.store.audit import add_audit
    from peakzero.store.database import make_engine, upgrade
    from peakzero.testing import fresh_database

    def write(db: Session) -> None:
        add_audit(db, action="insert", table="t", key="k", who="test", before=None, after={},
                  region=None)  # fmt: skip
        db.flush()

    def now() -> tuple[int, ...]:
        with Session(engine) as db:
            return revision(db)

    with fresh_database(backend, tmp_path) as url:
        if url is None:
            pytest.skip("PEAKZERO_TEST_POSTGRES_URL is not set")
        upgrade(url)
        engine = make_engine(url)
        try:
            seen = [now()]
            if backend == "postgresql":
                first, second = Session(engine), Session(engine)
                write(first)  # the lower id, still open
                write(second)
                second.commit()
                seen.append(now())
                first.commit()
                seen.append(now())
                first.close()
                second.close()
            else:
                for _ in range(2):
                    with Session(engine) as db:
                        write(db)
                        db.commit()
                    seen.append(now())
            assert len(set(seen)) == 3, seen
            assert now() == seen[-1]  # no write: no change
        finally:
            engine.dispose()
