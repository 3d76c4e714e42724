"""The innovation programme as data: areas, key tasks, KPIs, milestones and measures (创新行动方案).

Small frozen dataclasses, one per future database table. Entities refer to each other by code
(a task names its ``area``, a KPI its ``task`` and ``lever``, a milestone its ``task`` and
``kpi``), never by object, so each maps onto one table with foreign keys. What is not known is
``None`` — the default Beijing programme leaves every date, owner, budget and target empty
because the published text gives none (``data/programme/README.md``).

:func:`check_programme` finds the defects that span entities (duplicate codes, unknown area or
lever, a KPI unit that does not fit its lever, a milestone outside the programme's dates) and
reports each as a :class:`Defect` addressed by entity, position and field, so that the YAML
reader (key path and line) and a later Excel import (sheet, row and column) can place it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from peakzero.errors import Problem
from peakzero.pathways.catalogue import Item, levers
from peakzero.units import UnitError, parse_unit

__all__ = [
    "INFORMATION",
    "KINDS",
    "KPI",
    "ORGANISATION_ROLES",
    "PERSON_ROLES",
    "Area",
    "Defect",
    "Measure",
    "Milestone",
    "Organisation",
    "Person",
    "Programme",
    "Task",
    "Team",
    "check_kpi_lever_units",
    "check_programme",
    "units_compatible",
]

KINDS = ("technology", "scenario", "demonstration_region", "platform")
"""What a key task is: a technology or piece of equipment, an application scenario (应用场景), a
demonstration region (示范区域) or a shared platform (平台)."""
INFORMATION = ("verified", "unverified")
"""``verified``: the task is named in the published text (its ``quote`` holds the words);
``unverified``: it comes from elsewhere and awaits checking against the official text."""
ORGANISATION_ROLES = ("issuer", "demand_side", "lead_unit", "partner", "third_party")
"""发榜方 (issuer), 需求方 (demand-side user), 牵头单位 (lead unit), 参与单位 (partner) and
third-party reviewer or tester (research beijing-facts.md §4.5)."""
PERSON_ROLES = ("principal_investigator", "member", "reviewer", "contact")
"""挂帅人 (principal investigator), team member, reviewer (评审专家), contact person."""


@dataclass(frozen=True)
class Area:
    """One of the programme's areas of key tasks (重点任务方面)."""

    code: str
    name_zh: str
    name_en: str
    quote: str | None = None  # the words of the published text that name it


@dataclass(frozen=True)
class Task:
    """A key task (重点任务): a technology, scenario, demonstration region or platform."""

    code: str
    area: str  # an Area code
    name_zh: str
    name_en: str
    kind: str  # one of KINDS
    information: str  # one of INFORMATION
    quote: str | None = None  # the words of the published text that name it


@dataclass(frozen=True)
class Measure:
    """A safeguard measure (保障措施)."""

    code: str
    name_zh: str
    name_en: str
    quote: str | None = None


@dataclass(frozen=True)
class KPI:
    """A key performance indicator of a task; ``lever`` links it to a pathway lever.

    A KPI linked to a lever is in a unit compatible with the lever's (:func:`units_compatible`),
    so that its path can later drive the pathway engine.
    """

    code: str
    task: str  # a Task code
    name_zh: str
    name_en: str
    unit: str
    lever: str | None = None  # a lever id of data/pathways/levers.yaml
    baseline: float | None = None
    baseline_year: int | None = None
    target_2025: float | None = None
    target_2030: float | None = None


@dataclass(frozen=True)
class Milestone:
    """A milestone of a task (里程碑节点); its funding tranche is released on acceptance."""

    code: str
    task: str  # a Task code
    planned: date | None = None
    deliverable: str | None = None
    acceptance_criteria: str | None = None
    kpi: str | None = None  # a KPI code of the same task
    kpi_target: float | None = None  # in the KPI's unit
    funding_cny: float | None = None  # the tranche, in yuan


