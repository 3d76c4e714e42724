"""The demo database: one account per role, only on loopback and in the demo file, idempotent,
and every illustrative record labelled as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from peakzero.accounts import Role, list_users, login
from peakzero.api.inventory import DatasetInfo
from peakzero.api.programme import illustrative
from peakzero.demo import ILLUSTRATIVE, dataset_is_illustrative
from peakzero.demo.accounts import (
    CHAOYANG,
    DEMO_DATABASE,
    HAIDIAN,
    check_demo_target,
    demo_database_url,
    is_loopback,
)
from peakzero.demo.illustrative import DISTRICT_TASKS, illustrative_programme
from peakzero.demo.seed import seed_demo
from peakzero.errors import InputError
from peakzero.programme.default import load_programme
from peakzero.store import repository
from peakzero.store.database import open_session
from peakzero.store.datasets import list_datasets
from peakzero.store.models import AuditRow


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org"])
def test_a_host_off_loopback_is_refused(host: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="loopback") as refused:
        check_demo_target(demo_database_url(tmp_path), host)
    assert [p.file for p in refused.value.problems] == ["--host"]


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////var/lib/peakzero/peakzero.db",
        f"postgresql+psycopg://u@db.example/{DEMO_DATABASE}",
        "not a url",
    ],
)
def test_a_database_other_than_the_demo_file_is_refused(url: str) -> None:
    with pytest.raises(InputError, match="demo database"):
        check_demo_target(url, "127.0.0.1")


def test_seeding_off_loopback_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="loopback"):
        seed_demo(tmp_path / "demo", "0.0.0.0")
    assert not (tmp_path / "demo").exists()


def _counts(url: str) -> tuple[int, int, int]:
    with open_session(url) as db:
        audit = db.scalar(select(func.count()).select_from(AuditRow)) or 0
        return len(list_users(db)), len(list_datasets(db)), audit


def _signs_in(url: str, name: str, password: str) -> bool:
    with open_session(url) as db:
        return login(db, name, password, "127.0.0.1").outcome == "ok"


def test_one_account_per_role_and_idempotent(tmp_path: Path) -> None:
    first = seed_demo(tmp_path, "127.0.0.1")
    assert first.url == demo_database_url(tmp_path)
    with open_session(first.url) as db:
        users = list_users(db)
    assert {r for u in users for r in u.roles} == set(Role)
    assert {u.districts for u in users if Role.district_officer in u.roles} == {
        (HAIDIAN,),
        (CHAOYANG,),
    }
    before = _counts(first.url)

    second = seed_demo(tmp_path, "127.0.0.1")
    assert second.programme_changes == 0  # saved unchanged: nothing written
    users_after, datasets_after, audit_after = _counts(second.url)
    assert (users_after, datasets_after) == before[:2]  # no account or dataset added
    # Only the password resets are audited again (one per account), nothing else.
    assert audit_after - before[2] == len(first.passwords)
    assert second.passwords.keys() == first.passwords.keys()
    assert all(second.passwords[n] != first.passwords[n] for n in first.passwords)
    assert not _signs_in(second.url, "demo-haidian", first.passwords["demo-haidian"])
    assert _signs_in(second.url, "demo-haidian", second.passwords["demo-haidian"])


def test_every_illustrative_record_says_so(tmp_path: Path) -> None:
    seeded = seed_demo(tmp_path, "127.0.0.1")
    with open_session(seeded.url) as db:
        stored = repository.load_programme(db, repository.list_programmes(db)[0])
    published = load_programme()
    assert not illustrative(published)
    assert illustrative(stored) and ILLUSTRATIVE in (stored.source or "")
    assert stored.kpi_actuals and all(a.source == ILLUSTRATIVE for a in stored.kpi_actuals)
    assert stored.readiness and all(r.source == ILLUSTRATIVE for r in stored.readiness)
    assert stored.milestones and all(
        ILLUSTRATIVE in (m.deliverable or "") for m in stored.milestones
    )
    assert [c.requirements for c in stored.calls] == [ILLUSTRATIVE]
    assert len(stored.races) == 1 and len(stored.teams_in(stored.races[0].code)) == 2
    assert all(ILLUSTRATIVE in (r.reason or "") for r in stored.stage_reviews)
    assert {t.code: t.region for t in stored.tasks if t.region != "CN-BJ"} == DISTRICT_TASKS
    assert stored == illustrative_programme(published)
    assert {d.region for d in seeded.datasets} == {HAIDIAN, CHAOYANG}
    assert all(dataset_is_illustrative(d.source) for d in seeded.datasets)
    assert all(DatasetInfo.of(d).illustrative for d in seeded.datasets)
