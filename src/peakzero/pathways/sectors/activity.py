"""Drivers → activity indices (1 in the base year) and the economy's reported figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peakzero.pathways.sectors.common import Array, growth_index

__all__ = ["Activity", "activity"]

GDP_PRICE_YEAR = 2024
"""The year whose GDP (``gdp_2024_bn_cny``) anchors the real GDP path (2024 prices)."""


@dataclass(frozen=True)
class Activity:
    """What drives the sectors' energy: indices of 1 in the base year, ``(runs, years)``."""

    elapsed: Array  # (years,): years since the base year
    gdp: Array
    population: Array
    efficiency: Array  # energy per unit of activity after the yearly efficiency gain
    heated_area: Array
    secondary: Array  # industry and construction value added
    tertiary: Array  # services and agriculture value added


def activity(
    years: Array, drivers: Mapping[str, Array], parameters: Mapping[str, float]
) -> tuple[Activity, dict[str, Array]]:
    """The activity indices and the reported GDP (by sector) and population."""
    dr, p = drivers, parameters
    elapsed = years - years[0]
    gdp = growth_index(dr["gdp_growth"])
    population = dr["population"] / dr["population"][:, :1]
    # Cumulative: each year's gain acts on the years after it only, so a path that changes its
    # rate (a scenario after 2025, a Monte Carlo draw) does not rewrite earlier years.
    efficiency = growth_index(-dr["efficiency_gain"])
    area = dr["heated_area"] / dr["heated_area"][:, :1]
    out: dict[str, Array] = {}
    at_price_year = gdp[:, [int(np.searchsorted(years, GDP_PRICE_YEAR))]]
    out["GDP"] = gdp * p["gdp_2024_bn_cny"] / at_price_year
    # GDP by sector: industry and construction (secondary) grow as GDP^elasticity, the rest
    # (services, agriculture) makes up GDP. Real value-added indices, 1 in 2019.
    secondary = gdp ** p["industry_gdp_elasticity"]
    share0 = p["secondary_share_2019"]
    share = share0 * secondary / gdp
    out["GDP|Secondary Sector"] = out["GDP"] * share
    out["GDP|Primary and Tertiary Sectors"] = out["GDP"] * (1.0 - share)
    tertiary = gdp * (1.0 - share) / (1.0 - share0)
    out["Population"] = dr["population"]
    return Activity(elapsed, gdp, population, efficiency, area, secondary, tertiary), out
