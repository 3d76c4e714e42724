"""The grid run protocol in the store: a job advances its run stage by stage; a cancel asked for
while it runs stops it at the next stage boundary, and figures stored after a cancel are
discarded; a queued run is cancelled at once; start and cancel are audited, progress is not."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from peakzero.store.database import StoreError
from peakzero.store.grid_runs import (
    GridRunNotFoundError,
    add_run,
    advance,
    fail,
    finish,
    get_run,
    list_runs,
    request_cancel,
)
from peakzero.store.repository import audit_trail


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
