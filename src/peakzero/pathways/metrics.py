"""Metrics of a pathway: peak, net-zero year, cumulative emissions and the scenario's targets.

All functions work on ``(runs, years)`` arrays, so the same code serves one run and an ensemble.
The peak is taken over the projection horizon (2019 onward): Beijing's territorial CO2 peaked
historically in 2010 (CEADs); a pathway that only declines from 2019 "peaks" in 2019.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways.model import Results

if TYPE_CHECKING:  # typing only: metrics work on arrays and need no scenario machinery
    from peakzero.pathways.run import PathwayRun
    from peakzero.pathways.scenarios import Target

__all__ = [
    "NET",
    "TERRITORIAL",
    "Summary",
    "TargetResult",
    "evaluate_targets",
    "format_figure",
    "net_zero_year",
    "peak",
    "summarise",
]

TERRITORIAL = "Emissions|CO2|Energy and Industrial Processes"
NET = "Emissions|CO2"


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


def _target_value(results: Results, target: Target) -> float:
    years = results.years
    if target.variable not in results.values:
        valid = ", ".join(sorted(v for v in results.values if not v.startswith("_"))[:8])
        msg = f"target {target.name!r}: unknown variable; e.g. {valid}, …"
        raise InputError(Problem("targets", msg, column="variable", value=target.variable))
    if target.peak_by:
        return float(peak(results[target.variable][:1], years)[0][0])
    value = results.at(target.variable, target.year)
    if target.change_from is not None:
        reference = results.at(target.variable, target.change_from)
        if reference == 0:
            msg = f"target {target.name!r}: {target.variable} is 0 in {target.change_from}"
            raise InputError(Problem("targets", msg, column="change_from", value=0))
        return 100.0 * (value / reference - 1.0)
    return value


def evaluate_targets(results: Results, targets: tuple[Target, ...]) -> list[TargetResult]:
    """Evaluate each target on the first run of ``results``."""
    evaluated = []
    for target in targets:
        value = _target_value(results, target)
        met: bool | None = (
            value <= target.value if target.comparison == "<=" else value >= target.value
        )
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
class Summary:
    """The headline figures of a pathway run (Mt CO2)."""

    scenario: str
    base_year: int
    peak_year: int
    peak_value: float
    still_rising_in_2060: bool  # the "peak" is the last year: no peak within the horizon
    net_zero_year: int | None
    unit: str
    cumulative_2020_2060: float
    cumulative_net_2020_2060: float
    targets: list[TargetResult]
    inputs_hash: str
    # How the scenario treats the observed years 2019-2025: the calibrated reference, a policy
    # scenario that follows it, or a counterfactual that leaves history (pathways.observed).
    history: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def summarise(run: PathwayRun) -> Summary:
    """Peak, net-zero year, cumulative emissions and targets of a deterministic run."""
    results = run.results
    years = results.years
    territorial = results[TERRITORIAL]
    peak_year, peak_value = peak(territorial, years)
    zero = net_zero_year(results[NET], years)[0]
    after_2019 = years >= 2020
    return Summary(
        scenario=run.scenario.name,
        base_year=int(years[0]),
        peak_year=int(peak_year[0]),
        peak_value=round(float(peak_value[0]), 4),
        still_rising_in_2060=bool(peak_year[0] == years[-1]),
        net_zero_year=None if np.isnan(zero) else int(zero),
        unit="Mt CO2/yr",
        cumulative_2020_2060=round(float(territorial[0, after_2019].sum()), 3),
        cumulative_net_2020_2060=round(float(results[NET][0, after_2019].sum()), 3),
        targets=evaluate_targets(results, run.scenario.targets),
        inputs_hash=run.scenario.hash,
        history=run.scenario.history_note,
    )
