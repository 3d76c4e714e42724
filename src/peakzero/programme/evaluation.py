"""Dynamic evaluation of the programme at a review date (issue 5, "Dynamic evaluation").

For each task: schedule variance against its milestones, KPI attainment against the path to its
targets, funding released against plan, readiness gained, and the emission impact of its linked
levers through the pathway engine (2030 territorial CO2 with the ensemble's 5-95 % spread, and
the shift of the peak year); a status with the reasons that produced it, graded by the scoring
rules of ``data/programme/scoring.yaml`` (stored with the result). Roll-ups by area and by
measure; the teams of each race side by side. Method and limits: ``docs/methods/programme.md``.

The figures come from :mod:`.progress` (with its documented proxies where the programme is
silent), the impacts from :mod:`.impacts`, the races from :mod:`.races`.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from peakzero.errors import InputError, Problem
from peakzero.io.packaged import data_text
from peakzero.io.yaml_lines import read_yaml
from peakzero.programme.domain import Programme
from peakzero.programme.impacts import QUANTILES, REFERENCE, Impact, lever_impacts
from peakzero.programme.progress import (
    attainment,
    funding_ratio,
    kpi_attainment,
    kpi_reading,
    milestone_accepted,
    readiness_change,
    schedule_variance,
)
from peakzero.programme.races import RaceStanding, race_standings
from peakzero.settings import DEFAULT_IMPACT_RUNS, settings

__all__ = [
    "DEFAULT_RUNS",
    "GRADES",
    "STATUSES",
    "AreaRollup",
    "Evaluation",
    "MeasureRollup",
    "TaskEvaluation",
    "evaluate",
    "kpi_attainment",
    "lever_impacts",
    "load_rules",
    "milestone_accepted",
]

GRADES = ("on_track", "at_risk", "off_track")
STATUSES = (*GRADES, "no_data")
DEFAULT_RUNS = DEFAULT_IMPACT_RUNS
"""Monte Carlo draws behind the spread of each task's impact when neither the call nor
``PEAKZERO_IMPACT_RUNS`` says otherwise (:func:`evaluate` reads ``settings().impact_runs``)."""
_SCORE = {"on_track": 1.0, "at_risk": 0.5, "off_track": 0.0}
_CRITERIA = ("schedule", "kpi", "funding")
_LIMITS = {
    "schedule": ("at_risk_after_days", "off_track_after_days"),
    "kpi": ("at_risk_below", "off_track_below"),
    "funding": ("at_risk_below", "off_track_below"),
}


@dataclass(frozen=True)
class TaskEvaluation:
    """One task at the review date; ``None`` where the programme holds no data for a figure."""

    task: str
    area: str
    measures: tuple[str, ...]
    levers: tuple[str, ...]
    status: str  # one of STATUSES
    reasons: tuple[str, ...]
    score: float | None  # 0-1, weighted over the graded criteria
    schedule_variance_days: int | None
    kpi_attainment: float | None  # the lowest over the task's KPIs
    funding_released_vs_planned: float | None
    trl: int | None  # the latest readiness level by the review date
    trl_gained: int | None  # since the task's first assessment
    co2_2030_mt: float | None  # Mt CO2 more emitted in 2030 without the task's levers
    co2_2030_mt_low: float | None  # the ensemble's 5th percentile of that difference
    co2_2030_mt_high: float | None  # its 95th percentile
    peak_shift_years: int | None  # peak year without the task's levers minus the scenario's


@dataclass(frozen=True)
class AreaRollup:
    """The tasks of one area: how many have each status, and their summed 2030 impact."""

    area: str
    tasks: int
    status_counts: dict[str, int]
    co2_2030_mt: float  # the sum over the area's tasks (levers shared by tasks count in each)


@dataclass(frozen=True)
class MeasureRollup:
    """The tasks a safeguard measure applies to (``task_measures``), as :class:`AreaRollup`."""

    measure: str
    tasks: int
    status_counts: dict[str, int]
    co2_2030_mt: float


@dataclass(frozen=True)
class Evaluation:
    """An evaluation of a programme at ``as_of``, with the rules and scenarios that produced it."""

    programme: str
    as_of: date
    scenario: str
    reference: str
    scenario_hash: str
    rules: dict[str, Any]
    ensemble: dict[str, Any]  # runs, seed and quantiles of the impact spread
    tasks: tuple[TaskEvaluation, ...]
    by_area: tuple[AreaRollup, ...]
    by_measure: tuple[MeasureRollup, ...]
    races: tuple[RaceStanding, ...]
    notes: tuple[str, ...] = field(default=())

    def task(self, code: str) -> TaskEvaluation:
        """The evaluation of one task (KeyError if there is none)."""
        for entry in self.tasks:
            if entry.task == code:
                return entry
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO text, tuples as lists."""
        document = asdict(self)
        document["as_of"] = self.as_of.isoformat()
        return _lists(document)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


