"""The override sections of a scenario file: lever and driver paths, parameters, targets.

Each parser takes the raw YAML value and returns what it could read plus one
:class:`~peakzero.errors.Problem` per defect, placed by key path (the caller adds line numbers).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.io.packaged import data_name
from peakzero.pathways import catalogue
from peakzero.pathways.paths import PathSpec, check_range, parse_path

__all__ = ["COMPARISONS", "Target", "parameter_overrides", "path_overrides", "targets"]

_DATA = data_name("pathways")

COMPARISONS = ("<=", ">=")
_TARGET_REQUIRED = ("name", "variable", "year", "comparison", "value", "unit", "source")
_TARGET_KEYS = (*_TARGET_REQUIRED, "change_from", "peak_by")
_HORIZON_RULE = (
    f"a whole-number year from {catalogue.HORIZON[0]} to {catalogue.HORIZON[1]} (the horizon)"
)


@dataclass(frozen=True)
class Target:
    """A policy target a scenario is checked against (see ``current-policy.yaml``).

    ``value`` is compared with the model's ``variable`` in ``year``; with ``change_from`` the
    compared figure is the change in % since that year, with ``peak_by`` it is the peak year.
    """

    name: str
    variable: str
    year: int
    comparison: str  # "<=" or ">="
    value: float
    unit: str
    source: str
    change_from: int | None = None
    peak_by: bool = False


def path_overrides(
    raw: object, section: str, items: dict[str, catalogue.Item], file: str
) -> tuple[dict[str, PathSpec], list[Problem]]:
    if raw is None:
        return {}, []
    kind = section.rstrip("s")
    if not isinstance(raw, dict):
        msg = f"{section} must map {kind} ids to paths, e.g. {{nev_share: 0.5}}"
        return {}, [Problem(file, msg, column=section, value=raw)]
    specs: dict[str, PathSpec] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        where = f"{section}.{key}"
        item = items.get(str(key))
        if item is None:
            message = _unknown(kind, str(key), list(items), f"{_DATA}/{section}.yaml")
            problems.append(Problem(file, message, column=where, value=str(key)))
            continue
        try:
            spec = parse_path(value, file, where)
        except InputError as exc:
            problems += exc.problems
            continue
        out_of_range = check_range(spec, item.min, item.max, file, where, item.unit)
        problems += out_of_range + _base_year_problems(spec, item, file, where, section)
        if not out_of_range:
            specs[item.id] = spec
    return specs, problems


def _base_year_problems(
    spec: PathSpec, item: catalogue.Item, file: str, where: str, section: str
) -> list[Problem]:
    """A lever must start from its 2019 value: the base year is calibrated to CEADs with it."""
    if section != "levers":
        return []
    year = np.array([catalogue.HORIZON[0]])
    given = float(spec.evaluate(year)[0])
    base = float(parse_path(item.default, f"{_DATA}/levers.yaml", where).evaluate(year)[0])
    if math.isclose(given, base, rel_tol=1e-9, abs_tol=1e-12):
        return []
    msg = (
        f"starts at {given:g} in {catalogue.HORIZON[0]}; the base year is calibrated with "
        f"{base:g} {item.unit} (2019 technology), so start the path there"
    )
    return [Problem(file, msg, column=where, value=given)]


def parameter_overrides(raw: object, file: str) -> tuple[dict[str, float], list[Problem]]:
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        msg = "parameters must map parameter ids to numbers, e.g. {heat_pump_cop: 3.5}"
        return {}, [Problem(file, msg, column="parameters", value=raw)]
    known = catalogue.parameters()
    values: dict[str, float] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        where = f"parameters.{key}"
        parameter = known.get(str(key))
        number = _number(value)
        if parameter is None:
            message = _unknown("parameter", str(key), list(known), f"{_DATA}/parameters.csv")
            problems.append(Problem(file, message, column=where, value=str(key)))
        elif number is None:
            unit = "" if parameter.unit == "1" else f" (unit {parameter.unit})"
            msg = f"must be a finite number{unit}"
            problems.append(Problem(file, msg, column=where, value=value))
        elif not parameter.min <= number <= parameter.max:
            allowed = f"{parameter.min:g} to {parameter.max:g} {parameter.unit}".rstrip()
            msg = f"outside the physical range {allowed}"
            problems.append(Problem(file, msg, column=where, value=value))
        else:
            values[parameter.id] = number
    return values, problems


def targets(raw: object, file: str) -> tuple[tuple[Target, ...], list[Problem]]:
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        msg = f"targets must be a list of {{{', '.join(_TARGET_REQUIRED)}}}"
        return (), [Problem(file, msg, column="targets", value=raw)]
    targets: list[Target] = []
    problems: list[Problem] = []
    for index, entry in enumerate(raw):
        target, found = _target(entry, file, f"targets.{index}")
        problems += found
        if target is None:
            continue
        if any(t.name == target.name for t in targets):
            msg = "a target of this name is already in this file; names must be unique"
            problems.append(Problem(file, msg, column=f"targets.{index}.name", value=target.name))
        targets.append(target)
    return tuple(targets), problems


def _target(entry: object, file: str, where: str) -> tuple[Target | None, list[Problem]]:
    if not isinstance(entry, dict):
        msg = f"a target is a mapping with {', '.join(_TARGET_REQUIRED)}"
        return None, [Problem(file, msg, column=where, value=entry)]
    problems = [
        Problem(file, f"unknown target key; use {', '.join(_TARGET_KEYS)}", column=f"{where}.{k}")
        for k in entry
        if k not in _TARGET_KEYS
    ]
    missing = [key for key in _TARGET_REQUIRED if entry.get(key) in (None, "")]
    if missing:
        problems.append(Problem(file, f"target lacks {', '.join(missing)}", column=where))
    texts = {key: str(entry.get(key) or "") for key in ("name", "variable", "unit", "source")}
    year = _checked_year(entry, "year", file, where, problems)
    change_from = _checked_year(entry, "change_from", file, where, problems)
    if year is not None and change_from is not None and change_from >= year:
        msg = f"change_from must be a year before the target year {year}"
        problems.append(Problem(file, msg, column=f"{where}.change_from", value=change_from))
    comparison = entry.get("comparison")
    if comparison is not None and comparison not in COMPARISONS:
        msg = f"comparison must be one of {', '.join(repr(c) for c in COMPARISONS)}"
        problems.append(Problem(file, msg, column=f"{where}.comparison", value=comparison))
    value = _number(entry.get("value"))
    if entry.get("value") is not None and value is None:
        msg = "value must be a finite number"
        problems.append(Problem(file, msg, column=f"{where}.value", value=entry.get("value")))
    peak_by = entry.get("peak_by", False)
    if not isinstance(peak_by, bool):
        msg = "peak_by must be true or false"
        problems.append(Problem(file, msg, column=f"{where}.peak_by", value=peak_by))
    if problems or year is None or value is None or not isinstance(comparison, str):
        return None, problems
    target = Target(
        name=texts["name"],
        variable=texts["variable"],
        year=year,
        comparison=comparison,
        value=value,
        unit=texts["unit"],
        source=texts["source"],
        change_from=change_from,
        peak_by=bool(peak_by),
    )
    return target, []


def _checked_year(
    entry: dict[Any, Any], key: str, file: str, where: str, problems: list[Problem]
) -> int | None:
    """``entry[key]`` as a year of the horizon; a problem if it is given and is not one."""
    raw = entry.get(key)
    if raw is None:
        return None
    number = _number(raw)
    lo, hi = catalogue.HORIZON
    if number is None or not number.is_integer() or not lo <= number <= hi:
        problems.append(
            Problem(file, f"{key} must be {_HORIZON_RULE}", column=f"{where}.{key}", value=raw)
        )
        return None
    return int(number)


def _number(raw: object) -> float | None:
    """A finite int or float (not a bool, not text), else None."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def _unknown(kind: str, key: str, valid: list[str], where: str) -> str:
    close = difflib.get_close_matches(key, valid, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    shown = ", ".join(valid[:6])
    return f"unknown {kind} id; {hint}valid ids include {shown}, … ({len(valid)} in {where})"


# --- resolving the chain -------------------------------------------------------------------------
