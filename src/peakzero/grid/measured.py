"""Measured hourly series of a year from a CSV file, checked before use.

:func:`load_profiles` reads a file with a ``time`` column (ISO 8601, Beijing time with its UTC
offset) and any of the profile columns headed ``name [unit]``; it checks the header, the units
(converted with the units registry), the calendar (every hour of one year, in order) and the
values, reports every problem with its file, line, column and value, and takes the columns a file
lacks from :func:`~peakzero.grid.climate_profiles.beijing_profiles`. The CSV, unit and calendar
checks are the part that daily monitoring series will reuse.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.grid.climate import beijing_climate
from peakzero.grid.climate_profiles import (
    FIRST_YEAR,
    KELVIN,
    LAST_YEAR,
    SHARE_COLUMNS,
    air_source_cop,
    beijing_profiles,
    co2_heat_pump_cop,
    electric_load_shape,
    heat_demand_shape,
)
from peakzero.grid.profiles_contract import COLUMNS, HOURS, TIMEZONE, Profiles
from peakzero.units import UnitError, parse_unit, registry

__all__ = ["load_profiles"]

_HEADER = re.compile(r"^\s*([^\[\]]*?)\s*(?:\[\s*([^\[\]]*?)\s*\])?\s*$")
# The UTC offset after the time of day (so that the date's own hyphens are not taken for one).
_OFFSET = re.compile(r"[T ]\d{2}(?::\d{2}){0,2}(?:\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)$")
_SHOWN = 10  # problems shown per column and kind; the rest are counted in one more problem
_ENERGY = registry.Quantity(1, "J").dimensionality
_TEMPERATURE = registry.Quantity(1, "K").dimensionality


def load_profiles(path: str | os.PathLike[str], year: int | None = None) -> Profiles:
    """Measured hourly series from a CSV file; columns it lacks come from :func:`beijing_profiles`.

    The file has a column ``time`` (ISO 8601 with the UTC offset, Beijing time +08:00, e.g.
    ``2030-01-01T00:00+08:00``; a timestamp without offset is an error, so that UTC data are
    never taken for Beijing time) and any of the profile columns, each headed ``name [unit]``
    (``temperature [degC]``, ``pv [1]``). Temperatures may be in any temperature unit; ``pv``,
    ``wind`` and the COPs must be dimensionless (``1`` or ``percent``); the share columns
    (``heat_demand``, ``electric_load``, ``ev_charging``) may be in any energy unit or ``1`` and
    are normalised to sum to 1. The rows are the hours of one year from 1 January 00:00, in order:
    8,760, or 8,784 in a leap year (29 February is then dropped; a leap year given without
    29 February, as :func:`beijing_profiles` writes it, is accepted too). ``year``, if given, must
    be the year of the file.

    Raises
    ------
    InputError
        With every problem found (file, line, column, value, what is allowed); nothing is
        returned in part.
    """
    file = str(path)
    text = _read_text(Path(path), file)
    rows = _parse_rows(text, file)
    header, body, lines = rows[0][1], [r for _, r in rows[1:]], [n for n, _ in rows[1:]]
    columns, problems = _check_header(header, file)
    problems += _capped(
        [
            Problem(file, f"{len(row)} fields but the header has {len(header)}", line)
            for line, row in zip(lines, body, strict=True)
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :])
        ],
        file,
        None,
        "lines with too many fields",
    )
    if not body:
        raise InputError([*problems, Problem(file, "no data rows; " + _EXPECTED_ROWS)])
    # Rows are checked even after header problems, in the columns whose header is usable.
    times: pd.DatetimeIndex | None = None
    if "time" in columns:
        times, found = _times(body, lines, columns.pop("time")[0], file, year)
        problems += found
    series: dict[str, np.ndarray] = {}
    for name, (position, unit) in columns.items():
        values, found = _column(name, unit, body, lines, position, file, header[position])
        problems += found
        series[name] = values
    if problems:
        raise InputError(problems)
    assert times is not None
    keep = ~((times.month == 2) & (times.day == 29))
    chosen = int(times[0].year)
    base = beijing_profiles(chosen)
    frame = base.frame
    sources = dict(base.sources)
    for name, values in series.items():
        kept = values[keep]
        if name in SHARE_COLUMNS:
            kept = kept / kept.sum()
        frame[name] = kept
        sources[name] = f"measured: {file}, column '{header[columns[name][0]].strip()}'"
    if "temperature" in series:
        _follow_temperature(frame, sources, series.keys(), file)
    return Profiles(chosen, frame, sources)


_FROM_TEMPERATURE = ("heat_demand", "electric_load", "heat_pump_cop", "co2_heat_pump_cop")
"""Columns made from the temperature: remade from a measured one unless measured themselves."""


def _follow_temperature(
    frame: pd.DataFrame, sources: dict[str, str], measured: Iterable[str], file: str
) -> None:
    """Remake the temperature-driven columns the file does not give from its temperature, so
    that a measured cold spell also lowers the COPs and raises the heat demand."""
    climate = beijing_climate()
    index = pd.DatetimeIndex(frame.index)
    temperature = frame["temperature"].to_numpy()
    made = {
        "heat_demand": lambda: heat_demand_shape(index, temperature, climate),
        "electric_load": lambda: electric_load_shape(index, temperature, climate),
        "heat_pump_cop": lambda: air_source_cop(temperature, climate),
        "co2_heat_pump_cop": lambda: co2_heat_pump_cop(temperature, climate),
    }
    given = set(measured)
    for name in _FROM_TEMPERATURE:
        if name not in given:
            frame[name] = made[name]()
            sources[name] += f" — from the measured temperature of {file}"


_EXPECTED_ROWS = (
    "expected 8,760 hourly rows (8,784 for a leap year), one per hour from 1 January 00:00"
)


def _read_text(path: Path, file: str) -> str:
    if not path.is_file():
        raise InputError(Problem(file, "file not found"))
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        msg = "not a CSV text file; save it as CSV UTF-8 (comma-separated)"
        raise InputError(Problem(file, msg))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem(file, "neither UTF-8 nor GBK text; save it as CSV UTF-8"))


def _parse_rows(text: str, file: str) -> list[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on (header = line 1)."""
    reader = csv.reader(io.StringIO(text, newline=None))
    rows: list[tuple[int, list[str]]] = []
    line = 0
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if any(field.strip() for field in record):
                rows.append((start, record))
    except csv.Error as exc:
        msg = f"not readable as CSV ({exc})"
        raise InputError(Problem(file, msg, reader.line_num or None)) from exc
    if not rows or rows[0][0] != 1:
        raise InputError(Problem(file, "no header; the first line must name the columns", 1))
    return rows


