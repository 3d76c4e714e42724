"""Grid runs in the store: a job's row from its start to its end, the one record of its state.

The platform may run several server processes (uvicorn workers), and a grid job runs on a Dask
worker elsewhere still, so the state is never kept in memory: the web layer adds a ``queued``
row (:func:`add_run`), the job advances it at each stage boundary (:func:`advance`), stores
its figures (:func:`finish`) or its error (:func:`fail`), and a cancel (:func:`request_cancel`)
sets a flag that the job's next :func:`advance` or :func:`finish` finds. Each of those is one
conditional ``UPDATE``, so a cancel and the job's own step cannot both win.

A process that dies (a server with its local Dask cluster, a worker) writes nothing more, so a
live run also carries a heartbeat: :func:`add_run` and :func:`advance` set it, and :func:`beat`
renews it every :data:`HEARTBEAT_SECONDS` (the job while it runs, the server process for the
runs it has queued). A read shows a ``queued`` or ``running`` run whose heartbeat is older than
:data:`STALE_AFTER` as ``interrupted``; nothing is written for it, so a job that was only slow
is shown live again at its next beat. Cancelling an interrupted run ends it ``cancelled``.

Starting and cancelling are audited (table ``grid_runs``, key the run's id) in the same
transaction as the change; the job's own progress is bookkeeping, not a user's change, and is
not.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Update, func, select, update
from sqlalchemy.orm import Session

from peakzero.codes import CITY
from peakzero.store.audit import add_audit
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import GridRunRow
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

__all__ = [
    "ENDED",
    "HEARTBEAT_SECONDS",
    "STALE_AFTER",
    "TABLE",
    "GridRun",
    "GridRunNotFoundError",
    "Status",
    "add_run",
    "advance",
    "beat",
    "fail",
    "finish",
    "get_run",
    "list_runs",
    "request_cancel",
]

TABLE = "grid_runs"
Status = Literal["queued", "running", "done", "failed", "cancelled", "interrupted"]
ENDED: tuple[Status, ...] = ("done", "failed", "cancelled")
"""Statuses a run never leaves."""
_LIVE = ("queued", "running")
HEARTBEAT_SECONDS = 30.0
"""How often a live run's heartbeat is renewed."""
STALE_AFTER = timedelta(minutes=5)
"""A live run whose heartbeat is older than this reads as ``interrupted`` (ten missed beats: a
busy database or a slow worker is not taken for a dead one)."""
QUEUED_STAGE = "queued"


class GridRunNotFoundError(StoreError):
    """No grid run of that id, or none the caller may see (the API's 404)."""


@dataclass(frozen=True)
class GridRun:
    """A stored grid run (times in UTC; ``hours`` the window (first hour, count) or None).

    ``status`` is ``interrupted`` for a run stored live whose heartbeat is stale (never stored).
    """

    id: int
    scenario: str
    year: int
    resolution: str
    hours: tuple[int, int] | None
    region: str
    status: Status
    stage: str
    progress: float
    cancel_requested: bool
    result: dict[str, Any] | None
    error: str | None
    who: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None = None

    def audited(self) -> dict[str, Any]:
        """What the audit log keeps of the run: the job and its state, not its figures."""
        return {
            "scenario": self.scenario,
            "year": self.year,
            "resolution": self.resolution,
            "hours": None if self.hours is None else list(self.hours),
            "status": self.status,
            "cancel_requested": self.cancel_requested,
        }


def add_run(
    session: Session,
    scenario: str,
    year: int,
    resolution: str,
    hours: tuple[int, int] | None,
    who: str,
) -> GridRun:
    """Store a new ``queued`` run and its audit row in one transaction (the caller has checked
    the scenario and year: the store keeps what it is given)."""
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    now = datetime.now(UTC)
    row = GridRunRow(
        scenario=scenario,
        year=year,
        resolution=resolution,
        first_hour=None if hours is None else hours[0],
        hours=None if hours is None else hours[1],
        region=CITY,
        status="queued",
        stage=QUEUED_STAGE,
        progress=0.0,
        cancel_requested=False,
        who=who.strip(),
        created_at=now,
        heartbeat_at=now,
    )
    with translate_errors(session_url(session), "store a grid run in", NOT_SET_UP_HINT):
        try:
            session.add(row)
            session.flush()
            run = _run(row)
            _audit(session, run, "insert", None, run, run.who)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return run


