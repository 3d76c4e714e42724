"""Record types declared once: each field with its kind, labels, unit, allowed values and version.

A record type is a frozen dataclass decorated with :func:`record`, whose fields are made by the
field specifiers of this module (:func:`code`, :func:`external`, :func:`ref`, :func:`text`,
:func:`label`, :func:`choice`, :func:`number`, :func:`integer`, :func:`day`). Each specifier
stores a :class:`FieldSpec` in the field's metadata; :func:`record` gathers them into a
:class:`RecordType`. Everything else is derived from that one declaration — the YAML and Excel
readers with their located messages (:mod:`peakzero.records.reading`), the Excel template
(:mod:`peakzero.records.workbook`), the database tables (:mod:`peakzero.store.declared`), the
pydantic models of the API (:mod:`peakzero.records.schema`) and the reference page in ``docs/``
(:mod:`peakzero.records.reference`) — as PyPSA derives its components' defaults, validation and
documentation from its attribute tables.

A field without a ``default`` is required; ``default=None`` makes it optional (``None`` means
not known). :func:`record` is a :func:`typing.dataclass_transform`, so type checkers see the
constructor each declaration implies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast, dataclass_transform, get_type_hints

__all__ = [
    "SPEC",
    "FieldKind",
    "FieldSpec",
    "RecordField",
    "RecordType",
    "Rule",
    "choice",
    "code",
    "day",
    "declared",
    "external",
    "integer",
    "label",
    "number",
    "record",
    "ref",
    "text",
]

SPEC = "peakzero.field"
"""The key of a field's :class:`FieldSpec` in its dataclass metadata."""

FieldKind = Literal["code", "ref", "text", "label", "choice", "number", "integer", "date"]
"""What a field holds: the record's own ``code`` (or id); a ``ref`` to another record's code;
free ``text``; a ``label`` (a name: text that may be empty without losing the record); one
``choice`` of allowed values; a ``number`` (float); an ``integer``; a ``date``."""


@dataclass(frozen=True)
class FieldSpec:
    """What one field of a record type is, for readers, templates, tables and documentation.

    ``low`` and ``high`` bound numbers and integers as read (inclusive); ``floor`` is a lower
    bound that checks across fields enforce instead (a score lies from 0 to its maximum), shown
    in templates but not checked by the field reader; ``target`` is the table
    of the record type a ``ref`` names; ``short`` marks text kept short (a unit, a criterion:
    a string column rather than a text column); ``added`` is the database revision (migration)
    that introduced the field.
    """

    kind: FieldKind
    zh: str
    en: str
    description: str = ""
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    floor: float | None = None
    target: str | None = None
    short: bool = False
    added: str = "0001"


@dataclass(frozen=True)
class RecordField:
    """A declared field as a record type holds it: name, spec, whether required, Python type,
    and the value an optional field takes when not given (``None`` unless declared otherwise:
    a region is the city unless a district is named)."""

    name: str
    spec: FieldSpec
    required: bool
    annotation: Any
    default: Any = None


Rule = Callable[[Mapping[str, Any], Callable[[str, str], None]], None]
"""A rule over one entry's values that no single field can state (e.g. a verified task needs its
quote); it reports through ``add(field, message)``."""

T = TypeVar("T")


@dataclass(frozen=True)
class RecordType:
    """A record type: its dataclass and declared fields, and how it is stored and shown.

    ``table`` names it everywhere (YAML section, Excel sheet, database table, API path);
    ``noun`` is one record in a message ("a KPI actual lacks value"); ``plural`` names many
    ("tasks must be a list of tasks"). ``key`` identifies a record (its code or id, or the
    fields that identify a record without a code of its own). ``parent`` is the field that names
    the record this one is nested under in a YAML file (a KPI under its task), ``children`` the
    tables nested in this one. ``links`` are foreign keys over several fields (a stage review's
    race and team name one race team); ``checks`` the database constraints beyond allowed values
    (name, SQL); ``rules`` the entry rules of :data:`Rule`; ``added`` the revision that
    introduced the table.
    """

    table: str
    cls: type[Any]
    zh: str
    en: str
    noun: str
    plural: str
    key: tuple[str, ...]
    fields: tuple[RecordField, ...]
    added: str = "0001"
    parent: str | None = None
    children: tuple[str, ...] = ()
    links: tuple[tuple[tuple[str, ...], str], ...] = ()
    checks: tuple[tuple[str, str], ...] = ()
    rules: tuple[Rule, ...] = ()

    @property
    def description(self) -> str:
        """The first paragraph of the dataclass's docstring."""
        doc = (self.cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def field(self, name: str) -> RecordField:
        """The declared field ``name``.

        Raises
        ------
        KeyError
            If the record type has no such field.
        """
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """The declared fields' names, in declaration order."""
        return tuple(item.name for item in self.fields)


def declared(cls: type[Any]) -> RecordType:
    """The record type declared by :func:`record` on ``cls``.

    Raises
    ------
    TypeError
        If ``cls`` is not a declared record type.
    """
    found = cls.__dict__.get("__record__")
    if not isinstance(found, RecordType):
        msg = f"{cls.__name__} is not a record type declared with peakzero.records.record"
        raise TypeError(msg)
    return found


def _spec_field(spec: FieldSpec, default: Any) -> Any:
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata={SPEC: spec})
    return dataclasses.field(default=default, metadata={SPEC: spec})


