"""Solve a grid network with HiGHS, at full or aggregated time resolution.

``resolution="full"`` solves every snapshot (8,760 hours for a whole year). ``"default"``
segments the year with tsam (PyPSA's ``n.cluster.temporal.segment``): consecutive hours with
similar loads, profiles and COPs are merged into variable-length segments, so the year stays in
order and storage keeps its meaning. It reports its own error: the same network is also solved
with half the segments, and the relative difference of the two objectives is the estimate
(docs/methods/grid.md compares it with the error against a full solve).
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from time import perf_counter
from typing import Any, Literal

from peakzero.errors import PeakzeroError
from peakzero.grid.inputs import GridInputs
from peakzero.grid.network import DEMAND_BUSES, GridOptions, build_network
from peakzero.grid.profiles_contract import Profiles
from peakzero.grid.results import GridResult, extract_results
from peakzero.grid.shedding import Shedding, add_shedding, shedding_report

__all__ = [
    "DEFAULT_SEGMENTS",
    "SOLVER_OPTIONS",
    "GridInfeasibleError",
    "aggregate",
    "optimize_network",
    "solve",
]

Resolution = Literal["default", "full"]
DEFAULT_SEGMENTS = 800
"""Segments of the default resolution (chosen by measurement, docs/methods/grid.md)."""
SOLVER_OPTIONS: dict[str, Any] = {"solver": "hipo", "run_crossover": "on"}
"""HiGHS options: HiPO, HiGHS's interior-point solver (highspy-extras), measured fastest."""


class GridInfeasibleError(PeakzeroError):
    """The network cannot balance; ``shedding`` says where and when, when that is known."""

    def __init__(self, message: str, shedding: tuple[Shedding, ...] = ()) -> None:
        super().__init__(message)
        self.shedding = shedding


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep PyPSA's and linopy's progress messages and HiGHS's banner off the console."""
    loggers = [logging.getLogger(name) for name in ("pypsa", "linopy")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def aggregate(n: Any, segments: int) -> Any:
    """The network with its snapshots merged into ``segments`` segments (tsam).

    Weightings are rescaled so that the segments stand for the same hours as the network's
    snapshots did (a network of a few weeks that stands for a year keeps doing so).
    """
    segments = min(segments, len(n.snapshots))
    with _quiet():
        m = n.cluster.temporal.segment(segments)
    m.snapshot_weightings = m.snapshot_weightings * (
        n.snapshot_weightings.sum() / m.snapshot_weightings.sum()
    )
    return m


def optimize_network(n: Any, solver_options: dict[str, Any] | None = None) -> None:
    """Optimise any PyPSA network with peakzero's HiGHS settings, in place.

    Raises :class:`GridInfeasibleError` (with an explanation) or :class:`PeakzeroError` when
    HiGHS does not end optimal.
    """
    opts = dict(SOLVER_OPTIONS if solver_options is None else solver_options)
    status, condition = _optimize(n, opts)
    if condition != "optimal":
        raise _fail(n, status, condition, opts)


def _optimize(n: Any, solver_options: dict[str, Any]) -> tuple[str, str]:
    with _quiet():
        status, condition = n.optimize(
            solver_name="highs",
            io_api="direct",
            log_to_console=False,
            solver_options=solver_options,
        )
    return str(status), str(condition)


def _fail(n: Any, status: str, condition: str, solver_options: dict[str, Any]) -> PeakzeroError:
    """The error for a solve that did not end optimal, explained as far as possible."""
    if "infeasible" not in condition:
        msg = f"HiGHS ended with status '{status}', condition '{condition}' (not optimal)"
        return PeakzeroError(msg)
    reasons = _fixed_conflicts(n)
    shed: tuple[Shedding, ...] = ()
    if not reasons and not n.generators.carrier.eq("load shedding").any():
        trial = n.copy()
        add_shedding(trial, 1e4, tuple(b for b in DEMAND_BUSES if b in trial.buses.index))
        if _optimize(trial, solver_options)[1] == "optimal":
            shed = shedding_report(trial)
            reasons = [s.message() for s in shed]
    if not reasons:
        reasons = ["no simple cause found (check the CO2 limit, imports and capacities)"]
    msg = "the grid cannot balance (infeasible): " + "; ".join(reasons)
    return GridInfeasibleError(msg, shed)


def _fixed_conflicts(n: Any) -> list[str]:
    """Conflicts between annual energies the pathway fixes and the network's limits."""
    found = []
    gens = n.generators
    weight = float(n.snapshot_weightings.generators.sum())
    fixed = gens.e_sum_min[gens.e_sum_min > 0]
    for name, mwh in fixed.items():
        most = gens.at[name, "p_nom"] * weight
        if mwh > most + 1e-6:
            found.append(
                f"'{name}' must deliver {mwh / 1e6:.2f} TWh but its {gens.at[name, 'p_nom']:,.0f}"
                f" MW can give at most {most / 1e6:.2f} TWh"
            )
    store = n.stores.loc["co2 atmosphere"] if "co2 atmosphere" in n.stores.index else None
    if store is not None and "imports grid mix" in n.links.index:
        fixed_t = (
            gens.e_sum_min.get("imports grid mix", 0.0)
            * n.links.at["imports grid mix", "efficiency2"]
        )
        if fixed_t > store.e_nom:
            found.append(
                f"the CO2 limit of {store.e_nom / 1e6:.2f} Mt is below the {fixed_t / 1e6:.2f} Mt "
                "of the grid-mix imports whose energy the pathway fixes"
            )
    return found


def solve(
    source: Any,
    profiles: Profiles | None = None,
    *,
    resolution: Resolution = "default",
    options: GridOptions | None = None,
    segments: int = DEFAULT_SEGMENTS,
    estimate_error: bool = True,
    solver_options: dict[str, Any] | None = None,
) -> GridResult:
    """Solve a network (or build it from :class:`GridInputs` and ``profiles``) and report.

    Parameters
    ----------
    source : pypsa.Network or GridInputs
        A network from :func:`~.network.build_network` (solved in place when ``resolution`` is
        ``"full"``), or the inputs to build one from with ``profiles`` and ``options``.
    resolution : {"default", "full"}
        ``"full"``: every snapshot. ``"default"``: ``segments`` tsam segments, plus a solve
        with half as many to estimate the aggregation error (unless ``estimate_error=False``).
    solver_options : dict, optional
        HiGHS options (default :data:`SOLVER_OPTIONS`).

    Raises
    ------
    GridInfeasibleError
        The network cannot balance; the message names the failing balance and its hours.
    PeakzeroError
        HiGHS did not end optimal for another reason.
    """
    if isinstance(source, GridInputs):
        if profiles is None:
            msg = "solve() needs profiles to build the network from GridInputs"
            raise PeakzeroError(msg)
        source = build_network(source, profiles, options=options)
    if resolution not in ("default", "full"):
        msg = f"resolution must be 'default' or 'full', not {resolution!r}"
        raise PeakzeroError(msg)
    opts = dict(SOLVER_OPTIONS if solver_options is None else solver_options)
    start = perf_counter()
    model = source if resolution == "full" else aggregate(source, segments)
    status, condition = _optimize(model, opts)
    if condition != "optimal":
        raise _fail(model, status, condition, opts)
    error = None
    if resolution == "default" and estimate_error and len(model.snapshots) >= 2:
        coarse = aggregate(source, max(len(model.snapshots) // 2, 1))
        if _optimize(coarse, opts)[1] == "optimal":
            error = abs(model.objective - coarse.objective) / abs(model.objective)
    seconds = perf_counter() - start
    return extract_results(model, resolution, seconds, error)
