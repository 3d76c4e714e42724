"""The default Beijing programme and the YAML format of a programme.

``data/programme/beijing.yaml`` holds the programme of Beijing's Carbon Peak and Carbon Neutrality
S&T Innovation Action Plan as far as its published text gives it (``data/programme/README.md``);
a user file in the same format can stand in for it. The format has the top-level keys
:data:`TOP_LEVEL_KEYS`: ``programme`` (code, names, start, end, stated_task_count, source), lists of
``areas``, ``tasks`` (each with its ``kpis`` and ``milestones``), ``measures``, ``organisations``,
``teams`` and ``people``, and — for open calls (揭榜挂帅) and races (赛马) — flat lists of
``calls``, ``bids``, ``review_scores``, ``awards``, ``races``, ``race_teams``, ``stage_reviews``
and ``acceptances``, each entry linking the others by code (:data:`CALLS_AND_RACES`; absent or
null means none, and :func:`to_document` leaves them out when empty). Unknown keys are errors (a
misspelt key would otherwise be dropped).

:func:`load_programme` collects every defect — of one field (a missing name, a kind that is not
one of :data:`~peakzero.programme.domain.KINDS`, a date that does not parse) or across entities
(:func:`~peakzero.programme.domain.check_programme`) — into one
:class:`~peakzero.errors.InputError` with one problem per defect, each naming the file, the line,
the key path (e.g. ``tasks.3.kpis.0.unit``), the value and what is allowed.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.io.yaml_lines import read_yaml
from peakzero.programme.domain import (
    CALL_STATUSES,
    DECISIONS,
    INFORMATION,
    KINDS,
    KPI,
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Acceptance,
    Area,
    Award,
    Bid,
    Call,
    Measure,
    Milestone,
    Organisation,
    Person,
    Programme,
    Race,
    RaceTeam,
    ReviewScore,
    StageReview,
    Task,
    Team,
    check_programme,
)

__all__ = ["CALLS_AND_RACES", "PACKAGED_FILE", "TOP_LEVEL_KEYS", "load_programme", "to_document"]

PACKAGED_FILE = "peakzero/data/programme/beijing.yaml"
CALLS_AND_RACES = (
    "calls",
    "bids",
    "review_scores",
    "awards",
    "races",
    "race_teams",
    "stage_reviews",
    "acceptances",
)
"""The sections of calls and races, in the order they are read and written."""
TOP_LEVEL_KEYS = (
    "programme",
    "areas",
    "tasks",
    "measures",
    "organisations",
    "teams",
    "people",
    *CALLS_AND_RACES,
)

# Per section: (required keys, optional keys).
_PROGRAMME = (("code", "name_zh", "name_en"), ("start", "end", "stated_task_count", "source"))
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
    ("planned", "deliverable", "acceptance_criteria", "kpi", "kpi_target", "funding_cny"),
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

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_CODE_RULE = "letters, digits, '_', '.' or '-', starting with a letter or digit"
_YEARS = (1900, 2100)


def load_programme(path: str | os.PathLike[str] | None = None) -> Programme:
    """The default Beijing programme, or a programme read from a user's YAML file.

    Raises
    ------
    InputError
        If the user file is missing, is not valid YAML or has defects (one problem per defect).
    ReferenceDataError
        If the packaged file has defects (a packaging error).
    """
    if path is None:
        return _packaged()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else "cannot be read"
        msg = f"{reason}; give a programme YAML file (format of {PACKAGED_FILE})"
        raise InputError(Problem(str(path), msg)) from None
    return _parse(text, str(path))


@cache
def _packaged() -> Programme:
    text = (files("peakzero") / "data" / "programme" / "beijing.yaml").read_text(encoding="utf-8")
    try:
        return _parse(text, PACKAGED_FILE)
    except InputError as exc:
        raise ReferenceDataError(str(exc)) from None


def to_document(programme: Programme) -> dict[str, Any]:
    """The programme in the YAML format :func:`load_programme` reads (dates as ISO text).

    KPIs and milestones are nested under their task; the sections of calls and races are left
    out when empty. Written as YAML or JSON and read back, the document gives an equal programme.
    """
    p = programme
    head = {
        "code": p.code,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "start": _iso(p.start),
        "end": _iso(p.end),
        "stated_task_count": p.stated_task_count,
        "source": p.source,
    }
    tasks = []
    for task in p.tasks:
        entry = _plain(task)
        entry["kpis"] = [_without(_plain(k), "task") for k in p.kpis_of(task.code)]
        entry["milestones"] = [_without(_plain(m), "task") for m in p.milestones_of(task.code)]
        tasks.append(entry)
    document: dict[str, Any] = {
        "programme": head,
        "areas": [_plain(a) for a in p.areas],
        "tasks": tasks,
        "measures": [_plain(m) for m in p.measures],
        "organisations": [_plain(o) for o in p.organisations],
        "teams": [_plain(t) for t in p.teams],
        "people": [_plain(x) for x in p.people],
    }
    for section in CALLS_AND_RACES:  # written only when there are any
        entries = getattr(p, section)
        if entries:
            document[section] = [_plain(e) for e in entries]
    return document


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _plain(entity: object) -> dict[str, Any]:
    fields = getattr(entity, "__dataclass_fields__", {})
    out = {}
    for name in fields:
        value = getattr(entity, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    return out


def _without(entry: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != key}


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Reader:
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
            self.add(path, f"{path} must be a list of {what} (or null)", _short(raw))
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
        if not _is_number(value):
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
        self.add(f"{path}.{key}", f"{key} must be a date YYYY-MM-DD or null", _short(value))
        return None


def _is_number(value: object) -> bool:
    """A finite int or float, not a bool."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _short(value: object) -> object:
    """A value as shown in a message: scalars as they are, containers by their type."""
    if isinstance(value, dict | list):
        return f"a {type(value).__name__} of {len(value)} items"
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class _Built:
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
    paths: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, entity: str, item: Any, path: str) -> None:
        getattr(self, entity).append(item)
        self.paths.setdefault(entity, []).append(path)


