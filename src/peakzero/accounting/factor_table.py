"""The combustion factor table format (``combustion.csv`` and user factor files).

Long format: one row per set, fuel, parameter and (optional) GPC sub-sector, the value in the unit
it is published in, with its source and status. This module checks rows (one
:class:`~peakzero.errors.Problem` per defect, with file, line and column) and converts values into
the canonical units of the engine.

The ``gpc`` column is empty for a factor that applies to every sector. A CH4 or N2O factor can
instead name a GPC sub-sector code or a prefix of codes of :func:`peakzero.codes.gpc_sectors`
(``I.4`` applies to ``I.4`` and ``I.4.4``; ``II`` to every ``II.x``): the IPCC defaults of these
gases differ by orders of magnitude between energy industries, households and vehicles.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from peakzero import codes
from peakzero.errors import Problem
from peakzero.io.reference import check_required, check_status, parse_number, read_rows
from peakzero.units import UnitError, conversion_factor, parse_unit

__all__ = [
    "CANONICAL_COLUMNS",
    "FACTOR_COLUMNS",
    "PARAMETERS",
    "SECTOR_PARAMETERS",
    "canonical_target",
    "gpc_prefixes",
    "parse_table",
]

FACTOR_COLUMNS = (
    "factor_set",
    "fuel",
    "parameter",
    "gpc",
    "value",
    "unit",
    "source",
    "status",
    "note",
)
PARAMETERS = ("ncv", "carbon_content", "oxidation", "co2_factor", "ch4_factor", "n2o_factor")
SECTOR_PARAMETERS = ("ch4_factor", "n2o_factor")
"""The parameters a row may restrict to a GPC sub-sector (column ``gpc``)."""
_OPTIONAL = ("gpc", "note")  # may be left out of a file (read as empty)
_REQUIRED = tuple(c for c in FACTOR_COLUMNS if c not in _OPTIONAL)
CANONICAL_COLUMNS = (
    "ncv_mass",
    "ncv_volume",
    "carbon_content",
    "oxidation",
    "co2_factor",
    "ch4_factor",
    "n2o_factor",
    "process_co2",
)
_FUEL_KINDS = ("solid", "liquid", "gas", "process")


# (parameter, is a process) -> accepted targets as (canonical column, unit, what the unit must be).
# A process factor is t CO2 per t of product, so dimensionless; a combustion factor is per energy.
_PER_ENERGY = "mass per energy, e.g. t/TJ, kg/TJ or t/GJ"
_TARGETS: dict[tuple[str, bool], tuple[tuple[str, str, str], ...]] = {
    ("ncv", False): (
        ("ncv_mass", "TJ/t", "energy per mass or volume, e.g. TJ/Gg, kJ/kg, GJ/t"),
        ("ncv_volume", "TJ/m^3", "energy per mass or volume, e.g. kJ/m^3, GJ/(10^4 m^3)"),
    ),
    ("carbon_content", False): (("carbon_content", "t/TJ", "t of carbon per energy, e.g. t/TJ"),),
    ("oxidation", False): (("oxidation", "", "a fraction: unit 1 or %"),),
    ("co2_factor", False): (("co2_factor", "t/TJ", _PER_ENERGY),),
    ("ch4_factor", False): (("ch4_factor", "t/TJ", _PER_ENERGY),),
    ("n2o_factor", False): (("n2o_factor", "t/TJ", _PER_ENERGY),),
    ("co2_factor", True): (("process_co2", "", "t CO2 per t of product: unit t/t"),),
}


def parse_table(text: str, file: str, sets: list[str] | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows of a combustion table and one problem per defect.

    ``sets`` lists the allowed set ids (packaged file) or is ``None`` (user file: one set only).
    """
    rows, problems = read_rows(text, file, _REQUIRED, _OPTIONAL)
    records: list[dict[str, object]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    first_set: tuple[str, int] | None = None
    for line, row in rows:
        found = check_required(file, line, row, _REQUIRED) + check_status(file, line, row)
        set_id = row["factor_set"]
        if set_id and sets is not None and set_id not in sets:
            msg = f"not a combustion set of sets.yaml; use one of {', '.join(sets)}"
            found.append(Problem(file, msg, line, "factor_set", set_id))
        elif set_id and sets is None:
            if first_set is None:
                first_set = (set_id, line)
            elif set_id != first_set[0]:
                msg = (
                    f"a file holds one factor set, but line {first_set[1]} starts "
                    f"{first_set[0]!r}; put each set in its own file"
                )
                found.append(Problem(file, msg, line, "factor_set", set_id))
        fuel = _check_fuel(file, line, row, found)
        value = _check_value(file, line, row, fuel, found)
        gpc = _check_gpc(file, line, row, found)
        key = (set_id, fuel or row["fuel"], row["parameter"], gpc)
        if key in seen:
            what = "fuel, parameter and gpc" if gpc else "fuel and parameter"
            msg = f"duplicate {what} (first on line {seen[key]})"
            found.append(Problem(file, msg, line, "parameter", row["parameter"]))
        seen.setdefault(key, line)
        problems += found
        if not found:
            records.append({**row, "fuel": fuel, "gpc": gpc, "value": value})
    table = pd.DataFrame(records, columns=list(FACTOR_COLUMNS))
    table["value"] = table["value"].astype("float64")
    return table, problems


def _check_fuel(file: str, line: int, row: dict[str, str], found: list[Problem]) -> str | None:
    fuel = codes.fuels().resolve(row["fuel"]) if row["fuel"] else None
    kinds = {f: c.get("kind") for f, c in codes.fuels().items()}
    if row["fuel"] and (fuel is None or kinds[fuel] not in _FUEL_KINDS):
        valid = ", ".join(f for f, k in kinds.items() if k in _FUEL_KINDS)
        msg = f"unknown fuel for a combustion factor set; use one of {valid}"
        found.append(Problem(file, msg, line, "fuel", row["fuel"]))
        return None
    return fuel


@cache
def gpc_prefixes() -> tuple[str, ...]:
    """The values allowed in ``gpc``: every GPC code and every dotted prefix of one, in order.

    ``I``, ``I.1`` … ``I.4``, ``I.4.4`` … ``II``, ``II.1`` …
    """
    out: dict[str, None] = {}
    for code in codes.gpc_sectors():
        parts = code.split(".")
        out.update(dict.fromkeys(".".join(parts[: i + 1]) for i in range(len(parts))))
    return tuple(out)


def _check_gpc(file: str, line: int, row: dict[str, str], found: list[Problem]) -> str:
    """The row's GPC code or prefix in canonical spelling (empty: every sector)."""
    text = row["gpc"]
    if not text:
        return ""
    gpc = text.upper()
    if gpc not in gpc_prefixes():
        msg = (
            "unknown GPC sub-sector; use a code of peakzero.codes.gpc_sectors() or a prefix of "
            f"one: {', '.join(gpc_prefixes())}; leave it empty for every sector"
        )
        found.append(Problem(file, msg, line, "gpc", text))
    if row["parameter"] in PARAMETERS and row["parameter"] not in SECTOR_PARAMETERS:
        msg = (
            f"only {' and '.join(SECTOR_PARAMETERS)} may be given for one GPC sub-sector; "
            f"leave gpc empty for {row['parameter']}"
        )
        found.append(Problem(file, msg, line, "gpc", text))
    return gpc


def _check_value(
    file: str, line: int, row: dict[str, str], fuel: str | None, found: list[Problem]
) -> float | None:
    """The row's value if it is a number; appends problems with the value, parameter and unit."""
    value = parse_number(row["value"])
    if row["value"] and value is None:
        found.append(Problem(file, "value is not a number", line, "value", row["value"]))
    elif value is not None and value < 0:
        found.append(Problem(file, "value must not be negative", line, "value", row["value"]))
    parameter = row["parameter"]
    if parameter and parameter not in PARAMETERS:
        msg = f"unknown parameter; use one of {', '.join(PARAMETERS)}"
        found.append(Problem(file, msg, line, "parameter", parameter))
        return value
    if fuel is None or not parameter or not row["unit"]:
        return value
    is_process = codes.fuels()[fuel].get("kind") == "process"
    if (parameter, is_process) not in _TARGETS:
        allowed = "co2_factor (t CO2 per t of product)" if is_process else ", ".join(PARAMETERS)
        msg = f"parameter does not apply to {fuel}; use {allowed}"
        found.append(Problem(file, msg, line, "parameter", parameter))
        return value
    try:
        column, factor = canonical_target(fuel, parameter, row["unit"])
    except UnitError as exc:
        found.append(Problem(file, str(exc), line, "unit", row["unit"]))
        return value
    if column == "oxidation" and value is not None and value * factor > 1:
        msg = "oxidation is a fraction of at most 1 (write 94 % as 0.94 with unit 1, or use unit %)"
        found.append(Problem(file, msg, line, "value", row["value"]))
    return value


def canonical_target(fuel: str, parameter: str, unit: str) -> tuple[str, float]:
    """The canonical column of a (fuel, parameter) and the factor from ``unit`` into its unit.

    The pair must be a key of ``_TARGETS`` (checked when the table is read).

    Raises
    ------
    UnitError
        If ``unit`` does not parse, or has the wrong dimension for the parameter (the message says
        what is expected).
    """
    targets = _TARGETS[(parameter, codes.fuels()[fuel].get("kind") == "process")]
    parse_unit(unit)  # so that any UnitError below is about the dimension
    for column, target, _ in targets:
        try:
            return column, conversion_factor(unit, target)
        except UnitError:
            continue
    msg = f"unit {unit!r} has the wrong dimension for {parameter}; use {targets[0][2]}"
    raise UnitError(msg)
