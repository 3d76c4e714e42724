"""Model versus observation, 2019–2025, for the reference scenario (``current-policy``).

Observations are in ``data/pathways/observations.csv`` with their sources; each has a rule that
reads the same quantity from a run and a ``tolerance`` (``"5 %"`` relative, ``"1.5 pp"`` absolute
in the row's unit), or none when the note says why the model is not within 5 % of it.
``python -m peakzero.pathways.calibration`` prints the table that docs/methods/pathways.md shows.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from peakzero.constants import PJ_PER_TWH
from peakzero.io.packaged import data_file
from peakzero.pathways.boundaries import ASSESSMENT
from peakzero.pathways.history import gdp_at_2015_prices
from peakzero.pathways.metrics import TERRITORIAL
from peakzero.pathways.model import Results
from peakzero.pathways.run import run_pathway

__all__ = ["GAS_MJ_PER_M3", "RULES", "compare", "observations", "within"]

GAS_MJ_PER_M3 = 38.931
"""Net calorific value of natural gas (389.31 GJ per 10^4 m3, emission-data.md §1, the
provincial guideline), to read the model's gas in PJ as bcm."""
_AVIATION = "Emissions|CO2|Energy|Demand|Transportation|Aviation"
_ROAD = (
    "Emissions|CO2|Energy|Demand|Transportation|Road Passenger",
    "Emissions|CO2|Energy|Demand|Transportation|Road Freight",
)


def _at(results: Results, variable: str, year: int) -> float:
    return results.at(variable, year)


def _index(results: Results, variables: tuple[str, ...], year: int) -> float:
    """100 × the sum of ``variables`` in ``year`` over 2019's."""
    now = sum(_at(results, v, year) for v in variables)
    return 100 * now / sum(_at(results, v, 2019) for v in variables)


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
    "gdp": lambda r, y: _at(r, "GDP", y),
    # t CO2 per 10^4 CNY: Mt / bn CNY x 10, GDP at constant 2015 prices (the 13th five-year
    # plan's basis) carried from 2019 by the model's real growth.
    "co2_per_gdp_assessment": lambda r, y: (
        10
        * _at(r, ASSESSMENT, y)
        / (gdp_at_2015_prices(2019) * _at(r, "GDP", y) / _at(r, "GDP", 2019))
    ),
    "gdp_growth_two_year": lambda r, y: (
        100 * ((_at(r, "GDP", y) / _at(r, "GDP", y - 2)) ** 0.5 - 1)
    ),
    # Beijing's energy statistics count by the coal-equivalent method.
    "energy_consumption_change": lambda r, y: (
        100
        * (
            _at(r, "Primary Energy (coal equivalent)", y)
            / _at(r, "Primary Energy (coal equivalent)", y - 1)
            - 1
        )
    ),
    # Jet fuel (its CO2; no sustainable fuel before 2025) against the airports' passengers.
    "air_passengers_index": lambda r, y: _index(r, (_AVIATION,), y),
    "natural_gas": lambda r, y: _at(r, "Primary Energy|Gas", y) / GAS_MJ_PER_M3,
    # Gasoline and diesel: the road segments' CO2 (all oil but a little gas).
    "road_fuel_index": lambda r, y: _index(r, _ROAD, y),
    "car_fleet": lambda r, y: (
        sum(
            _at(r, f"Stock|Transportation|Passenger Cars|{kind}", y)
            for kind in ("BEV", "FCEV", "ICE")
        )
        / 1e6
    ),
}


def observations() -> pd.DataFrame:
    """The observations with their sources."""
    path = data_file("pathways", "observations.csv")
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle)


def within(observed: float, modelled: float, tolerance: str) -> bool | None:
    """Whether ``modelled`` is within ``tolerance`` (``"5 %"`` relative or ``"1.5 pp"``
    absolute) of ``observed``; None for a row without one (its note says why)."""
    text = str(tolerance).strip() if isinstance(tolerance, str) else ""
    if not text:
        return None
    number, unit = text.split()
    if unit == "%":
        return abs(modelled - observed) <= float(number) / 100 * abs(observed)
    if unit == "pp":
        return abs(modelled - observed) <= float(number)
    msg = f"tolerance {tolerance!r}: use e.g. '5 %' (relative) or '1.5 pp' (absolute)"
    raise ValueError(msg)


def compare(scenario: str = "current-policy") -> pd.DataFrame:
    """Observed against modelled values: ``id, year, unit, observed, modelled, tolerance,
    within, status, source, note``."""
    results = run_pathway(scenario).results
    table = observations().copy()
    table["modelled"] = [
        RULES[i](results, int(y)) for i, y in zip(table["id"], table["year"], strict=True)
    ]
    table = table.rename(columns={"value": "observed"})
    table["tolerance"] = table["tolerance"].fillna("")
    table["within"] = [
        within(o, m, t)
        for o, m, t in zip(table["observed"], table["modelled"], table["tolerance"], strict=True)
    ]
    columns = ["id", "year", "unit", "observed", "modelled", "tolerance", "within", "status"]
    return table[[*columns, "source", "note"]]


if __name__ == "__main__":
    print(compare().drop(columns=["source", "note"]).round(3).to_string(index=False))
