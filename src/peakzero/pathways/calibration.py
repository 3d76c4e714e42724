"""Model versus observation, 2020–2025, for the reference scenario (``current-policy``).

Observations are in ``data/pathways/observations.csv`` with their sources; each has a rule that
reads the same quantity from a run. ``python -m peakzero.pathways.calibration`` prints the table
that docs/methods/pathways.md shows.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from peakzero.constants import PJ_PER_TWH
from peakzero.io.packaged import data_file
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.model import Results
from peakzero.pathways.run import run_pathway

__all__ = ["RULES", "compare", "observations"]


def _at(results: Results, variable: str, year: int) -> float:
    return results.at(variable, year)


RULES: dict[str, Callable[[Results, int], float]] = {
    # Whole-society consumption includes grid losses, like the model's electricity supply.
    "electricity_consumption": lambda r, y: _at(r, "Electricity Supply", y) / PJ_PER_TWH,
    "green_power_imports": lambda r, y: _at(r, "Trade|Green Electricity Imports", y) / PJ_PER_TWH,
    # Beijing counts by the coal-equivalent method (NBS), as the target does.
    "renewable_share": lambda r, y: _at(r, "Share|Renewable Energy (coal equivalent)", y),
    "energy_intensity": lambda r, y: _at(r, "Energy Intensity of GDP", y),
    "energy_intensity_change": lambda r, y: (
        100 * (_at(r, "Energy Intensity of GDP", y) / _at(r, "Energy Intensity of GDP", 2020) - 1)
    ),
    "co2_change_since_2019": lambda r, y: _at(r, TERRITORIAL, y) - _at(r, TERRITORIAL, 2019),
    "coal_use_index": lambda r, y: (
        _at(r, "Primary Energy|Coal", y) / _at(r, "Primary Energy|Coal", 2020)
    ),
    "local_renewables": lambda r, y: _at(r, "Capacity|Electricity|Solar and Wind", y),
    "nev_fleet_share": lambda r, y: _at(r, "Share|Transportation|Passenger Cars|BEV", y),
    "secondary_share": lambda r, y: 100 * _at(r, "GDP|Secondary Sector", y) / _at(r, "GDP", y),
}


def observations() -> pd.DataFrame:
    """The observations with their sources."""
    path = data_file("pathways", "observations.csv")
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle)


def compare(scenario: str = "current-policy") -> pd.DataFrame:
    """Observed against modelled values: ``id, year, unit, observed, modelled, status``."""
    results = run_pathway(scenario).results
    table = observations().copy()
    table["modelled"] = [
        RULES[i](results, int(y)) for i, y in zip(table["id"], table["year"], strict=True)
    ]
    table = table.rename(columns={"value": "observed"})
    return table[["id", "year", "unit", "observed", "modelled", "status", "source"]]


if __name__ == "__main__":
    print(compare().drop(columns=["source"]).round(3).to_string(index=False))