def _parse(text: str, file: str) -> Programme:
    data, lines, problems = read_yaml(text, file)
    raise_if_any(problems)
    r = _Reader(file, lines)
    if not isinstance(data, dict):
        msg = f"a programme file is a mapping with the keys {', '.join(TOP_LEVEL_KEYS)}"
        raise InputError(Problem(file, msg, line=1, value=_short(data)))
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            r.add(str(key), f"unknown key; use {', '.join(TOP_LEVEL_KEYS)}", str(key))

    head = r.entry(data.get("programme"), "programme", _PROGRAMME, "programme") or {}
    built = _Built()
    for index, raw in enumerate(r.items(data.get("areas"), "areas", "areas")):
        _area(r, raw, f"areas.{index}", built)
    for index, raw in enumerate(r.items(data.get("tasks"), "tasks", "tasks")):
        _task(r, raw, f"tasks.{index}", built)
    for index, raw in enumerate(r.items(data.get("measures"), "measures", "measures")):
        _measure(r, raw, f"measures.{index}", built)
    for index, raw in enumerate(r.items(data.get("organisations"), "organisations", "items")):
        _organisation(r, raw, f"organisations.{index}", built)
    for index, raw in enumerate(r.items(data.get("teams"), "teams", "teams")):
        _team(r, raw, f"teams.{index}", built)
    for index, raw in enumerate(r.items(data.get("people"), "people", "people")):
        _person(r, raw, f"people.{index}", built)
    for section in CALLS_AND_RACES:
        read = _SECTION_READERS[section]
        for index, raw in enumerate(r.items(data.get(section), section, "entries")):
            read(r, raw, f"{section}.{index}", built)

    programme = Programme(
        code=r.code(head, "programme", "code") or "",
        name_zh=r.text(head, "programme", "name_zh") or "",
        name_en=r.text(head, "programme", "name_en") or "",
        start=r.date(head, "programme", "start"),
        end=r.date(head, "programme", "end"),
        stated_task_count=r.integer(head, "programme", "stated_task_count", 1, 10_000),
        source=r.text(head, "programme", "source"),
        areas=tuple(built.areas),
        tasks=tuple(built.tasks),
        measures=tuple(built.measures),
        kpis=tuple(built.kpis),
        milestones=tuple(built.milestones),
        organisations=tuple(built.organisations),
        teams=tuple(built.teams),
        people=tuple(built.people),
        **{section: tuple(getattr(built, section)) for section in CALLS_AND_RACES},
    )
    built.paths["programme"] = ["programme"]
    for defect in check_programme(programme):
        where = built.paths[defect.entity][defect.index]
        message = defect.message
        if defect.first is not None:
            first = built.paths[defect.entity][defect.first]
            line = r.line(first)
            message += f" (first given at {first}{'' if line is None else f', line {line}'})"
        r.add(f"{where}.{defect.field}", message, defect.value)
    raise_if_any(r.problems)
    return programme


def _area(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _AREA, "an area")
    if entry is None:
        return
    code = r.code(entry, path, "code")
    if code is not None:
        names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
        built.keep("areas", Area(code, *names, quote=r.text(entry, path, "quote")), path)


def _task(r: _Reader, raw: object, path: str, built: _Built) -> None:
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
        built = _Built()  # its KPIs and milestones are checked but cannot be linked
    for index, item in enumerate(kpis):
        _kpi(r, item, f"{path}.kpis.{index}", code or "", built)
    for index, item in enumerate(milestones):
        _milestone(r, item, f"{path}.milestones.{index}", code or "", built)


