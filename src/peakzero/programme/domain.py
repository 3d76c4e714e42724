"""The innovation programme as data: areas, key tasks, KPIs, milestones and measures (创新行动方案).

Small frozen dataclasses, one per future database table. Entities refer to each other by code
(a task names its ``area``, a KPI its ``task`` and ``lever``, a milestone its ``task`` and
``kpi``), never by object, so each maps onto one table with foreign keys. What is not known is
``None`` — the default Beijing programme leaves every date, owner, budget and target empty
because the published text gives none (``data/programme/README.md``).

:func:`peakzero.programme.checks.check_programme` finds the defects that span entities.

Calls (揭榜挂帅: :class:`Call`, :class:`Bid`, :class:`ReviewScore`, :class:`Award`) and races
(赛马: :class:`Race`, :class:`RaceTeam`, :class:`StageReview`, :class:`Acceptance`) follow the
same pattern (research beijing-facts.md §4.2-4.4). Those without a code of their own are keyed by
the codes they link (:data:`NATURAL_KEYS`): a reviewer scores a criterion of a bid once, a team
joins a race once, a team gets one decision per stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = [
    "CALL_STATUSES",
    "DECISIONS",
    "INFORMATION",
    "KINDS",
    "KPI",
    "NATURAL_KEYS",
    "ORGANISATION_ROLES",
    "PERSON_ROLES",
    "TRL_LEVELS",
    "Acceptance",
    "Area",
    "Award",
    "Bid",
    "Call",
    "KPIActual",
    "Measure",
    "Milestone",
    "Organisation",
    "Person",
    "Programme",
    "Race",
    "RaceTeam",
    "Readiness",
    "ReviewScore",
    "StageReview",
    "Task",
    "TaskMeasure",
    "Team",
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
CALL_STATUSES = ("open", "reviewing", "awarded", "closed")
"""Where a call (榜单) stands: published and taking bids (张榜), bids under review (评审), awarded
(揭榜 settled, work under way) and closed (accepted or withdrawn)."""
DECISIONS = ("continue", "increase", "cut", "merge", "stop")
"""A stage review's decision on one team of a race: continue, increase or cut its funding, merge
it into a joint team, or stop it (research beijing-facts.md §4.3)."""
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "review_scores": ("bid", "reviewer", "criterion"),
    "awards": ("call", "bid"),
    "race_teams": ("race", "team"),
    "stage_reviews": ("race", "stage", "team"),
    "acceptances": ("task", "team"),
    "task_measures": ("task", "measure"),
    "kpi_actuals": ("kpi", "measured"),
    "readiness": ("task", "assessed"),
}
"""The fields that identify an entity without a code of its own (its table's key)."""
TRL_LEVELS = (1, 9)
"""Technology readiness levels run from 1 (basic principles observed) to 9 (actual system proven
in operation): the nine-level scale of ISO 16290:2013 and of China's GB/T 22900-2022."""


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
    accepted: date | None = None  # when the milestone was accepted (验收), releasing the tranche


@dataclass(frozen=True)
class KPIActual:
    """A KPI's measured value on a date (实际值), e.g. from monitoring or an acceptance test."""

    kpi: str  # a KPI code
    measured: date
    value: float  # in the KPI's unit
    source: str | None = None  # where the figure comes from


@dataclass(frozen=True)
class Readiness:
    """A task's technology readiness level (技术成熟度) as assessed on a date."""

    task: str  # a Task code
    assessed: date
    trl: int  # 1-9 (TRL_LEVELS)
    source: str | None = None  # who assessed it, or the review it comes from


@dataclass(frozen=True)
class TaskMeasure:
    """A safeguard measure that applies to a task (for the evaluation's roll-up by measure)."""

    task: str  # a Task code
    measure: str  # a Measure code


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
class Call:
    """An open call (揭榜挂帅 榜单) for a task: the challenge, what bids must meet, a deadline."""

    code: str
    task: str  # a Task code
    challenge: str  # the challenge statement: need and technical problem
    status: str  # one of CALL_STATUSES
    requirements: str | None = None  # quantitative indicators, budget, period, eligibility
    deadline: date | None = None  # for bids


@dataclass(frozen=True)
class Bid:
    """A bid (揭榜申请) for a call, by a team or an organisation (at least one of them)."""

    code: str
    call: str  # a Call code
    team: str | None = None  # a Team id
    organisation: str | None = None  # an Organisation id
    submitted: date | None = None


@dataclass(frozen=True)
class ReviewScore:
    """One reviewer's score of one bid on one criterion (0 to ``max_score``)."""

    bid: str  # a Bid code
    reviewer: str  # a Person id
    criterion: str  # e.g. technical route, team capability, feasibility, cost
    score: float
    max_score: float


@dataclass(frozen=True)
class Award:
    """A call awarded to one of its bids (任务书); a call can award several."""

    call: str  # a Call code
    bid: str  # a Bid code of the same call
    awarded: date | None = None
    funding_cny: float | None = None


@dataclass(frozen=True)
class Race:
    """A horse race (赛马): two or more teams funded in parallel on one task, reviewed at stages."""

    code: str
    task: str  # a Task code
    stages: int | None = None  # the number of stage reviews planned


@dataclass(frozen=True)
class RaceTeam:
    """A team taking part in a race."""

    race: str  # a Race code
    team: str  # a Team id


@dataclass(frozen=True)
class StageReview:
    """A stage review's decision on one team of a race, with its reason."""

    race: str  # a Race code
    stage: int  # 1, 2, …
    team: str  # a Team id in the race
    decided: date
    decision: str  # one of DECISIONS
    reason: str | None = None


@dataclass(frozen=True)
class Acceptance:
    """The final acceptance (结题验收) of a team's work on a task, after a race when ``race``."""

    task: str  # a Task code
    team: str  # a Team id
    accepted: date
    race: str | None = None  # a Race code of the same task


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
    calls: tuple[Call, ...] = ()
    bids: tuple[Bid, ...] = ()
    review_scores: tuple[ReviewScore, ...] = ()
    awards: tuple[Award, ...] = ()
    races: tuple[Race, ...] = ()
    race_teams: tuple[RaceTeam, ...] = ()
    stage_reviews: tuple[StageReview, ...] = ()
    acceptances: tuple[Acceptance, ...] = ()
    task_measures: tuple[TaskMeasure, ...] = ()
    kpi_actuals: tuple[KPIActual, ...] = ()
    readiness: tuple[Readiness, ...] = ()

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

    def teams_in(self, race: str) -> tuple[str, ...]:
        """The ids of the teams in one race, in the programme's order."""
        return tuple(r.team for r in self.race_teams if r.race == race)

    def bids_for(self, call: str) -> tuple[Bid, ...]:
        """The bids for one call."""
        return tuple(b for b in self.bids if b.call == call)

    def actuals_of(self, kpi: str) -> tuple[KPIActual, ...]:
        """The measured values of one KPI, earliest first."""
        return tuple(sorted((a for a in self.kpi_actuals if a.kpi == kpi), key=_measured))

    def readiness_of(self, task: str) -> tuple[Readiness, ...]:
        """The readiness assessments of one task, earliest first."""
        return tuple(sorted((r for r in self.readiness if r.task == task), key=_assessed))

    def measures_of(self, task: str) -> tuple[str, ...]:
        """The codes of the measures that apply to one task."""
        return tuple(link.measure for link in self.task_measures if link.task == task)


def _measured(actual: KPIActual) -> date:
    return actual.measured


def _assessed(readiness: Readiness) -> date:
    return readiness.assessed
