"""Activity proxies: the kinds codelist, the monitored sectors and the reader of proxy files.

A proxy file is long format ``region, period, sector, proxy, value, unit`` (CSV or XLSX): one
row per region, period (``YYYY-MM-DD`` daily or ``YYYY-MM`` monthly), monitored sector and proxy
kind. Every cell is checked; every defect becomes one :class:`~peakzero.errors.Problem` naming
the file, the line (CSV) or the cell (XLSX, e.g. ``Sheet1!D7``), the value and what is allowed,
and all of them are raised together — or, with ``strict=False``, returned as findings beside the
rows that have none. Values come back in the kind's canonical unit (``proxy_kinds.csv``).

Text columns repeat a few spellings many times, so each distinct spelling (and each distinct
proxy and unit pair) is resolved once; the row checks are vectorised.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, overload

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peakzero import codes
from peakzero.checks import Finding
from peakzero.errors import InputError, Problem
from peakzero.io.tables import Table, read_table
from peakzero.monitoring import sectors
from peakzero.monitoring.findings import monitoring_finding
from peakzero.monitoring.kinds import ProxyKind, proxy_kinds, same_dimension
from peakzero.units import UnitError, parse_unit, registry

__all__ = [
    "PROXY_COLUMNS",
    "Conversion",
    "ProxyKind",
    "monitored_sectors",
    "proxy_kinds",
    "read_proxies",
    "unit_conversion",
    "validate_proxies",
]

PROXY_COLUMNS = ("region", "period", "sector", "proxy", "value", "unit")

# Spellings the registry lacks. Index and count units are pure numbers; iam-units has no CO2
# unit (emissions are a mass of the gas), so "kt CO2/day" is read as "kt/day" for the kinds whose
# dimension is a mass per time.
_ALIASES = {
    "万人次": "1e4 count",
    "万架次": "1e4 count",
    "人次": "count",
    "架次": "count",
    "passengers": "count",
    "passenger": "count",
    "flights": "count",
    "flight": "count",
    "movements": "count",
    "index": "dimensionless",
    "指数": "dimensionless",
    "℃": "degC",
}
_ALIAS = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _ALIASES), key=len, reverse=True)) + r")(?!\w)"
)
_GAS = re.compile(r"\s*CO[2₂](?:-?e(?:q(?:uiv)?)?)?(?![A-Za-z0-9])")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def monitored_sectors() -> tuple[str, ...]:
    """The sector ids a proxy may be given for: the monitored sectors of
    ``data/monitoring/sectors.csv`` (:func:`peakzero.monitoring.sectors.monitored_sectors`)."""
    return tuple(sectors.monitored_sectors())


@dataclass(frozen=True)
class Conversion:
    """How a value in a given unit becomes the kind's canonical unit:
    ``value * factor + offset`` (the offset is non-zero for temperatures only)."""

    basis: int  # index into the kind's dimensions; -1 when the unit is refused
    factor: float
    offset: float
    unit: str  # the canonical unit; the reason for refusal when basis is -1
    code: str = ""  # the finding code when refused


@lru_cache(maxsize=4096)
def unit_conversion(kind: str, unit: str) -> Conversion:
    """The conversion of ``unit`` to the canonical unit of proxy kind ``kind`` (known)."""
    spec = proxy_kinds()[kind]
    text = unit.strip()
    if "mass/time" in spec.dimensions:
        text = _GAS.sub("", text)
    text = "dimensionless" if text == "1" else _ALIAS.sub(lambda m: _ALIASES[m.group(1)], text)
    try:
        quantity = parse_unit(text)
    except UnitError:
        return Conversion(-1, math.nan, math.nan, f"unit {unit!r} does not parse", "bad-unit")
    for basis, canonical in enumerate(spec.canonical_units):
        if same_dimension(quantity, canonical):
            # Two points fix an affine map; degC, degF and K differ by an offset, not a factor.
            scale = np.array([0.0, 1.0]) * quantity.magnitude
            ends = registry.Quantity(scale, quantity.units).to(canonical).magnitude
            factor, offset = float(ends[1] - ends[0]), float(ends[0])
            if not (math.isfinite(factor) and factor > 0):
                reason = f"unit {unit!r} has a scale that is not a finite number > 0"
                return Conversion(-1, math.nan, math.nan, reason, "bad-unit")
            return Conversion(basis, factor, offset, canonical)
    words = " or ".join(spec.dimensions)
    reason = f"unit {unit!r} is not a unit of {words} (the dimension of proxy '{kind}')"
    return Conversion(-1, math.nan, math.nan, reason, "wrong-unit-dimension")


@overload
def read_proxies(
    path: str | os.PathLike[str], *, sheet: str | None = ..., strict: Literal[True] = ...
) -> pd.DataFrame: ...


@overload
def read_proxies(
    path: str | os.PathLike[str], *, sheet: str | None = ..., strict: Literal[False]
) -> tuple[pd.DataFrame, list[Finding]]: ...


def read_proxies(
    path: str | os.PathLike[str], *, sheet: str | None = None, strict: bool = True
) -> pd.DataFrame | tuple[pd.DataFrame, list[Finding]]:
    """Read and check a proxy file (CSV, or XLSX: the first sheet unless ``sheet`` is given).

    Returns
    -------
    pandas.DataFrame
        The PROXIES shape: ``region, period, sector, proxy, value, unit`` with ``value`` in the
        kind's canonical unit (``unit``), rows in file order. With ``strict=False``: the rows
        without a problem, and one ``error`` finding per problem.

    Raises
    ------
    InputError
        If the file cannot be read or its columns are wrong; with ``strict=True`` (the default)
        also when any cell or row is defective, with every problem at once.
    """
    table = read_table(path, PROXY_COLUMNS, sheet=sheet, numeric=("value",))
    frame, found = validate_proxies(table)
    if strict:
        if found:
            raise InputError([problem for _, problem, _ in found])
        return frame
    bad = np.zeros(len(table.frame), dtype=bool)
    findings = []
    # In reading order, as the strict error lists them (stable: checks keep their order per row).
    for code, problem, position in sorted(found, key=lambda item: item[2]):
        bad[position] = True
        row = table.frame.iloc[position]
        findings.append(
            monitoring_finding(
                code,
                "error",
                str(problem),
                region=str(row["region"]),
                sector=str(row["sector"]),
                proxy=str(row["proxy"]),
                periods=[str(row["period"])],
                numbers={"line": table.lines[position]},
            )
        )
    return frame[~bad].reset_index(drop=True), findings


_Found = tuple[str, Problem, int]
"""A finding code, its problem and the row's position in the table."""


