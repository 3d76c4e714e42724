"""The grid run protocol in the store: a job advances its run stage by stage; a cancel asked for
while it runs stops it at the next stage boundary, and figures stored after a cancel are
discarded; a queued run is cancelled at once; start and cancel are audited, progress is not; a
live run whose heartbeat is stale (its process died) reads as interrupted, on a hand-made row."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text, update
from sqlalchemy.orm import Session

from peakzero.store.database import StoreError, alembic_config, make_engine, upgrade
from peakzero.store.grid_runs import (
    STALE_AFTER,
    GridRunNotFoundError,
    add_run,
    advance,
    beat,
    fail,
    finish,
    get_run,
    list_runs,
    request_cancel,
)
from peakzero.store.models import GridRunRow
from peakzero.store.repository import audit_trail
from peakzero.studies.grid_job import beating


def _trail(session: Session, run_id: int) -> list[tuple[str, str]]:
    rows = [e for e in audit_trail(session, "") if e.table == "grid_runs"]
    return [(e.action, e.who) for e in rows if e.key == str(run_id)]


def test_a_run_goes_from_queued_to_done(session: Session) -> None:
    run = add_run(session, "plan", 2030, "window", (312, 168), "modeller")
    assert (run.status, run.progress, run.hours, run.region) == ("queued", 0.0, (312, 168), "CN-BJ")
    assert advance(session, run.id, "build network", 0.1)
    running = get_run(session, run.id)
    assert (running.status, running.stage, running.started_at is not None) == (
        "running",
        "build network",
        True,
    )
    assert finish(session, run.id, {"system_cost_bn": 1.0})
    done = get_run(session, run.id)
    assert (done.status, done.progress, done.result) == ("done", 1.0, {"system_cost_bn": 1.0})
    assert _trail(session, run.id) == [("insert", "modeller")]  # progress is not a change
    assert [r.id for r in list_runs(session)] == [run.id]
    assert list_runs(session, ["CN-BJ-110108"]) == ()


def test_a_running_run_stops_at_its_next_stage_and_its_figures_are_discarded(
    session: Session,
) -> None:
    run = add_run(session, "plan", 2030, "default", None, "modeller")
    assert advance(session, run.id, "solve", 0.15)
    asked = request_cancel(session, run.id, "planner")
    assert (asked.status, asked.cancel_requested) == ("running", True)  # the solve goes on
    assert not finish(session, run.id, {"system_cost_bn": 1.0})
    ended = get_run(session, run.id)
    assert (ended.status, ended.result, ended.finished_at is not None) == ("cancelled", None, True)
    assert not advance(session, run.id, "store", 0.95)  # an ended run stays ended
    assert _trail(session, run.id) == [("insert", "modeller"), ("update", "planner")]


def test_a_queued_run_is_cancelled_at_once_and_an_ended_one_is_left_alone(
    session: Session,
) -> None:
    run = add_run(session, "plan", 2030, "full", None, "modeller")
    assert request_cancel(session, run.id, "planner").status == "cancelled"
    assert not advance(session, run.id, "build network", 0.02)  # the task, reached later
    never = get_run(session, run.id)
    assert (never.status, never.started_at) == ("cancelled", None)
    failed = add_run(session, "plan", 2030, "full", None, "modeller")
    fail(session, failed.id, "HiGHS did not end optimal")
    assert request_cancel(session, failed.id, "planner").status == "failed"
    assert _trail(session, failed.id) == [("insert", "modeller")]
    with pytest.raises(GridRunNotFoundError):
        get_run(session, 10_000)
    with pytest.raises(StoreError, match="who"):
        add_run(session, "plan", 2030, "full", None, " ")


def _last_beat(session: Session, run_id: int, ago: timedelta) -> None:
    """Make run ``run_id``'s heartbeat ``ago`` old: a row as a dead process leaves it."""
    moment = datetime.now(UTC) - ago
    session.execute(update(GridRunRow).where(GridRunRow.id == run_id).values(heartbeat_at=moment))
    session.commit()


