"""Reading a programme's records — from a YAML file or a workbook — by their declarations.

The YAML loader (:mod:`peakzero.programme.default`) and the Excel importer
(:mod:`peakzero.programme.excel`) both read each entry with :func:`read_record`, which follows the
record type declared in :mod:`peakzero.programme.domain`, so that a programme file and a workbook
follow the same rules; :func:`place_defects` adds the defects that span entities
(:func:`~peakzero.programme.checks.check_programme`) at the key path each entry came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from peakzero.programme.checks import check_programme
from peakzero.programme.domain import PROGRAMME, RECORDS, Programme
from peakzero.records.declare import RecordType
from peakzero.records.reading import FieldReader, build, complete, read_values

__all__ = ["BY_TABLE", "TOP_LEVEL", "Collected", "place_defects", "read_head", "read_record"]

BY_TABLE: dict[str, RecordType] = {kind.table: kind for kind in RECORDS}
"""The programme's record types by table name."""
TOP_LEVEL: tuple[RecordType, ...] = tuple(kind for kind in RECORDS if kind.parent is None)
"""The record types at the top of a programme file; the others are nested under their parent."""


def _lists() -> dict[str, list[Any]]:
    return {kind.table: [] for kind in RECORDS}


@dataclass
class Collected:
    """The records read so far by table, with the key path each came from."""

    records: dict[str, list[Any]] = field(default_factory=_lists)
    paths: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, table: str, item: Any, path: str) -> None:
        self.records[table].append(item)
        self.paths.setdefault(table, []).append(path)

    def programme(self, head: Mapping[str, Any]) -> Programme:
        """The programme of ``head`` (its own fields; a missing required one as ``""``, already
        reported, so that the checks can run) and the records kept."""
        tables: dict[str, Any] = {table: tuple(items) for table, items in self.records.items()}
        return replace(build(PROGRAMME, head), **tables)


def read_head(r: FieldReader, raw: object, path: str = "programme") -> dict[str, Any]:
    """The programme's own fields (None where absent or wrong), defects reported."""
    return read_values(r, PROGRAMME, raw, path) or {}


def read_record(
    r: FieldReader,
    kind: RecordType,
    raw: object,
    path: str,
    built: Collected,
    fixed: Mapping[str, Any] | None = None,
) -> None:
    """Read one entry of ``kind`` (and the entries nested in it) into ``built``.

    An entry whose required fields are not all there is checked but not kept; so are the
    entries nested in it, which could not be linked to it.
    """
    values = read_values(r, kind, raw, path, fixed)
    if values is None:
        return
    kept = complete(kind, values)
    if kept:
        built.keep(kind.table, build(kind, values), path)
    assert isinstance(raw, dict)  # read_values gives None for anything else
    for table in kind.children:
        child = BY_TABLE[table]
        into = built if kept else Collected()
        assert child.parent is not None
        link = {child.parent: values[kind.key[0]] or ""}
        items = r.items(raw.get(table), f"{path}.{table}", child.plural)
        for index, item in enumerate(items):
            read_record(r, child, item, f"{path}.{table}.{index}", into, link)


def place_defects(
    r: FieldReader,
    programme: Programme,
    built: Collected,
    first_given: Callable[[str], str],
) -> None:
    """Report each defect of :func:`check_programme` at the key path its entry came from;
    ``first_given`` says where the first of a duplicate stands (a path and line, or a row)."""
    paths = {**built.paths, "programme": ["programme"]}
    for defect in check_programme(programme):
        where = paths[defect.entity][defect.index]
        message = defect.message
        if defect.first is not None:
            message += f" (first given {first_given(paths[defect.entity][defect.first])})"
        r.add(f"{where}.{defect.field}", message, defect.value)