def _allowed_columns() -> str:
    return ", ".join(["time", *(f"{name} [{unit}]" for name, (unit, _) in COLUMNS.items())])


def _check_header(header: list[str], file: str) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """Column name → (position, unit); ``time`` has an empty unit."""
    columns: dict[str, tuple[int, str]] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, cell in enumerate(header):
        match = _HEADER.match(cell)
        name = (match.group(1) if match else cell).strip().lower()
        unit = (match.group(2) or "") if match else ""
        if name != "time" and name not in COLUMNS:
            msg = f"unknown column '{cell.strip()}'; the columns are: {_allowed_columns()}"
            problems.append(Problem(file, msg, 1, cell.strip()))
        elif name in seen:
            problems.append(Problem(file, f"column '{name}' appears twice", 1, cell.strip()))
            columns.pop(name, None)
        elif name != "time" and not unit:
            msg = f"give the unit in brackets, e.g. '{name} [{COLUMNS[name][0]}]'"
            problems.append(Problem(file, msg, 1, cell.strip()))
        else:
            found = [] if name == "time" else _unit_problems(name, unit, file, cell.strip())
            problems += found
            if not found:
                columns[name] = (position, unit)
        seen.add(name)
    if "time" not in seen:
        msg = f"missing column 'time'; the columns are: {_allowed_columns()}"
        problems.append(Problem(file, msg, 1, "time"))
    return columns, problems


