"""Global warming potentials (GWP100) of the IPCC assessment reports, from ``gwp.csv``.

Metrics are named as in iam-units (``AR5GWP100`` …); the packaged values agree with
``iam_units.convert_gwp`` (checked by the tests).
"""

from __future__ import annotations

import re
from functools import cache

from peakzero import codes
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

__all__ = ["GWP_METRICS", "canonical_gwp_metric", "gwp_values"]

GWP_METRICS: tuple[str, ...] = ("SARGWP100", "AR4GWP100", "AR5GWP100", "AR6GWP100")
GWP_COLUMNS = ("metric", "gas", "value", "unit", "source", "status")
_REQUIRED_GASES = ("CO2", "CH4", "N2O")


def canonical_gwp_metric(text: str) -> str:
    """The iam-units name of a GWP metric: ``"AR5"``, ``"ar5-gwp100"`` → ``"AR5GWP100"``.

    Raises
    ------
    InputError
        If ``text`` names none of :data:`GWP_METRICS`.
    """
    key = re.sub(r"[\W_]+", "", str(text)).upper().removesuffix("GWP100")
    for metric in GWP_METRICS:
        if key == metric.removesuffix("GWP100"):
            return metric
    short = ", ".join(m.removesuffix("GWP100") for m in GWP_METRICS)
    msg = f"unknown GWP metric; use one of {', '.join(GWP_METRICS)} (or {short})"
    raise InputError(Problem("gwp metric", msg, value=text))


def gwp_values(metric: str) -> dict[str, float]:
    """GWP100 of each gas under ``metric``, in kg CO2e per kg of the gas.

    Parameters
    ----------
    metric
        A metric name or its short form (``"AR5"``), case-insensitive.

    Returns
    -------
    dict
        Gas id (``CO2``, ``CH4``, ``N2O``) → GWP.

    Raises
    ------
    InputError
        If ``metric`` is unknown (the message lists the valid metrics).
    """
    return dict(_gwp_table()[canonical_gwp_metric(metric)])


def gwp_rows() -> list[dict[str, str]]:
    """The rows of ``gwp.csv`` as strings (for display with their source and status)."""
    _gwp_table()  # validates the file first
    rows, _ = read_rows(packaged_text("gwp.csv"), package_file("gwp.csv"), GWP_COLUMNS, ("note",))
    return [row for _, row in rows]


@cache
def _gwp_table() -> dict[str, dict[str, float]]:
    file = package_file("gwp.csv")
    rows, problems = read_rows(packaged_text("gwp.csv"), file, GWP_COLUMNS, ("note",))
    table: dict[str, dict[str, float]] = {metric: {} for metric in GWP_METRICS}
    for line, row in rows:
        problems += check_required(file, line, row, GWP_COLUMNS)
        problems += check_status(file, line, row)
        value = parse_number(row["value"])
        gas = codes.gases().resolve(row["gas"])
        if row["metric"] not in table:
            problems.append(Problem(file, "unknown metric", line, "metric", row["metric"]))
        elif gas is None:
            problems.append(Problem(file, "unknown gas", line, "gas", row["gas"]))
        elif value is None or value <= 0:
            problems.append(Problem(file, "not a positive number", line, "value", row["value"]))
        elif gas in table[row["metric"]]:
            problems.append(Problem(file, "duplicate metric and gas", line, "gas", gas))
        else:
            table[row["metric"]][gas] = value
    for metric, values in table.items():
        absent = [gas for gas in _REQUIRED_GASES if gas not in values]
        if absent:
            problems.append(Problem(file, f"{metric} lacks {', '.join(absent)}"))
    raise_reference(problems)
    return table
