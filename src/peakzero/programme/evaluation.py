"""Dynamic evaluation of the programme at a review date (issue 5, "Dynamic evaluation").

For each task: schedule variance against its milestones, KPI attainment against the path to its
targets, funding released against plan, and the emission impact of its linked levers through the
pathway engine (2030 territorial CO2 and the shift of the peak year); a status with the reasons
that produced it, graded by the scoring rules of ``data/programme/scoring.yaml`` (stored with the
result). Roll-ups by area. Method and limits: ``docs/methods/programme.md``.

The domain records no acceptance per milestone and no dated KPI actuals, so both are derived
from what it does record (:func:`milestone_accepted`, :func:`kpi_attainment`).
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.io.yaml_lines import read_yaml
from peakzero.pathways.metrics import TERRITORIAL, peak
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS
from peakzero.pathways.scenarios import load_scenario
from peakzero.pathways.wedges import variants
from peakzero.programme.domain import KPI, Milestone, Programme

__all__ = [
    "GRADES",
    "STATUSES",
    "AreaRollup",
    "Evaluation",
    "TaskEvaluation",
    "evaluate",
    "kpi_attainment",
    "lever_impacts",
    "load_rules",
    "milestone_accepted",
]

GRADES = ("on_track", "at_risk", "off_track")
STATUSES = (*GRADES, "no_data")
REFERENCE = "baseline"
"""The scenario whose lever paths stand for "without the task"."""
IMPACT_YEAR = 2030
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
    levers: tuple[str, ...]
    status: str  # one of STATUSES
    reasons: tuple[str, ...]
    score: float | None  # 0-1, weighted over the graded criteria
    schedule_variance_days: int | None
    kpi_attainment: float | None
    funding_released_vs_planned: float | None
    co2_2030_mt: float | None  # Mt CO2 more emitted in 2030 without the task's levers
    peak_shift_years: int | None  # peak year without the task's levers minus the scenario's


@dataclass(frozen=True)
class AreaRollup:
    """The tasks of one area: how many have each status, and their summed 2030 impact."""

    area: str
    tasks: int
    status_counts: dict[str, int]
    co2_2030_mt: float  # the sum over the area's tasks (levers shared by tasks count in each)


@dataclass(frozen=True)
class Evaluation:
    """An evaluation of a programme at ``as_of``, with the rules and scenarios that produced it."""

    programme: str
    as_of: date
    scenario: str
    reference: str
    scenario_hash: str
    rules: dict[str, Any]
    tasks: tuple[TaskEvaluation, ...]
    by_area: tuple[AreaRollup, ...]
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
        for entry in document["tasks"]:
            entry["reasons"] = list(entry["reasons"])
            entry["levers"] = list(entry["levers"])
        document["notes"] = list(self.notes)
        return document


# --- rules ---------------------------------------------------------------------------------------


def load_rules(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The scoring rules: the packaged ``scoring.yaml`` or a user's file of the same format.

    Raises
    ------
    InputError
        If a criterion, threshold or weight is missing or not a number.
    """
    if path is None:
        name = "scoring.yaml"
        text = (files("peakzero") / "data" / "programme" / name).read_text(encoding="utf-8")
    else:
        name = str(path)
        text = Path(path).read_text(encoding="utf-8")
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
    weights = data.get("weights")
    for criterion in _CRITERIA:
        value = weights.get(criterion) if isinstance(weights, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            msg = "missing, negative or not a number; give a weight of at least 0"
            found.append(Problem(name, msg, column=f"weights.{criterion}", value=value))
    if found:
        raise InputError(found)
    return data


# --- schedule, KPI and funding -------------------------------------------------------------------


def milestone_accepted(programme: Programme, milestone: Milestone, as_of: date) -> bool:
    """Whether a milestone counts as accepted at ``as_of``.

    The domain records acceptance per task and team (:class:`~.domain.Acceptance`), not per
    milestone: an acceptance of the task on or before ``as_of`` accepts every milestone of the
    task planned on or before the acceptance's date (or undated).
    """
    for acceptance in programme.acceptances:
        if acceptance.task != milestone.task or acceptance.accepted > as_of:
            continue
        if milestone.planned is None or milestone.planned <= acceptance.accepted:
            return True
    return False


def _schedule_variance(programme: Programme, task: str, as_of: date) -> int | None:
    dated = [m for m in programme.milestones_of(task) if m.planned is not None]
    if not dated:
        return None
    late = [
        (as_of - m.planned).days
        for m in dated
        if m.planned is not None
        and m.planned < as_of
        and not milestone_accepted(programme, m, as_of)
    ]
    return max(late, default=0)


def _funding(programme: Programme, task: str, as_of: date) -> float | None:
    funded = [m for m in programme.milestones_of(task) if m.funding_cny is not None]
    due = sum(m.funding_cny or 0.0 for m in funded if m.planned is not None and m.planned <= as_of)
    if due <= 0:
        return None
    released = sum(m.funding_cny or 0.0 for m in funded if milestone_accepted(programme, m, as_of))
    return released / due


def _decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


def kpi_attainment(programme: Programme, kpi: KPI, as_of: date) -> float | None:
    """Progress reached over progress due on the KPI's target path at ``as_of``, within 0-1.

    The path runs linearly from ``baseline`` (at 1 January of ``baseline_year``) through
    ``target_2025`` and ``target_2030`` (each at 1 January of its year; either may be missing)
    and stays flat outside them. The value reached is the ``kpi_target`` of the latest milestone
    of this KPI accepted by ``as_of`` (:func:`milestone_accepted`) — the domain holds no dated
    KPI actuals yet. ``None`` without a baseline, a target or such a milestone.
    """
    if kpi.baseline is None or kpi.baseline_year is None:
        return None
    points = [(float(kpi.baseline_year), kpi.baseline)]
    points += [
        (float(y), v)
        for y, v in ((2025, kpi.target_2025), (2030, kpi.target_2030))
        if v is not None
    ]
    points = sorted(p for p in points if p[0] >= kpi.baseline_year)
    if len(points) < 2:
        return None
    reached = [
        m
        for m in programme.milestones
        if m.kpi == kpi.code
        and m.kpi_target is not None
        and milestone_accepted(programme, m, as_of)
    ]
    if not reached:
        return None
    latest = max(reached, key=lambda m: m.planned or date.min)
    assert latest.kpi_target is not None  # filtered above
    due = float(np.interp(_decimal_year(as_of), [p[0] for p in points], [p[1] for p in points]))
    expected = due - kpi.baseline
    if expected == 0:
        return 1.0
    return float(min(1.0, max(0.0, (latest.kpi_target - kpi.baseline) / expected)))


# --- emission impact -----------------------------------------------------------------------------


def lever_impacts(
    lever_sets: dict[str, tuple[str, ...]], scenario: str = "plan", reference: str = REFERENCE
) -> tuple[dict[str, tuple[float, int]], str]:
    """For each named set of levers: (Mt CO2 more in 2030, peak-year shift) without them.

    "Without them" is the scenario with those levers on the reference's paths, as for
    :func:`~peakzero.pathways.wedges.wedges`; all variants run in one vectorised batch. Returns
    the impacts and the scenario's input hash.
    """
    ref, tgt = load_scenario(reference), load_scenario(scenario)
    names = [name for name, members in lever_sets.items() if members]
    inputs = variants(ref, tgt, [lever_sets[name] for name in names])
    emitted = simulate(inputs)[TERRITORIAL]
    column = int(np.searchsorted(YEARS, IMPACT_YEAR))
    peak_years, _ = peak(emitted, YEARS)
    impacts = {
        name: (
            float(emitted[row, column] - emitted[0, column]),
            int(peak_years[row] - peak_years[0]),
        )
        for row, name in enumerate(names, start=1)
    }
    return impacts, tgt.hash


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
        "kpi": "kpi: no data — no KPI with baseline, target and an accepted milestone value",
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


# --- evaluation ----------------------------------------------------------------------------------


def evaluate(
    programme: Programme,
    as_of: date,
    rules: dict[str, Any] | None = None,
    scenario: str = "plan",
) -> Evaluation:
    """Evaluate every task of ``programme`` at ``as_of`` with ``rules`` (default: packaged)."""
    rules = load_rules() if rules is None else rules
    lever_sets = {t.code: programme.levers_of(t.code) for t in programme.tasks}
    impacts, scenario_hash = lever_impacts(lever_sets, scenario)
    entries = []
    for task in programme.tasks:
        attainments = [
            a
            for a in (kpi_attainment(programme, k, as_of) for k in programme.kpis_of(task.code))
            if a is not None
        ]
        figures: dict[str, float | int | None] = {
            "schedule": _schedule_variance(programme, task.code, as_of),
            "kpi": min(attainments) if attainments else None,
            "funding": _funding(programme, task.code, as_of),
        }
        status, reasons, score = _status(figures, rules)
        impact = impacts.get(task.code)
        schedule, kpi, funding = figures["schedule"], figures["kpi"], figures["funding"]
        entries.append(
            TaskEvaluation(
                task=task.code,
                area=task.area,
                levers=lever_sets[task.code],
                status=status,
                reasons=reasons,
                score=score,
                schedule_variance_days=None if schedule is None else int(schedule),
                kpi_attainment=None if kpi is None else round(float(kpi), 4),
                funding_released_vs_planned=None if funding is None else round(float(funding), 4),
                co2_2030_mt=None if impact is None else round(impact[0], 6),
                peak_shift_years=None if impact is None else impact[1],
            )
        )
    by_area = tuple(
        AreaRollup(
            area=area.code,
            tasks=len(members),
            status_counts={s: sum(e.status == s for e in members) for s in STATUSES},
            co2_2030_mt=round(math.fsum(e.co2_2030_mt or 0.0 for e in members), 6),
        )
        for area in programme.areas
        for members in [[e for e in entries if e.area == area.code]]
    )
    notes = (
        "KPI attainment uses the kpi_target of accepted milestones: the domain holds no dated "
        "KPI actuals yet",
        "a milestone counts as accepted when its task has an acceptance on or after its planned "
        "date (the domain records acceptance per task, not per milestone)",
        "tasks do not link to measures, so there is no roll-up by measure",
        "emission impacts are deterministic: the ensemble's spread is not in this slice",
    )
    return Evaluation(
        programme=programme.code,
        as_of=as_of,
        scenario=scenario,
        reference=REFERENCE,
        scenario_hash=scenario_hash,
        rules=rules,
        tasks=tuple(entries),
        by_area=by_area,
        notes=notes,
    )