# --- rules ---------------------------------------------------------------------------------------


def load_rules(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The scoring rules: the packaged ``scoring.yaml`` or a user's file of the same format.

    Raises
    ------
    InputError
        If a criterion, threshold or weight is missing or not a number.
    """
    if path is None:
        name = "scoring.yaml"  # as messages have named it (not data_name's full path)
        text = data_text("programme", name)
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else "cannot be read"
            msg = f"{reason}; give a YAML file in the format of data/programme/scoring.yaml"
            raise InputError(Problem(name, msg)) from None
    data, _lines, problems = read_yaml(text, name)
    if problems:
        raise InputError(problems)
    if not isinstance(data, dict):
        raise InputError(Problem(name, "scoring rules must be a mapping"))
    found: list[Problem] = []
    for criterion, keys in _LIMITS.items():
        section = data.get(criterion)
        for key in keys:
            value = section.get(key) if isinstance(section, dict) else None
            if not isinstance(value, int | float) or isinstance(value, bool):
                msg = "missing or not a number; give a threshold"
                found.append(Problem(name, msg, column=f"{criterion}.{key}", value=value))
    found += _order_problems(name, data) if not found else []
    stale = data["kpi"].get("stale_after_days") if not found else None
    if stale is not None and (not isinstance(stale, int) or isinstance(stale, bool) or stale < 1):
        msg = "must be a whole number of days of at least 1 (or left out: readings never go stale)"
        found.append(Problem(name, msg, column="kpi.stale_after_days", value=stale))
    weights = data.get("weights")
    for criterion in _CRITERIA:
        value = weights.get(criterion) if isinstance(weights, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            msg = "missing, negative or not a number; give a weight of at least 0"
            found.append(Problem(name, msg, column=f"weights.{criterion}", value=value))
    if found:
        raise InputError(found)
    return data


def _order_problems(name: str, data: dict[str, Any]) -> list[Problem]:
    """The at_risk threshold must come before the off_track one."""
    found = []
    schedule = data["schedule"]
    if schedule["at_risk_after_days"] > schedule["off_track_after_days"]:
        msg = "at_risk_after_days must not exceed off_track_after_days"
        found.append(
            Problem(
                name,
                msg,
                column="schedule.at_risk_after_days",
                value=schedule["at_risk_after_days"],
            )
        )
    for criterion in ("kpi", "funding"):
        section = data[criterion]
        if section["off_track_below"] > section["at_risk_below"]:
            msg = "off_track_below must not exceed at_risk_below"
            found.append(
                Problem(
                    name,
                    msg,
                    column=f"{criterion}.off_track_below",
                    value=section["off_track_below"],
                )
            )
    return found


# --- grading -------------------------------------------------------------------------------------


def _grade_schedule(days: int, rules: dict[str, Any]) -> tuple[str, str]:
    limits = rules["schedule"]
    if days >= limits["off_track_after_days"]:
        grade = "off_track"
    elif days >= limits["at_risk_after_days"]:
        grade = "at_risk"
    else:
        return "on_track", "schedule: no milestone overdue"
    return grade, (
        f"schedule: {grade} — the earliest overdue milestone is {days} days late "
        f"(at_risk from {limits['at_risk_after_days']}, off_track from "
        f"{limits['off_track_after_days']} days)"
    )


def _grade_ratio(criterion: str, what: str, value: float, rules: dict[str, Any]) -> tuple[str, str]:
    limits = rules[criterion]
    if value < limits["off_track_below"]:
        grade = "off_track"
    elif value < limits["at_risk_below"]:
        grade = "at_risk"
    else:
        grade = "on_track"
    return grade, (
        f"{criterion}: {grade} — {what} {value:.2f} (at_risk below {limits['at_risk_below']}, "
        f"off_track below {limits['off_track_below']})"
    )


def _status(
    figures: dict[str, float | int | None], rules: dict[str, Any]
) -> tuple[str, tuple[str, ...], float | None]:
    graded: dict[str, str] = {}
    reasons: list[str] = []
    missing = {
        "schedule": "schedule: no data — no dated milestone",
        "kpi": "kpi: no data — no KPI with baseline, a target and a dated actual or accepted "
        "milestone value",
        "funding": "funding: no data — no funding tranche planned by the review date",
    }
    for criterion in _CRITERIA:
        value = figures[criterion]
        if value is None:
            reasons.append(missing[criterion])
            continue
        if criterion == "schedule":
            grade, reason = _grade_schedule(int(value), rules)
        elif criterion == "kpi":
            grade, reason = _grade_ratio("kpi", "attainment", float(value), rules)
            grade, reason = _stale(grade, reason, figures.get("kpi_age_days"), rules)
        else:
            grade, reason = _grade_ratio("funding", "released/planned", float(value), rules)
        graded[criterion] = grade
        reasons.append(reason)
    if not graded:
        return "no_data", tuple(reasons), None
    status = max(graded.values(), key=GRADES.index)
    weights = rules["weights"]
    total = sum(float(weights[c]) for c in graded)
    score = (
        None
        if total == 0
        else round(sum(float(weights[c]) * _SCORE[g] for c, g in graded.items()) / total, 4)
    )
    # The reasons that produced the status come first.
    ordered = sorted(reasons, key=lambda r: not r.split(" — ")[0].endswith(status))
    return status, tuple(ordered), score


def _stale(
    grade: str, reason: str, age: float | int | None, rules: dict[str, Any]
) -> tuple[str, str]:
    """An on-track KPI whose reading is older than ``kpi.stale_after_days`` is at risk."""
    limit = rules["kpi"].get("stale_after_days")
    if limit is None or age is None or age <= limit or grade != "on_track":
        return grade, reason
    return "at_risk", (
        f"kpi: at_risk — the oldest KPI reading is {int(age)} days old (stale after {limit}); "
        f"{reason.split(' — ', 1)[1]}"
    )


# --- evaluation ----------------------------------------------------------------------------------


def evaluate(
    programme: Programme,
    as_of: date,
    rules: dict[str, Any] | None = None,
    scenario: str = "plan",
    runs: int | None = None,
    seed: int = 0,
) -> Evaluation:
    """Evaluate every task of ``programme`` at ``as_of`` with ``rules`` (default: packaged).

    ``scenario`` is the pathway the tasks' impacts are measured in (a packaged name or a YAML
    file); ``runs`` Monte Carlo draws (seeded by ``seed``; 0 for none) give their spread, by
    default the run setting ``impact_runs`` (``PEAKZERO_IMPACT_RUNS``, 500) read when called.
    """
    runs = settings().impact_runs if runs is None else runs
    rules = load_rules() if rules is None else rules
    lever_sets = {t.code: programme.levers_of(t.code) for t in programme.tasks}
    impacts, scenario_hash = lever_impacts(lever_sets, scenario, runs=runs, seed=seed)
    entries = tuple(
        _task(programme, task.code, task.area, as_of, rules, impacts.get(task.code))
        for task in programme.tasks
    )
    by_area = tuple(
        AreaRollup(area.code, *_rollup([e for e in entries if e.area == area.code]))
        for area in programme.areas
    )
    by_measure = tuple(
        MeasureRollup(measure.code, *_rollup([e for e in entries if measure.code in e.measures]))
        for measure in programme.measures
    )
    notes = (
        "a milestone without an accepted date counts as accepted when its task has an "
        "acceptance on or after its planned date",
        "a KPI without dated actuals is read from the kpi_target of its latest accepted milestone",
        "readiness (TRL) is reported, not graded: the scoring rules hold no readiness threshold",
        "emission impacts are on the assessment boundary (scope 1 energy CO2 + net imported "
        "electricity x the average grid factor, as pathway summary leads with), so sinks, "
        "removals and, at the average factor, green power imports move none",
    )
    return Evaluation(
        programme=programme.code,
        as_of=as_of,
        scenario=scenario,
        reference=REFERENCE,
        scenario_hash=scenario_hash,
        rules=rules,
        ensemble={"runs": runs, "seed": seed, "quantiles": list(QUANTILES)},
        tasks=entries,
        by_area=by_area,
        by_measure=by_measure,
        races=race_standings(programme, as_of),
        notes=notes,
    )


def _task(
    programme: Programme,
    task: str,
    area: str,
    as_of: date,
    rules: dict[str, Any],
    impact: Impact | None,
) -> TaskEvaluation:
    # Each KPI's reading once; (attainment, KPI, reading) where the KPI has a path and a reading.
    scored = [
        (a, k, r)
        for k in programme.kpis_of(task)
        for r in [kpi_reading(programme, k, as_of)]
        if r is not None
        for a in [attainment(k, r)]
        if a is not None
    ]
    lowest = min(scored, key=lambda entry: entry[0]) if scored else None
    figures: dict[str, float | int | None] = {
        "schedule": schedule_variance(programme, task, as_of),
        "kpi": None if lowest is None else lowest[0],
        "funding": funding_ratio(programme, task, as_of),
        "kpi_age_days": max(((as_of - r.day).days for _, _, r in scored), default=None),
    }
    status, reasons, score = _status(figures, rules)
    if lowest is not None:
        reading = lowest[2]
        origin = (
            f"actual of {reading.day.isoformat()}"
            if reading.origin == "actual"
            else f"milestone {reading.reference} accepted {reading.day.isoformat()}"
        )
        reasons = tuple(
            f"{r} (KPI {lowest[1].code}: {reading.value:g} from the {origin})"
            if r.startswith("kpi:")
            else r
            for r in reasons
        )
    readiness = readiness_change(programme, task, as_of)
    if readiness is None:
        reasons = (*reasons, "readiness: no assessment (reported, not graded)")
    else:
        reasons = (
            *reasons,
            f"readiness: TRL {readiness.trl} on {readiness.assessed.isoformat()}, "
            f"{readiness.gained:+d} since {readiness.since.isoformat()} (reported, not graded)",
        )
    schedule, kpi, funding = figures["schedule"], figures["kpi"], figures["funding"]
    return TaskEvaluation(
        task=task,
        area=area,
        measures=programme.measures_of(task),
        levers=programme.levers_of(task),
        status=status,
        reasons=reasons,
        score=score,
        schedule_variance_days=None if schedule is None else int(schedule),
        kpi_attainment=None if kpi is None else round(float(kpi), 4),
        funding_released_vs_planned=None if funding is None else round(float(funding), 4),
        trl=None if readiness is None else readiness.trl,
        trl_gained=None if readiness is None else readiness.gained,
        co2_2030_mt=None if impact is None else round(impact.co2_2030_mt, 6),
        co2_2030_mt_low=_rounded(None if impact is None else impact.co2_2030_low),
        co2_2030_mt_high=_rounded(None if impact is None else impact.co2_2030_high),
        peak_shift_years=None if impact is None else impact.peak_shift_years,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _rollup(members: list[TaskEvaluation]) -> tuple[int, dict[str, int], float]:
    counts = {s: sum(e.status == s for e in members) for s in STATUSES}
    return len(members), counts, round(math.fsum(e.co2_2030_mt or 0.0 for e in members), 6)
