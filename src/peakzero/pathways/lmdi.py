"""LMDI decomposition of CO2 change (additive LMDI-I, Ang 2004, *Energy Policy* 32:1131).

CO2 = population × (GDP / population) × (energy / GDP) × (CO2 / energy), so

    ΔCO2 = Σ_x L(CO2_t, CO2_0) · ln(x_t / x_0),   L(a, b) = (a − b) / (ln a − ln b),

with no residual. CO2 is territorial (energy and industrial processes). Projected periods come
from a pathway run, with primary energy; the historical decomposition (2011–2019,
:func:`historical_lmdi`) uses Beijing's recorded population and real GDP growth and the fossil
energy estimated from CEADs (:mod:`history`), so there the energy factors describe fossil fuels
only.
"""

from __future__ import annotations

import math

from peakzero.errors import InputError, Problem
from peakzero.pathways.history import HISTORY_YEARS, beijing_history
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.run import PathwayRun

__all__ = ["FACTORS", "historical_lmdi", "lmdi", "log_mean"]

FACTORS = ("population", "gdp_per_capita", "energy_per_gdp", "co2_per_energy")


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b); L(a, a) = a."""
    if a <= 0 or b <= 0:
        msg = "LMDI needs positive values"
        raise ValueError(msg)
    return a if math.isclose(a, b) else (a - b) / (math.log(a) - math.log(b))


def lmdi(run: PathwayRun, start: int, end: int) -> dict[str, float]:
    """Contribution of each factor to the change of territorial CO2 from ``start`` to ``end``.

    Returns Mt CO2 per factor plus ``total`` (= the sum of the factors, exactly).

    Raises
    ------
    InputError
        If a year lies outside the run or ``start`` is not before ``end``.
    """
    results = run.results
    years = results.years
    if not years[0] <= start < end <= years[-1]:
        msg = f"need {int(years[0])} <= start < end <= {int(years[-1])}"
        raise InputError(Problem("--start/--end", msg, value=f"{start}-{end}"))

    values = {}
    for year in (start, end):
        values[year] = _factors(
            results.at("Population", year),
            results.at("GDP", year),
            results.at("Primary Energy", year),
            results.at(TERRITORIAL, year),
        )
    return _decompose(values[start], values[end])


def historical_lmdi(start: int = HISTORY_YEARS[0], end: int = HISTORY_YEARS[1]) -> dict[str, float]:
    """The same decomposition of Beijing's recorded change (CEADs CO2, 2011–2019).

    Raises
    ------
    InputError
        If a year lies outside 2011–2019 or ``start`` is not before ``end``.
    """
    first, last = HISTORY_YEARS
    if not first <= start < end <= last:
        msg = f"the historical decomposition needs {first} <= start < end <= {last}"
        raise InputError(Problem("--start/--end", msg, value=f"{start}-{end}"))
    table = beijing_history()
    columns = ("population", "gdp_index", "energy_pj", "co2_mt")
    values = {
        year: _factors(*(float(table[c].loc[year]) for c in columns)) for year in (start, end)
    }
    return _decompose(values[start], values[end])


def _factors(population: float, gdp: float, energy: float, co2: float) -> dict[str, float]:
    return {
        "population": population,
        "gdp_per_capita": gdp / population,
        "energy_per_gdp": energy / gdp,
        "co2_per_energy": co2 / energy,
        "co2": co2,
    }


def _decompose(start: dict[str, float], end: dict[str, float]) -> dict[str, float]:
    weight = log_mean(end["co2"], start["co2"])
    effects = {f: weight * math.log(end[f] / start[f]) for f in FACTORS}
    effects["total"] = end["co2"] - start["co2"]
    return effects
