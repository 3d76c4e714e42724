"""What an hourly profile set is: the contract between the grid's climate data and its network.

:mod:`peakzero.grid.profiles` makes a :class:`Profiles` for a year from Beijing's climate (or
reads measured series from a CSV file); :mod:`peakzero.grid.network` only consumes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.constants import HOURS_PER_YEAR

__all__ = ["COLUMNS", "HOURS", "TIMEZONE", "Profiles"]

TIMEZONE = "Asia/Shanghai"
"""Beijing time: UTC+8 all year (no daylight saving)."""

HOURS = HOURS_PER_YEAR
"""Hours in a profile year; a leap year's 29 February is dropped so that every year has 8,760."""

COLUMNS: dict[str, tuple[str, str]] = {
    "pv": ("1", "PV output per unit of installed capacity, 0-1"),
    "wind": ("1", "wind output per unit of installed capacity, 0-1"),
    "temperature": ("degC", "outdoor air temperature"),
    "heat_demand": (
        "1",
        "share of the year's space-heating and hot-water demand falling in the hour; sums to 1",
    ),
    "electric_load": (
        "1",
        "share of the year's conventional electricity demand (everything but heat pumps, "
        "electric vehicles and electrolysers; cooling included) in the hour; sums to 1",
    ),
    "ev_charging": (
        "1",
        "share of the year's electric-vehicle charging in the hour when cars charge on arrival "
        "(uncontrolled); sums to 1",
    ),
    "heat_pump_cop": ("1", "air-source heat pump COP at the hour's outdoor temperature"),
    "co2_heat_pump_cop": ("1", "transcritical CO2 heat pump COP at the hour's temperature"),
}
"""Column name → (unit, meaning) of every profile."""


@dataclass(frozen=True)
class Profiles:
    """Hourly profiles of one year.

    ``frame`` has exactly the :data:`COLUMNS`, float values, and a tz-aware hourly
    ``DatetimeIndex`` in :data:`TIMEZONE` of :data:`HOURS` rows starting at 1 January 00:00 of
    ``year``. ``sources`` names, for each column, its method and source (or the file it was
    read from), so that a report can say where every shape comes from.
    """

    year: int
    frame: pd.DataFrame
    sources: dict[str, str]
