"""Metrics of a pathway: peak, net-zero year, cumulative emissions and the scenario's targets.

All functions work on ``(runs, years)`` arrays, so the same code serves one run and an ensemble.
Every emission metric names its boundary (:mod:`.boundaries`). The headline leads with the
assessment boundary and shows the territorial and consumption ones beside it. Peaks are searched
over the record and the projection (:mod:`.peaks`): Beijing's territorial CO2 peaked in 2010
(CEADs), so a pathway declining from 2019 has not "peaked in 2019"; the consumption boundary has
no recorded history and is searched over the projection only, which its metrics say.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways.boundaries import (
    ASSESSMENT,
    BOUNDARIES,
    BOUNDARY_VARIABLES,
    CONSUMPTION,
    DEFAULT_BOUNDARY,
    GridFactor,
    boundary_emissions,
    check_boundary,
    grid_factor,
)
from peakzero.pathways.boundary_history import recorded
from peakzero.pathways.model import Results
from peakzero.pathways.peaks import joined_arrays, peak_over_record, peaked_by

if TYPE_CHECKING:  # typing only: metrics work on arrays and need no scenario machinery
    from peakzero.pathways.run import PathwayRun
    from peakzero.pathways.scenarios import Target

__all__ = [
    "NET",
    "TERRITORIAL",
    "BoundaryMetrics",
    "Summary",
    "TargetResult",
    "evaluate_targets",
    "format_figure",
    "judged",
    "net_zero_year",
    "peak",
    "record",
    "summarise",
    "target_met",
    "target_values",
]

TERRITORIAL = "Emissions|CO2|Energy and Industrial Processes"
NET = "Emissions|CO2"
# What each boundary counts, as a reader is told next to its figures.
COUNTS = {
    "assessment": f"{ASSESSMENT}: scope 1 energy CO2 + net imported electricity × the factor",
    "territorial": f"{TERRITORIAL} (CEADs scope 1: energy and cement process)",
    "consumption": f"{CONSUMPTION}: territorial + non-green imported electricity + grey hydrogen",
}
SHOWN_YEARS = (2019, 2020, 2025, 2030)


def peak(values: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Peak year and peak value of each run (the first year if the maximum repeats)."""
    index = np.argmax(values, axis=1)
    return years[index], values[np.arange(values.shape[0]), index]


def net_zero_year(net: np.ndarray, years: np.ndarray) -> np.ndarray:
    """First year each run's net emissions are ≤ 0 (NaN if never)."""
    reached = net <= 0
    first = np.argmax(reached, axis=1)
    return np.where(reached.any(axis=1), years[first].astype(float), np.nan)


@dataclass(frozen=True)
class TargetResult:
    """One target of a scenario and whether the run meets it."""

    name: str
    year: int
    target: float
    value: float
    met: bool | None  # None: the model's figure is not on the target's statistical basis
    unit: str
    source: str
    note: str = ""
    # True when a lever of the scenario sets the target's variable: the target is then met (or
    # not) by the scenario's own input, not as an outcome of the model (see INPUTS).
    input: bool = False


# Targets whose model figure is not on the statistical basis of the target, so that "met" would
# mislead (docs/methods/pathways.md, model versus observation).
NOT_COMPARABLE = {
    "Share|Renewable Energy": (
        "not comparable: the model counts electricity at its calorific value, Beijing's "
        "statistics by the coal-equivalent method; use Share|Renewable Energy (coal equivalent)"
    ),
}
# Targets evaluated on a basis that rests on an assumption, said next to the result. Beijing does
# not document how it counts imported electricity: counting it like local electricity (coal
# equivalent) fits the observed renewable shares, counting it at its calorific value fits the
# observed fall of energy per GDP better (docs/methods/pathways.md, model versus observation).
CAVEATS = {
    "Share|Renewable Energy (coal equivalent)": (
        "coal-equivalent method (NBS), imported electricity assumed counted like local"
    ),
    "Energy Intensity of GDP": (
        "calorific value of imported electricity; on the coal-equivalent basis energy per GDP "
        "falls less (see Energy Intensity of GDP (coal equivalent))"
    ),
}


