"""LMDI decomposition of CO2 change (additive LMDI-I, Ang 2004, *Energy Policy* 32:1131).

CO2 = population × (GDP / population) × (energy / GDP) × (CO2 / energy), so

    ΔCO2 = Σ_x L(CO2_t, CO2_0) · ln(x_t / x_0),   L(a, b) = (a − b) / (ln a − ln b),

with no residual. Energy is primary energy; CO2 is territorial (energy and industrial
processes). The historical decomposition needs Beijing's population, GDP and energy for 1997–2019,
which the research does not hold yet; projected periods come from a pathway run.
"""

from __future__ import annotations

import math

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.run import PathwayRun

__all__ = ["FACTORS", "lmdi", "log_mean"]

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

    def at(variable: str, year: int) -> float:
        return float(results[variable][0, int(np.searchsorted(years, year))])

    values = {}
    for year in (start, end):
        population = at("Population", year)
        gdp = at("GDP", year)
        energy = at("Primary Energy", year)
        co2 = at(TERRITORIAL, year)
        values[year] = {
            "population": population,
            "gdp_per_capita": gdp / population,
            "energy_per_gdp": energy / gdp,
            "co2_per_energy": co2 / energy,
            "co2": co2,
        }
    weight = log_mean(values[end]["co2"], values[start]["co2"])
    effects = {f: weight * math.log(values[end][f] / values[start][f]) for f in FACTORS}
    effects["total"] = values[end]["co2"] - values[start]["co2"]
    return effects
