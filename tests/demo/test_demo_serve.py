"""``peakzero demo`` serves the platform on the demo database through ``peakzero serve``'s code
path: started for real on a free 127.0.0.1 port, signed in with a printed password, stopped with
Ctrl-C's signal (no mock, no sleep: the start is polled with a bounded loop)."""

from __future__ import annotations

from pathlib import Path

import httpx

from peakzero.demo.accounts import DEMO_ACCOUNTS, DEMO_DATABASE
from peakzero.demo.illustrative import DISTRICT_TASKS
from peakzero.demo.process import running_demo


def test_the_demo_serves_its_database_and_its_printed_accounts_sign_in(tmp_path: Path) -> None:
    env = {"PEAKZERO_DATA_DIR": str(tmp_path / "data"), "PEAKZERO_OVERVIEW_RUNS": "20"}
    with running_demo(tmp_path, env=env) as demo, httpx.Client(base_url=demo.base) as client:
        assert set(demo.passwords) == {a.name for a in DEMO_ACCOUNTS}
        assert (tmp_path / DEMO_DATABASE).is_file()
        assert client.get("/").status_code == 200
        client.get("/login")
        token = client.cookies["peakzero_login"]
        form = {"name": "demo-chaoyang", "password": demo.passwords["demo-chaoyang"],
                "login_token": token, "next": "/programme"}  # fmt: skip
        assert client.post("/login", data=form).status_code in (200, 303)
        view = client.get("/api/v1/programme").json()
        seen = {t["code"] for area in view["areas"] for t in area["tasks"]}
        assert view["illustrative"] is True
        assert {t for t, r in DISTRICT_TASKS.items() if r == "CN-BJ-110105"} <= seen
        assert not {t for t, r in DISTRICT_TASKS.items() if r == "CN-BJ-110108"} & seen
    log = (tmp_path / "demo.log").read_text(encoding="utf-8")
    assert "peakzero platform on http://127.0.0.1:" in log  # serve's own line