def list_runs(session: Session, regions: Collection[str] | None = None) -> tuple[GridRun, ...]:
    """The runs, newest first; only those of ``regions`` when given."""
    query = select(GridRunRow).order_by(GridRunRow.id.desc())
    if regions is not None:
        query = query.where(GridRunRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(_run(row) for row in session.scalars(query))


def get_run(session: Session, run_id: int, regions: Collection[str] | None = None) -> GridRun:
    """The run ``run_id``.

    Raises
    ------
    GridRunNotFoundError
        If there is none, or its region is not among ``regions``.
    """
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(GridRunRow, run_id, populate_existing=True)
    if row is None or (regions is not None and row.region not in regions):
        msg = f"no grid run {run_id}"
        raise GridRunNotFoundError(msg)
    return _run(row)


def request_cancel(
    session: Session, run_id: int, who: str, regions: Collection[str] | None = None
) -> GridRun:
    """Ask run ``run_id`` to stop, audited: a queued run is cancelled at once (its task, when a
    worker reaches it, finds the flag and does nothing); a running one at its next stage
    boundary; an interrupted one (no heartbeat) at once, as nothing runs it any more. An ended
    run is returned unchanged (nothing to cancel, nothing audited).

    Raises
    ------
    GridRunNotFoundError
        As :func:`get_run`.
    """
    before = get_run(session, run_id, regions)
    if before.status in ENDED:
        return before
    now = datetime.now(UTC)
    at_once = _LIVE if before.status == "interrupted" else ("queued",)
    with translate_errors(session_url(session), "cancel a grid run in"):
        try:
            session.execute(
                update(GridRunRow)
                .where(GridRunRow.id == run_id, GridRunRow.status.in_(at_once))
                .values(status="cancelled", stage="cancelled", finished_at=now)
            )
            session.execute(
                update(GridRunRow).where(GridRunRow.id == run_id).values(cancel_requested=True)
            )
            after = get_run(session, run_id)
            _audit(session, after, "update", before, after, who)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return after


def advance(session: Session, run_id: int, stage: str, progress: float) -> bool:
    """The job reached ``stage`` (``progress`` 0-1): record it, unless a cancel was asked for —
    then mark the run cancelled and answer False (the job stops)."""
    now = datetime.now(UTC)
    moved = _changed(
        session,
        update(GridRunRow)
        .where(GridRunRow.id == run_id, GridRunRow.status.in_(_LIVE), ~GridRunRow.cancel_requested)
        .values(
            status="running",
            stage=stage,
            progress=progress,
            started_at=func.coalesce(GridRunRow.started_at, now),  # the first stage's time
            heartbeat_at=now,
        ),
    )
    if not moved:
        _stop(session, run_id, now)
    session.commit()
    return bool(moved)


def beat(session: Session, run_ids: Collection[int]) -> int:
    """Renew the heartbeat of those of ``run_ids`` still live (an ended run is left as it is);
    how many were renewed."""
    if not run_ids:
        return 0
    renewed = _changed(
        session,
        update(GridRunRow)
        .where(GridRunRow.id.in_(list(run_ids)), GridRunRow.status.in_(_LIVE))
        .values(heartbeat_at=datetime.now(UTC)),
    )
    session.commit()
    return renewed


def finish(session: Session, run_id: int, result: dict[str, Any]) -> bool:
    """Store the job's figures and end the run ``done`` — unless a cancel came during the last
    stage: then the figures are discarded, the run ends ``cancelled``, and the answer is False."""
    now = datetime.now(UTC)
    done = _changed(
        session,
        update(GridRunRow)
        .where(
            GridRunRow.id == run_id, GridRunRow.status == "running", ~GridRunRow.cancel_requested
        )
        .values(status="done", stage="done", progress=1.0, result=result, finished_at=now),
    )
    if not done:
        _stop(session, run_id, now)
    session.commit()
    return bool(done)


def fail(session: Session, run_id: int, error: str) -> None:
    """End the run ``failed`` with ``error`` (a sentence for the page), unless it ended already."""
    session.execute(
        update(GridRunRow)
        .where(GridRunRow.id == run_id, GridRunRow.status.in_(_LIVE))
        .values(status="failed", error=error, finished_at=datetime.now(UTC))
    )
    session.commit()


def _changed(session: Session, statement: Update) -> int:
    """How many rows ``statement`` changed (an UPDATE's result is a cursor result)."""
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def _stop(session: Session, run_id: int, now: datetime) -> None:
    """A live run whose cancel was asked for ends ``cancelled`` (an ended one stays as is)."""
    session.execute(
        update(GridRunRow)
        .where(GridRunRow.id == run_id, GridRunRow.status.in_(_LIVE))
        .values(status="cancelled", stage="cancelled", finished_at=now)
    )


def _status(row: GridRunRow, heartbeat: datetime | None) -> Status:
    """The row's status, ``interrupted`` when it is live and its last sign of life (heartbeat,
    else start, else creation: rows stored before revision 0011 have none) is stale."""
    last = heartbeat or row.started_at or row.created_at
    if row.status in _LIVE and as_utc(last) < datetime.now(UTC) - STALE_AFTER:
        return "interrupted"
    return row.status  # type: ignore[return-value]  # the CHECK constraint keeps it a Status


def _run(row: GridRunRow) -> GridRun:
    hours = None if row.first_hour is None or row.hours is None else (row.first_hour, row.hours)
    heartbeat = None if row.heartbeat_at is None else as_utc(row.heartbeat_at)
    return GridRun(
        id=row.id,
        scenario=row.scenario,
        year=row.year,
        resolution=row.resolution,
        hours=hours,
        region=row.region,
        status=_status(row, heartbeat),
        stage=row.stage,
        progress=row.progress,
        cancel_requested=row.cancel_requested,
        result=row.result,
        error=row.error,
        who=row.who,
        created_at=as_utc(row.created_at),
        started_at=None if row.started_at is None else as_utc(row.started_at),
        finished_at=None if row.finished_at is None else as_utc(row.finished_at),
        heartbeat_at=heartbeat,
    )


def _audit(
    session: Session,
    run: GridRun,
    action: str,
    before: GridRun | None,
    after: GridRun | None,
    who: str,
) -> None:
    add_audit(
        session,
        action=action,
        table=TABLE,
        key=str(run.id),
        who=who,
        before=None if before is None else before.audited(),
        after=None if after is None else after.audited(),
        region=run.region,
    )