def _unit_problems(name: str, unit: str, file: str, column: str) -> list[Problem]:
    allowed = _allowed_units(name)
    try:
        dimensionality = parse_unit(unit).dimensionality
    except UnitError as exc:
        return [Problem(file, f"{exc}; {allowed}", 1, column, unit)]
    if _unit_kind(name, dimensionality) is None:
        return [Problem(file, f"unit '{unit}' is not allowed for '{name}'; {allowed}", 1, column)]
    return []


def _allowed_units(name: str) -> str:
    if name == "temperature":
        return "allowed: a temperature unit (degC, degF, K)"
    if name in SHARE_COLUMNS:
        return "allowed: an energy unit (MWh, kWh, GWh, TJ, 万千瓦时) or 1 (shares)"
    return "allowed: 1 or percent (dimensionless)"


def _unit_kind(name: str, dimensionality: object) -> str | None:
    if name == "temperature":
        return "temperature" if dimensionality == _TEMPERATURE else None
    if dimensionality == registry.Quantity(1, "1").dimensionality:
        return "dimensionless"
    if name in SHARE_COLUMNS and dimensionality == _ENERGY:
        return "energy"
    return None


def _times(
    body: list[list[str]], lines: list[int], position: int, file: str, year: int | None
) -> tuple[pd.DatetimeIndex | None, list[Problem]]:
    cells = [row[position].strip() if position < len(row) else "" for row in body]
    problems: list[Problem] = []
    offsets = [_OFFSET.search(cell) for cell in cells]
    local = []
    for line, cell, offset in zip(lines, cells, offsets, strict=True):
        if offset is None:
            msg = "no UTC offset; write Beijing time with its offset, e.g. 2030-01-01T00:00+08:00"
            problems.append(Problem(file, msg, line, "time", cell))
            local.append("")
            continue
        found = offset.group(1)
        if found.replace(":", "") not in ("+08", "+0800"):
            msg = f"time zone offset {found} found; Beijing time (UTC+08:00) is required"
            problems.append(Problem(file, msg, line, "time", cell))
        local.append(cell[: offset.start(1)])
    problems = _capped(problems, file, "time", "timestamps without the +08:00 offset")
    parsed = pd.to_datetime(pd.Series(local), format="ISO8601", errors="coerce")
    bad = [
        i
        for i, (cell, value) in enumerate(zip(local, parsed, strict=True))
        if cell and pd.isna(value)
    ]
    problems += _capped(
        [Problem(file, "not an ISO 8601 date and time", lines[i], "time", cells[i]) for i in bad],
        file,
        "time",
        "unreadable timestamps",
    )
    if problems:
        return None, problems
    times = pd.DatetimeIndex(parsed).tz_localize(TIMEZONE)
    return times, _calendar_problems(times, lines, cells, file, year)


