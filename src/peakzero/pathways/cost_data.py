"""Cost figures of the pathway model: prices, technology costs and the discount rate.

``data/pathways/costs.csv`` holds one row per item, parameter and year with unit, source and
status (the house format of the grid's ``technologies.csv``). A user may pass a file of the same
layout: its (item, parameter) series replace the packaged ones, so Beijing-specific costs can be
used without editing the package. Values are converted to the units of :data:`SCHEMA` on
loading: currencies by the ``economy, eur_cny`` rate (the European technology costs are EUR of
2020), the rest by pint (``CNY/kWh`` → ``CNY/MWh``). Between years a series is interpolated
linearly; outside them it is flat.

The local wind and PV, storage, heat-pump and geothermal costs are not repeated here: they are
the grid's (``data/grid/technologies.csv``, :mod:`peakzero.grid.technologies`), so both engines
price a technology the same way.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NoReturn

import numpy as np

from peakzero.errors import InputError, Problem, ReferenceDataError, raise_if_any
from peakzero.io.packaged import data_text
from peakzero.io.reference import STATUSES, decode_csv, parse_number, raise_reference, read_rows
from peakzero.units import UnitError, conversion_factor

__all__ = ["COLUMNS", "SCHEMA", "CostData", "load_cost_data"]

COLUMNS = ("item", "parameter", "year", "value", "unit", "source", "status", "note")
CURRENCIES = ("CNY", "EUR")

# (item, parameter) → the unit the model works in. A row may use another currency (EUR) or an
# equivalent unit (CNY/kWh for CNY/MWh); anything else is an error naming the row.
SCHEMA: dict[tuple[str, str], str] = {
    ("economy", "discount_rate"): "1",
    ("economy", "eur_cny"): "CNY/EUR",
    # Energy prices: coal, oil products and gas per GJ (net calorific value).
    ("coal", "price"): "CNY/GJ",
    ("gasoline", "price"): "CNY/GJ",
    ("diesel", "price"): "CNY/GJ",
    ("jet kerosene", "price"): "CNY/GJ",
    ("gas", "price"): "CNY/GJ",
    ("gas for power and heat", "price"): "CNY/GJ",
    ("grid electricity", "price"): "CNY/MWh",
    ("green electricity", "price"): "CNY/MWh",
    ("district heat", "price"): "CNY/GJ",
    ("grey hydrogen", "price"): "CNY/kg",
    ("green hydrogen", "price"): "CNY/kg",
    ("sustainable aviation fuel", "price ratio to jet kerosene"): "1",
    # Taxes in those prices and the delivered electricity tariff: stripped or used on the
    # resource basis (peakzero.pathways.cost_basis).
    ("gasoline", "consumption tax"): "CNY/GJ",
    ("diesel", "consumption tax"): "CNY/GJ",
    **{
        (item, "VAT rate"): "1"
        for item in (
            "coal",
            "gasoline",
            "diesel",
            "jet kerosene",
            "gas",
            "gas for power and heat",
            "grid electricity",
        )
    },
    ("grid electricity", "delivered price"): "CNY/MWh",
    ("tax surcharges", "rate on VAT and consumption tax"): "1",
    # Technologies not in the grid's table.
    ("battery electric car", "extra investment"): "CNY/vehicle",
    ("fuel cell car", "extra investment"): "CNY/vehicle",
    ("fuel cell vehicle", "extra investment"): "CNY/vehicle",
    ("fuel cell vehicle", "lifetime"): "yr",
    ("hydrogen refuelling", "investment"): "CNY/(t/day)",
    ("hydrogen refuelling", "FOM"): "%/yr",
    ("hydrogen refuelling", "lifetime"): "yr",
    ("green building", "extra investment"): "CNY/m^2",
    ("green building", "lifetime"): "yr",
    ("carbon capture", "investment"): "CNY/(t/h)",
    ("carbon capture", "FOM"): "%/yr",
    ("carbon capture", "lifetime"): "yr",
    ("carbon capture", "electricity input"): "MWh/t",
    ("co2 transport and storage", "cost"): "CNY/t",
    ("direct air capture", "investment"): "CNY/(t/h)",
    ("direct air capture", "FOM"): "%/yr",
    ("direct air capture", "lifetime"): "yr",
    ("direct air capture", "electricity input"): "MWh/t",
    ("direct air capture", "heat input"): "MWh/t",
    ("ecological sink", "cost"): "CNY/t",
    ("demand response", "cost"): "CNY/kW/yr",
    # A reference line on the curve, not a cost of the model.
    ("carbon price", "reference"): "CNY/t",
}


@dataclass(frozen=True)
class CostData:
    """Cost series on the model's years, in the units of :data:`SCHEMA` (CNY based).

    ``sources`` maps each (item, parameter) to where its figures come from (file and lines).
    """

    years: np.ndarray
    series: dict[tuple[str, str], np.ndarray]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def has(self, item: str, *parameters: str) -> bool:
        """Whether every named parameter of ``item`` is given."""
        return all((item, p) in self.series for p in parameters)

    def get(self, item: str, parameter: str) -> np.ndarray:
        """A series (one value per model year)."""
        try:
            return self.series[(item, parameter)]
        except KeyError:
            msg = f"no cost figure '{parameter}' for '{item}' (data/pathways/costs.csv)"
            raise ReferenceDataError(msg) from None

    def scalar(self, item: str, parameter: str) -> float:
        """A figure that does not change over time (the first year's value)."""
        return float(self.get(item, parameter)[0])

    @property
    def discount_rate(self) -> float:
        return self.scalar("economy", "discount_rate")


def _split_currency(unit: str) -> tuple[str | None, str]:
    """``EUR/kW`` → (``EUR``, ``kW``); ``%/yr`` → (None, ``%/yr``)."""
    head, _, rest = unit.partition("/")
    if head.strip() in CURRENCIES and rest:
        return head.strip(), rest.strip()
    return None, unit.strip()


def _factor(given: str, wanted: str, inverse: bool) -> float:
    """Factor from a unit to another; ``inverse`` for the denominator of a price
    (``CNY/kWh`` → ``CNY/MWh``: 1000)."""
    if given.replace(" ", "") == wanted.replace(" ", ""):
        return 1.0
    if inverse:  # "1/kW/yr" reads as 1/(kW·yr), as the price's unit does
        return conversion_factor(f"1/{given}", f"1/{wanted}")
    return conversion_factor(given, wanted)


# Allowed ranges of figures (inclusive low, exclusive high where noted); prices, costs and
# extra investments may be any finite number (a battery-electric car can cost less).
RANGES: dict[str, tuple[float, float, str]] = {
    "discount_rate": (0.0, 1.0, "a share from 0 up to (not including) 1, e.g. 0.08"),
    "eur_cny": (1e-9, math.inf, "a positive rate, CNY per EUR"),
    "lifetime": (1.0, 200.0, "at least 1 and at most 200 years"),
    "FOM": (0.0, 100.0, "a percentage of the investment per year, from 0 to under 100"),
    "electricity input": (0.0, 100.0, "MWh per tonne, from 0 to under 100"),
    "heat input": (0.0, 100.0, "MWh per tonne, from 0 to under 100"),
    "price ratio to jet kerosene": (1e-9, 100.0, "a positive ratio under 100"),
    "VAT rate": (0.0, 1.0, "a share from 0 up to (not including) 1, e.g. 0.13"),
    "rate on VAT and consumption tax": (0.0, 1.0, "a share from 0 up to 1, e.g. 0.12"),
    "consumption tax": (0.0, math.inf, "a tax of 0 or more, CNY per GJ"),
}


@dataclass(frozen=True)
class _Row:
    file: str
    user: bool  # from a user's file (errors are InputError) or the package
    line: int
    item: str
    parameter: str
    year: int
    value: float
    unit: str


def _whole_year(text: str | None) -> int | None:
    """``2020``, `` 2020 `` or ``2020.0`` → 2020; anything else None."""
    try:
        number = float(str(text))
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


def _parse(text: str, name: str, user: bool) -> list[_Row]:
    """Rows of a cost file, checked for layout, numbers, provenance and known items."""

    def fail(
        message: str, line: int | None = None, column: str | None = None, value: object = None
    ) -> NoReturn:
        if user:
            raise InputError(Problem(name, message, line=line, column=column, value=value))
        where = f", line {line}" if line else ""
        msg = f"{name}{where}: {message} (value {value!r})"
        raise ReferenceDataError(msg)

    records, problems = read_rows(text, name, COLUMNS[:6], COLUMNS[6:])
    if problems:
        if user:
            raise InputError(problems)
        raise_reference(problems)
    rows = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, raw in records:
        key = (raw["item"], raw["parameter"])
        if key not in SCHEMA:
            known = sorted({f"{i}: {p}" for i, p in SCHEMA})
            fail(f"unknown cost item/parameter; valid: {'; '.join(known)}", line, "item", key)
        year = _whole_year(raw["year"])
        if year is None:
            fail("year must be a whole year such as 2030", line, "year", raw["year"])
        value = parse_number(raw["value"])
        if value is None:
            fail("value must be a number (a finite one)", line, "value", raw["value"])
        first = seen.setdefault((*key, year), line)
        if first != line:
            fail(f"the same item, parameter and year as line {first}", line, "year", raw["year"])
        if not raw.get("source"):
            fail("every figure needs a source", line, "source", raw.get("source"))
        if raw.get("status") not in STATUSES:
            fail(f"status must be one of {list(STATUSES)}", line, "status", raw.get("status"))
        rows.append(
            _Row(
                name,
                user,
                line,
                raw["item"],
                raw["parameter"],
                year,
                value,
                raw["unit"],
            )
        )
    return rows


def _row_error(
    row: _Row, message: str, column: str | None = None, value: object = None
) -> InputError | ReferenceDataError:
    if row.user:
        return InputError(Problem(row.file, message, line=row.line, column=column, value=value))
    return ReferenceDataError(f"{row.file}, line {row.line}: {message} (value {value!r})")


def _convert(rows: list[_Row], eur_cny: float | None) -> dict[tuple[str, str], dict[int, float]]:
    """(item, parameter) → {year: value in the schema's unit}."""
    points: dict[tuple[str, str], dict[int, float]] = {}
    for row in rows:
        wanted = SCHEMA[(row.item, row.parameter)]
        w_cur, w_rest = _split_currency(wanted)
        g_cur, g_rest = _split_currency(row.unit)
        try:
            if (w_cur is None) != (g_cur is None):
                msg = f"unit {row.unit!r} is not {wanted!r}"
                raise UnitError(msg)
            value = row.value * _factor(g_rest, w_rest, inverse=w_cur is not None)
        except UnitError:
            message = f"unit must be {wanted!r} (or EUR and an equivalent unit)"
            raise _row_error(row, message, "unit", row.unit) from None
        low, high, valid = RANGES.get(row.parameter, (-math.inf, math.inf, ""))
        if not low <= value < high:
            raise _row_error(row, f"value out of range; use {valid}", "value", row.value)
        if g_cur == "EUR" and (row.item, row.parameter) != ("economy", "eur_cny"):
            if eur_cny is None:
                message = "a EUR figure needs the 'economy, eur_cny' rate"
                raise _row_error(row, message, "unit", row.unit)
            value *= eur_cny
        points.setdefault((row.item, row.parameter), {})[row.year] = value
    return points


@cache
def _packaged_text() -> str:
    return data_text("pathways", "costs.csv")


def _eur_cny(rows: list[_Row]) -> float | None:
    """The one EUR → CNY rate (EUR figures are of one currency basis, so one rate)."""
    rates = [r for r in rows if (r.item, r.parameter) == ("economy", "eur_cny")]
    if len(rates) > 1:
        raise _row_error(rates[1], "give one 'economy, eur_cny' row only", "item", rates[1].item)
    if rates and not rates[0].value > 0:
        raise _row_error(rates[0], "the rate must be positive", "value", rates[0].value)
    return rates[0].value if rates else None


def load_cost_data(years: np.ndarray, path: str | os.PathLike[str] | None = None) -> CostData:
    """The packaged cost figures on ``years``, with a user file's series replacing them.

    Raises
    ------
    InputError
        A user file that does not parse (naming the file, line and column).
    ReferenceDataError
        The packaged file is broken.
    """
    packaged = _parse(_packaged_text(), "data/pathways/costs.csv", user=False)
    rows: dict[tuple[str, str], list[_Row]] = {}
    for r in packaged:
        rows.setdefault((r.item, r.parameter), []).append(r)
    sources = dict.fromkeys(rows, "data/pathways/costs.csv")
    if path is not None:
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(Problem(name, f"cannot read the cost file ({exc.strerror})")) from None
        text, problems = decode_csv(data, name)
        raise_if_any(problems)
        replaced: dict[tuple[str, str], list[_Row]] = {}
        for r in _parse(text, name, user=True):
            replaced.setdefault((r.item, r.parameter), []).append(r)
        rows.update(replaced)
        sources.update(dict.fromkeys(replaced, name))
    flat = [r for series in rows.values() for r in series]
    eur_cny = _eur_cny(flat)
    points = _convert(flat, eur_cny)
    series = {}
    for key, by_year in points.items():
        known = sorted(by_year)
        series[key] = np.interp(years, known, [by_year[y] for y in known])
    return CostData(np.asarray(years), series, sources)