def _kpi(r: _Reader, raw: object, path: str, task: str, built: _Built) -> None:
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


def _milestone(r: _Reader, raw: object, path: str, task: str, built: _Built) -> None:
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
    )
    if code is not None:
        built.keep("milestones", milestone, path)


def _measure(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _MEASURE, "a measure")
    if entry is None:
        return
    code = r.code(entry, path, "code")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    if code is not None:
        built.keep("measures", Measure(code, *names, quote=r.text(entry, path, "quote")), path)


def _organisation(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _ORGANISATION, "an organisation")
    if entry is None:
        return
    ident = r.code(entry, path, "id")
    names = (r.text(entry, path, "name_zh") or "", r.text(entry, path, "name_en") or "")
    role = r.choice(entry, path, "role", ORGANISATION_ROLES)
    if ident is not None:
        built.keep("organisations", Organisation(ident, *names, role), path)


def _team(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _TEAM, "a team")
    if entry is None:
        return
    ident, task = r.code(entry, path, "id"), r.code(entry, path, "task")
    name = r.text(entry, path, "name") or ""
    organisation = r.code(entry, path, "organisation")
    if ident is not None and task is not None:
        built.keep("teams", Team(ident, name, task, organisation), path)


def _person(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _PERSON, "a person")
    if entry is None:
        return
    ident = r.code(entry, path, "id")
    name = r.text(entry, path, "name") or ""
    role = r.choice(entry, path, "role", PERSON_ROLES)
    links = (r.code(entry, path, "organisation"), r.code(entry, path, "team"))
    if ident is not None:
        built.keep("people", Person(ident, name, role, *links), path)


def _call(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _CALL, "a call")
    if entry is None:
        return
    code, task = r.code(entry, path, "code"), r.code(entry, path, "task")
    challenge = r.text(entry, path, "challenge")
    status = r.choice(entry, path, "status", CALL_STATUSES)
    requirements, deadline = r.text(entry, path, "requirements"), r.date(entry, path, "deadline")
    if code is not None and task is not None and challenge is not None:
        built.keep("calls", Call(code, task, challenge, status, requirements, deadline), path)


def _bid(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _BID, "a bid")
    if entry is None:
        return
    code, call = r.code(entry, path, "code"), r.code(entry, path, "call")
    links = (r.code(entry, path, "team"), r.code(entry, path, "organisation"))
    submitted = r.date(entry, path, "submitted")
    if code is not None and call is not None:
        built.keep("bids", Bid(code, call, *links, submitted), path)


def _review_score(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _REVIEW_SCORE, "a review score")
    if entry is None:
        return
    bid, reviewer = r.code(entry, path, "bid"), r.code(entry, path, "reviewer")
    criterion = r.text(entry, path, "criterion")
    score, most = r.number(entry, path, "score"), r.number(entry, path, "max_score")
    if bid is None or reviewer is None or criterion is None or score is None or most is None:
        return
    built.keep("review_scores", ReviewScore(bid, reviewer, criterion, score, most), path)


def _award(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _AWARD, "an award")
    if entry is None:
        return
    call, bid = r.code(entry, path, "call"), r.code(entry, path, "bid")
    awarded = r.date(entry, path, "awarded")
    funding = r.number(entry, path, "funding_cny", minimum=0)
    if call is not None and bid is not None:
        built.keep("awards", Award(call, bid, awarded, funding), path)


def _race(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _RACE, "a race")
    if entry is None:
        return
    code, task = r.code(entry, path, "code"), r.code(entry, path, "task")
    stages = r.integer(entry, path, "stages", 1, 100)
    if code is not None and task is not None:
        built.keep("races", Race(code, task, stages), path)


def _race_team(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _RACE_TEAM, "a race team")
    if entry is None:
        return
    race, team = r.code(entry, path, "race"), r.code(entry, path, "team")
    if race is not None and team is not None:
        built.keep("race_teams", RaceTeam(race, team), path)


def _stage_review(r: _Reader, raw: object, path: str, built: _Built) -> None:
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


def _acceptance(r: _Reader, raw: object, path: str, built: _Built) -> None:
    entry = r.entry(raw, path, _ACCEPTANCE, "an acceptance")
    if entry is None:
        return
    task, team = r.code(entry, path, "task"), r.code(entry, path, "team")
    accepted, race = r.date(entry, path, "accepted"), r.code(entry, path, "race")
    if task is not None and team is not None and accepted is not None:
        built.keep("acceptances", Acceptance(task, team, accepted, race), path)


_SECTION_READERS = {
    "calls": _call,
    "bids": _bid,
    "review_scores": _review_score,
    "awards": _award,
    "races": _race,
    "race_teams": _race_team,
    "stage_reviews": _stage_review,
    "acceptances": _acceptance,
}
