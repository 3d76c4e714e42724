"""Hourly profiles of a year for the grid: Beijing's climate, or measured series from a CSV file.

The modelled profiles are in :mod:`peakzero.grid.climate_profiles` (:func:`beijing_profiles` and
the shapes it is made of), the reader of measured series in :mod:`peakzero.grid.measured`
(:func:`load_profiles`); this module keeps both importable from here, where the grid's users
have always found them. The method, every figure's source and status, and the results are in
``docs/methods/grid-profiles.md``.
"""

from __future__ import annotations

from peakzero.grid.climate_profiles import (
    SHARE_COLUMNS,
    air_source_cop,
    beijing_profiles,
    co2_heat_pump_cop,
    electric_load_shape,
    ev_charging_shape,
    heat_demand_shape,
)
from peakzero.grid.measured import load_profiles

__all__ = [
    "SHARE_COLUMNS",
    "air_source_cop",
    "beijing_profiles",
    "co2_heat_pump_cop",
    "electric_load_shape",
    "ev_charging_shape",
    "heat_demand_shape",
    "load_profiles",
]
