"""Pathway results as IAMC variables (model ``peakzero``, region ``CN-BJ``) with named units.

Additivity: wherever a reported variable has reported children (one level deeper), they sum to
it — checked by :func:`check_additive` in tests and for every scenario.

Emission boundaries (:mod:`peakzero.pathways.boundaries`):

* ``Emissions|CO2|Energy and Industrial Processes`` — territorial (CEADs scope 1).
* ``Assessment Emissions|CO2`` — China's provincial carbon-intensity assessment with the average
  factor: ``…|Energy`` (scope 1 energy CO2, no cement process) plus ``…|Net Electricity Imports``
  (``Trade|Electricity|Imports``, which is net — consumption with losses minus local
  generation — times the driver ``import_grid_factor``, green imports included).
* ``Consumption Emissions|CO2`` — territorial plus ``Indirect Emissions|CO2`` (imported
  electricity that is not green, at the same factor, and grey hydrogen).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peakzero.io.iamc import IAMC_COLUMNS
from peakzero.pathways.run import PathwayRun

__all__ = ["UNITS", "check_additive", "to_iamc"]

# Unit of each reported variable, by prefix (longest match wins).
UNITS = {
    "Emissions|CO2": "Mt CO2/yr",
    "Emissions|CH4": "Mt CH4/yr",
    "Emissions|N2O": "kt N2O/yr",
    "Emissions|Kyoto Gases": "Mt CO2-equiv/yr",  # the GWP metric is added by to_iamc
    "Waste": "Mt/yr",
    "Indirect Emissions|CO2": "Mt CO2/yr",
    "Consumption Emissions|CO2": "Mt CO2/yr",
    # Territorial less international aviation (IPCC national-total convention).
    "Emissions excl. International Aviation|CO2": "Mt CO2/yr",
    # International aviation as an IPCC memo item (bunkers), outside the Emissions tree.
    "Memo|Emissions|CO2": "Mt CO2/yr",
    "Assessment Emissions|CO2": "Mt CO2/yr",
    "Carbon Capture": "Mt CO2/yr",
    "Carbon Removal": "Mt CO2/yr",
    "Final Energy": "PJ/yr",
    "Primary Energy": "PJ/yr",
    "Secondary Energy": "PJ/yr",
    "Trade": "PJ/yr",
    "Share|Renewable Energy": "%",
    "Share|Renewable Energy (coal equivalent)": "%",
    "Primary Energy (coal equivalent)": "PJ/yr",
    "Energy Intensity of GDP (coal equivalent)": "tce/10^4 CNY",
    "Share|Transportation": "%",  # battery-electric or fuel-cell share of a class's fleet
    "Energy Intensity of GDP": "tce/10^4 CNY",
    "Carbon Intensity of GDP": "t CO2/10^4 CNY",
    "GDP": "bn CNY (2024 prices)",
    "Population": "million",
    "Stock|Transportation": "vehicles",
    "Sales|Transportation": "vehicles/yr",
    "Cost": "bn CNY/yr",
    "Electricity Supply": "PJ/yr",
    "Capacity": "GW",
    "Useful Heat": "PJ/yr",
    "Heating Systems": "10^6 m^2/yr",
    "Electricity Demand": "PJ/yr",
}


def unit_of(variable: str, gwp_metric: str | None = None) -> str:
    """The unit of a reported variable; a CO2-equivalent names its GWP metric when given
    (``Mt CO2-equiv/yr (AR5GWP100)``)."""
    matches = [p for p in UNITS if variable == p or variable.startswith(p + "|")]
    unit = UNITS[max(matches, key=len)]
    if gwp_metric and "CO2-equiv" in unit:
        return f"{unit} ({gwp_metric})"
    return unit


def to_iamc(run: PathwayRun, model: str = "peakzero", region: str = "CN-BJ") -> pd.DataFrame:
    """The first run of ``run`` as an IAMC long table."""
    years = run.results.years
    frames = [
        pd.DataFrame(
            {
                "model": model,
                "scenario": run.scenario.name,
                "region": region,
                "variable": variable,
                "unit": unit_of(variable, run.results.metadata.get("gwp_metric")),
                "year": years,
                "value": np.asarray(values)[0],
            }
        )
        for variable, values in sorted(run.results.values.items())
    ]
    return pd.concat(frames, ignore_index=True)[list(IAMC_COLUMNS)]


def check_additive(long: pd.DataFrame, rel_tol: float = 1e-9) -> list[str]:
    """Variables whose reported children do not sum to them (empty when all is well)."""
    wide = long.pivot_table(index="variable", columns="year", values="value", aggfunc="sum")
    names = set(wide.index)
    failures = []
    for parent in sorted(names):
        depth = parent.count("|") + 1
        children = [v for v in names if v.startswith(parent + "|") and v.count("|") == depth]
        if not children:
            continue
        gap = (wide.loc[children].sum() - wide.loc[parent]).abs()
        if (gap > rel_tol * wide.loc[parent].abs().clip(lower=1.0)).any():
            failures.append(parent)
    return failures
