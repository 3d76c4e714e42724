"""The Monte Carlo distributions: of levers and drivers (their ``uncertainty`` entry in
``levers.yaml`` / ``drivers.yaml``) and of model parameters (``parameters_uncertainty.csv``).

Every distribution is of a multiplier (1 = the central input) so that one mechanism scales a
scenario's path or value, whatever the scenario sets (docs/methods/pathways.md, uncertainty).
Two ways to draw: :func:`draw` straight from the distribution (independent items, as before
correlations existed, so their draws are unchanged) and :func:`quantile` (the inverse CDF, for the
Gaussian copula of :mod:`peakzero.pathways.correlation` and for Sobol samples).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from scipy import stats

from peakzero.errors import PeakzeroError, Problem
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    parse_number,
    raise_reference,
    read_rows,
)
from peakzero.pathways import catalogue

__all__ = [
    "DISTRIBUTIONS",
    "PARAMETER_FILE",
    "Uncertain",
    "check_spec",
    "draw",
    "parameter_uncertainty",
    "quantile",
    "read_parameter_uncertainty",
    "uncertain_items",
]

PARAMETER_FILE = "parameters_uncertainty.csv"
DISTRIBUTIONS = {
    "triangular": ("low", "high"),  # mode optional, 1 by default
    "uniform": ("low", "high"),
    "normal": ("sd",),  # mean optional, 1 by default; cut at 0 (a multiplier is not negative)
}
"""Each distribution and the fields it needs."""


@dataclass(frozen=True)
class Uncertain:
    """One uncertain input: what it is (lever, driver or parameter) and its distribution."""

    id: str
    kind: str  # "lever", "driver" or "parameter"
    spec: Mapping[str, Any]  # distribution, low, mode, high / mean, sd; scales (levers, drivers)


def check_spec(spec: Mapping[str, Any]) -> str | None:
    """What is wrong with a distribution (a sentence), or None."""
    kind = spec.get("distribution")
    if kind not in DISTRIBUTIONS:
        return f"unknown distribution {kind!r}; use {', '.join(DISTRIBUTIONS)}"
    missing = [f for f in DISTRIBUTIONS[kind] if spec.get(f) is None]
    if missing:
        return f"a {kind} distribution needs {', '.join(missing)}"
    if kind == "normal":
        return None if float(spec["sd"]) > 0 else "sd must be positive"
    low, high = float(spec["low"]), float(spec["high"])
    mode = float(spec.get("mode", 1.0)) if kind == "triangular" else low
    if not low <= mode <= high or low == high:
        return f"needs low <= mode <= high and low < high (low {low}, mode {mode}, high {high})"
    return None


def draw(spec: Mapping[str, Any], runs: int, rng: np.random.Generator, key: str) -> np.ndarray:
    """``runs`` multipliers straight from the distribution."""
    kind = spec.get("distribution")
    if kind == "triangular":
        return rng.triangular(spec["low"], spec.get("mode", 1.0), spec["high"], runs)
    if kind == "uniform":
        return rng.uniform(spec["low"], spec["high"], runs)
    if kind == "normal":
        return np.maximum(rng.normal(spec.get("mean", 1.0), spec["sd"], runs), 0.0)
    msg = f"uncertain input {key}: unknown distribution {kind!r}"
    raise PeakzeroError(msg)


def quantile(spec: Mapping[str, Any], u: np.ndarray, key: str) -> np.ndarray:
    """The multipliers at probabilities ``u`` (0-1): the inverse CDF of the distribution."""
    kind = spec.get("distribution")
    if kind == "triangular":
        low, high, mode = float(spec["low"]), float(spec["high"]), float(spec.get("mode", 1.0))
        shape = (mode - low) / (high - low)
        return np.asarray(stats.triang.ppf(u, shape, loc=low, scale=high - low), dtype=float)
    if kind == "uniform":
        return float(spec["low"]) + u * (float(spec["high"]) - float(spec["low"]))
    if kind == "normal":
        # Probabilities of exactly 0 or 1 (a Sobol sequence starts at 0) give ±inf: kept finite.
        clipped = np.clip(u, 1e-12, 1.0 - 1e-12)
        values = stats.norm.ppf(clipped, loc=float(spec.get("mean", 1.0)), scale=float(spec["sd"]))
        return np.maximum(np.asarray(values, dtype=float), 0.0)
    msg = f"uncertain input {key}: unknown distribution {kind!r}"
    raise PeakzeroError(msg)


_COLUMNS = ("id", "distribution", "low", "high", "source", "status")
_OPTIONAL = ("mode", "mean", "sd", "note")


def read_parameter_uncertainty(text: str, file: str) -> dict[str, dict[str, Any]]:
    """The distributions of a parameter-uncertainty table, by parameter id, checked: a known
    parameter, a known distribution with its fields, a source and a status on every row."""
    rows, problems = read_rows(text, file, _COLUMNS, _OPTIONAL)
    known = catalogue.parameters()
    table: dict[str, dict[str, Any]] = {}
    for line, row in rows:
        problems += check_required(file, line, row, ("id", "distribution", "source", "status"))
        problems += check_status(file, line, row)
        if row["id"] and row["id"] not in known:
            msg = "not a parameter of parameters.csv"
            problems.append(Problem(file, msg, line, "id", row["id"]))
        if row["id"] in table:
            problems.append(Problem(file, "a second row for this id", line, "id", row["id"]))
        spec: dict[str, Any] = {"distribution": row["distribution"]}
        for column in ("low", "mode", "high", "mean", "sd"):
            if not row.get(column):
                continue
            number = parse_number(row[column])
            if number is None:
                problems.append(Problem(file, "not a number", line, column, row[column]))
            else:
                spec[column] = number
        wrong = check_spec(spec)
        if wrong:
            problems.append(Problem(file, wrong, line, "distribution", row["distribution"]))
        table[row["id"]] = spec
    raise_reference(problems)
    return table


@cache
def parameter_uncertainty() -> dict[str, dict[str, Any]]:
    """The packaged parameter distributions (``data/pathways/parameters_uncertainty.csv``)."""
    name = PARAMETER_FILE
    return read_parameter_uncertainty(data_text("pathways", name), data_name("pathways", name))


@cache
def uncertain_items() -> dict[str, Uncertain]:
    """Every uncertain lever, driver and parameter, by id (sorted)."""
    found: dict[str, Uncertain] = {}
    for item in [*catalogue.levers().values(), *catalogue.drivers().values()]:
        if item.uncertainty:
            found[item.id] = Uncertain(item.id, item.kind, item.uncertainty)
    for key, spec in parameter_uncertainty().items():
        if key in found:  # one multiplier per id: a parameter may not share a lever's id
            msg = f"{data_name('pathways', PARAMETER_FILE)}: {key} is also a {found[key].kind}"
            raise PeakzeroError(msg)
        found[key] = Uncertain(key, "parameter", spec)
    return dict(sorted(found.items()))
