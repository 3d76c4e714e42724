"""Database tables derived from declared record types (:mod:`peakzero.records`).

:func:`row_class` makes a mapped class whose table has one column per declared field, of the
type its kind implies (codes, choices and short text as strings; text and names as text;
numbers as doubles; integers; dates), not null when the field is required. A record type owned
by another record (a programme's areas, tasks, …) gets the owner's key as its first column and
``position`` (its place in the owner's tuple, so that records load back in the order saved); its
key is the owner's key and the record's :attr:`~peakzero.records.RecordType.key`. References to
other record types become composite foreign keys ``(owner, field)``; allowed values and the
declared checks become CHECK constraints.

The Alembic migrations stay the frozen history: a test compares them with these tables on SQLite
and PostgreSQL, so adding a field is one declaration plus one migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from peakzero.records.declare import FieldSpec, RecordType

__all__ = ["Owner", "column_type", "row_class", "table_of"]


@dataclass(frozen=True)
class Owner:
    """The record type that owns others: its column in theirs, its table and its key column."""

    column: str
    table: str
    key: str


def column_type(spec: FieldSpec, in_key: bool = False) -> TypeEngine[Any]:
    """The column type a field's kind implies (a key's text is a string, to be indexed)."""
    if spec.kind == "number":
        return Double()
    if spec.kind == "integer":
        return Integer()
    if spec.kind == "date":
        return Date()
    if spec.kind in ("text", "label") and not (spec.short or in_key):
        return Text()
    return String()


def _one_of(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in allowed)})"


def table_of(
    kind: RecordType,
    metadata: MetaData,
    owner: Owner | None,
    keys: dict[str, str],
) -> Table:
    """The table of ``kind`` in ``metadata``; ``keys`` gives each record type's key column by
    table (the column a reference names).

    Raises
    ------
    ValueError
        If a record type without an owner refers to others: its references are composite keys
        through the owner's column, so such a type must be declared as owned.
    """
    if owner is None and any(f.spec.kind == "ref" and f.spec.target for f in kind.fields):
        msg = f"{kind.table}: a record type that refers to others needs an owner (Owner(...))"
        raise ValueError(msg)
    columns: list[Any] = []
    if owner is not None:
        columns.append(
            Column(
                owner.column,
                String(),
                ForeignKey(f"{owner.table}.{owner.key}"),
                primary_key=True,
            )
        )
    by_name = {f.name: f for f in kind.fields}
    for name in kind.key:
        spec = by_name[name].spec
        columns.append(Column(name, column_type(spec, True), primary_key=True, autoincrement=False))
    if owner is not None:
        columns.append(Column("position", Integer(), nullable=False))
    for declared in kind.fields:
        if declared.name not in kind.key:
            kind_type = column_type(declared.spec)
            columns.append(Column(declared.name, kind_type, nullable=not declared.required))
    if owner is not None:
        columns.extend(_links(kind, owner, keys))
    for declared in kind.fields:
        if declared.spec.kind == "choice":
            sql = _one_of(declared.name, declared.spec.allowed)
            columns.append(CheckConstraint(sql, name=declared.name))
    columns.extend(CheckConstraint(sql, name=name) for name, sql in kind.checks)
    return Table(kind.table, metadata, *columns)


def _links(kind: RecordType, owner: Owner, keys: dict[str, str]) -> list[ForeignKeyConstraint]:
    """Composite foreign keys ``(owner, field)``: the declared joint links, then one for each
    other reference, in field order."""
    joint = {name for names, _ in kind.links for name in names}
    links = [
        ForeignKeyConstraint(
            [owner.column, *names],
            [f"{target}.{owner.column}", *(f"{target}.{name}" for name in names)],
        )
        for names, target in kind.links
    ]
    for declared in kind.fields:
        target = declared.spec.target
        if declared.spec.kind != "ref" or target is None or declared.name in joint:
            continue
        links.append(
            ForeignKeyConstraint(
                [owner.column, declared.name],
                [f"{target}.{owner.column}", f"{target}.{keys[target]}"],
            )
        )
    return links


def row_class(base: type[Any], kind: RecordType, table: Table) -> type[Any]:
    """A mapped class of ``base`` over ``table``, named after the record type (``TaskRow``)."""
    name = f"{kind.cls.__name__}Row"
    return type(name, (base,), {"__table__": table, "__doc__": f"The rows of {kind.table}."})
