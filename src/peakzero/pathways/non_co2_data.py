"""Reference data of the waste sector and of the non-CO2 gases, each figure with its source.

Read from ``data/pathways/waste.csv`` (coefficients), ``waste_series.csv`` (Beijing's municipal
solid waste by year: tonnage, treatment shares, the landfill deposit history) and
``non_co2_energy.csv`` (CH4 and N2O per TJ of fuel by segment and carrier). A missing field, an
unknown status or a value that is not a number is a :class:`~peakzero.errors.ReferenceDataError`
naming the file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from peakzero.errors import Problem
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)

__all__ = ["SERIES", "Series", "WasteData", "energy_factors", "waste_data"]

SERIES = ("msw_treated", "landfill_share", "incineration_share", "landfill_history")
"""The yearly series of ``waste_series.csv``."""

_PARAMETER_COLUMNS = ("id", "value", "unit", "source", "status")
_SERIES_COLUMNS = ("series", "year", "value", "unit", "source", "status")


@dataclass(frozen=True)
class Series:
    """A series given at anchor years (ascending), to be interpolated between them."""

    years: np.ndarray
    values: np.ndarray
    unit: str


@dataclass(frozen=True)
class WasteData:
    """The waste sector's coefficients (by id) and yearly series (by name)."""

    parameters: dict[str, float]
    series: dict[str, Series]


def _parameters(name: str) -> dict[str, float]:
    """``id → value`` of a packaged parameter table, every row checked."""
    file = data_name("pathways", name)
    rows, problems = read_rows(
        data_text("pathways", name), file, _PARAMETER_COLUMNS, ("min", "max", "note")
    )
    values: dict[str, float] = {}
    for line, row in rows:
        problems += check_required(file, line, row, _PARAMETER_COLUMNS)
        problems += check_status(file, line, row)
        value = parse_number(row["value"])
        if row["value"] and value is None:
            problems.append(Problem(file, "not a number", line, "value", row["value"]))
        elif row["id"] in values:
            problems.append(Problem(file, "duplicate id", line, "id", row["id"]))
        elif value is not None:
            values[row["id"]] = value
    raise_reference(problems)
    return values


def _series(name: str) -> dict[str, Series]:
    file = data_name("pathways", name)
    rows, problems = read_rows(data_text("pathways", name), file, _SERIES_COLUMNS, ("note",))
    points: dict[str, dict[int, float]] = {s: {} for s in SERIES}
    units: dict[str, str] = {}
    for line, row in rows:
        problems += check_required(file, line, row, _SERIES_COLUMNS)
        problems += check_status(file, line, row)
        value, year = parse_number(row["value"]), parse_number(row["year"])
        if row["series"] not in points:
            valid = ", ".join(SERIES)
            problems.append(
                Problem(file, f"unknown series; use {valid}", line, "series", row["series"])
            )
        elif year is None or year != int(year):
            problems.append(Problem(file, "not a year", line, "year", row["year"]))
        elif value is None:
            problems.append(Problem(file, "not a number", line, "value", row["value"]))
        elif int(year) in points[row["series"]]:
            problems.append(Problem(file, "duplicate series and year", line, "year", row["year"]))
        else:
            points[row["series"]][int(year)] = value
            units[row["series"]] = row["unit"]
    for series, by_year in points.items():
        if not by_year:
            problems.append(Problem(file, f"series {series} has no rows"))
    raise_reference(problems)
    return {
        s: Series(np.array(sorted(p), dtype=float), np.array([p[y] for y in sorted(p)]), units[s])
        for s, p in points.items()
    }


@cache
def waste_data() -> WasteData:
    """The packaged waste-sector data."""
    return WasteData(_parameters("waste.csv"), _series("waste_series.csv"))


@cache
def energy_factors() -> dict[str, float]:
    """kg of CH4 or N2O per TJ of fuel, by id ``<gas>_<segment>_<carrier>`` (e.g.
    ``ch4_residential_coal``)."""
    return _parameters("non_co2_energy.csv")
