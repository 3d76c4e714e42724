"""Path specifications: how a lever or driver moves from 2019 to 2060, and their evaluation.

A path is written in YAML (``levers.yaml``, ``drivers.yaml``, scenario files) in one of three
forms (docs/design/pathways.md):

* a number — constant;
* ``{values: {2019: a, 2025: b, …}}`` — linear between the given years, flat before the first
  and after the last;
* ``{s_curve: {start_year, start, saturation, midpoint, steepness}}`` — logistic from ``start``
  at ``start_year`` towards ``saturation`` (``steepness`` per year, default 0.5), rescaled so
  that the value at ``start_year`` is exactly ``start``; ``start`` before ``start_year``.

:func:`parse_path` turns the YAML value into a :class:`PathSpec` (or an :class:`InputError` that
names the file, the key path and what is valid); :meth:`PathSpec.evaluate` is vectorised over an
array of years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways.catalogue import HORIZON

__all__ = [
    "DEFAULT_STEEPNESS",
    "HORIZON_YEARS",
    "YEAR_RANGE",
    "PathKind",
    "PathSpec",
    "SCurve",
    "check_range",
    "parse_path",
]

PathKind = Literal["constant", "values", "s_curve"]
DEFAULT_STEEPNESS = 0.5  # per year
YEAR_RANGE = (1990, 2100)
"""Years a path may name; history points before 2019 and trends beyond 2060 are allowed."""
HORIZON_YEARS = np.arange(HORIZON[0], HORIZON[1] + 1)
"""The years every path is evaluated on (2019-2060)."""

_FORMS = (
    "a number, {values: {year: value, …}} or "
    "{s_curve: {start_year, start, saturation, midpoint, steepness}}"
)
_S_REQUIRED = ("start_year", "start", "saturation", "midpoint")
_S_KEYS = (*_S_REQUIRED, "steepness")
_YEAR_RULE = f"a year must be a whole number between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}"


@dataclass(frozen=True)
class SCurve:
    """The parameters of an ``s_curve`` path (years as calendar years, steepness per year)."""

    start_year: int
    start: float
    saturation: float
    midpoint: float
    steepness: float = DEFAULT_STEEPNESS


@dataclass(frozen=True)
class PathSpec:
    """One path: its ``kind`` and the parameters of that kind.

    ``value`` is used by ``constant`` paths, ``points`` (``(year, value)`` pairs in increasing
    year order) by ``values`` paths and ``curve`` by ``s_curve`` paths. Build specs from YAML
    with :func:`parse_path`; the constructor only checks that the fields fit the kind.
    """

    kind: PathKind
    value: float = 0.0
    points: tuple[tuple[int, float], ...] = ()
    curve: SCurve | None = None
    # Precomputed arrays, so that evaluate() does no Python-level work per point.
    _xp: np.ndarray = field(init=False, repr=False, compare=False)
    _fp: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "values":
            years = [y for y, _ in self.points]
            if not years or any(b <= a for a, b in pairwise(years)):
                msg = f"a values path needs points in increasing year order, got {self.points}"
                raise ValueError(msg)
        elif self.kind == "s_curve":
            if self.curve is None or not self.curve.steepness > 0:
                msg = f"an s_curve path needs a curve with steepness > 0, got {self.curve}"
                raise ValueError(msg)
        elif self.kind != "constant":
            msg = f"unknown path kind {self.kind!r}; use constant, values or s_curve"
            raise ValueError(msg)
        xp = np.array([y for y, _ in self.points], dtype=np.float64)
        fp = np.array([v for _, v in self.points], dtype=np.float64)
        object.__setattr__(self, "_xp", xp)
        object.__setattr__(self, "_fp", fp)

    def to_json(self) -> object:
        """The canonical JSON-ready form (used for hashing; :func:`parse_path` reads it back).

        Numbers are floats, years of a ``values`` path are strings (JSON object keys) and an
        ``s_curve`` always carries its steepness, so equal paths give equal JSON.
        """
        if self.kind == "constant":
            return float(self.value)
        if self.kind == "values":
            return {"values": {str(year): float(v) for year, v in self.points}}
        curve = self._scurve()
        return {
            "s_curve": {
                "start_year": int(curve.start_year),
                "start": float(curve.start),
                "saturation": float(curve.saturation),
                "midpoint": float(curve.midpoint),
                "steepness": float(curve.steepness),
            }
        }

    def evaluate(self, years: np.ndarray) -> np.ndarray:
        """The path's value in each of ``years``.

        Parameters
        ----------
        years : numpy.ndarray
            Calendar years, any shape.

        Returns
        -------
        numpy.ndarray
            float64, the same shape as ``years``.
        """
        y = np.asarray(years, dtype=np.float64)
        if self.kind == "constant":
            return np.full(y.shape, self.value, dtype=np.float64)
        if self.kind == "values":
            # np.interp holds the first and last value outside the given years.
            return np.interp(y, self._xp, self._fp)
        return _s_curve(y, self._scurve())

    def _scurve(self) -> SCurve:
        if self.curve is None:  # excluded by __post_init__
            msg = "s_curve path without a curve"
            raise ValueError(msg)
        return self.curve


def _s_curve(y: np.ndarray, c: SCurve) -> np.ndarray:
    """v(y) = start + (saturation − start)·(L(y) − L(y0))/(1 − L(y0)), ``start`` before y0.

    With z = k(y − midpoint), (L − L0)/(1 − L0) = 1 − (1 − L)/(1 − L0) and
    log(1 − L) = −softplus(z), so the fraction is 1 − exp(softplus(z0) − softplus(z)). This form
    stays exact where L(y0) rounds to 1 (a start year long after the midpoint), where the textbook
    form divides by zero. Clamping y to y0 gives the flat part before the start year.
    """
    z = c.steepness * (np.maximum(y, c.start_year) - c.midpoint)
    z0 = c.steepness * (c.start_year - c.midpoint)
    fraction = -np.expm1(np.logaddexp(0.0, z0) - np.logaddexp(0.0, z))
    return c.start + (c.saturation - c.start) * fraction


def parse_path(raw: object, file: str, where: str) -> PathSpec:
    """Read a path specification as written in YAML (or as :meth:`PathSpec.to_json` wrote it).

    Parameters
    ----------
    raw : object
        A number, ``{"values": {year: value}}`` or ``{"s_curve": {...}}``.
    file : str
        The file the path comes from, for messages.
    where : str
        Its key path in that file, e.g. ``levers.nev_share``.

    Returns
    -------
    PathSpec

    Raises
    ------
    InputError
        One :class:`Problem` per defect: wrong type, unknown or missing keys, years that are not
        whole numbers in 1990-2100, values that are not finite numbers, steepness ≤ 0.
    """
    spec, problems = _parse(raw, file, where)
    if problems or spec is None:
        raise InputError(problems)
    return spec


def _parse(raw: object, file: str, where: str) -> tuple[PathSpec | None, list[Problem]]:
    number = _number(raw)
    if number is not None:
        return PathSpec("constant", value=number), []
    if raw is None or raw == {}:
        return None, [Problem(file, f"empty path; use {_FORMS}", column=where)]
    if not isinstance(raw, dict):
        return None, [Problem(file, f"not a path; use {_FORMS}", column=where, value=raw)]
    problems = [
        Problem(file, f"unknown key {key!r} in a path; use {_FORMS}", column=f"{where}.{key}")
        for key in raw
        if key not in ("values", "s_curve")
    ]
    if "values" in raw and "s_curve" in raw:
        msg = "use either values or s_curve in a path, not both"
        problems.append(Problem(file, msg, column=where))
    elif "values" in raw:
        spec, found = _parse_values(raw["values"], file, f"{where}.values")
        return (None if problems else spec), problems + found
    elif "s_curve" in raw:
        spec, found = _parse_s_curve(raw["s_curve"], file, f"{where}.s_curve")
        return (None if problems else spec), problems + found
    return None, problems


def _parse_values(raw: object, file: str, where: str) -> tuple[PathSpec | None, list[Problem]]:
    if not isinstance(raw, dict) or not raw:
        msg = "values must map years to numbers, e.g. {2019: 0.05, 2030: 0.5}"
        return None, [Problem(file, msg, column=where, value=raw or None)]
    problems: list[Problem] = []
    points: dict[int, float] = {}
    for key, value in raw.items():
        column = f"{where}.{key}"
        year = _year(key)
        if year is None:
            problems.append(Problem(file, _YEAR_RULE, column=column, value=key))
        elif year in points:
            problems.append(Problem(file, f"year {year} is given twice", column=column))
        number = _number(value)
        if number is None:
            msg = "must be a finite number" if value is not None else "no value given"
            problems.append(Problem(file, msg, column=column, value=value))
        if year is not None and number is not None:
            points[year] = number
    if problems:
        return None, problems
    return PathSpec("values", points=tuple(sorted(points.items()))), []


def _parse_s_curve(raw: object, file: str, where: str) -> tuple[PathSpec | None, list[Problem]]:
    if not isinstance(raw, dict):
        msg = f"s_curve must be a mapping with {', '.join(_S_REQUIRED)} and optional steepness"
        return None, [Problem(file, msg, column=where, value=raw)]
    problems = [
        Problem(file, f"unknown s_curve key; use {', '.join(_S_KEYS)}", column=f"{where}.{key}")
        for key in raw
        if key not in _S_KEYS
    ]
    problems += [
        Problem(file, f"s_curve lacks {key}", column=where) for key in _S_REQUIRED if key not in raw
    ]
    start_year = _year(raw.get("start_year"))
    if "start_year" in raw and start_year is None:
        problems.append(_bad(file, f"{where}.start_year", raw["start_year"], _YEAR_RULE))
    numbers = {key: _number(raw.get(key)) for key in ("start", "saturation", "midpoint")}
    for key, number in numbers.items():
        if key in raw and number is None:
            problems.append(_bad(file, f"{where}.{key}", raw[key], "must be a finite number"))
    midpoint = numbers["midpoint"]
    if midpoint is not None and not YEAR_RANGE[0] <= midpoint <= YEAR_RANGE[1]:
        msg = f"midpoint must be a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}"
        problems.append(_bad(file, f"{where}.midpoint", raw["midpoint"], msg))
    steepness = _number(raw.get("steepness", DEFAULT_STEEPNESS))
    if steepness is None or steepness <= 0:
        msg = "steepness must be a number > 0 (per year; default 0.5)"
        problems.append(_bad(file, f"{where}.steepness", raw.get("steepness"), msg))
    start, saturation = numbers["start"], numbers["saturation"]
    if (
        problems
        or start_year is None
        or start is None
        or saturation is None
        or midpoint is None
        or steepness is None
    ):
        return None, problems
    curve = SCurve(start_year, start, saturation, midpoint, steepness)
    return PathSpec("s_curve", curve=curve), []


def check_range(
    spec: PathSpec, lo: float, hi: float, file: str, where: str, unit: str = ""
) -> list[Problem]:
    """Problems for a path that leaves [``lo``, ``hi``] in any year of 2019-2060.

    A ``values`` path gets one problem per given point outside the range (key path
    ``<where>.values.<year>``): linear interpolation stays between the points, so those points
    are the cause. Other paths get one problem naming the first year outside the range.

    Parameters
    ----------
    spec : PathSpec
    lo, hi : float
        The physical range (the catalogue's ``min`` and ``max``).
    file, where : str
        File and key path, for messages.
    unit : str, optional
        Shown with the range (``1``, a fraction, is not shown).

    Returns
    -------
    list of Problem
        Empty if the path stays in range.
    """
    values = spec.evaluate(HORIZON_YEARS)
    slack = 1e-9 * max(1.0, abs(lo), abs(hi))  # float rounding at a bound is not a defect
    outside = (values < lo - slack) | (values > hi + slack)
    if not outside.any():
        return []
    shown_unit = "" if unit in ("", "1") else f" {unit}"
    allowed = f"allowed range {_num(lo)} to {_num(hi)}{shown_unit}"
    if spec.kind == "values":
        bad = [(y, v) for y, v in spec.points if not lo - slack <= v <= hi + slack]
        return [
            Problem(file, f"out of range in {y}; {allowed}", column=f"{where}.values.{y}", value=v)
            for y, v in bad
        ]
    first = int(np.argmax(outside))
    year, value = int(HORIZON_YEARS[first]), float(f"{values[first]:.6g}")
    count = int(outside.sum())
    if spec.kind == "constant":
        return [Problem(file, f"out of range; {allowed}", column=where, value=value)]
    msg = f"out of range in {year} ({count} of the years {HORIZON[0]}-{HORIZON[1]}); {allowed}"
    return [Problem(file, msg, column=f"{where}.s_curve", value=value)]


def _number(raw: object) -> float | None:
    """A finite int or float (not a bool, not text), else None."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def _year(raw: object) -> int | None:
    """A whole-number year in :data:`YEAR_RANGE` (``"2030"`` as JSON keys write it), else None."""
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    number = _number(raw)
    if number is None or not number.is_integer():
        return None
    year = int(number)
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def _bad(file: str, column: str, value: object, message: str) -> Problem:
    return Problem(file, message, column=column, value=value)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
