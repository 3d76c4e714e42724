"""Reading declared records field by field, with one problem per defect at its key path.

A YAML file and an Excel workbook are read by the same rules: each entry (a mapping of field
names to values) is checked against its :class:`~peakzero.records.declare.RecordType` by
:func:`read_values` — unknown and missing keys, and each value by its field's kind — and every
defect becomes a :class:`~peakzero.errors.Problem` placed at its key path (``tasks.3.kpis.0.unit``)
and, for YAML, its line. :func:`complete` says whether the values make a record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peakzero.errors import Problem
from peakzero.records.declare import RecordField, RecordType

__all__ = [
    "CODE_PATTERN",
    "CODE_RULE",
    "FieldReader",
    "build",
    "complete",
    "is_number",
    "read_values",
    "short",
]

CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
"""The form of a code or id: :data:`CODE_RULE` as a regular expression."""
_CODE = re.compile(CODE_PATTERN)
CODE_RULE = "letters, digits, '_', '.' or '-', starting with a letter or digit"


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
        self,
        raw: object,
        path: str,
        keys: tuple[tuple[str, ...], tuple[str, ...]],
        what: str,
        labels: Mapping[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """``raw`` if it is a mapping; unknown and missing keys are problems (a missing key
        named with its ``labels`` entry, when that says more than the key)."""
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
                label = (labels or {}).get(key, key)
                shown = key if label.replace(" ", "_") == key else f"{key} ({label})"
                self.add(f"{path}.{key}" if key in raw else path, f"{what} lacks {shown}")
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
            self.add(f"{path}.{key}", f"{key} must be a code of {CODE_RULE}", value)
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

    def value(self, entry: dict[str, Any], path: str, declared: RecordField) -> Any:
        """One field's value read by its declared kind; None when absent or wrong."""
        spec, name = declared.spec, declared.name
        if spec.kind in ("code", "ref"):
            return self.code(entry, path, name)
        if spec.kind == "choice":
            return self.choice(entry, path, name, spec.allowed) or None
        if spec.kind == "number":
            return self.number(entry, path, name, minimum=spec.low)
        if spec.kind == "integer":
            assert spec.low is not None and spec.high is not None  # integer() requires both
            return self.integer(entry, path, name, int(spec.low), int(spec.high))
        if spec.kind == "date":
            return self.date(entry, path, name)
        return self.text(entry, path, name)


def read_values(
    r: FieldReader,
    kind: RecordType,
    raw: object,
    path: str,
    fixed: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The values of one entry by field (None where absent or wrong), its defects reported.

    ``fixed`` gives fields the entry does not hold itself (a KPI nested under its task takes
    ``task`` from there); the entry's other keys are its fields, in declaration order, and the
    tables of ``kind.children``. None if ``raw`` is not a mapping.
    """
    fixed = fixed or {}
    own = [f for f in kind.fields if f.name not in fixed]
    required = tuple(f.name for f in own if f.required)
    optional = (*(f.name for f in own if not f.required), *kind.children)
    labels = {f.name: f.spec.en for f in own}
    entry = r.entry(raw, path, (required, optional), kind.noun, labels)
    if entry is None:
        return None
    values: dict[str, Any] = dict(fixed)
    for declared in own:
        values[declared.name] = r.value(entry, path, declared)
    for rule in kind.rules:
        rule(values, lambda name, message: r.add(f"{path}.{name}", message))
    return values


def complete(kind: RecordType, values: Mapping[str, Any]) -> bool:
    """Whether ``values`` make a record: every required field is there, but for names and
    choices — a record whose name is missing or whose choice is wrong is kept (with ``""``) so
    that the records linking to it resolve; its defect is reported all the same."""
    return all(
        values.get(f.name) is not None
        for f in kind.fields
        if f.required and f.spec.kind not in ("label", "choice")
    )


def build(kind: RecordType, values: Mapping[str, Any]) -> Any:
    """The record of ``values`` (:func:`complete` ones), names and choices missing as ``""``,
    optional fields missing as their declared default."""
    filled = {f.name: _or_default(f, values.get(f.name)) for f in kind.fields}
    return kind.cls(**filled)


def _or_default(declared: RecordField, value: Any) -> Any:
    if value is not None:
        return value
    return "" if declared.required else declared.default


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
