"""The pathway catalogue: levers, drivers and model parameters, each with unit and provenance.

Read from ``data/pathways/levers.yaml``, ``drivers.yaml`` and ``parameters.csv``, and the Monte
Carlo method's own assumptions from ``parameters_monte_carlo.csv`` (kept apart because they are
not a scenario's inputs). A missing field or an unsourced number is a
:class:`~peakzero.errors.ReferenceDataError` — the catalogue is reference data and every figure in
it must say where it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from peakzero.errors import Problem, ReferenceDataError
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    STATUSES,
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)

__all__ = [
    "HORIZON",
    "LAST_OBSERVED_YEAR",
    "REFERENCE",
    "STATUSES",
    "Item",
    "Parameter",
    "drivers",
    "levers",
    "monte_carlo_parameters",
    "parameters",
]

HORIZON = (2019, 2060)  # base year (latest CEADs year) and last year of the projection
LAST_OBSERVED_YEAR = 2025
"""The last year with observations (2020-2025, data/pathways/observations.csv). Up to it every
policy scenario is the calibrated reference (:data:`REFERENCE`) and every Monte Carlo run keeps
its paths; scenarios and runs diverge from the next year only (docs/methods/pathways.md)."""
REFERENCE = "current-policy"
"""The calibrated reference scenario: what happened 2019-2025, continued by current policy."""
_REQUIRED = ("name_en", "name_zh", "unit", "min", "max", "default", "mechanism", "source", "status")


@dataclass(frozen=True)
class Item:
    """A lever or a driver: what it is, its physical range and its baseline path."""

    id: str
    kind: str  # "lever" or "driver"
    name_en: str
    name_zh: str
    unit: str
    min: float
    max: float
    default: Any  # a path specification (see peakzero.pathways.paths)
    mechanism: str
    source: str
    status: str
    area: str = ""
    plan_item: str = ""
    uncertainty: dict[str, Any] | None = None
    group: str = ""  # levers that only work together share a wedge


@dataclass(frozen=True)
class Parameter:
    """A model coefficient with its provenance."""

    id: str
    value: float
    unit: str
    source: str
    status: str
    note: str = ""
    min: float = float("-inf")  # physical range a scenario may set it to
    max: float = float("inf")


def _text(name: str) -> str:
    return data_text("pathways", name)


def _items(name: str, kind: str) -> dict[str, Item]:
    raw = yaml.safe_load(_text(name))
    items = {}
    for key, entry in raw.items():
        missing = [f for f in _REQUIRED if entry.get(f) in (None, "")]
        if missing:
            msg = f"data/pathways/{name}: {key} lacks {', '.join(missing)}"
            raise ReferenceDataError(msg)
        if entry["status"] not in STATUSES:
            msg = f"data/pathways/{name}: {key} has status {entry['status']!r}; use {STATUSES}"
            raise ReferenceDataError(msg)
        items[str(key)] = Item(
            id=str(key),
            kind=kind,
            name_en=str(entry["name_en"]),
            name_zh=str(entry["name_zh"]),
            unit=str(entry["unit"]),
            min=float(entry["min"]),
            max=float(entry["max"]),
            default=entry["default"],
            mechanism=str(entry["mechanism"]),
            source=str(entry["source"]),
            status=str(entry["status"]),
            area=str(entry.get("area", "")),
            plan_item=str(entry.get("plan_item", "")),
            uncertainty=entry.get("uncertainty"),
            group=str(entry.get("group", "")),
        )
    return items


@cache
def levers() -> dict[str, Item]:
    """Every lever of the action plan, by id."""
    return _items("levers.yaml", "lever")


@cache
def drivers() -> dict[str, Item]:
    """Exogenous drivers (population, GDP, …), by id."""
    return _items("drivers.yaml", "driver")


@cache
def parameters() -> dict[str, Parameter]:
    """Model coefficients, by id."""
    table = {}
    for row in _checked_rows("parameters.csv", ("min", "max")):
        table[row["id"]] = Parameter(
            row["id"],
            float(row["value"]),
            row["unit"],
            row["source"],
            row["status"],
            row["note"],
            float(row["min"]),
            float(row["max"]),
        )
    return table


_PARAMETER_COLUMNS = ("id", "value", "unit", "source", "status")


def _checked_rows(name: str, numbers: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The rows of a packaged parameter table, read and checked with the kernel's reference
    reader: an id, a number, a unit, a source and a known status on every row, and a number in
    each column of ``numbers``."""
    file = data_name("pathways", name)
    rows, problems = read_rows(_text(name), file, _PARAMETER_COLUMNS, ("min", "max", "note"))
    for line, row in rows:
        problems += check_required(file, line, row, (*_PARAMETER_COLUMNS, *numbers))
        problems += check_status(file, line, row)
        for column in ("value", *numbers):
            if row[column] and parse_number(row[column]) is None:
                problems.append(Problem(file, "not a number", line, column, row[column]))
    raise_reference(problems)
    return [row for _, row in rows]


@cache
def monte_carlo_parameters() -> dict[str, float]:
    """The Monte Carlo method's assumptions (``parameters_monte_carlo.csv``), by id."""
    return {row["id"]: float(row["value"]) for row in _checked_rows("parameters_monte_carlo.csv")}