@dataclass(frozen=True)
class Organisation:
    """An organisation and its role in the programme (issuer, demand side, lead unit, …)."""

    id: str
    name_zh: str
    name_en: str
    role: str  # one of ORGANISATION_ROLES


@dataclass(frozen=True)
class Team:
    """A team working on a task (several teams on one task make a horse race, 赛马)."""

    id: str
    name: str
    task: str  # a Task code
    organisation: str | None = None  # the lead unit's id


@dataclass(frozen=True)
class Person:
    """A person and their role (挂帅人, member, reviewer, contact)."""

    id: str
    name: str
    role: str  # one of PERSON_ROLES
    organisation: str | None = None
    team: str | None = None


@dataclass(frozen=True)
class Programme:
    """An innovation programme: its entities as flat tuples, in the order given.

    ``start`` and ``end`` are the programme's period when known; ``stated_task_count`` is the
    number of key tasks the programme's text says it has (which can exceed the tasks it names).
    """

    code: str
    name_zh: str
    name_en: str
    start: date | None = None
    end: date | None = None
    stated_task_count: int | None = None
    source: str | None = None
    areas: tuple[Area, ...] = ()
    tasks: tuple[Task, ...] = ()
    measures: tuple[Measure, ...] = ()
    kpis: tuple[KPI, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    teams: tuple[Team, ...] = ()
    people: tuple[Person, ...] = ()

    def task(self, code: str) -> Task:
        """The task with this code.

        Raises
        ------
        KeyError
            If there is none.
        """
        for task in self.tasks:
            if task.code == code:
                return task
        raise KeyError(code)

    def tasks_in(self, area: str) -> tuple[Task, ...]:
        """The tasks of one area, in the programme's order."""
        return tuple(t for t in self.tasks if t.area == area)

    def kpis_of(self, task: str) -> tuple[KPI, ...]:
        """The KPIs of one task."""
        return tuple(k for k in self.kpis if k.task == task)

    def milestones_of(self, task: str) -> tuple[Milestone, ...]:
        """The milestones of one task."""
        return tuple(m for m in self.milestones if m.task == task)

    def levers_of(self, task: str) -> tuple[str, ...]:
        """The pathway levers a task moves (through its KPIs), without repeats."""
        return tuple(dict.fromkeys(k.lever for k in self.kpis_of(task) if k.lever is not None))


# --- units ---------------------------------------------------------------------------------------

# Gas species are not units of the registry ("Mt CO2/yr" does not parse): they are compared as
# labels and the rest of the unit by dimension.
_SPECIES = re.compile(r"CO2(?:[-_]?eq?)?|CH4|N2O")
_PHYSICAL = frozenset(
    ("[length]", "[mass]", "[time]", "[current]", "[temperature]", "[substance]", "[luminosity]")
)


def _normalise(unit: str) -> str:
    return " ".join(unit.split())


def _physical(unit: str) -> tuple[tuple[str, ...], object] | None:
    """(species, dimensionality) of a physical unit; None for counts and what does not parse."""
    species = tuple(sorted(_SPECIES.findall(unit)))
    rest = _SPECIES.sub(" ", unit).strip() or "1"
    try:
        quantity = parse_unit(rest)
    except UnitError:
        return None
    dimensionality = quantity.dimensionality
    if any(dimension not in _PHYSICAL for dimension in dimensionality):
        return None  # a count such as vehicles ([vehicle]): it matches only itself
    return species, dimensionality


def units_compatible(unit: str, lever_unit: str) -> bool:
    """Whether a KPI in ``unit`` can stand for a lever in ``lever_unit``.

    The same text (whitespace aside) always fits. Otherwise both must be physical units the
    registry converts into each other (``%`` fits ``1``, ``MW`` fits ``GW``, ``kt CO2/yr`` fits
    ``Mt CO2/yr`` but ``Mt CH4/yr`` does not). Counts (``vehicles``) and units the registry does
    not know fit only the identical text.
    """
    if _normalise(unit) == _normalise(lever_unit):
        return True
    mine, theirs = _physical(unit), _physical(lever_unit)
    return mine is not None and mine == theirs


def _unit_message(kpi: KPI, lever: Item) -> str | None:
    if units_compatible(kpi.unit, lever.unit):
        return None
    if _physical(lever.unit) is None:
        allowed = f"use exactly {lever.unit!r} (a count or a unit the registry does not convert)"
    else:
        allowed = f"use {lever.unit!r} or a unit convertible to it"
    return (
        f"KPI {kpi.code} is in {kpi.unit!r}, which does not fit lever {lever.id} "
        f"(unit {lever.unit!r}); {allowed}"
    )


def _lever_message(lever_id: str, known: Mapping[str, Item]) -> str:
    close = difflib.get_close_matches(lever_id, list(known), n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return f"unknown lever id; {hint}use one of {', '.join(known)} (data/pathways/levers.yaml)"


def check_kpi_lever_units(
    kpi: KPI, *, file: str = "programme", column: str | None = None, line: int | None = None
) -> Problem | None:
    """A problem if ``kpi`` is linked to a lever that does not exist or whose unit it does not fit.

    ``file``, ``column`` (a key path such as ``tasks.3.kpis.0``) and ``line`` say where the KPI
    was read; the problem names the unit (or the lever id) as its value and what is allowed.
    """
    if kpi.lever is None:
        return None
    known = levers()
    lever = known.get(kpi.lever)
    if lever is None:
        where = None if column is None else f"{column}.lever"
        return Problem(file, _lever_message(kpi.lever, known), line, where, kpi.lever)
    message = _unit_message(kpi, lever)
    if message is None:
        return None
    where = None if column is None else f"{column}.unit"
    return Problem(file, message, line, where, kpi.unit)


# --- cross-entity checks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Defect:
    """A defect of a programme: entity (``tasks``, ``kpis``, …), its position, the field."""

    entity: str
    index: int
    field: str
    message: str
    value: object = None
    first: int | None = None  # for a duplicate: the position of the entry that came first


def check_programme(programme: Programme) -> list[Defect]:
    """Every defect that spans entities, in entity order.

    Duplicate codes or ids; a task in an unknown area; a KPI of an unknown task, with an unknown
    lever or a unit that does not fit its lever; a milestone of an unknown task, naming a KPI of
    another task, or planned after the programme's end or before its start (each when known); a
    team, person or organisation link that resolves to nothing; a programme that ends before it
    starts.
    """
    defects: list[Defect] = []
    p = programme
    if p.start is not None and p.end is not None and p.end < p.start:
        msg = f"the programme ends before it starts ({p.start.isoformat()}); use a later end"
        defects.append(Defect("programme", 0, "end", msg, p.end.isoformat()))
    for entity, codes in (
        ("areas", [a.code for a in p.areas]),
        ("tasks", [t.code for t in p.tasks]),
        ("measures", [m.code for m in p.measures]),
        ("kpis", [k.code for k in p.kpis]),
        ("milestones", [m.code for m in p.milestones]),
    ):
        defects += _duplicates(entity, "code", codes)
    for entity, ids in (
        ("organisations", [o.id for o in p.organisations]),
        ("teams", [t.id for t in p.teams]),
        ("people", [x.id for x in p.people]),
    ):
        defects += _duplicates(entity, "id", ids)

    areas = [a.code for a in p.areas]
    tasks = [t.code for t in p.tasks]
    for index, task in enumerate(p.tasks):
        if task.area not in areas:
            msg = f"task {task.code} names an unknown area; use one of {', '.join(areas)}"
            defects.append(Defect("tasks", index, "area", msg, task.area))

    known = levers()
    kpi_task = {k.code: k.task for k in p.kpis}
    for index, kpi in enumerate(p.kpis):
        if kpi.task not in tasks:
            msg = f"KPI {kpi.code} names an unknown task; use one of {', '.join(tasks)}"
            defects.append(Defect("kpis", index, "task", msg, kpi.task))
        if kpi.lever is None:
            continue
        lever = known.get(kpi.lever)
        if lever is None:
            defects.append(
                Defect("kpis", index, "lever", _lever_message(kpi.lever, known), kpi.lever)
            )
            continue
        message = _unit_message(kpi, lever)
        if message is not None:
            defects.append(Defect("kpis", index, "unit", message, kpi.unit))

    for index, milestone in enumerate(p.milestones):
        defects += _milestone_defects(p, index, milestone, tasks, kpi_task)

    organisations = [o.id for o in p.organisations]
    teams = [t.id for t in p.teams]
    for index, team in enumerate(p.teams):
        if team.task not in tasks:
            msg = f"team {team.id} names an unknown task; use one of {', '.join(tasks)}"
            defects.append(Defect("teams", index, "task", msg, team.task))
        if team.organisation is not None and team.organisation not in organisations:
            defects.append(
                _unknown_link("teams", index, "organisation", team.organisation, organisations)
            )
    for index, person in enumerate(p.people):
        if person.organisation is not None and person.organisation not in organisations:
            defects.append(
                _unknown_link("people", index, "organisation", person.organisation, organisations)
            )
        if person.team is not None and person.team not in teams:
            defects.append(_unknown_link("people", index, "team", person.team, teams))
    return defects


def _duplicates(entity: str, field: str, codes: list[str]) -> list[Defect]:
    seen: dict[str, int] = {}
    found = []
    for index, code in enumerate(codes):
        if code in seen:
            msg = f"duplicate {field}; each {field} must be unique"
            found.append(Defect(entity, index, field, msg, code, first=seen[code]))
        else:
            seen[code] = index
    return found


def _unknown_link(entity: str, index: int, field: str, value: str, valid: list[str]) -> Defect:
    allowed = f"use one of {', '.join(valid)}" if valid else "none is defined yet"
    return Defect(entity, index, field, f"unknown {field} id; {allowed}", value)


def _milestone_defects(
    p: Programme, index: int, milestone: Milestone, tasks: list[str], kpi_task: dict[str, str]
) -> list[Defect]:
    found = []
    if milestone.task not in tasks:
        msg = f"milestone {milestone.code} names an unknown task; use one of {', '.join(tasks)}"
        found.append(Defect("milestones", index, "task", msg, milestone.task))
    if milestone.kpi is not None and kpi_task.get(milestone.kpi) != milestone.task:
        own = [k for k, t in kpi_task.items() if t == milestone.task]
        allowed = f"use one of {', '.join(own)}" if own else "the task has no KPI yet"
        msg = f"milestone {milestone.code} names a KPI that is not one of task {milestone.task}'s"
        found.append(Defect("milestones", index, "kpi", f"{msg}; {allowed}", milestone.kpi))
    if milestone.kpi_target is not None and milestone.kpi is None:
        msg = f"milestone {milestone.code} has a kpi_target but names no kpi; name the KPI"
        found.append(Defect("milestones", index, "kpi_target", msg, milestone.kpi_target))
    planned = milestone.planned
    if planned is not None and p.end is not None and planned > p.end:
        msg = (
            f"milestone {milestone.code} is planned after the programme's end "
            f"({p.end.isoformat()}); use a date on or before it"
        )
        found.append(Defect("milestones", index, "planned", msg, planned.isoformat()))
    if planned is not None and p.start is not None and planned < p.start:
        msg = (
            f"milestone {milestone.code} is planned before the programme's start "
            f"({p.start.isoformat()}); use a date on or after it"
        )
        found.append(Defect("milestones", index, "planned", msg, planned.isoformat()))
    return found
