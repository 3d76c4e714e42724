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

from collections.abc import Callable, Mapping
from dataclasses import field
from datetime import date
from typing import Any

from peakzero.codes import CITY, region_scopes
from peakzero.records import (
    RecordType,
    choice,
    code,
    day,
    declared,
    external,
    integer,
    label,
    number,
    record,
    ref,
    text,
)

__all__ = [
    "CALL_STATUSES",
    "DECISIONS",
    "INFORMATION",
    "KINDS",
    "KPI",
    "NATURAL_KEYS",
    "ORGANISATION_ROLES",
    "PERSON_ROLES",
    "PROGRAMME",
    "RECORDS",
    "REGIONS",
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
TRL_LEVELS = (1, 9)
"""Technology readiness levels run from 1 (basic principles observed) to 9 (actual system proven
in operation): the nine-level scale of ISO 16290:2013 and of China's GB/T 22900-2022."""


def _verified_needs_quote(values: Mapping[str, Any], add: Callable[[str, str], None]) -> None:
    if values.get("information") == "verified" and values.get("quote") is None:
        msg = "a verified task needs its quote: the words of the published text that name it"
        add("quote", f"{msg}; else mark it information: unverified")


REGIONS = region_scopes()
"""The regions a task or a KPI actual belongs to: the city (``CN-BJ``) or one of its 16
districts (``CN-BJ-`` and the GB/T 2260 code, :func:`peakzero.codes.regions`). The platform
shows a district's records to its officers (市区协同); a record no source assigns to a district
is the city's."""
_REGION_ZH, _REGION_EN = "区域", "region"
_REGION = "CN-BJ (the city as a whole) or a district's code CN-BJ-1101xx; empty: the city"
_REGIONS_ADDED = "0006"  # the migration that added the region columns


def _region() -> Any:
    return choice(
        REGIONS,
        _REGION_ZH,
        _REGION_EN,
        description=_REGION,
        added=_REGIONS_ADDED,
        default=CITY,
    )


_QUOTE_ZH, _QUOTE_EN = "原文引文", "quote"
_QUOTE = "the words of the published text that name it"


@record("areas", zh="重点任务方面", en="areas of key tasks", noun="an area")
class Area:
    """One of the programme's areas of key tasks (重点任务方面)."""

    code: str = code("代码", "code")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    quote: str | None = text(_QUOTE_ZH, _QUOTE_EN, description=_QUOTE, default=None)


@record(
    "tasks",
    zh="重点任务",
    en="key tasks",
    noun="a task",
    children=("kpis", "milestones"),
    rules=(_verified_needs_quote,),
)
class Task:
    """A key task (重点任务): a technology, scenario, demonstration region or platform."""

    code: str = code("代码", "code")
    area: str = ref("areas", "方面代码", "area code")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    kind: str = choice(KINDS, "类型", "kind", description="what the task is (KINDS)")
    information: str = choice(
        INFORMATION,
        "信息核实",
        "information",
        description="whether the published text names the task (its quote holds the words)",
    )
    quote: str | None = text(_QUOTE_ZH, _QUOTE_EN, description=_QUOTE, default=None)
    region: str = _region()


@record("measures", zh="保障措施", en="safeguard measures", noun="a measure")
class Measure:
    """A safeguard measure (保障措施)."""

    code: str = code("代码", "code")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    quote: str | None = text(_QUOTE_ZH, _QUOTE_EN, description=_QUOTE, default=None)


@record(
    "kpis",
    zh="关键指标",
    en="key performance indicators",
    noun="a KPI",
    plural="KPIs",
    parent="task",
)
class KPI:
    """A key performance indicator of a task; ``lever`` links it to a pathway lever.

    A KPI linked to a lever is in a unit compatible with the lever's (:func:`units_compatible`),
    so that its path can later drive the pathway engine.
    """

    code: str = code("代码", "code")
    task: str = ref("tasks", "任务代码", "task code")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    unit: str = text(
        "单位", "unit", description="a unit the registry knows, or a count", short=True
    )
    lever: str | None = external(
        "路径杠杆",
        "pathway lever",
        description="a lever id of data/pathways/levers.yaml",
        default=None,
    )
    baseline: float | None = number(
        "基准值", "baseline", description="in the KPI's unit", default=None
    )
    baseline_year: int | None = integer(
        "基准年", "baseline year", low=1900, high=2100, default=None
    )
    target_2025: float | None = number(
        "2025年目标", "2025 target", description="in the KPI's unit", default=None
    )
    target_2030: float | None = number(
        "2030年目标", "2030 target", description="in the KPI's unit", default=None
    )


@record(
    "milestones",
    zh="里程碑节点",
    en="milestones",
    noun="a milestone",
    parent="task",
    checks=(("funding_cny_not_negative", "funding_cny >= 0"),),
)
class Milestone:
    """A milestone of a task (里程碑节点); its funding tranche is released on acceptance."""

    code: str = code("代码", "code")
    task: str = ref("tasks", "任务代码", "task code")
    planned: date | None = day("计划日期", "planned date", default=None)
    deliverable: str | None = text("交付成果", "deliverable", default=None)
    acceptance_criteria: str | None = text("验收标准", "acceptance criteria", default=None)
    kpi: str | None = ref(
        "kpis", "指标代码", "KPI code", description="a KPI of the same task", default=None
    )
    kpi_target: float | None = number(
        "指标目标值", "KPI target", description="in the KPI's unit", default=None
    )
    funding_cny: float | None = number(
        "资金（元）",
        "funding",
        unit="CNY",
        low=0,
        description="the tranche released on acceptance",
        default=None,
    )
    accepted: date | None = day(
        "验收日期",
        "accepted on",
        description="when the milestone was accepted (验收), releasing the tranche",
        added="0003",
        default=None,
    )


@record(
    "kpi_actuals",
    zh="指标实际值",
    en="KPI actuals",
    noun="a KPI actual",
    plural="KPI actuals",
    key=("kpi", "measured"),
    added="0003",
)
class KPIActual:
    """A KPI's measured value on a date (实际值), e.g. from monitoring or an acceptance test."""

    kpi: str = ref("kpis", "指标代码", "KPI code", added="0003")
    measured: date = day("测量日期", "measured on", added="0003")
    value: float = number("实际值", "value", description="in the KPI's unit", added="0003")
    source: str | None = text(
        "来源", "source", description="where the figure comes from", added="0003", default=None
    )
    region: str = _region()


@record(
    "readiness",
    zh="技术成熟度",
    en="technology readiness",
    noun="a readiness assessment",
    key=("task", "assessed"),
    added="0003",
    checks=(("trl_range", "trl BETWEEN 1 AND 9"),),
)
class Readiness:
    """A task's technology readiness level (技术成熟度) as assessed on a date."""

    task: str = ref("tasks", "任务代码", "task code", added="0003")
    assessed: date = day("评估日期", "assessed on", added="0003")
    trl: int = integer(
        "技术成熟度等级（1-9）",
        "technology readiness level",
        low=TRL_LEVELS[0],
        high=TRL_LEVELS[1],
        description="ISO 16290 / GB/T 22900-2022 scale",
        added="0003",
    )
    source: str | None = text(
        "来源",
        "source",
        description="who assessed it, or the review it comes from",
        added="0003",
        default=None,
    )


@record(
    "task_measures",
    zh="任务保障措施",
    en="measures of tasks",
    noun="a task measure",
    key=("task", "measure"),
    added="0003",
)
class TaskMeasure:
    """A safeguard measure that applies to a task (for the evaluation's roll-up by measure)."""

    task: str = ref("tasks", "任务代码", "task code", added="0003")
    measure: str = ref("measures", "保障措施代码", "measure code", added="0003")


@record("organisations", zh="单位", en="organisations", noun="an organisation", key=("id",))
class Organisation:
    """An organisation and its role in the programme (issuer, demand side, lead unit, …)."""

    id: str = code("标识", "id")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    role: str = choice(ORGANISATION_ROLES, "角色", "role")


@record("teams", zh="团队", en="teams", noun="a team", key=("id",))
class Team:
    """A team working on a task (several teams on one task make a horse race, 赛马)."""

    id: str = code("标识", "id")
    name: str = label("名称", "name")
    task: str = ref("tasks", "任务代码", "task code")
    organisation: str | None = ref(
        "organisations", "单位标识", "organisation id", description="the lead unit", default=None
    )


@record("people", zh="人员", en="people", noun="a person", key=("id",))
class Person:
    """A person and their role (挂帅人, member, reviewer, contact)."""

    id: str = code("标识", "id")
    name: str = label("名称", "name")
    role: str = choice(PERSON_ROLES, "角色", "role")
    organisation: str | None = ref("organisations", "单位标识", "organisation id", default=None)
    team: str | None = ref("teams", "团队标识", "team id", default=None)


@record("calls", zh="揭榜挂帅榜单", en="open calls", noun="a call", added="0002")
class Call:
    """An open call (揭榜挂帅 榜单) for a task: the challenge, what bids must meet, a deadline."""

    code: str = code("代码", "code", added="0002")
    task: str = ref("tasks", "任务代码", "task code", added="0002")
    challenge: str = text(
        "榜单需求", "challenge", description="the need and technical problem", added="0002"
    )
    status: str = choice(CALL_STATUSES, "状态", "status", added="0002")
    requirements: str | None = text(
        "揭榜要求",
        "requirements",
        description="quantitative indicators, budget, period, eligibility",
        added="0002",
        default=None,
    )
    deadline: date | None = day(
        "截止日期", "deadline", description="for bids", added="0002", default=None
    )


@record("bids", zh="揭榜申请", en="bids", noun="a bid", added="0002")
class Bid:
    """A bid (揭榜申请) for a call, by a team or an organisation (at least one of them)."""

    code: str = code("代码", "code", added="0002")
    call: str = ref("calls", "榜单代码", "call code", added="0002")
    team: str | None = ref("teams", "团队标识", "team id", added="0002", default=None)
    organisation: str | None = ref(
        "organisations", "单位标识", "organisation id", added="0002", default=None
    )
    submitted: date | None = day("提交日期", "submitted on", added="0002", default=None)


@record(
    "review_scores",
    zh="评审打分",
    en="review scores",
    noun="a review score",
    key=("bid", "reviewer", "criterion"),
    added="0002",
    checks=(
        ("score_in_range", "score >= 0 AND score <= max_score"),
        ("max_score_positive", "max_score > 0"),
    ),
)
class ReviewScore:
    """One reviewer's score of one bid on one criterion (0 to ``max_score``)."""

    bid: str = ref("bids", "申请代码", "bid code", added="0002")
    reviewer: str = ref("people", "评审专家", "reviewer", description="a person id", added="0002")
    criterion: str = text(
        "评审指标",
        "criterion",
        short=True,
        added="0002",
        description="e.g. technical route, team capability, feasibility, cost",
    )
    score: float = number("得分", "score", floor=0, added="0002")
    max_score: float = number("满分", "maximum score", floor=0, added="0002")


@record(
    "awards",
    zh="揭榜立项",
    en="awards",
    noun="an award",
    key=("call", "bid"),
    added="0002",
    checks=(("funding_cny_not_negative", "funding_cny >= 0"),),
)
class Award:
    """A call awarded to one of its bids (任务书); a call can award several."""

    call: str = ref("calls", "榜单代码", "call code", added="0002")
    bid: str = ref(
        "bids", "申请代码", "bid code", description="a bid of the same call", added="0002"
    )
    awarded: date | None = day("立项日期", "awarded on", added="0002", default=None)
    funding_cny: float | None = number(
        "资金（元）", "funding", unit="CNY", low=0, added="0002", default=None
    )


@record(
    "races",
    zh="赛马",
    en="horse races",
    noun="a race",
    added="0002",
    checks=(("stages_positive", "stages >= 1"),),
)
class Race:
    """A horse race (赛马): two or more teams funded in parallel on one task, reviewed at stages."""

    code: str = code("代码", "code", added="0002")
    task: str = ref("tasks", "任务代码", "task code", added="0002")
    stages: int | None = integer(
        "阶段数",
        "stages",
        low=1,
        high=100,
        added="0002",
        description="the number of stage reviews planned",
        default=None,
    )


@record(
    "race_teams",
    zh="赛马团队",
    en="race teams",
    noun="a race team",
    key=("race", "team"),
    added="0002",
)
class RaceTeam:
    """A team taking part in a race."""

    race: str = ref("races", "赛马代码", "race code", added="0002")
    team: str = ref("teams", "团队标识", "team id", added="0002")


@record(
    "stage_reviews",
    zh="阶段评审",
    en="stage reviews",
    noun="a stage review",
    key=("race", "stage", "team"),
    added="0002",
    links=((("race", "team"), "race_teams"),),
    checks=(("stage_positive", "stage >= 1"),),
)
class StageReview:
    """A stage review's decision on one team of a race, with its reason."""

    race: str = ref("races", "赛马代码", "race code", added="0002")
    stage: int = integer("阶段", "stage", low=1, high=100, added="0002")
    team: str = ref("teams", "团队标识", "team id", description="a team in the race", added="0002")
    decided: date = day("决定日期", "decided on", added="0002")
    decision: str = choice(DECISIONS, "决定", "decision", added="0002")
    reason: str | None = text("理由", "reason", added="0002", default=None)


@record(
    "acceptances",
    zh="结题验收",
    en="final acceptances",
    noun="an acceptance",
    key=("task", "team"),
    added="0002",
)
class Acceptance:
    """The final acceptance (结题验收) of a team's work on a task, after a race when ``race``."""

    task: str = ref("tasks", "任务代码", "task code", added="0002")
    team: str = ref("teams", "团队标识", "team id", added="0002")
    accepted: date = day("验收日期", "accepted on", added="0002")
    race: str | None = ref(
        "races",
        "赛马代码",
        "race code",
        description="a race of the same task",
        added="0002",
        default=None,
    )


@record(
    "programmes",
    zh="方案",
    en="programmes",
    noun="programme",
    checks=(("stated_task_count_positive", "stated_task_count >= 1"),),
)
class Programme:
    """An innovation programme: its entities as flat tuples, in the order given.

    ``start`` and ``end`` are the programme's period when known; ``stated_task_count`` is the
    number of key tasks the programme's text says it has (which can exceed the tasks it names).
    """

    code: str = code("代码", "code")
    name_zh: str = label("中文名称", "Chinese name")
    name_en: str = label("英文名称", "English name")
    start: date | None = day("开始日期", "start", default=None)
    end: date | None = day("结束日期", "end", default=None)
    stated_task_count: int | None = integer(
        "文本所述任务数",
        "stated task count",
        low=1,
        high=10_000,
        description="the key tasks the text says it has (can exceed those it names)",
        default=None,
    )
    source: str | None = text("来源", "source", default=None)
    areas: tuple[Area, ...] = field(default=())
    tasks: tuple[Task, ...] = field(default=())
    measures: tuple[Measure, ...] = field(default=())
    kpis: tuple[KPI, ...] = field(default=())
    milestones: tuple[Milestone, ...] = field(default=())
    organisations: tuple[Organisation, ...] = field(default=())
    teams: tuple[Team, ...] = field(default=())
    people: tuple[Person, ...] = field(default=())
    calls: tuple[Call, ...] = field(default=())
    bids: tuple[Bid, ...] = field(default=())
    review_scores: tuple[ReviewScore, ...] = field(default=())
    awards: tuple[Award, ...] = field(default=())
    races: tuple[Race, ...] = field(default=())
    race_teams: tuple[RaceTeam, ...] = field(default=())
    stage_reviews: tuple[StageReview, ...] = field(default=())
    acceptances: tuple[Acceptance, ...] = field(default=())
    task_measures: tuple[TaskMeasure, ...] = field(default=())
    kpi_actuals: tuple[KPIActual, ...] = field(default=())
    readiness: tuple[Readiness, ...] = field(default=())

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


PROGRAMME = declared(Programme)
"""The programme's own fields (code, names, period, stated task count, source)."""
RECORDS: tuple[RecordType, ...] = tuple(
    declared(cls)
    for cls in (
        Area,
        Task,
        Measure,
        KPI,
        Milestone,
        Organisation,
        Team,
        Person,
        Call,
        Bid,
        ReviewScore,
        Award,
        Race,
        RaceTeam,
        StageReview,
        Acceptance,
        TaskMeasure,
        KPIActual,
        Readiness,
    )
)
"""The programme's record types, parents before children: the order of :class:`Programme`'s
tuples, of the workbook's sheets and of the database's inserts."""
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    kind.table: kind.key for kind in RECORDS if kind.key not in (("code",), ("id",))
}
"""The fields that identify an entity without a code of its own (its table's key)."""