def _calendar_problems(
    times: pd.DatetimeIndex, lines: list[int], cells: list[str], file: str, year: int | None
) -> list[Problem]:
    first = times[0]
    problems: list[Problem] = []
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        msg = f"the year must be from {FIRST_YEAR} to {LAST_YEAR}"
        return [Problem(file, msg, lines[0], "time", cells[0])]
    if year is not None and first.year != year:
        msg = f"the file starts in {first.year}, not in {year}"
        problems.append(Problem(file, msg, lines[0], "time", cells[0]))
    start = pd.Timestamp(year=int(first.year), month=1, day=1, tz=TIMEZONE)
    if first != start:
        msg = f"the first hour must be {start.year}-01-01T00:00+08:00"
        problems.append(Problem(file, msg, lines[0], "time", cells[0]))
    step = np.diff(times.as_unit("s").asi8)  # seconds
    on_hour = (times.minute == 0) & (times.second == 0)
    found: list[Problem] = []
    for i in (int(i) for i in np.flatnonzero(~on_hour)):
        found.append(Problem(file, "not on the hour", lines[i], "time", cells[i]))
    leap = bool(first.is_leap_year)
    for i in (int(i) for i in np.flatnonzero(step != 3600)):
        here, there = times[i], times[i + 1]
        if step[i] == 0:
            found.append(Problem(file, "duplicate hour", lines[i + 1], "time", cells[i + 1]))
        elif step[i] < 0:
            msg = f"out of order: earlier than the row before ({cells[i]})"
            found.append(Problem(file, msg, lines[i + 1], "time", cells[i + 1]))
        elif not (leap and _skips_29_february(here, there)):
            gap = int(step[i] // 3600) - 1
            msg = f"gap: {gap} hour(s) missing after {cells[i]}"
            found.append(Problem(file, msg, lines[i + 1], "time", cells[i + 1]))
    problems += _capped(found, file, "time", "irregular timestamps")
    expected = (HOURS, HOURS + 24) if leap else (HOURS,)
    if len(times) not in expected:
        msg = f"the file has {len(times):,} hourly rows; " + _EXPECTED_ROWS
        problems.append(Problem(file, msg, column="time"))
    elif not problems:
        end = pd.Timestamp(year=int(first.year), month=12, day=31, hour=23, tz=TIMEZONE)
        if times[-1] != end:
            msg = f"the last hour must be {end.year}-12-31T23:00+08:00"
            problems.append(Problem(file, msg, lines[-1], "time", cells[-1]))
    return problems


def _skips_29_february(here: pd.Timestamp, there: pd.Timestamp) -> bool:
    return bool(
        here.month == 2 and here.day == 28 and here.hour == 23
        and there.month == 3 and there.day == 1 and there.hour == 0
    )  # fmt: skip


def _column(
    name: str,
    unit: str,
    body: list[list[str]],
    lines: list[int],
    position: int,
    file: str,
    heading: str,
) -> tuple[np.ndarray, list[Problem]]:
    column = heading.strip()
    cells = [row[position].strip() if position < len(row) else "" for row in body]
    values = pd.to_numeric(pd.Series(cells), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    problems = _capped(
        [Problem(file, "not a number", lines[i], column, cells[i]) for i in np.flatnonzero(bad)],
        file,
        column,
        "cells that are not numbers",
    )
    values = _convert(name, unit, values)
    checks: list[tuple[str, str, Callable[[np.ndarray], np.ndarray]]] = []
    if name != "temperature":
        checks.append(("negative; the value must be 0 or more", "negative values", _negative))
    if name in ("pv", "wind"):
        message = "above 1; output per unit of capacity cannot exceed 1"
        checks.append((message, "values above 1", _above_one))
    if name in ("heat_pump_cop", "co2_heat_pump_cop"):
        checks.append(("0; a COP must be positive", "zero COPs", _zero))
    if name == "temperature":
        checks.append(("below absolute zero", "values below absolute zero", _below_zero_kelvin))
    for message, what, test in checks:
        hit = np.flatnonzero(~bad & test(np.where(bad, 0.0, values)))
        problems += _capped(
            [Problem(file, message, lines[i], column, cells[i]) for i in hit], file, column, what
        )
    if name in SHARE_COLUMNS and not bad.any() and not problems and values.sum() <= 0:
        problems.append(
            Problem(file, "the column sums to 0; shares need a positive total", column=column)
        )
    return values, problems


def _negative(values: np.ndarray) -> np.ndarray:
    return values < 0


def _above_one(values: np.ndarray) -> np.ndarray:
    return values > 1


def _zero(values: np.ndarray) -> np.ndarray:
    return values == 0


def _below_zero_kelvin(values: np.ndarray) -> np.ndarray:
    return values < -KELVIN


def _convert(name: str, unit: str, values: np.ndarray) -> np.ndarray:
    if name == "temperature":
        return np.asarray(registry.Quantity(values, unit).to("degC").magnitude, dtype=float)
    if _unit_kind(name, parse_unit(unit).dimensionality) == "dimensionless":
        return np.asarray(
            registry.Quantity(values, unit).to("dimensionless").magnitude, dtype=float
        )
    return values * float(parse_unit(unit).to("MWh").magnitude)


def _capped(problems: list[Problem], file: str, column: str | None, what: str) -> list[Problem]:
    """The first :data:`_SHOWN` problems and one that counts the rest."""
    if len(problems) <= _SHOWN:
        return problems
    rest = len(problems) - _SHOWN
    return [*problems[:_SHOWN], Problem(file, f"and {rest:,} more {what}", column=column)]
