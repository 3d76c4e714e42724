"""Solve a grid network with HiGHS, at full or aggregated time resolution.

``resolution="full"`` solves every snapshot (8,760 hours for a whole year). ``"default"``
solves the year cut into :data:`DEFAULT_SEGMENTS` tsam segments (:mod:`.aggregation`) and
reports the error that resolution was measured to make against a full solve
(``data/grid/aggregation.csv``; :func:`measure_aggregation_error` measures it for any network).
"""

from __future__ import annotations

from datetime import date
from time import perf_counter
from typing import Any, Literal

from peakzero.errors import PeakzeroError
from peakzero.grid.aggregation import Calibration, aggregate, calibration
from peakzero.grid.inputs import GridInputs
from peakzero.grid.network import DEMAND_BUSES, GridOptions, build_network, year_share
from peakzero.grid.profiles_contract import Profiles
from peakzero.grid.quiet import quiet
from peakzero.grid.results import GridResult, extract_results
from peakzero.grid.shedding import Shedding, add_shedding, shedding_report
from peakzero.grid.technologies import load_technologies
from peakzero.settings import DEFAULT_GRID_SEGMENTS, DEFAULT_SOLVER_OPTIONS, settings

__all__ = [
    "DEFAULT_SEGMENTS",
    "SOLVER_OPTIONS",
    "GridInfeasibleError",
    "measure_aggregation_error",
    "optimize_network",
    "solve",
]

Resolution = Literal["default", "full"]
DEFAULT_SEGMENTS = DEFAULT_GRID_SEGMENTS
"""Segments of the default resolution (chosen by measurement, docs/methods/grid.md); a run
takes ``$PEAKZERO_GRID_SEGMENTS`` instead when it is set (:mod:`peakzero.settings`)."""
SOLVER_OPTIONS: dict[str, Any] = dict(DEFAULT_SOLVER_OPTIONS)
"""HiGHS options: HiPO, HiGHS's interior-point solver (highspy-extras), measured fastest; a run
takes ``$PEAKZERO_SOLVER_OPTIONS`` instead when it is set (:mod:`peakzero.settings`)."""


class GridInfeasibleError(PeakzeroError):
    """The network cannot balance; ``shedding`` says where and when, when that is known."""

    def __init__(self, message: str, shedding: tuple[Shedding, ...] = ()) -> None:
        super().__init__(message)
        self.shedding = shedding


def optimize_network(n: Any, solver_options: dict[str, Any] | None = None) -> None:
    """Optimise any PyPSA network with peakzero's HiGHS settings, in place.

    Raises :class:`GridInfeasibleError` (with an explanation) or :class:`PeakzeroError` when
    HiGHS does not end optimal.
    """
    opts = _solver_options(solver_options)
    status, condition = _optimize(n, opts)
    if condition != "optimal":
        raise _fail(n, status, condition, opts)


def _solver_options(given: dict[str, Any] | None) -> dict[str, Any]:
    """The options given, else those of the run's settings (``$PEAKZERO_SOLVER_OPTIONS`` or
    :data:`SOLVER_OPTIONS`)."""
    return dict(settings().solver_options if given is None else given)


def _optimize(n: Any, solver_options: dict[str, Any]) -> tuple[str, str]:
    with quiet():
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
        voll = load_technologies(int(n.meta.get("year", 2030))).parameters["value_of_lost_load"]
        add_shedding(trial, voll, tuple(b for b in DEMAND_BUSES if b in trial.buses.index))
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
    w = n.snapshot_weightings.generators
    for name, mwh in fixed.items():
        # What the generator can give: its hourly availability (p_max_pu) times its size.
        pu = n.get_switchable_as_dense("Generator", "p_max_pu")[name]
        most = float((pu * w).sum()) * gens.at[name, "p_nom"]
        if mwh > most + 1e-6:
            found.append(
                f"'{name}' must deliver {mwh / 1e6:.2f} TWh but its {gens.at[name, 'p_nom']:,.0f}"
                f" MW and hourly availability give at most {most / 1e6:.2f} TWh"
            )
    if "import corridor" in n.links.index:
        # Both imports pass the one corridor into the city: together they must fit through it.
        through = gens.e_sum_min.get("imports grid mix", 0.0) + gens.e_sum_min.get(
            "imports green", 0.0
        )
        most = n.links.at["import corridor", "p_nom"] * weight
        if through > most + 1e-6:
            found.append(
                f"the imports the pathway fixes ({through / 1e6:.2f} TWh) do not fit through the "
                f"{n.links.at['import corridor', 'p_nom']:,.0f} MW import corridor "
                f"(at most {most / 1e6:.2f} TWh)"
            )
    store = n.stores.loc["co2 atmosphere"] if "co2 atmosphere" in n.stores.index else None
    if store is not None and "imports grid mix" in n.links.index:
        fixed_t = (
            gens.e_sum_min.get("imports grid mix", 0.0)
            * n.links.at["imports grid mix", "efficiency2"]
        )
        share = year_share(n)  # the store counts only a window's hours
        if fixed_t * share > store.e_nom:
            found.append(
                f"the CO2 limit of {store.e_nom / share / 1e6:.2f} Mt is below the "
                f"{fixed_t / 1e6:.2f} Mt of the grid-mix imports whose energy the pathway fixes"
            )
    return found


