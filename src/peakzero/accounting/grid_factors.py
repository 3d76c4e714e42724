"""Emission factors of purchased electricity and heat, from ``grid.csv``.

A grid factor is not one number per year: the research (emission-data.md §3.3) shows the MEE/NBS
statistical averages, fossil-only variants and the MEE ETS reporting factor all labelled "2022"
with different values. Each entry is therefore kept with its publisher, document, data year,
region and scope type, and chosen by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from peakzero.errors import InputError, Problem
from peakzero.io.reference import (
    check_required,
    check_status,
    package_file,
    packaged_text,
    parse_number,
    raise_reference,
    read_rows,
)
from peakzero.units import UnitError, conversion_factor

__all__ = [
    "CARRIERS",
    "GRID_COLUMNS",
    "SCOPE_TYPES",
    "GridFactor",
    "grid_factors",
    "load_grid_factor",
]

CARRIERS = ("electricity", "heat")
GRID_COLUMNS = (
    "id",
    "carrier",
    "publisher",
    "document",
    "data_year",
    "region",
    "scope_type",
    "value",
    "unit",
    "source",
    "status",
    "note",
)
SCOPE_TYPES = (
    "statistical-average",
    "fossil-only",
    "excl-market-nonfossil",
    "ets-reporting",
    "guideline-default",
)
# Every column but data_year (a guideline default has none) and note must be filled in.
_FILLED = tuple(c for c in GRID_COLUMNS if c not in ("data_year", "note"))


@dataclass(frozen=True)
class GridFactor:
    """One electricity or heat emission factor with its provenance.

    ``value`` is in ``unit`` as published (t CO2/MWh for electricity, t CO2/GJ for heat);
    ``data_year`` is the year the factor describes (``None`` for a guideline default).
    """

    id: str
    carrier: str
    publisher: str
    document: str
    data_year: int | None
    region: str
    scope_type: str
    value: float
    unit: str
    source: str
    status: str
    note: str

    @property
    def t_co2_per_mwh(self) -> float:
        """The factor in t CO2 per MWh of the carrier (heat factors per GJ are converted)."""
        return self.value * conversion_factor(self.unit, "t/MWh")


def grid_factors() -> list[GridFactor]:
    """Every packaged electricity and heat factor, in file order."""
    return list(_grid_table())


def load_grid_factor(ref: str, carrier: str | None = "electricity") -> GridFactor:
    """The packaged factor with id ``ref`` (case-insensitive).

    Parameters
    ----------
    ref
        A grid factor id such as ``mee-north-china-2022`` or ``mee-ets-power-2023``.
    carrier
        ``electricity`` or ``heat``: the factor must be for this carrier; ``None`` accepts both.

    Raises
    ------
    InputError
        If no factor of that carrier has this id (the message lists the valid ids).
    """
    if carrier is not None and carrier not in CARRIERS:
        msg = f"unknown carrier; use one of {', '.join(CARRIERS)}"
        raise InputError(Problem("grid factor", msg, value=carrier))
    key = str(ref).strip().casefold()
    same_id = [f for f in _grid_table() if f.id.casefold() == key]
    candidates = [f for f in _grid_table() if carrier is None or f.carrier == carrier]
    for factor in same_id:
        if factor in candidates:
            return factor
    what = "grid or heat factor" if carrier is None else f"{carrier} factor"
    valid = ", ".join(f.id for f in candidates)
    if same_id:
        msg = f"{same_id[0].id} is for {same_id[0].carrier}, not {carrier}; use one of {valid}"
    else:
        msg = f"unknown {what} id; use one of {valid}"
    raise InputError(Problem("grid factor", msg, value=ref))


@cache
def _grid_table() -> tuple[GridFactor, ...]:
    file = package_file("grid.csv")
    rows, problems = read_rows(packaged_text("grid.csv"), file, GRID_COLUMNS)
    factors: list[GridFactor] = []
    seen: set[str] = set()
    for line, row in rows:
        found = check_required(file, line, row, _FILLED) + check_status(file, line, row)
        value = parse_number(row["value"])
        if row["value"] and (value is None or value < 0):
            found.append(Problem(file, "not a non-negative number", line, "value", row["value"]))
        year = parse_number(row["data_year"]) if row["data_year"] else None
        if row["data_year"] and (year is None or not year.is_integer()):
            found.append(Problem(file, "not a year", line, "data_year", row["data_year"]))
        for column, allowed in (("carrier", CARRIERS), ("scope_type", SCOPE_TYPES)):
            if row[column] and row[column] not in allowed:
                msg = f"use one of {', '.join(allowed)}"
                found.append(Problem(file, msg, line, column, row[column]))
        if row["unit"]:
            try:
                conversion_factor(row["unit"], "t/MWh")
            except UnitError as exc:
                found.append(Problem(file, str(exc), line, "unit", row["unit"]))
        if row["id"] in seen:
            found.append(Problem(file, "duplicate id", line, "id", row["id"]))
        seen.add(row["id"])
        problems += found
        if not found and value is not None:
            fields = {k: row[k] for k in GRID_COLUMNS if k not in ("value", "data_year")}
            data_year = None if year is None else int(year)
            factors.append(GridFactor(value=value, data_year=data_year, **fields))
    raise_reference(problems)
    return tuple(factors)