def validate_proxies(table: Table) -> tuple[pd.DataFrame, list[_Found]]:
    """Check every cell and row of a proxy table; the frame (PROXIES shape, every row, NaN or
    empty where a cell is bad) and the problems with their codes and row positions."""
    frame = table.frame
    if frame.empty:
        msg = "no data rows; give at least one row of " + ",".join(PROXY_COLUMNS)
        raise InputError(Problem(table.file, msg, sheet=table.sheet))
    found: list[_Found] = []

    def report(code: str, mask: NDArray[np.bool_], column: str, message: str) -> None:
        given = frame[column]
        for position in np.flatnonzero(mask):
            problem = _problem(table, int(position), column, message, given.iloc[position])
            found.append((code, problem, int(position)))

    regions = _resolve(frame["region"], _region)
    report("bad-region", regions.isna().to_numpy(), "region", _region_help())
    periods, daily = _periods(frame["period"])
    report("bad-period", periods.isna().to_numpy(), "period", _PERIOD_HELP)
    # Sector ids are matched without regard to case ("ii.1"), and come back as the list spells them.
    allowed = {s.casefold(): s for s in monitored_sectors()}
    sectors = _resolve(frame["sector"], lambda s: allowed.get(s.casefold()))
    report("unknown-sector", sectors.isna().to_numpy(), "sector", _sector_help())
    kinds = proxy_kinds()
    proxies = _resolve(frame["proxy"], lambda s: s.lower() if s.lower() in kinds else None)
    report("unknown-proxy", proxies.isna().to_numpy(), "proxy", _proxy_help())

    conversions = _conversions(proxies, frame["unit"])
    helps = {kind: _unit_help(kind) for kind in kinds}
    for code in ("bad-unit", "wrong-unit-dimension"):
        refused = (conversions["code"] == code).to_numpy()
        reasons = conversions["reason"].to_numpy()
        # One message per distinct (proxy, unit) pair, reported on each of its rows.
        for reason in pd.unique(reasons[refused]):
            rows = refused & (reasons == reason)
            kind = str(proxies[rows].iloc[0])
            report(code, rows, "unit", f"{reason}; {helps[kind]}")

    values = _numbers(frame["value"])
    report("non-numeric", ~np.isfinite(values), "value", "value must be a finite number")
    may_be_negative = proxies.map({k: v.negative_allowed for k, v in kinds.items()})
    negative = (values < 0) & ~may_be_negative.fillna(value=True).to_numpy(dtype=bool)
    message = "value must be ≥ 0; allowed below zero only for proxy 'temperature'"
    report("negative-value", negative, "value", message)

    out = pd.DataFrame(
        {
            "region": regions.astype(object),
            "period": periods.astype(object),
            "sector": sectors.astype(object),
            "proxy": proxies.astype(object),
            "value": values * conversions["factor"].to_numpy() + conversions["offset"].to_numpy(),
            "unit": conversions["unit"].astype(object),
        }
    )
    keyed = out[["region", "period", "sector", "proxy"]].notna().all(axis=1).to_numpy()
    found += _duplicates(table, out, keyed)
    found += _mixed(table, out, keyed, daily, "period", "mixed-granularity", _GRANULARITY)
    basis = conversions["basis"].to_numpy()
    found += _mixed(table, out, keyed & (basis >= 0), basis, "unit", "mixed-unit-basis", None)
    out.attrs["file"] = table.file
    return out, found