# Variables that follow one lever of the scenario: a target on them is an input the scenario takes
# (the plan's ">10,000 FCEVs by 2025" is written into fcev_stock), so "met" says nothing about
# the pathway. The note names the lever; the model only caps the stock by the hydrogen supply.
INPUTS = {
    "Stock|Transportation|FCEV": (
        "the scenario sets it through lever fcev_stock; the model only caps it by the "
        "hydrogen supply"
    ),
}


def format_figure(value: float, unit: str, fmt: str = ".2f") -> str:
    """A target's or model's figure as shown to a reader: a year as a year (2030, not 2,030.00),
    anything else with ``fmt``."""
    if unit == "year" and float(value).is_integer():
        return str(int(value))
    return format(value, fmt)


def target_values(results: Results, target: Target) -> np.ndarray:
    """``(runs,)``: the model's figure for ``target`` in every run of ``results``."""
    years = results.years
    if target.variable not in results.values:
        valid = ", ".join(sorted(v for v in results.values if not v.startswith("_"))[:8])
        msg = f"target {target.name!r}: unknown variable; e.g. {valid}, …"
        raise InputError(Problem("targets", msg, column="variable", value=target.variable))
    if target.peak_by:
        # On a boundary's variable the peak is searched over the record too (CEADs from 1997).
        boundary = {v: b for b, v in BOUNDARY_VARIABLES.items()}.get(target.variable)
        if boundary is not None:
            joined_years, values, _ = record(results, boundary)
            return peak_over_record(joined_years, values)[0].astype(float)
        return peak(results[target.variable], years)[0].astype(float)
    value = results.in_year(target.variable, target.year)
    if target.change_from is not None:
        reference = results.in_year(target.variable, target.change_from)
        if (reference == 0).any():
            msg = f"target {target.name!r}: {target.variable} is 0 in {target.change_from}"
            raise InputError(Problem("targets", msg, column="change_from", value=0))
        return 100.0 * (value / reference - 1.0)
    return value


def target_met(values: np.ndarray, target: Target) -> np.ndarray:
    """``(runs,)`` booleans: whether each figure of :func:`target_values` meets the target."""
    return values <= target.value if target.comparison == "<=" else values >= target.value


def judged(target: Target) -> bool:
    """False when the model's figure is not on the target's statistical basis (``met`` would
    mislead: :data:`NOT_COMPARABLE`)."""
    return not (target.change_from is None and target.variable in NOT_COMPARABLE)


def _target_value(results: Results, target: Target) -> float:
    return float(target_values(results, target)[0])


def evaluate_targets(results: Results, targets: tuple[Target, ...]) -> list[TargetResult]:
    """Evaluate each target on the first run of ``results``."""
    evaluated = []
    for target in targets:
        value = _target_value(results, target)
        met: bool | None = bool(target_met(np.array([value]), target)[0])
        note = NOT_COMPARABLE.get(target.variable, "") if target.change_from is None else ""
        if note:
            met = None
        else:
            note = CAVEATS.get(target.variable, "")
        is_input = target.variable in INPUTS and target.change_from is None
        if is_input:
            note = INPUTS[target.variable]
        evaluated.append(
            TargetResult(
                target.name,
                target.year,
                target.value,
                value,
                met,
                target.unit,
                target.source,
                note,
                is_input,
            )
        )
    return evaluated


@dataclass(frozen=True)
class BoundaryMetrics:
    """Peak and levels of one run on one boundary (Mt CO2/yr)."""

    boundary: str
    counts: str  # what the boundary counts
    grid_factor: str | None  # the named factor of imported electricity (assessment only)
    history_from: int | None  # first recorded year in the peak search; None: projection only
    peak_year: int
    peak_value: float
    peak_in_history: bool  # the peak is a recorded year, before the projection
    still_rising_in_2060: bool  # the peak is the last year: no peak within the horizon
    peaked_by_2030: bool  # the maximum up to 2030 is not exceeded later (docs: Metrics)
    values: dict[int, float]  # 2019, 2020, 2025, 2030
    cumulative_2020_2060: float