_NO = dataclasses.MISSING


def code(zh: str, en: str, *, description: str = "", added: str = "0001") -> Any:
    """The record's own code or id (letters, digits, ``_``, ``.``, ``-``); always required."""
    return _spec_field(FieldSpec("code", zh, en, description, added=added), _NO)


def external(
    zh: str, en: str, *, description: str = "", added: str = "0001", default: Any = _NO
) -> Any:
    """A code of something outside the record types (a pathway lever of the catalogue), in the
    form of a code; which codes exist is the catalogue's to check, not the records'."""
    return _spec_field(FieldSpec("code", zh, en, description, added=added), default)


def ref(
    target: str,
    zh: str,
    en: str,
    *,
    description: str = "",
    added: str = "0001",
    default: Any = _NO,
) -> Any:
    """The code (or id) of a record of the table ``target``."""
    spec = FieldSpec("ref", zh, en, description, target=target, added=added)
    return _spec_field(spec, default)


def text(
    zh: str,
    en: str,
    *,
    description: str = "",
    short: bool = False,
    added: str = "0001",
    default: Any = _NO,
) -> Any:
    """Free text; without it a required field's record is incomplete."""
    spec = FieldSpec("text", zh, en, description, short=short, added=added)
    return _spec_field(spec, default)


def label(zh: str, en: str, *, description: str = "", added: str = "0001") -> Any:
    """A name: required, but a record whose name is missing is still read (and reported)."""
    return _spec_field(FieldSpec("label", zh, en, description, added=added), _NO)


def choice(
    allowed: tuple[str, ...],
    zh: str,
    en: str,
    *,
    description: str = "",
    added: str = "0001",
    default: Any = _NO,
) -> Any:
    """One of ``allowed``: required unless a ``default`` is given (one of ``allowed``, taken
    when the value is absent); a record with a wrong one is still read (and reported)."""
    if default is not _NO and default not in allowed:
        msg = f"the default {default!r} is not one of the allowed values"
        raise ValueError(msg)
    spec = FieldSpec("choice", zh, en, description, allowed=allowed, added=added)
    return _spec_field(spec, default)


def number(
    zh: str,
    en: str,
    *,
    description: str = "",
    unit: str | None = None,
    low: float | None = None,
    floor: float | None = None,
    added: str = "0001",
    default: Any = _NO,
) -> Any:
    """A finite number (not a bool), at least ``low`` when given (``floor``: see FieldSpec)."""
    spec = FieldSpec("number", zh, en, description, unit=unit, low=low, floor=floor, added=added)
    return _spec_field(spec, default)


def integer(
    zh: str,
    en: str,
    *,
    low: int,
    high: int,
    description: str = "",
    unit: str | None = None,
    added: str = "0001",
    default: Any = _NO,
) -> Any:
    """A whole number from ``low`` to ``high``."""
    spec = FieldSpec("integer", zh, en, description, unit=unit, low=low, high=high, added=added)
    return _spec_field(spec, default)


def day(zh: str, en: str, *, description: str = "", added: str = "0001", default: Any = _NO) -> Any:
    """A calendar date (YYYY-MM-DD)."""
    return _spec_field(FieldSpec("date", zh, en, description, added=added), default)


@dataclass_transform(
    frozen_default=True,
    field_specifiers=(code, external, ref, text, label, choice, number, integer, day),
)
def record(
    table: str,
    *,
    zh: str,
    en: str,
    noun: str,
    plural: str | None = None,
    key: tuple[str, ...] = ("code",),
    added: str = "0001",
    parent: str | None = None,
    children: tuple[str, ...] = (),
    links: tuple[tuple[tuple[str, ...], str], ...] = (),
    checks: tuple[tuple[str, str], ...] = (),
    rules: tuple[Rule, ...] = (),
) -> Callable[[type[T]], type[T]]:
    """Declare a record type: make ``cls`` a frozen dataclass and attach its :class:`RecordType`.

    Fields without a :class:`FieldSpec` (a programme's tuples of records) stay plain dataclass
    fields and are not part of the record type.
    """

    def declare(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True)(cls)
        hints = get_type_hints(made)
        fields = tuple(
            RecordField(
                item.name,
                item.metadata[SPEC],
                item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING,
                hints[item.name],
                None if item.default is dataclasses.MISSING else item.default,
            )
            for item in dataclasses.fields(cast(Any, made))
            if SPEC in item.metadata
        )
        names = {item.name for item in fields}
        for name in (*key, *(n for columns, _ in links for n in columns)):
            if name not in names:
                msg = f"{cls.__name__}: {name!r} is not a declared field"
                raise TypeError(msg)
        kind = RecordType(
            table=table,
            cls=made,
            zh=zh,
            en=en,
            noun=noun,
            plural=plural or table.replace("_", " "),
            key=key,
            fields=fields,
            added=added,
            parent=parent,
            children=children,
            links=links,
            checks=checks,
            rules=rules,
        )
        type.__setattr__(made, "__record__", kind)
        return made

    return declare