_PERIOD_HELP = "period must be a date YYYY-MM-DD (daily) or a month YYYY-MM (monthly)"
_GRANULARITY = {True: "daily", False: "monthly"}


def _region_help() -> str:
    return f"unknown region; allowed: {', '.join(codes.region_scopes())} (or their names)"


def _sector_help() -> str:
    return f"unknown sector; allowed: the monitored sectors {', '.join(monitored_sectors())}"


def _proxy_help() -> str:
    return f"unknown proxy kind; allowed: {', '.join(proxy_kinds())}"


def _unit_help(kind: str) -> str:
    spec = proxy_kinds()[kind]
    shown = ", ".join(
        f"{d} (e.g. {u})" for d, u in zip(spec.dimensions, spec.canonical_units, strict=True)
    )
    return f"allowed: units of {shown}"


def _problem(table: Table, position: int, column: str, message: str, value: object) -> Problem:
    if table.sheet is not None:
        # Imported here: openpyxl costs 0.14 s, and only a workbook's problems need it (the
        # monitoring page imports this module for its first request).
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(list(table.frame.columns).index(column) + 1)
        message = f"cell {table.sheet}!{letter}{table.lines[position]}: {message}"
    return table.problem(position, column, message, value)


def _resolve(column: pd.Series, resolve: Callable[[str], str | None]) -> pd.Series:
    """Each distinct spelling resolved once (stripped); ``None`` where it does not resolve."""
    positions, uniques = pd.factorize(column.astype(str).str.strip(), use_na_sentinel=False)
    resolved = np.array([resolve(str(text)) if text else None for text in uniques], dtype=object)
    return pd.Series(resolved[positions], index=column.index, dtype=object)


def _region(text: str) -> str | None:
    region = codes.regions().resolve(text)
    return region if region in codes.region_scopes() else None


def _periods(column: pd.Series) -> tuple[pd.Series, NDArray[np.bool_]]:
    """Normalised periods (``None`` where invalid) and whether each is daily.

    A workbook date cell reads as ``2025-03-01`` or ``2025-03-01 00:00:00``; both are the day.
    """
    text = column.astype(str).str.strip().str.removesuffix(" 00:00:00")
    positions, uniques = pd.factorize(text, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=object).astype(str)
    day = distinct.str.fullmatch(_DAY.pattern)
    month = distinct.str.fullmatch(_MONTH.pattern)
    valid_day = pd.to_datetime(distinct.where(day), format="%Y-%m-%d", errors="coerce").notna()
    valid_month = pd.to_datetime(distinct.where(month), format="%Y-%m", errors="coerce").notna()
    good = (day & valid_day) | (month & valid_month)
    normal = distinct.where(good, None).to_numpy(dtype=object)
    return (
        pd.Series(normal[positions], index=column.index, dtype=object),
        (day & valid_day).to_numpy(dtype=bool)[positions],
    )


