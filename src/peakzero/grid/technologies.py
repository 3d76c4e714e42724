"""Technology data of the grid (costs, efficiencies, lifetimes) and its assumptions.

``data/grid/technologies.csv`` holds figures copied from the public PyPSA/technology-data tables
(European costs in EUR, mostly the Danish Energy Agency's), one row per technology, parameter and
cost year; a year between two cost years is interpolated, a year outside them takes the nearest.
``data/grid/parameters.csv`` holds the grid's own assumptions (discount rate, value of lost load,
corridor capacity, ...) in the house format of ``data/pathways/parameters.csv``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

from peakzero.errors import ReferenceDataError

__all__ = [
    "STATUSES",
    "Technologies",
    "annuity",
    "grid_parameter",
    "load_technologies",
    "technology_series",
]

STATUSES = ("verified", "secondary", "uncertain")
_DATA = files("peakzero") / "data" / "grid"


def annuity(rate: float, lifetime: float) -> float:
    """Share of an investment paid each year over ``lifetime`` years at ``rate``."""
    if rate == 0:
        return 1.0 / lifetime
    return rate / (1.0 - (1.0 + rate) ** -lifetime)


@dataclass(frozen=True)
class Technologies:
    """Technology figures of one year and the grid's assumptions.

    ``values`` maps (technology, parameter) to a number in the unit of the CSV file
    (investment in EUR/kW or EUR/kWh, FOM in %/yr, VOM and fuel in EUR/MWh, lifetime in yr);
    ``parameters`` maps an assumption's id to its value.
    """

    year: int
    values: dict[tuple[str, str], float]
    parameters: dict[str, float]

    def get(self, technology: str, parameter: str) -> float:
        """A figure of a technology; a clear error if it is not in the table."""
        try:
            return self.values[(technology, parameter)]
        except KeyError:
            msg = f"data/grid/technologies.csv: no '{parameter}' for '{technology}'"
            raise ReferenceDataError(msg) from None

    def capital_cost(self, technology: str) -> float:
        """Annualised investment plus fixed O&M, EUR per MW (or MWh) and year."""
        investment = self.get(technology, "investment") * 1000.0  # per kW → per MW
        fom = self.values.get((technology, "FOM"), 0.0) / 100.0
        life = self.get(technology, "lifetime")
        return investment * (annuity(self.parameters["discount_rate"], life) + fom)

    def vom(self, technology: str) -> float:
        """Variable O&M, EUR/MWh of the technology's reference output (0 when not given)."""
        return self.values.get((technology, "VOM"), 0.0)


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO((_DATA / name).read_text(encoding="utf-8")))
    rows = []
    for line, row in enumerate(reader, start=2):
        if not row.get("source") or row.get("status") not in STATUSES or not row.get("unit"):
            msg = f"data/grid/{name}, line {line}: needs a unit, a source and a status"
            raise ReferenceDataError(msg)
        rows.append((line, row))
    return rows


@cache
def _table() -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
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
def _parameters() -> dict[str, float]:
    return {row["id"]: float(row["value"]) for _, row in _rows("parameters.csv")}


def load_technologies(year: int, overrides: dict[str, float] | None = None) -> Technologies:
    """Technology figures for ``year`` (interpolated between cost years, flat outside).

    ``overrides`` replaces assumptions of ``data/grid/parameters.csv`` by id (an unknown id is
    an error, so that a typo does not go unnoticed).
    """
    values = {key: float(np.interp(year, years, data)) for key, (years, data) in _table().items()}
    parameters = dict(_parameters())
    unknown = sorted(set(overrides or {}) - set(parameters))
    if unknown:
        msg = f"unknown grid parameter(s) {unknown}; valid: {sorted(parameters)}"
        raise ReferenceDataError(msg)
    parameters.update(overrides or {})
    return Technologies(year, values, parameters)


def technology_series(technology: str, parameter: str, years: np.ndarray) -> np.ndarray:
    """One figure of a technology on ``years`` (interpolated, flat outside its cost years),
    in the unit of ``data/grid/technologies.csv``; used by the pathway costs so that both
    engines price a technology alike."""
    try:
        known, data = _table()[(technology, parameter)]
    except KeyError:
        msg = f"data/grid/technologies.csv: no '{parameter}' for '{technology}'"
        raise ReferenceDataError(msg) from None
    return np.interp(years, known, data)


def grid_parameter(name: str) -> float:
    """An assumption of ``data/grid/parameters.csv`` by id."""
    return _parameters()[name]
