"""The default Beijing programme and the YAML format of a programme.

``data/programme/beijing.yaml`` holds the programme of Beijing's Carbon Peak and Carbon Neutrality
S&T Innovation Action Plan as far as its published text gives it (``data/programme/README.md``);
a user file in the same format can stand in for it. The format has the top-level keys
:data:`TOP_LEVEL_KEYS`: ``programme`` (code, names, start, end, stated_task_count, source), lists of
``areas``, ``tasks`` (each with its ``kpis`` and ``milestones``), ``measures``, ``organisations``,
``teams`` and ``people``, and — for open calls (揭榜挂帅) and races (赛马) — flat lists of
``calls``, ``bids``, ``review_scores``, ``awards``, ``races``, ``race_teams``, ``stage_reviews``
and ``acceptances``, each entry linking the others by code, and — for
progress — ``task_measures`` (the measures that apply to a task), ``kpi_actuals`` (dated measured
values) and ``readiness`` (dated technology readiness levels; :data:`SECTIONS`). Absent or null
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
from pathlib import Path
from typing import Any

from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.io.packaged import data_name, data_text
from peakzero.io.yaml_lines import read_yaml
from peakzero.programme.domain import PROGRAMME, Programme
from peakzero.programme.records import (
    TOP_LEVEL,
    Collected,
    place_defects,
    read_head,
    read_record,
)
from peakzero.records.reading import FieldReader, short

__all__ = [
    "PACKAGED_FILE",
    "SECTIONS",
    "TOP_LEVEL_KEYS",
    "load_programme",
    "to_document",
]

PACKAGED_FILE = data_name("programme", "beijing.yaml")
SECTIONS = tuple(kind.table for kind in TOP_LEVEL if kind.added != "0001")
"""The flat sections added after the first schema, in the order read and written: written only
when they hold entries, so that a file without them reads in every version."""
TOP_LEVEL_KEYS = ("programme", *(kind.table for kind in TOP_LEVEL))


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


@cache  # the packaged programme only: a user's file is read again on every load
def _packaged() -> Programme:
    text = data_text("programme", "beijing.yaml")
    try:
        return _parse(text, PACKAGED_FILE)
    except InputError as exc:
        raise ReferenceDataError(str(exc)) from None


def to_document(programme: Programme) -> dict[str, Any]:
    """The programme in the YAML format :func:`load_programme` reads (dates as ISO text).

    KPIs and milestones are nested under their task; the sections of :data:`SECTIONS` are left
    out when empty. Written as YAML or JSON and read back, the document gives an equal programme.
    """
    p = programme
    document: dict[str, Any] = {
        "programme": {name: _iso(getattr(p, name)) for name in PROGRAMME.names}
    }
    for kind in TOP_LEVEL:
        entries = getattr(p, kind.table)
        if kind.table in SECTIONS and not entries:
            continue
        document[kind.table] = [_entry(p, kind.children, e) for e in entries]
    return document


def _entry(p: Programme, children: tuple[str, ...], entity: object) -> dict[str, Any]:
    entry = _plain(entity)
    for table in children:  # the children of a task: its KPIs and milestones, without "task"
        nested = (c for c in getattr(p, table) if c.task == entry["code"])
        entry[table] = [_without(_plain(c), "task") for c in nested]
    return entry


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _plain(entity: object) -> dict[str, Any]:
    fields = getattr(entity, "__dataclass_fields__", {})
    return {name: _iso(getattr(entity, name)) for name in fields}


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

    head = read_head(r, data.get("programme"))
    built = Collected()
    for kind in TOP_LEVEL:
        for index, raw in enumerate(r.items(data.get(kind.table), kind.table, kind.plural)):
            read_record(r, kind, raw, f"{kind.table}.{index}", built)
    programme = built.programme(head)

    def first_given(path: str) -> str:
        line = r.line(path)
        return f"at {path}{'' if line is None else f', line {line}'}"

    place_defects(r, programme, built, first_given)
    raise_if_any(r.problems)
    return programme
