"""Emission boundaries: which CO2 a metric counts, and the grid factor of imported electricity.

Three boundaries (docs/methods/pathways.md, "Boundaries"):

* ``territorial`` — CEADs' scope 1: fuels burnt in Beijing and the cement process
  (:data:`TERRITORIAL`); it leaves out the CO2 behind the ~60 % of electricity Beijing imports.
* ``assessment`` — China's provincial carbon-intensity assessment: scope 1 *energy* CO2 plus net
  imported electricity (consumption with losses minus local generation) times a named factor.
  The headline boundary: the one the city is assessed on.
* ``consumption`` — the model's consumption view (:mod:`.sectors.hydrogen`): territorial energy
  and processes plus the imported grid-mix electricity that is not green and grey hydrogen.

The assessment factor is named (:func:`grid_factor`): ``average`` — the MEE North China grid
average (driver ``import_grid_factor``), every net imported MWh at it; ``residual`` — green
imports at zero and the rest at a residual mix; or a user's number (t/MWh) or factor id of
``data/factors/grid.csv``, held constant. No regional residual mix is published (emission-data.md
§3.3): the residual factor is the average raised by the ratio MEE/NBS publish for the national
grid without market-traded non-fossil electricity (0.5856 / 0.5366, 2022), an assumption said
wherever it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.errors import InputError, Problem
from peakzero.pathways.sectors.assessment import (
    ASSESSMENT,
    ASSESSMENT_ENERGY,
    ASSESSMENT_IMPORTS,
    ENERGY,
    IMPORTS,
    assessment_outputs,
)

if TYPE_CHECKING:  # typing only: the model imports this module to report the assessment boundary
    from peakzero.pathways.model import Results

__all__ = [
    "ASSESSMENT",
    "ASSESSMENT_ENERGY",
    "ASSESSMENT_IMPORTS",
    "BOUNDARIES",
    "BOUNDARY_VARIABLES",
    "CONSUMPTION",
    "DEFAULT_BOUNDARY",
    "TERRITORIAL",
    "GridFactor",
    "assessment_outputs",
    "boundary_emissions",
    "check_boundary",
    "describe_variable",
    "grid_factor",
    "residual_uplift",
]

TERRITORIAL = "Emissions|CO2|Energy and Industrial Processes"
CONSUMPTION = "Consumption Emissions|CO2"
GREEN = "Trade|Green Electricity Imports"

BOUNDARIES = ("assessment", "territorial", "consumption")
# The reported variable of each boundary (the assessment one with the average factor).
BOUNDARY_VARIABLES = {
    "assessment": ASSESSMENT,
    "territorial": TERRITORIAL,
    "consumption": CONSUMPTION,
}
DEFAULT_BOUNDARY = "assessment"
FACTOR_NAMES = ("average", "residual")

# The national MEE/NBS factors whose ratio raises the average to a residual mix (grid.csv ids).
_RESIDUAL_RATIO_IDS = ("mee-national-excl-nonfossil-2022", "mee-national-2022")


@dataclass(frozen=True)
class GridFactor:
    """The named factor of net imported electricity on the assessment boundary.

    ``kind`` is ``average``, ``residual`` or ``constant`` (a user's number or a factor id, in
    ``value`` t/MWh); ``label`` says it to a reader, with the factor's source.
    """

    name: str
    kind: str
    label: str
    value: float | None = None


def check_boundary(boundary: str, field: str = "boundary") -> str:
    """``boundary`` if it is one of :data:`BOUNDARIES`; a clear :class:`InputError` otherwise."""
    if boundary not in BOUNDARIES:
        msg = f"unknown boundary; use one of {', '.join(BOUNDARIES)}"
        raise InputError(Problem(field, msg, value=boundary))
    return boundary


def describe_variable(variable: str) -> str:
    """Which boundary an emissions variable is on, said to a reader."""
    known = {
        ASSESSMENT: "assessment boundary, average factor",
        TERRITORIAL: "territorial boundary (CEADs scope 1)",
        CONSUMPTION: "consumption boundary",
        "Emissions|CO2": "territorial boundary, net of sinks and removals",
    }
    return known.get(variable, "a variable of no named boundary")


@cache
def residual_uplift() -> float:
    """How much a residual mix exceeds the average (MEE/NBS national 2022: 0.5856 / 0.5366)."""
    from peakzero.accounting.grid_factors import load_grid_factor

    without, average = (load_grid_factor(i).t_co2_per_mwh for i in _RESIDUAL_RATIO_IDS)
    return without / average


def grid_factor(text: str | float = "average") -> GridFactor:
    """The assessment factor named by ``text``: ``average``, ``residual``, a number in t/MWh or a
    factor id of ``data/factors/grid.csv`` (e.g. ``ndrc-north-china-2012``).

    Raises
    ------
    InputError
        Anything else (the message lists what is valid).
    """
    if isinstance(text, int | float):
        return _constant(float(text), f"{float(text):g} t/MWh (user's value)")
    name = str(text).strip()
    if name.casefold() == "average":
        label = "average: MEE North China grid average (driver import_grid_factor)"
        return GridFactor("average", "average", label)
    if name.casefold() == "residual":
        label = (
            f"residual: green imports at zero, the rest at the average × {residual_uplift():.4f} "
            "(MEE/NBS national ratio without market-traded non-fossil power, 2022; assumption)"
        )
        return GridFactor("residual", "residual", label)
    try:
        value = float(name)
    except ValueError:
        pass
    else:
        return _constant(value, f"{value:g} t/MWh (user's value)")
    from peakzero.accounting.grid_factors import load_grid_factor

    try:
        factor = load_grid_factor(name)
    except InputError:
        msg = (
            "unknown grid factor; use average, residual, a number in t/MWh or an electricity "
            "factor id of data/factors/grid.csv (peakzero factors list)"
        )
        raise InputError(Problem("--grid-factor", msg, value=name)) from None
    return _constant(factor.t_co2_per_mwh, f"{factor.id}: {factor.t_co2_per_mwh:g} t/MWh")


def _constant(value: float, label: str) -> GridFactor:
    if not (np.isfinite(value) and 0.0 <= value <= 2.0):
        msg = "a grid factor must be a number between 0 and 2 t/MWh"
        raise InputError(Problem("--grid-factor", msg, value=value))
    return GridFactor(label.split(" ")[0].rstrip(":"), "constant", label, value)


def imported_co2(
    imports_twh: np.ndarray, green_twh: np.ndarray, average: np.ndarray, factor: GridFactor
) -> np.ndarray:
    """Mt CO2 of net imported electricity under ``factor`` (TWh × t/MWh = Mt); broadcasts."""
    if factor.kind == "average":
        return imports_twh * average
    if factor.kind == "residual":
        return np.maximum(imports_twh - green_twh, 0.0) * average * residual_uplift()
    return imports_twh * float(factor.value or 0.0)


def boundary_emissions(
    results: Results, boundary: str, factor: GridFactor | None = None
) -> np.ndarray:
    """``(runs, years)`` Mt CO2 of ``results`` on ``boundary`` (the assessment one with
    ``factor``, default the average)."""
    check_boundary(boundary)
    if boundary == "territorial":
        return np.asarray(results[TERRITORIAL])
    if boundary == "consumption":
        return np.asarray(results[CONSUMPTION])
    factor = factor or grid_factor("average")
    if factor.kind == "average":
        return np.asarray(results[ASSESSMENT])
    imports = np.asarray(results[IMPORTS]) / PJ_PER_TWH
    green = np.asarray(results[GREEN]) / PJ_PER_TWH
    average = np.asarray(results[ASSESSMENT_IMPORTS]) / np.where(imports > 0, imports, 1.0)
    return np.asarray(results[ENERGY]) + imported_co2(imports, green, average, factor)