@dataclass(frozen=True)
class Summary:
    """The headline figures of a pathway run (Mt CO2): the headline boundary's peak and
    cumulative emissions, every boundary beside it (headline first), net zero and targets."""

    scenario: str
    base_year: int
    boundary: str  # the headline boundary of peak_year, peak_value, cumulative_2020_2060
    peak_year: int
    peak_value: float
    still_rising_in_2060: bool  # the "peak" is the last year: no peak within the horizon
    net_zero_year: int | None
    unit: str
    cumulative_2020_2060: float
    cumulative_net_2020_2060: float
    targets: list[TargetResult]
    inputs_hash: str
    boundaries: list[BoundaryMetrics]
    net_zero_basis: str = f"territorial net ({NET}: with sinks and removals)"
    # How the scenario treats the observed years 2019-2025: the calibrated reference, a policy
    # scenario that follows it, or a counterfactual that leaves history (pathways.observed).
    history: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def record(
    results: Results, boundary: str, factor: GridFactor | None = None
) -> tuple[np.ndarray, np.ndarray, int | None]:
    """Years, ``(runs, years)`` values on ``boundary`` over the record and the projection, and
    the first recorded year (None: the boundary has no history, projection only)."""
    factor = factor or grid_factor("average")
    values = boundary_emissions(results, boundary, factor)
    past_years, past, first = recorded(boundary, factor, int(results.years[0]))
    years, joined_values = joined_arrays(past_years, past, results.years, values)
    return years, joined_values, first


def boundary_metrics(
    results: Results, boundary: str, factor: GridFactor | None = None
) -> BoundaryMetrics:
    """The peak over the record and the levels of the first run of ``results`` on ``boundary``."""
    factor = factor or grid_factor("average")
    years, values, first = record(results, boundary, factor)
    peak_year, peak_value = peak_over_record(years, values[:1])
    projected = boundary_emissions(results, boundary, factor)[0]
    after_2019 = results.years >= 2020
    return BoundaryMetrics(
        boundary=boundary,
        counts=COUNTS[boundary],
        grid_factor=factor.label if boundary == "assessment" else None,
        history_from=first,
        peak_year=int(peak_year[0]),
        peak_value=round(float(peak_value[0]), 4),
        peak_in_history=bool(peak_year[0] < results.years[0]),
        still_rising_in_2060=bool(peak_year[0] == years[-1]),
        peaked_by_2030=bool(peaked_by(years, values[:1], 2030)[0]),
        values={
            y: round(float(projected[results.years == y][0]), 4)
            for y in SHOWN_YEARS
            if y in results.years
        },
        cumulative_2020_2060=round(float(projected[after_2019].sum()), 3),
    )


def summarise(
    run: PathwayRun, boundary: str = DEFAULT_BOUNDARY, factor: str | float = "average"
) -> Summary:
    """Peak, net-zero year, cumulative emissions and targets of a deterministic run, led by
    ``boundary`` (the assessment one with the named ``factor``, see :func:`grid_factor`)."""
    check_boundary(boundary)
    named = grid_factor(factor)
    results = run.results
    years = results.years
    order = [boundary, *(b for b in BOUNDARIES if b != boundary)]
    shown = [boundary_metrics(results, b, named) for b in order]
    head = shown[0]
    zero = net_zero_year(results[NET], years)[0]
    after_2019 = years >= 2020
    return Summary(
        scenario=run.scenario.name,
        base_year=int(years[0]),
        boundary=boundary,
        peak_year=head.peak_year,
        peak_value=head.peak_value,
        still_rising_in_2060=head.still_rising_in_2060,
        net_zero_year=None if np.isnan(zero) else int(zero),
        unit="Mt CO2/yr",
        cumulative_2020_2060=head.cumulative_2020_2060,
        cumulative_net_2020_2060=round(float(results[NET][0, after_2019].sum()), 3),
        targets=evaluate_targets(results, run.scenario.targets),
        inputs_hash=run.scenario.hash,
        boundaries=shown,
        history=run.scenario.history_note,
    )
