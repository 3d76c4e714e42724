"""Reading programme records field by field, with one problem per defect at its key path.

The YAML loader (:mod:`peakzero.programme.default`) and the Excel importer
(:mod:`peakzero.programme.excel`) both read entries with :class:`FieldReader` and the
``read_<entity>`` functions here, so that a programme file and a workbook follow the same rules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peakzero.errors import Problem
from peakzero.programme.domain import (
    CALL_STATUSES,
    DECISIONS,
    INFORMATION,
    KINDS,
    KPI,
    ORGANISATION_ROLES,
    PERSON_ROLES,
    TRL_LEVELS,
    Acceptance,
    Area,
    Award,
    Bid,
    Call,
    KPIActual,
    Measure,
    Milestone,
    Organisation,
    Person,
    Race,
    RaceTeam,
    Readiness,
    ReviewScore,
    StageReview,
    Task,
    TaskMeasure,
    Team,
)

__all__ = [
    "PROGRAMME_FIELDS",
    "SECTION_READERS",
    "Collected",
    "FieldReader",
    "is_number",
    "read_area",
    "read_kpi",
    "read_measure",
    "read_milestone",
    "read_organisation",
    "read_person",
    "read_task",
    "read_team",
    "short",
]


PROGRAMME_FIELDS = (("code", "name_zh", "name_en"), ("start", "end", "stated_task_count", "source"))
_AREA = (("code", "name_zh", "name_en"), ("quote",))
_TASK = (
    ("code", "area", "name_zh", "name_en", "kind", "information"),
    ("quote", "kpis", "milestones"),
)
_KPI = (
    ("code", "name_zh", "name_en", "unit"),
    ("lever", "baseline", "baseline_year", "target_2025", "target_2030"),
)
_MILESTONE = (
    ("code",),
    (
        "planned",
        "deliverable",
        "acceptance_criteria",
        "kpi",
        "kpi_target",
        "funding_cny",
        "accepted",
    ),
)
_MEASURE = (("code", "name_zh", "name_en"), ("quote",))
_ORGANISATION = (("id", "name_zh", "name_en", "role"), ())
_TEAM = (("id", "name", "task"), ("organisation",))
_PERSON = (("id", "name", "role"), ("organisation", "team"))
_CALL = (("code", "task", "challenge", "status"), ("requirements", "deadline"))
_BID = (("code", "call"), ("team", "organisation", "submitted"))
_REVIEW_SCORE = (("bid", "reviewer", "criterion", "score", "max_score"), ())
_AWARD = (("call", "bid"), ("awarded", "funding_cny"))
_RACE = (("code", "task"), ("stages",))
_RACE_TEAM = (("race", "team"), ())
_STAGE_REVIEW = (("race", "stage", "team", "decided", "decision"), ("reason",))
_ACCEPTANCE = (("task", "team", "accepted"), ("race",))
_TASK_MEASURE = (("task", "measure"), ())
_KPI_ACTUAL = (("kpi", "measured", "value"), ("source",))
_READINESS = (("task", "assessed", "trl"), ("source",))

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_CODE_RULE = "letters, digits, '_', '.' or '-', starting with a letter or digit"
_YEARS = (1900, 2100)


@dataclass
class FieldReader:
    """Collects problems of one file, each placed at its key path and line."""

    file: str
    lines: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str, value: object = None) -> None:
        self.problems.append(Problem(self.file, message, self.line(path), path or None, value))

    def line(self, path: str) -> int | None:
        parts = path.split(".") if path else []
        while parts:
            found = self.lines.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return None

    def entry(
        self, raw: object, path: str, keys: tuple[tuple[str, ...], tuple[str, ...]], what: str
    ) -> dict[str, Any] | None:
        """``raw`` if it is a mapping; unknown and missing keys are problems."""
        required, optional = keys
        if not isinstance(raw, dict):
            self.add(path, f"{what} must be a mapping with the keys {', '.join(required)}", raw)
            return None
        allowed = (*required, *optional)
        for key in raw:
            if key not in allowed:
                self.add(f"{path}.{key}", f"unknown key; use {', '.join(allowed)}", str(key))
        for key in required:
            if raw.get(key) is None or (isinstance(raw[key], str) and not raw[key].strip()):
                self.add(f"{path}.{key}" if key in raw else path, f"{what} lacks {key}")
        return raw

    def items(self, raw: object, path: str, what: str) -> list[object]:
        """A list (null or absent: empty)."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.add(path, f"{path} must be a list of {what} (or null)", short(raw))
            return []
        return raw

    def text(self, entry: dict[str, Any], path: str, key: str) -> str | None:
        """Non-empty text; None if absent (a required key's absence is reported by entry)."""
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.add(f"{path}.{key}", f"{key} must be text (quote it in YAML)", value)
            return None
        return value.strip()

    def code(self, entry: dict[str, Any], path: str, key: str) -> str | None:
        """A code; one of the wrong form is reported but kept, so that links to it resolve."""
        value = self.text(entry, path, key)
        if value is not None and not _CODE.fullmatch(value):
            self.add(f"{path}.{key}", f"{key} must be a code of {_CODE_RULE}", value)
        return value

    def choice(self, entry: dict[str, Any], path: str, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(entry, path, key)
        if value is not None and value not in allowed:
            self.add(f"{path}.{key}", f"{key} must be one of {', '.join(allowed)}", value)
        return value or ""

    def number(
        self, entry: dict[str, Any], path: str, key: str, *, minimum: float | None = None
    ) -> float | None:
        value = entry.get(key)
        if value is None:
            return None
        if not is_number(value):
            self.add(f"{path}.{key}", f"{key} must be a number or null", value)
            return None
        if minimum is not None and value < minimum:
            self.add(f"{path}.{key}", f"{key} must be at least {minimum:g} or null", value)
            return None
        return float(value)

    def integer(
        self, entry: dict[str, Any], path: str, key: str, low: int, high: int
    ) -> int | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(f"{path}.{key}", f"{key} must be a whole number {low}-{high} or null", value)
            return None
        return value

    def date(self, entry: dict[str, Any], path: str, key: str) -> date | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(f"{path}.{key}", f"{key} must be a date YYYY-MM-DD or null", short(value))
        return None


def is_number(value: object) -> bool:
    """A finite int or float, not a bool."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def short(value: object) -> object:
    """A value as shown in a message: scalars as they are, containers by their type."""
    if isinstance(value, dict | list):
        return f"a {type(value).__name__} of {len(value)} items"
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class Collected:
    """The entities read so far, with the key path each came from."""

    areas: list[Area] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    bids: list[Bid] = field(default_factory=list)
    review_scores: list[ReviewScore] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    races: list[Race] = field(default_factory=list)
    race_teams: list[RaceTeam] = field(default_factory=list)
    stage_reviews: list[StageReview] = field(default_factory=list)
    acceptances: list[Acceptance] = field(default_factory=list)
    task_measures: list[TaskMeasure] = field(default_factory=list)
    kpi_actuals: list[KPIActual] = field(default_factory=list)
    readiness: list[Readiness] = field(default_factory=list)
    paths: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, entity: str, item: Any, path: str) -> None:
        getattr(self, entity).append(item)
        self.paths.setdefault(entity, []).append(path)


def read_area(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _AREA, "an area")
    if entry is None:
        return
    code = r.code(entry, path, "code")
    if code is not None:
        names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
        built.keep("areas", Area(code, *names, quote=r.text(entry, path, "quote")), path)


def read_task(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _TASK, "a task")
    if entry is None:
        return
    code, area = r.code(entry, path, "code"), r.code(entry, path, "area")
    kind = r.choice(entry, path, "kind", KINDS)
    information = r.choice(entry, path, "information", INFORMATION)
    quote = r.text(entry, path, "quote")
    if information == "verified" and quote is None:
        msg = "a verified task needs its quote: the words of the published text that name it"
        r.add(f"{path}.quote", f"{msg}; else mark it information: unverified")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    kpis = r.items(entry.get("kpis"), f"{path}.kpis", "KPIs")
    milestones = r.items(entry.get("milestones"), f"{path}.milestones", "milestones")
    if code is not None and area is not None:
        built.keep("tasks", Task(code, area, *names, kind, information, quote), path)
    else:
        built = Collected()  # its KPIs and milestones are checked but cannot be linked
    for index, item in enumerate(kpis):
        read_kpi(r, item, f"{path}.kpis.{index}", code or "", built)
    for index, item in enumerate(milestones):
        read_milestone(r, item, f"{path}.milestones.{index}", code or "", built)


def read_kpi(r: FieldReader, raw: object, path: str, task: str, built: Collected) -> None:
    entry = r.entry(raw, path, _KPI, "a KPI")
    if entry is None:
        return
    code, unit = r.code(entry, path, "code"), r.text(entry, path, "unit")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    kpi = KPI(
        code=code or "",
        task=task,
        name_zh=names[0],
        name_en=names[1],
        unit=unit or "",
        lever=r.code(entry, path, "lever"),
        baseline=r.number(entry, path, "baseline"),
        baseline_year=r.integer(entry, path, "baseline_year", *_YEARS),
        target_2025=r.number(entry, path, "target_2025"),
        target_2030=r.number(entry, path, "target_2030"),
    )
    if code is not None and unit is not None:
        built.keep("kpis", kpi, path)


def read_milestone(r: FieldReader, raw: object, path: str, task: str, built: Collected) -> None:
    entry = r.entry(raw, path, _MILESTONE, "a milestone")
    if entry is None:
        return
    code = r.code(entry, path, "code")
    milestone = Milestone(
        code=code or "",
        task=task,
        planned=r.date(entry, path, "planned"),
        deliverable=r.text(entry, path, "deliverable"),
        acceptance_criteria=r.text(entry, path, "acceptance_criteria"),
        kpi=r.code(entry, path, "kpi"),
        kpi_target=r.number(entry, path, "kpi_target"),
        funding_cny=r.number(entry, path, "funding_cny", minimum=0),
        accepted=r.date(entry, path, "accepted"),
    )
    if code is not None:
        built.keep("milestones", milestone, path)


def read_measure(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _MEASURE, "a measure")
    if entry is None:
        return
    code = r.code(entry, path, "code")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    if code is not None:
        built.keep("measures", Measure(code, *names, quote=r.text(entry, path, "quote")), path)


def read_organisation(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _ORGANISATION, "an organisation")
    if entry is None:
        return
    ident = r.code(entry, path, "id")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    role = r.choice(entry, path, "role", ORGANISATION_ROLES)
    if ident is not None:
        built.keep("organisations", Organisation(ident, *names, role), path)


def read_team(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _TEAM, "a team")
    if entry is None:
        return
    ident, task = r.code(entry, path, "id"), r.code(entry, path, "task")
    name = r.text(entry, path, "name") or ""
    organisation = r.code(entry, path, "organisation")
    if ident is not None and task is not None:
        built.keep("teams", Team(ident, name, task, organisation), path)


def read_person(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _PERSON, "a person")
    if entry is None:
        return
    ident = r.code(entry, path, "id")
    name = r.text(entry, path, "name") or ""
    role = r.choice(entry, path, "role", PERSON_ROLES)
    links = (r.code(entry, path, "organisation"), r.code(entry, path, "team"))
    if ident is not None:
        built.keep("people", Person(ident, name, role, *links), path)


def read_call(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _CALL, "a call")
    if entry is None:
        return
    code, task = r.code(entry, path, "code"), r.code(entry, path, "task")
    challenge = r.text(entry, path, "challenge")
    status = r.choice(entry, path, "status", CALL_STATUSES)
    requirements, deadline = r.text(entry, path, "requirements"), r.date(entry, path, "deadline")
    if code is not None and task is not None and challenge is not None:
        built.keep("calls", Call(code, task, challenge, status, requirements, deadline), path)


def read_bid(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _BID, "a bid")
    if entry is None:
        return
    code, call = r.code(entry, path, "code"), r.code(entry, path, "call")
    links = (r.code(entry, path, "team"), r.code(entry, path, "organisation"))
    submitted = r.date(entry, path, "submitted")
    if code is not None and call is not None:
        built.keep("bids", Bid(code, call, *links, submitted), path)


def read_review_score(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _REVIEW_SCORE, "a review score")
    if entry is None:
        return
    bid, reviewer = r.code(entry, path, "bid"), r.code(entry, path, "reviewer")
    criterion = r.text(entry, path, "criterion")
    score, most = r.number(entry, path, "score"), r.number(entry, path, "max_score")
    if bid is None or reviewer is None or criterion is None or score is None or most is None:
        return
    built.keep("review_scores", ReviewScore(bid, reviewer, criterion, score, most), path)


def read_award(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _AWARD, "an award")
    if entry is None:
        return
    call, bid = r.code(entry, path, "call"), r.code(entry, path, "bid")
    awarded = r.date(entry, path, "awarded")
    funding = r.number(entry, path, "funding_cny", minimum=0)
    if call is not None and bid is not None:
        built.keep("awards", Award(call, bid, awarded, funding), path)


def read_race(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _RACE, "a race")
    if entry is None:
        return
    code, task = r.code(entry, path, "code"), r.code(entry, path, "task")
    stages = r.integer(entry, path, "stages", 1, 100)
    if code is not None and task is not None:
        built.keep("races", Race(code, task, stages), path)


def read_race_team(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _RACE_TEAM, "a race team")
    if entry is None:
        return
    race, team = r.code(entry, path, "race"), r.code(entry, path, "team")
    if race is not None and team is not None:
        built.keep("race_teams", RaceTeam(race, team), path)


def read_stage_review(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _STAGE_REVIEW, "a stage review")
    if entry is None:
        return
    race, team = r.code(entry, path, "race"), r.code(entry, path, "team")
    stage = r.integer(entry, path, "stage", 1, 100)
    decided = r.date(entry, path, "decided")
    decision = r.choice(entry, path, "decision", DECISIONS)
    reason = r.text(entry, path, "reason")
    if race is not None and team is not None and stage is not None and decided is not None:
        review = StageReview(race, stage, team, decided, decision, reason)
        built.keep("stage_reviews", review, path)


def read_acceptance(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _ACCEPTANCE, "an acceptance")
    if entry is None:
        return
    task, team = r.code(entry, path, "task"), r.code(entry, path, "team")
    accepted, race = r.date(entry, path, "accepted"), r.code(entry, path, "race")
    if task is not None and team is not None and accepted is not None:
        built.keep("acceptances", Acceptance(task, team, accepted, race), path)


def read_task_measure(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _TASK_MEASURE, "a task measure")
    if entry is None:
        return
    task, measure = r.code(entry, path, "task"), r.code(entry, path, "measure")
    if task is not None and measure is not None:
        built.keep("task_measures", TaskMeasure(task, measure), path)


def read_kpi_actual(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _KPI_ACTUAL, "a KPI actual")
    if entry is None:
        return
    kpi, measured = r.code(entry, path, "kpi"), r.date(entry, path, "measured")
    value, source = r.number(entry, path, "value"), r.text(entry, path, "source")
    if kpi is not None and measured is not None and value is not None:
        built.keep("kpi_actuals", KPIActual(kpi, measured, value, source), path)


def read_readiness(r: FieldReader, raw: object, path: str, built: Collected) -> None:
    entry = r.entry(raw, path, _READINESS, "a readiness assessment")
    if entry is None:
        return
    task, assessed = r.code(entry, path, "task"), r.date(entry, path, "assessed")
    trl, source = r.integer(entry, path, "trl", *TRL_LEVELS), r.text(entry, path, "source")
    if task is not None and assessed is not None and trl is not None:
        built.keep("readiness", Readiness(task, assessed, trl, source), path)


SECTION_READERS = {
    "calls": read_call,
    "bids": read_bid,
    "review_scores": read_review_score,
    "awards": read_award,
    "races": read_race,
    "race_teams": read_race_team,
    "stage_reviews": read_stage_review,
    "acceptances": read_acceptance,
    "task_measures": read_task_measure,
    "kpi_actuals": read_kpi_actual,
    "readiness": read_readiness,
}
