"""Technology data shared by the pathway costs and the grid: costs, efficiencies, lifetimes.

``data/grid/technologies.csv`` holds figures copied from the public PyPSA/technology-data tables
(European costs in EUR, mostly the Danish Energy Agency's), one row per technology, parameter and
cost year; a year between two cost years is interpolated, a year outside them takes the nearest.
``data/grid/parameters.csv`` holds the grid's own assumptions (value of lost load, corridor
capacity, ...) in the house format of ``data/pathways/parameters.csv``; the discount rate and the
EUR→CNY rate are the pathway costs' (``data/pathways/costs.csv``), so both engines use one.

This module sits below both engines (kernel level: it imports no engine) so that the pathways
price a technology as the grid does without importing the grid, and the grid, which reads the
pathways' demands, is not imported back.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from peakzero.errors import Problem, ReferenceDataError
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)

__all__ = ["annuity", "grid_parameter", "grid_parameters", "technology_series", "technology_table"]


def annuity(rate: float, lifetime: float) -> float:
    """Share of an investment paid each year over ``lifetime`` years at ``rate``."""
    if rate == 0:
        return 1.0 / lifetime
    return rate / (1.0 - (1.0 + rate) ** -lifetime)


_COLUMNS = {
    "technologies.csv": (
        ("technology", "parameter", "year", "value", "unit", "source", "status"),
        ("note",),
    ),
    "parameters.csv": (("id", "value", "unit", "source", "status"), ("min", "max", "note")),
}


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a packaged grid table, read and checked with the kernel's reference reader
    (every row with its value, unit, source and a known status)."""
    file = data_name("grid", name)
    required, optional = _COLUMNS[name]
    rows, problems = read_rows(data_text("grid", name), file, required, optional)
    for line, row in rows:
        problems += check_required(file, line, row, required)
        problems += check_status(file, line, row)
        if row["value"] and parse_number(row["value"]) is None:
            problems.append(Problem(file, "not a number", line, "value", row["value"]))
    raise_reference(problems)
    return rows


@cache
def technology_table() -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """(technology, parameter) → (cost years, values), years ascending."""
    points: dict[tuple[str, str], dict[int, float]] = {}
    for _, row in _rows("technologies.csv"):
        points.setdefault((row["technology"], row["parameter"]), {})[int(row["year"])] = float(
            row["value"]
        )
    return {
        key: (np.array(sorted(p)), np.array([p[y] for y in sorted(p)])) for key, p in points.items()
    }


@cache
def grid_parameters() -> dict[str, float]:
    """The assumptions of ``data/grid/parameters.csv`` by id (do not modify: cached)."""
    return {row["id"]: float(row["value"]) for _, row in _rows("parameters.csv")}


def technology_series(technology: str, parameter: str, years: np.ndarray) -> np.ndarray:
    """One figure of a technology on ``years`` (interpolated, flat outside its cost years),
    in the unit of ``data/grid/technologies.csv``; used by the pathway costs so that both
    engines price a technology alike."""
    try:
        known, data = technology_table()[(technology, parameter)]
    except KeyError:
        msg = f"data/grid/technologies.csv: no '{parameter}' for '{technology}'"
        raise ReferenceDataError(msg) from None
    return np.interp(years, known, data)


def grid_parameter(name: str) -> float:
    """An assumption of ``data/grid/parameters.csv`` by id."""
    return grid_parameters()[name]
