"""The Grid page's views and its job runner.

The views read the stored runs (:mod:`peakzero.store.grid_runs`) and show them as they are: a
run's figures were computed by its job (:func:`peakzero.studies.grid_job.run_figures`) and are never
computed here. :class:`GridJobs` sends a run to Dask — an existing scheduler
(``PEAKZERO_DASK_SCHEDULER``) or a local cluster started on the first job and closed when the
app stops — and keeps the futures this process submitted, so that a run still queued here can be
taken off the queue when it is cancelled, and whose heartbeat it renews while they wait in the
queue (the job renews it once it runs): a process that dies stops renewing, and its runs read
as interrupted (:mod:`peakzero.store.grid_runs`). Everything else about a run lives in its row.

Nothing here imports Dask or PyPSA when the app is created: Dask on the first job, PyPSA only
in the job, on a worker.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import uuid4

from pydantic import BaseModel, Field

from peakzero.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from peakzero.accounts.policy import Principal
    from peakzero.store.grid_runs import GridRun

__all__ = [
    "DEFAULT_WINDOW",
    "GridJobs",
    "GridRunRequest",
    "GridRunView",
    "GridRunsView",
    "HoursWindow",
    "request_problems",
    "run_view",
    "runs_view",
]

DEFAULT_WINDOW = (312, 168)
"""The quick run the page offers: the winter week from 14 January (the grid study's week)."""
Resolution = Literal["default", "full", "window"]


class HoursWindow(BaseModel):
    first: int = Field(ge=0, description="the window's first hour of the year (0: 1 Jan 00:00)")
    count: int = Field(ge=1, description="how many hours the window holds")


class GridRunRequest(BaseModel):
    scenario: str = Field("plan", description="a packaged scenario name")
    year: int = Field(2030, description="the pathway year")
    resolution: Resolution = Field(
        "default",
        description="default: the year in time segments; full: all 8,760 hours; window: only "
        "the hours of `hours`, each standing for 8760/count hours of the year (a quick run)",
    )
    hours: HoursWindow | None = Field(None, description="the window, with resolution window")


class PriceStats(BaseModel):
    mean: float | None
    min: float | None
    max: float | None


class DispatchWeek(BaseModel):
    name: str = Field(description="winter, summer, or 'modelled hours' for a window of neither")
    hours: list[str] = Field(description="each hour, local time, ISO 8601")
    series: dict[str, list[float]] = Field(description="MW by category: supply > 0, use < 0")


class GridFigures(BaseModel):
    """What a done run shows (units as the grid reports them)."""

    system_cost_bn: float = Field(description="bn currency/yr")
    currency: str
    co2_mt: float | None = Field(description="Mt CO2/yr")
    import_peak_gw: float
    curtailment_share: float = Field(description="0-1")
    unserved_mwh: float
    resolution_label: str
    snapshots: int
    solve_seconds: float
    capacities: dict[str, float | None] = Field(description="MW (… energy: MWh)")
    generation_twh: dict[str, float | None]
    co2: dict[str, float | None] = Field(description="Mt CO2/yr by emitter, and total")
    costs: dict[str, float | None] = Field(description="currency/yr: capex, opex, total")
    prices: dict[str, PriceStats] = Field(description="currency/MWh by bus (CO2: per t)")
    aggregation_note: str
    currency_note: str | None
    messages: list[str]
    weeks: list[DispatchWeek]


class GridRunInfo(BaseModel):
    id: int
    scenario: str
    year: int
    resolution: Resolution
    hours: HoursWindow | None
    status: Literal["queued", "running", "done", "failed", "cancelled", "interrupted"] = Field(
        description="interrupted: stored queued or running, but no heartbeat for "
        "store.grid_runs.STALE_AFTER (5 min): the process running it died; start it again"
    )
    stage: str
    progress: float = Field(description="0-1")
    cancel_requested: bool
    error: str | None
    who: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None = Field(
        description="when the run's job or the server holding it last said it was alive"
    )


class GridRunView(GridRunInfo):
    result: GridFigures | None = Field(description="the figures, once done")


class ScenarioOption(BaseModel):
    name: str
    name_en: str
    name_zh: str


class GridRunsView(BaseModel):
    runs: list[GridRunInfo] = Field(description="newest first")
    scenarios: list[ScenarioOption]
    years: tuple[int, int] = Field(description="the first and last year a run may have")
    resolutions: list[Resolution]
    default_window: HoursWindow
    can_start: bool = Field(description="whether the user may start and cancel runs")


def _info(run: GridRun) -> dict[str, Any]:
    hours = None if run.hours is None else HoursWindow(first=run.hours[0], count=run.hours[1])
    fields = {name: getattr(run, name) for name in GridRunInfo.model_fields if name != "hours"}
    return {**fields, "hours": hours}


def run_view(run: GridRun) -> GridRunView:
    """One run with its figures."""
    result = None if run.result is None else GridFigures.model_validate(run.result)
    return GridRunView(**_info(run), result=result)


def runs_view(runs: tuple[GridRun, ...], can_start: bool) -> GridRunsView:
    """The listing: the runs given and what a new run may be."""
    from peakzero.pathways.run import YEARS
    from peakzero.pathways.scenarios import list_scenarios

    return GridRunsView(
        runs=[GridRunInfo(**_info(run)) for run in runs],
        scenarios=[
            ScenarioOption(name=i.name, name_en=i.name_en, name_zh=i.name_zh)
            for i in list_scenarios()
        ],
        years=(int(YEARS[0]), int(YEARS[-1])),
        resolutions=["window", "default", "full"],
        default_window=HoursWindow(first=DEFAULT_WINDOW[0], count=DEFAULT_WINDOW[1]),
        can_start=can_start,
    )


def request_problems(request: GridRunRequest, where: str = "body") -> list[dict[str, Any]]:
    """One pydantic-style error (``loc``, ``msg``, ``input``) per bad part of ``request``: an
    unknown scenario, a year outside the pathway's horizon, a window missing, needless or
    outside the year's hours."""
    from peakzero.grid.profiles_contract import HOURS
    from peakzero.pathways.run import YEARS
    from peakzero.pathways.scenarios import list_scenarios

    problems: list[dict[str, Any]] = []
    names = [info.name for info in list_scenarios()]
    if request.scenario not in names:
        msg = f"unknown scenario; use one of {', '.join(names)}"
        problems.append({"loc": (where, "scenario"), "msg": msg, "input": request.scenario})
    first, last = int(YEARS[0]), int(YEARS[-1])
    if not first <= request.year <= last:
        msg = f"the year must be within {first}-{last} (the pathway's horizon)"
        problems.append({"loc": (where, "year"), "msg": msg, "input": request.year})
    window = request.hours
    if request.resolution == "window" and window is None:
        msg = "resolution window needs hours: {first, count}"
        problems.append({"loc": (where, "hours"), "msg": msg, "input": None})
    elif request.resolution != "window" and window is not None:
        msg = f"hours are for resolution window; {request.resolution} solves the whole year"
        problems.append({"loc": (where, "hours"), "msg": msg, "input": str(window)})
    elif window is not None and window.first + window.count > HOURS:
        msg = f"the window must end within the year's {HOURS} hours (first + count ≤ {HOURS})"
        problems.append({"loc": (where, "hours"), "msg": msg, "input": str(window)})
    return problems


def start_run(
    db: Session, jobs: GridJobs, principal: Principal, request: GridRunRequest
) -> GridRun:
    """Store ``request`` as a queued run (audited) and send it to Dask; a scheduler that cannot
    be reached fails the run with the reason (the page shows it) rather than the request."""
    from peakzero.store.grid_runs import add_run, fail, get_run

    window = None if request.hours is None else (request.hours.first, request.hours.count)
    run = add_run(db, request.scenario, request.year, request.resolution, window, principal.name)
    try:
        jobs.submit(run.id)
    except (OSError, ValueError) as exc:  # unreachable, or an address that does not parse
        fail(db, run.id, f"cannot reach the Dask scheduler {jobs.where}: {exc}")
    return get_run(db, run.id)


class GridJobs:
    """This process's way to Dask: the client (made on the first job), and the futures of the
    runs it submitted that have not ended."""

    def __init__(self, settings: Settings, database_url: str) -> None:
        self.settings = settings
        self.database_url = database_url
        self._client: Any = None
        self._cluster: Any = None
        self._futures: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._beats: ExitStack | None = None  # the heartbeat of the runs submitted here

    @property
    def where(self) -> str:
        """The scheduler's address, or "(local cluster)"."""
        return self.settings.dask_scheduler or "(local cluster)"

    def client(self) -> Any:
        """The Dask client: of the scheduler at ``PEAKZERO_DASK_SCHEDULER``, else of a local
        cluster of one worker (a grid solve uses the machine's cores itself), started now."""
        with self._lock:
            if self._client is None:
                from distributed import Client, LocalCluster

                address = self.settings.dask_scheduler
                # Not the process's default scheduler (set_as_default=False): jobs go through
                # this client only, and a default client left behind by an app that was never
                # shut down would send every later dask computation of the process (xarray's
                # netCDF writer, say) to a closed cluster.
                if address:
                    self._client = Client(address, timeout="10s", set_as_default=False)
                else:
                    processes = self.settings.dask_processes
                    self._cluster = LocalCluster(
                        n_workers=1,
                        threads_per_worker=1,
                        processes=processes,
                        dashboard_address=None,
                        **({"host": "127.0.0.1"} if processes else {}),
                    )
                    self._client = Client(self._cluster, set_as_default=False)
            return self._client

    def submit(self, run_id: int) -> None:
        """Send run ``run_id`` to Dask (the run's row holds what to solve)."""
        from peakzero.studies.grid_job import run_grid_job

        client = self.client()
        future = client.submit(
            # a key of its own: another database on the same scheduler has a run of this id too
            run_grid_job,
            run_id,
            self.database_url,
            key=f"grid-run-{run_id}-{uuid4().hex}",
        )
        with self._lock:
            self._futures[run_id] = future
            if self._beats is None:
                self._beats = self._beating()
        future.add_done_callback(lambda _: self._forget(run_id))

    def _beating(self) -> ExitStack:
        """Start renewing the heartbeat of the runs this process holds, until :meth:`close`."""
        from peakzero.store.database import make_engine
        from peakzero.studies.grid_job import beating

        stack = ExitStack()
        engine = make_engine(self.database_url)
        stack.callback(engine.dispose)
        stack.enter_context(beating(engine, self._held))
        return stack

    def _held(self) -> list[int]:
        with self._lock:
            return list(self._futures)

    def _forget(self, run_id: int) -> None:
        with self._lock:
            self._futures.pop(run_id, None)

    def future(self, run_id: int) -> Any:
        """The future of run ``run_id`` if this process submitted it and it has not ended."""
        with self._lock:
            return self._futures.get(run_id)

    def cancel(self, run_id: int) -> None:
        """Take run ``run_id`` off Dask's queue if this process submitted it (a task already
        running stops at its next stage boundary, through its row's flag)."""
        future = self.future(run_id)
        if future is not None:
            future.cancel()

    def close(self) -> None:
        """Close the client and the local cluster, if any (at the app's shutdown)."""
        with self._lock:
            client, cluster, beats = self._client, self._cluster, self._beats
            self._client = self._cluster = self._beats = None
            self._futures.clear()
        if beats is not None:
            beats.close()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
