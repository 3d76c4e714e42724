"""Beijing's recorded CO2 on each boundary, 1997 to the year before the pathway starts.

* territorial: CEADs' scope 1 total (energy and the cement process,
  :func:`peakzero.accounting.builtin.beijing_ceads`);
* assessment: CEADs' energy CO2 (no cement process) plus net imported electricity (whole-society
  consumption, losses included, minus local generation) times the named factor, from
  ``data/pathways/electricity_history.csv``. Every row carries its source and status; years
  without a published figure are interpolated *in the file* (status uncertain, note
  "interpolated"), so that a reader sees which years are observed. The residual factor needs
  green imports, recorded from 2013 only: earlier years are missing (NaN), not zero;
* consumption: not built (green imports and hydrogen are not recorded year by year before
  2013), so its peak is searched over the projection only — said wherever it is shown.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import pandas as pd

from peakzero.accounting.builtin import beijing_ceads
from peakzero.errors import Problem
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)
from peakzero.pathways.boundaries import GridFactor, check_boundary, imported_co2

__all__ = [
    "FIRST_YEAR",
    "HISTORY_VARIABLES",
    "boundary_history",
    "electricity_history",
    "electricity_history_rows",
]

FIRST_YEAR = 1997  # CEADs' first year
COLUMNS = ("year", "variable", "value", "unit", "source", "status")
HISTORY_VARIABLES = {
    "electricity_consumption": "TWh",
    "local_generation": "TWh",
    "grid_factor_average": "t/MWh",
    "green_imports": "TWh",
}
CEMENT = "cement"  # CEADs' process column: outside the assessment boundary (energy CO2 only)


@cache
def electricity_history_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``data/pathways/electricity_history.csv``, checked (a source and a status on
    each, a known variable with its unit, a number)."""
    name = data_name("pathways", "electricity_history.csv")
    rows, problems = read_rows(data_text("pathways", "electricity_history.csv"), name, COLUMNS)
    problems += [p for line, row in rows for p in _check(name, line, row)]
    raise_reference(problems)
    return tuple(row for _, row in rows)


def _check(name: str, line: int, row: dict[str, str]) -> list[Problem]:
    found = check_required(name, line, row, COLUMNS) + check_status(name, line, row)
    unit = HISTORY_VARIABLES.get(row["variable"])
    if unit is None:
        msg = f"unknown variable; use one of {', '.join(HISTORY_VARIABLES)}"
        found.append(Problem(name, msg, line, "variable", row["variable"]))
    elif row["unit"] != unit:
        found.append(Problem(name, f"{row['variable']} is in {unit}", line, "unit", row["unit"]))
    if parse_number(row["value"]) is None:
        found.append(Problem(name, "not a number", line, "value", row["value"]))
    year = parse_number(row["year"])
    if year is None or not year.is_integer():
        found.append(Problem(name, "not a year", line, "year", row["year"]))
    return found


@cache
def electricity_history() -> pd.DataFrame:
    """By year from 1997: each variable of :data:`HISTORY_VARIABLES` (NaN where not recorded)."""
    long = pd.DataFrame(list(electricity_history_rows()))
    long["year"] = long["year"].astype(int)
    long["value"] = long["value"].astype(float)
    wide = long.pivot(index="year", columns="variable", values="value")
    return wide.reindex(columns=list(HISTORY_VARIABLES)).loc[FIRST_YEAR:]


def boundary_history(boundary: str, factor: GridFactor, before: int) -> pd.Series:
    """Mt CO2 by year from 1997 to ``before - 1`` on ``boundary`` (empty for consumption); NaN
    in a year the boundary cannot be computed for (residual factor before 2013)."""
    check_boundary(boundary)
    # The record never changes in a process, and every summary asks for it on each boundary
    # (four group-bys over CEADs' rows, most of a recompute request's summary): computed once
    # per question, and a copy handed out so that no caller can change the kept one.
    return _boundary_history(boundary, factor, before).copy()


@lru_cache(maxsize=64)
def recorded(
    boundary: str, factor: GridFactor, before: int
) -> tuple[np.ndarray, np.ndarray, int | None]:
    """:func:`boundary_history` as read-only arrays (its years and values before ``before``)
    and its first year with a value (None: no record) — what a summary joins in front of a
    projection, without pandas on the explorer's recompute (issue 12)."""
    history = _boundary_history(boundary, factor, before)
    prior = history[history.index < before]
    years, values = prior.index.to_numpy(), prior.to_numpy(dtype=float)
    years.flags.writeable = values.flags.writeable = False
    found = history.dropna()
    return years, values, (int(found.index[0]) if len(found) else None)


@lru_cache(maxsize=64)
def _boundary_history(boundary: str, factor: GridFactor, before: int) -> pd.Series:
    years = pd.RangeIndex(FIRST_YEAR, before, name="year")
    if boundary == "consumption" or len(years) == 0:
        return pd.Series(index=pd.RangeIndex(0, 0, name="year"), dtype=float)
    ceads = beijing_ceads()
    ceads = ceads[ceads["year"].between(FIRST_YEAR, before - 1)]
    if boundary == "territorial":
        return ceads.groupby("year")["value"].sum().astype(float).reindex(years)
    energy = ceads[ceads["fuel"] != CEMENT].groupby("year")["value"].sum().reindex(years)
    h = electricity_history().reindex(years)
    imports = (h["electricity_consumption"] - h["local_generation"]).to_numpy()
    co2 = imported_co2(
        imports, h["green_imports"].to_numpy(), h["grid_factor_average"].to_numpy(), factor
    )
    return pd.Series(energy.to_numpy(dtype=float) + np.asarray(co2), index=years)