def solve(
    source: Any,
    profiles: Profiles | None = None,
    *,
    resolution: Resolution = "default",
    options: GridOptions | None = None,
    segments: int | None = None,
    solver_options: dict[str, Any] | None = None,
) -> GridResult:
    """Solve a network (or build it from :class:`GridInputs` and ``profiles``) and report.

    Parameters
    ----------
    source : pypsa.Network or GridInputs
        A network from :func:`~.network.build_network` (solved in place when ``resolution`` is
        ``"full"``; the default resolution solves a segmented copy), or the inputs to build one
        from with ``profiles`` and ``options``.
    resolution : {"default", "full"}
        ``"full"``: every snapshot. ``"default"``: ``segments`` tsam segments (default: the
        run's settings, :data:`DEFAULT_SEGMENTS` unless ``$PEAKZERO_GRID_SEGMENTS`` is set); the
        result's ``aggregation_error`` is the error measured for that many segments, if it was.
    solver_options : dict, optional
        HiGHS options (default :data:`SOLVER_OPTIONS`).

    Raises
    ------
    GridInfeasibleError
        The network cannot balance; the message names the failing balance and its hours.
    PeakzeroError
        HiGHS did not end optimal for another reason.
    """
    if not isinstance(source, GridInputs) and (profiles is not None or options is not None):
        msg = "profiles and options build a network: pass them with GridInputs, not a network"
        raise PeakzeroError(msg)
    if isinstance(source, GridInputs):
        if profiles is None:
            msg = "solve() needs profiles to build the network from GridInputs"
            raise PeakzeroError(msg)
        source = build_network(source, profiles, options=options)
    if resolution not in ("default", "full"):
        msg = f"resolution must be 'default' or 'full', not {resolution!r}"
        raise PeakzeroError(msg)
    opts = _solver_options(solver_options)
    segments = settings().grid_segments if segments is None else segments
    start = perf_counter()
    conflicts = _fixed_conflicts(source)  # found without a solve, so named at once
    if conflicts:
        raise GridInfeasibleError("the grid cannot balance (infeasible): " + "; ".join(conflicts))
    aggregated = resolution == "default" and segments < len(source.snapshots)
    model = aggregate(source, segments) if aggregated else source
    status, condition = _optimize(model, opts)
    if condition != "optimal":
        raise _fail(model, status, condition, opts)
    error, note = None, "full resolution: no aggregation error"
    if aggregated:
        known = calibration().get(segments)
        error = known.relative_error if known else None
        note = known.note() if known else f"no measured error for {segments} segments"
    seconds = perf_counter() - start
    return extract_results(model, resolution, seconds, error, note, source.snapshots)


def measure_aggregation_error(
    network: Any,
    segments: int | None = None,
    profiles_note: str = "",
    solver_options: dict[str, Any] | None = None,
) -> Calibration:
    """Solve ``network`` at the default resolution and in full, and compare (slow: the full
    solve of a year takes minutes). ``network`` is left unsolved."""
    segments = settings().grid_segments if segments is None else segments
    start = perf_counter()
    default = solve(network.copy(), segments=segments, solver_options=solver_options)
    middle = perf_counter()
    full = solve(network.copy(), resolution="full", solver_options=solver_options)
    end = perf_counter()
    return Calibration(
        segments=default.snapshots,
        relative_error=(default.objective - full.objective) / full.objective,
        scenario=default.scenario,
        year=default.year,
        profiles=profiles_note,
        default_objective=default.objective,
        full_objective=full.objective,
        default_seconds=round(middle - start, 1),
        full_seconds=round(end - middle, 1),
        measured=date.today().isoformat(),
    )
