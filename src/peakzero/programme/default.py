"""The default Beijing programme and the YAML format of a programme.

``data/programme/beijing.yaml`` holds the programme of Beijing's Carbon Peak and Carbon Neutrality
S&T Innovation Action Plan as far as its published text gives it (``data/programme/README.md``);
a user file in the same format can stand in for it. The format has the top-level keys
:data:`TOP_LEVEL_KEYS`: ``programme`` (code, names, start, end, stated_task_count, source), lists of
``areas``, ``tasks`` (each with its ``kpis`` and ``milestones``), ``measures``, ``organisations``,
``teams`` and ``people``, and — for open calls (揭榜挂帅) and races (赛马) — flat lists of
``calls``, ``bids``, ``review_scores``, ``awards``, ``races``, ``race_teams``, ``stage_reviews``
and ``acceptances``, each entry linking the others by code (:data:`CALLS_AND_RACES`), and — for
progress — ``task_measures`` (the measures that apply to a task), ``kpi_actuals`` (dated measured
values) and ``readiness`` (dated technology readiness levels, :data:`PROGRESS`). Absent or null
means none, and :func:`to_document` leaves these flat sections out when empty. Unknown keys are
errors (a misspelt key would otherwise be dropped).

:func:`load_programme` collects every defect — of one field (a missing name, a kind that is not
one of :data:`~peakzero.programme.domain.KINDS`, a date that does not parse) or across entities
(:func:`~peakzero.programme.checks.check_programme`) — into one
:class:`~peakzero.errors.InputError` with one problem per defect, each naming the file, the line,
the key path (e.g. ``tasks.3.kpis.0.unit``), the value and what is allowed.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.io.yaml_lines import read_yaml
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import (
    Programme,
)
from peakzero.programme.records import (
    PROGRAMME_FIELDS,
    SECTION_READERS,
    Collected,
    FieldReader,
    read_area,
    read_measure,
    read_organisation,
    read_person,
    read_task,
    read_team,
    short,
)

__all__ = [
    "CALLS_AND_RACES",
    "PACKAGED_FILE",
    "PROGRESS",
    "SECTIONS",
    "TOP_LEVEL_KEYS",
    "load_programme",
    "to_document",
]

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
PROGRESS = ("task_measures", "kpi_actuals", "readiness")
"""The sections that record progress and links: the measures that apply to each task, dated KPI
actuals and technology readiness assessments."""
SECTIONS = (*CALLS_AND_RACES, *PROGRESS)
"""Every flat section after the nested ones, in the order read and written."""
TOP_LEVEL_KEYS = (
    "programme",
    "areas",
    "tasks",
    "measures",
    "organisations",
    "teams",
    "people",
    *SECTIONS,
)


# Per section: (required keys, optional keys).
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
    for section in SECTIONS:  # written only when there are any
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


def _parse(text: str, file: str) -> Programme:
    data, lines, problems = read_yaml(text, file)
    raise_if_any(problems)
    r = FieldReader(file, lines)
    if not isinstance(data, dict):
        msg = f"a programme file is a mapping with the keys {', '.join(TOP_LEVEL_KEYS)}"
        raise InputError(Problem(file, msg, line=1, value=short(data)))
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            r.add(str(key), f"unknown key; use {', '.join(TOP_LEVEL_KEYS)}", str(key))

    head = r.entry(data.get("programme"), "programme", PROGRAMME_FIELDS, "programme") or {}
    built = Collected()
    for index, raw in enumerate(r.items(data.get("areas"), "areas", "areas")):
        read_area(r, raw, f"areas.{index}", built)
    for index, raw in enumerate(r.items(data.get("tasks"), "tasks", "tasks")):
        read_task(r, raw, f"tasks.{index}", built)
    for index, raw in enumerate(r.items(data.get("measures"), "measures", "measures")):
        read_measure(r, raw, f"measures.{index}", built)
    for index, raw in enumerate(r.items(data.get("organisations"), "organisations", "items")):
        read_organisation(r, raw, f"organisations.{index}", built)
    for index, raw in enumerate(r.items(data.get("teams"), "teams", "teams")):
        read_team(r, raw, f"teams.{index}", built)
    for index, raw in enumerate(r.items(data.get("people"), "people", "people")):
        read_person(r, raw, f"people.{index}", built)
    for section in SECTIONS:
        read = SECTION_READERS[section]
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
        **{section: tuple(getattr(built, section)) for section in SECTIONS},
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