def _conversions(proxies: pd.Series, units: pd.Series) -> pd.DataFrame:
    """One :func:`unit_conversion` per distinct (proxy, unit) pair, spread back over the rows."""
    pairs = pd.DataFrame({"proxy": proxies.fillna(""), "unit": units.astype(str).str.strip()})
    positions, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs))
    rows: list[tuple[int, float, float, str | None, str, str]] = []
    for kind, unit in uniques:
        if not kind:
            rows.append((-1, math.nan, math.nan, None, "", ""))
            continue
        conversion = unit_conversion(str(kind), str(unit))
        refused = conversion.basis < 0
        rows.append(
            (
                conversion.basis,
                conversion.factor,
                conversion.offset,
                None if refused else conversion.unit,
                conversion.code,
                conversion.unit if refused else "",
            )
        )
    table = pd.DataFrame(rows, columns=["basis", "factor", "offset", "unit", "code", "reason"])
    return table.iloc[positions].reset_index(drop=True).set_axis(proxies.index)


def _numbers(column: pd.Series) -> NDArray[np.float64]:
    """Numbers from a column that may be numeric already or text (with 1,000 separators)."""
    if pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype="float64")
    positions, uniques = pd.factorize(column, use_na_sentinel=False)
    text = pd.Series(uniques, dtype=object).astype(str).str.strip().str.replace(",", "")
    parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    return parsed[positions]


def _duplicates(table: Table, out: pd.DataFrame, keyed: NDArray[np.bool_]) -> list[_Found]:
    key = ["region", "period", "sector", "proxy"]
    rows = out.loc[keyed, key]
    later = rows.duplicated(keep="first")
    first = rows.groupby(key, sort=False).ngroup()
    first_position = pd.Series(rows.index, index=rows.index).groupby(first).transform("first")
    found = []
    for position in rows.index[later.to_numpy()]:
        line = table.lines[int(first_position[position])]
        message = (
            f"duplicate of line {line} (same region, period, sector and proxy); "
            "allowed: one row per region, period, sector and proxy"
        )
        given = table.frame["value"].iloc[position]
        found.append(
            ("duplicate", _problem(table, int(position), "value", message, given), int(position))
        )
    return found


def _mixed(
    table: Table,
    out: pd.DataFrame,
    usable: NDArray[np.bool_],
    what: NDArray[np.generic],
    column: str,
    code: str,
    names: dict[bool, str] | None,
) -> list[_Found]:
    """Rows of a series (region, sector, proxy) whose ``what`` differs from its first row's."""
    rows = out.loc[usable, ["region", "sector", "proxy"]].assign(what=what[usable])
    series = rows.groupby(["region", "sector", "proxy"], sort=False)
    first = series["what"].transform("first")
    first_position = (
        pd.Series(rows.index, index=rows.index).groupby(series.ngroup()).transform("first")
    )
    found = []
    given_what = rows["what"].to_numpy()
    for at in np.flatnonzero((rows["what"] != first).to_numpy()):
        position = rows.index[int(at)]
        line = table.lines[int(first_position.iloc[at])]
        key = "/".join(str(out.at[position, c]) for c in ("region", "sector", "proxy"))
        if names is None:
            kind = proxy_kinds()[str(out.at[position, "proxy"])]
            was = kind.dimensions[int(first.iloc[at])]
            now = kind.dimensions[int(given_what[at])]
            what_text = f"given as {was} from line {line} but here as {now}"
            allowed = "one basis per series"
        else:
            was, now = names[bool(first.iloc[at])], names[bool(given_what[at])]
            what_text = f"{was} from line {line} but this period is {now}"
            allowed = "one granularity per series"
        message = f"series {key} is {what_text}; allowed: {allowed}"
        given = table.frame[column].iloc[position]
        found.append((code, _problem(table, int(position), column, message, given), int(position)))
    return found