def test_a_live_run_without_a_heartbeat_reads_as_interrupted(session: Session) -> None:
    running = add_run(session, "plan", 2030, "default", None, "modeller")
    assert running.heartbeat_at is not None and running.status == "queued"
    assert advance(session, running.id, "solve", 0.15)
    queued = add_run(session, "plan", 2035, "default", None, "modeller")
    done = add_run(session, "plan", 2040, "default", None, "modeller")
    assert advance(session, done.id, "store", 0.95) and finish(session, done.id, {})
    late = STALE_AFTER + timedelta(seconds=30)
    for run_id in (running.id, queued.id, done.id):
        _last_beat(session, run_id, late)
    shown = {run.id: run.status for run in list_runs(session)}
    assert shown == {running.id: "interrupted", queued.id: "interrupted", done.id: "done"}
    assert get_run(session, running.id).status == "interrupted"
    # Within the limit it is live: a long stage that still beats is not taken for a dead one.
    _last_beat(session, queued.id, STALE_AFTER - timedelta(seconds=30))
    assert get_run(session, queued.id).status == "queued"
    # A job that was only slow beats again and is shown running; an ended run is not revived.
    assert beat(session, [running.id, done.id]) == 1
    assert get_run(session, running.id).status == "running"
    assert get_run(session, done.id).status == "done"
    assert _trail(session, running.id) == [("insert", "modeller")]  # beats are not audited


def test_cancelling_an_interrupted_run_ends_it_at_once(session: Session) -> None:
    run = add_run(session, "plan", 2030, "default", None, "modeller")
    assert advance(session, run.id, "solve", 0.15)
    _last_beat(session, run.id, STALE_AFTER * 2)
    ended = request_cancel(session, run.id, "planner")
    assert (ended.status, ended.finished_at is not None) == ("cancelled", True)
    assert _trail(session, run.id) == [("insert", "modeller"), ("update", "planner")]


def test_the_job_beats_while_it_runs(engine: Engine, session: Session) -> None:
    run = add_run(session, "plan", 2030, "default", None, "modeller")
    _last_beat(session, run.id, STALE_AFTER * 2)
    assert get_run(session, run.id).status == "interrupted"
    session.commit()  # no read transaction left open (SQLite would lock the beat out)

    def status() -> str:
        with Session(engine) as reader:
            return get_run(reader, run.id).status

    with beating(engine, lambda: [run.id], every=0.01):
        deadline = time.monotonic() + 30
        while status() != "queued" and time.monotonic() < deadline:
            time.sleep(0.01)  # a bounded wait for the beating thread's first beat
    assert status() == "queued"


def test_runs_stored_before_the_heartbeat_are_judged_by_their_times(tmp_path: Path) -> None:
    # Revision 0011 on SQLite: a run left "running" before it (no heartbeat column) reads as
    # interrupted after the upgrade, a recent one as running; the downgrade drops the column.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0010")
    engine = make_engine(url)
    old, recent = datetime.now(UTC) - timedelta(hours=3), datetime.now(UTC)
    columns = "scenario, year, resolution, region, status, stage, progress, cancel_requested"
    with engine.begin() as connection:
        for moment in (old, recent):
            connection.execute(
                text(
                    f"INSERT INTO grid_runs ({columns}, who, created_at, started_at) VALUES "
                    "('plan', 2030, 'default', 'CN-BJ', 'running', 'solve', 0.15, 0, 'modeller',"
                    " :at, :at)"
                ),
                {"at": moment},
            )
    upgrade(url)
    with Session(engine) as session:
        assert [run.status for run in list_runs(session)] == ["running", "interrupted"]
        assert all(run.heartbeat_at is None for run in list_runs(session))
    command.downgrade(alembic_config(url), "0010")
    with engine.connect() as connection:
        names = [row[1] for row in connection.execute(text("PRAGMA table_info(grid_runs)"))]
    assert "heartbeat_at" not in names and "status" in names
    engine.dispose()
