"""A grid run of the platform as one function that a Dask worker runs: :func:`run_grid_job`.

The job knows only the run's id and the database's URL: it reads what to solve from the run's
row and writes its progress there at each stage boundary (build network, solve, dispatch weeks,
store), so that every server process shows the same progress and a cancel reaches it from any
of them (:mod:`peakzero.store.grid_runs`). A cancel is seen at the next boundary: a HiGHS solve
under way is not interrupted, it finishes its stage and its result is then discarded. While it
runs, a thread renews the run's heartbeat (:func:`beating`): a solve takes minutes, so the stage
boundaries alone would not tell a long stage from a dead process.

Importing this module imports no engine and never PyPSA (the web server submits the function by
name); the job imports them when it runs, on the worker.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

    from peakzero.grid.results import GridResult

__all__ = ["STAGES", "beating", "run_figures", "run_grid_job"]

_log = logging.getLogger(__name__)

STAGES = {"build network": 0.02, "solve": 0.15, "dispatch weeks": 0.6, "store": 0.95}
"""Each stage and the progress (0-1) recorded when it starts; the solve takes most of a run."""


def run_grid_job(run_id: int, database_url: str) -> str:
    """Run grid run ``run_id`` of the database at ``database_url``; its final status.

    Never raises for a failing run: the error is stored on the run as a sentence (the page shows
    it) and the answer is ``"failed"``.
    """
    from peakzero.store.database import make_engine
    from peakzero.store.grid_runs import fail

    engine = make_engine(database_url)
    try:
        with beating(engine, [run_id]):
            return _run(engine, run_id)
    except Exception as exc:  # any failure of the engines is the run's, shown on its page
        with Session(engine) as session:
            fail(session, run_id, _sentence(exc))
        return "failed"
    finally:
        engine.dispose()


def _run(engine: Engine, run_id: int) -> str:
    from peakzero.store.grid_runs import advance, finish, get_run

    def reached(stage: str) -> bool:
        with Session(engine) as session:
            return advance(session, run_id, stage, STAGES[stage])

    with Session(engine) as session:
        run = get_run(session, run_id)
    if not reached("build network"):
        return "cancelled"
    from peakzero.grid.dispatch import dispatch_with_capacities, electricity_dispatch
    from peakzero.grid.inputs import grid_inputs
    from peakzero.grid.network import GridOptions, build_network
    from peakzero.grid.profiles import beijing_profiles
    from peakzero.grid.solve import solve
    from peakzero.studies.grid import dispatch_weeks

    inputs, profiles = grid_inputs(run.scenario, run.year), beijing_profiles(run.year)
    network = build_network(inputs, profiles, options=GridOptions(hours=run.hours))
    if not reached("solve"):
        return "cancelled"
    # A window is solved hour by hour (as the grid study does); otherwise the run's resolution.
    whole_hours = run.hours is not None or run.resolution == "full"
    result = solve(network, resolution="full" if whole_hours else "default")
    if not reached("dispatch weeks"):
        return "cancelled"
    # Segments have no weeks: the year's hours are dispatched with the capacities chosen.
    hourly = result.network
    if not whole_hours:
        hourly = dispatch_with_capacities(inputs, profiles, result.network)
    weeks = dispatch_weeks(electricity_dispatch(hourly), run.year)
    if not reached("store"):
        return "cancelled"
    figures = run_figures(run.year, result, weeks)
    with Session(engine) as session:
        return "done" if finish(session, run_id, figures) else "cancelled"


@contextmanager
def beating(
    engine: Engine,
    run_ids: Collection[int] | Callable[[], Collection[int]],
    every: float | None = None,
) -> Iterator[None]:
    """While the block runs, renew the heartbeat of the runs ``run_ids`` (a collection, or a
    callable giving one: the server's queued runs change) every ``every`` seconds (default
    :data:`~peakzero.store.grid_runs.HEARTBEAT_SECONDS`) from a daemon thread, which dies with
    the process: that is the point. A failed beat is logged and the next one tried."""
    from peakzero.store.grid_runs import HEARTBEAT_SECONDS, beat

    stop = threading.Event()
    interval = HEARTBEAT_SECONDS if every is None else every

    def loop() -> None:
        while not stop.wait(interval):
            try:
                with Session(engine) as session:
                    beat(session, list(run_ids() if callable(run_ids) else run_ids))
            except Exception:  # a busy or unreachable database: the next beat may pass
                _log.warning("grid runs %s: heartbeat not written", run_ids, exc_info=True)

    thread = threading.Thread(target=loop, name="grid-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval)  # a beat under way ends by itself (a daemon thread)


def run_figures(year: int, result: GridResult, weeks: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """What a run's pages show, JSON-ready: the year's system results (the grid study's
    :func:`~peakzero.studies.grid.grid_year`), capacities, CO2, costs, prices and curtailment
    of the solved result, and each week's dispatch (MW by category, hourly)."""
    from peakzero.studies.grid import grid_year

    summary = grid_year(year, result)
    record = result.as_dict()
    figures = {
        "system_cost_bn": summary.system_cost_bn,
        "currency": summary.currency,
        "co2_mt": summary.co2_mt,
        "import_peak_gw": summary.import_peak_gw,
        "curtailment_share": summary.curtailment_share,
        "unserved_mwh": summary.unserved_mwh,
        "resolution_label": summary.resolution_label,
        "snapshots": summary.snapshots,
        "solve_seconds": summary.solve_seconds,
        "capacities": record["capacities"],
        "generation_twh": record["generation_twh"],
        "co2": record["co2"],
        "costs": record["costs"],
        "prices": record["prices"],
        "aggregation_note": record["aggregation_note"],
        "currency_note": record["currency_note"],
        "messages": record["messages"],
        "weeks": [
            {
                "name": name,
                "hours": [moment.isoformat() for moment in week.index],
                "series": {str(c): [round(float(v), 1) for v in week[c]] for c in week.columns},
            }
            for name, week in weeks.items()
        ],
    }
    return _finite(figures)


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinity as None (JSON has neither; a price of a bus with no
    binding balance can be NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _sentence(exc: Exception) -> str:
    """The failure as the page shows it: the engines' own messages are written for people;
    anything else is named by its type too."""
    from peakzero.errors import PeakzeroError

    text = " ".join(str(exc).split())
    if isinstance(exc, PeakzeroError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
