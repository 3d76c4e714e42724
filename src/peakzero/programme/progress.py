"""A task's progress at a review date: milestones accepted, schedule, funding, KPIs, readiness.

The figures the dynamic evaluation grades (:mod:`peakzero.programme.evaluation`). What the
programme records is used first; where it is silent, a documented proxy stands in:

- a milestone is accepted on its ``accepted`` date; one without that date counts as accepted
  when its task has an :class:`~.domain.Acceptance` on or after its planned date (the final
  acceptance of the task covers the milestones before it);
- a KPI's value reached is its latest dated actual (:class:`~.domain.KPIActual`); without one,
  the ``kpi_target`` of the latest accepted milestone of that KPI (accepting the milestone
  accepted that value).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from peakzero.programme.domain import KPI, Milestone, Programme

__all__ = [
    "KPIReading",
    "ReadinessChange",
    "acceptance_date",
    "attainment",
    "funding_ratio",
    "kpi_attainment",
    "kpi_reading",
    "milestone_accepted",
    "readiness_change",
    "schedule_variance",
    "target_path",
]


def acceptance_date(programme: Programme, milestone: Milestone, as_of: date) -> date | None:
    """When ``milestone`` was accepted, if by ``as_of``; ``None`` if not (yet).

    Its own ``accepted`` date when recorded; otherwise the earliest acceptance of its task on or
    before ``as_of`` that is on or after the milestone's planned date (or any, if undated).
    """
    if milestone.accepted is not None:
        return milestone.accepted if milestone.accepted <= as_of else None
    dates = [
        a.accepted
        for a in programme.acceptances
        if a.task == milestone.task
        and a.accepted <= as_of
        and (milestone.planned is None or milestone.planned <= a.accepted)
    ]
    return min(dates, default=None)


def milestone_accepted(programme: Programme, milestone: Milestone, as_of: date) -> bool:
    """Whether a milestone counts as accepted at ``as_of`` (:func:`acceptance_date`)."""
    return acceptance_date(programme, milestone, as_of) is not None


def schedule_variance(programme: Programme, task: str, as_of: date) -> int | None:
    """Days the most overdue unaccepted milestone is late (0: none); None without dated ones."""
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


def funding_ratio(programme: Programme, task: str, as_of: date) -> float | None:
    """Of the tranches due (milestones planned before ``as_of``), the share released by then.

    Due as for :func:`schedule_variance` (a milestone planned on the review day is not due yet),
    so that the two agree; a tranche released early does not count until it is due, which keeps
    the ratio within 0-1. ``None`` when no tranche is due.
    """
    due = [
        m
        for m in programme.milestones_of(task)
        if m.funding_cny is not None and m.planned is not None and m.planned < as_of
    ]
    planned = sum(m.funding_cny or 0.0 for m in due)
    if planned <= 0:
        return None
    released = sum(m.funding_cny or 0.0 for m in due if milestone_accepted(programme, m, as_of))
    return released / planned


@dataclass(frozen=True)
class KPIReading:
    """The value of a KPI reached by a date, and where it comes from."""

    kpi: str
    day: date  # when the value was measured or accepted
    value: float
    origin: str  # "actual" (a dated KPIActual) or "milestone" (an accepted milestone's target)
    reference: str | None  # the actual's source, or the milestone's code


def kpi_reading(programme: Programme, kpi: KPI, as_of: date) -> KPIReading | None:
    """The latest value of ``kpi`` known at ``as_of`` (see the module's rules)."""
    actuals = [a for a in programme.actuals_of(kpi.code) if a.measured <= as_of]
    if actuals:
        latest = actuals[-1]
        return KPIReading(kpi.code, latest.measured, latest.value, "actual", latest.source)
    accepted = [
        (day, m)
        for m in programme.milestones
        if m.kpi == kpi.code and m.kpi_target is not None
        for day in [acceptance_date(programme, m, as_of)]
        if day is not None
    ]
    if not accepted:
        return None
    day, milestone = max(accepted, key=lambda pair: pair[0])
    assert milestone.kpi_target is not None  # filtered above
    return KPIReading(kpi.code, day, milestone.kpi_target, "milestone", milestone.code)


def _decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


def target_path(kpi: KPI) -> tuple[list[float], list[float]] | None:
    """(decimal years, values) of the KPI's target path; None without baseline and a target.

    The path runs linearly from ``baseline`` (1 January of ``baseline_year``) through
    ``target_2025`` and ``target_2030`` (each at 1 January of its year; either may be missing)
    and stays flat outside them.
    """
    if kpi.baseline is None or kpi.baseline_year is None:
        return None
    points = [(float(kpi.baseline_year), kpi.baseline)]
    # Targets in or before the baseline year are defects (checks.py); they are left out here.
    points += [
        (float(year), value)
        for year, value in ((2025, kpi.target_2025), (2030, kpi.target_2030))
        if value is not None and year > kpi.baseline_year
    ]
    if len(points) < 2:
        return None
    return [p[0] for p in points], [p[1] for p in points]


def kpi_attainment(programme: Programme, kpi: KPI, as_of: date) -> float | None:
    """Progress reached over progress due on the target path, within 0-1.

    The value reached is :func:`kpi_reading` at ``as_of``; what was due is the path's value on
    the day that value was measured or accepted, so an old measurement is judged against the
    path of its own day (:func:`attainment`). ``None`` without a path (:func:`target_path`) or a
    reading.
    """
    reading = kpi_reading(programme, kpi, as_of)
    return None if reading is None else attainment(kpi, reading)


def attainment(kpi: KPI, reading: KPIReading) -> float | None:
    """Attainment 0-1 of ``kpi`` by ``reading`` against its target path on the reading's day.

    A KPI whose targets all equal its baseline (hold it there) attains the share of the
    baseline still held, ``1 - |value - baseline| / |baseline|``. ``None`` without a path.
    """
    path = target_path(kpi)
    if path is None:
        return None
    assert kpi.baseline is not None  # target_path needs it
    years, values = path
    if all(v == kpi.baseline for v in values):
        # A hold target ("keep it at the baseline"): the share of the baseline still held.
        if kpi.baseline == 0:
            return 1.0 if reading.value == 0 else 0.0
        return float(max(0.0, 1.0 - abs(reading.value - kpi.baseline) / abs(kpi.baseline)))
    due = float(np.interp(_decimal_year(reading.day), years, values))
    expected = due - kpi.baseline
    if expected == 0:
        return 1.0  # no progress was due yet on the day of the reading
    return float(min(1.0, max(0.0, (reading.value - kpi.baseline) / expected)))


@dataclass(frozen=True)
class ReadinessChange:
    """A task's technology readiness level at the review date and how much it has risen."""

    trl: int  # the latest assessment on or before the review date
    assessed: date
    gained: int  # since the first assessment (0 with one assessment)
    since: date  # the first assessment's date


def readiness_change(programme: Programme, task: str, as_of: date) -> ReadinessChange | None:
    """The task's TRL at ``as_of`` and its gain since the first assessment; None if unassessed."""
    known = [r for r in programme.readiness_of(task) if r.assessed <= as_of]
    if not known:
        return None
    first, last = known[0], known[-1]
    return ReadinessChange(last.trl, last.assessed, last.trl - first.trl, first.assessed)
