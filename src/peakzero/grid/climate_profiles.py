"""Beijing's modelled hourly profiles of a year, from its climate.

:func:`beijing_profiles` makes every column of :data:`~peakzero.grid.profiles_contract.COLUMNS`
from the climate table ``peakzero/data/grid/climate/beijing_monthly.csv`` (weather in
:mod:`peakzero.grid.climate`): PV and wind output, temperature, the shapes of heat, electricity
and EV-charging demand, and heat-pump COPs. The method, every figure's source and status, and the
results are in ``docs/methods/grid-profiles.md``. Measured series are read by
:mod:`peakzero.grid.measured`.
"""

from __future__ import annotations

import calendar
import math
from functools import lru_cache

import numpy as np
import pandas as pd

from peakzero.errors import ReferenceDataError
from peakzero.grid.climate import (
    CLIMATE_FILE,
    Climate,
    beijing_climate,
    hourly_temperature,
    profile_index,
    solar,
)
from peakzero.grid.profiles_contract import COLUMNS, HOURS, Profiles

__all__ = [
    "FIRST_YEAR",
    "KELVIN",
    "LAST_YEAR",
    "SHARE_COLUMNS",
    "air_source_cop",
    "beijing_profiles",
    "co2_heat_pump_cop",
    "electric_load_shape",
    "ev_charging_shape",
    "heat_demand_shape",
]

SHARE_COLUMNS = ("heat_demand", "electric_load", "ev_charging")
"""Columns that hold each hour's share of a yearly total (they sum to 1)."""

KELVIN = 273.15
"""0 °C in kelvin."""
FIRST_YEAR, LAST_YEAR = 1901, 2199
"""The years a profile set may have."""


def air_source_cop(temperature: np.ndarray, climate: Climate) -> np.ndarray:
    """Air-source heat pump COP: ``c0 + c1 ΔT + c2 ΔT²`` with ΔT = sink − outdoor temperature.

    The quadratic fit of Staffell et al. (2012, Energy Environ. Sci. 5, 9291) to air-source heat
    pumps, with a fixed radiator sink (``ashp_sink_temperature``, 55 °C).
    """
    lift = climate.value("ashp_sink_temperature") - temperature
    c0, c1, c2 = (climate.value(f"ashp_c{i}") for i in range(3))
    return c0 + c1 * lift + c2 * lift**2


def co2_heat_pump_cop(temperature: np.ndarray, climate: Climate) -> np.ndarray:
    """Transcritical CO2 heat pump COP: a share of the Lorenz COP (an assumption).

    The sink is water heated from ``co2_water_inlet`` to ``co2_water_outlet`` (its
    thermodynamic mean temperature ``(T_out − T_in) / ln(T_out / T_in)``, in K, because the
    supercritical gas cooler heats along a glide); the source is the outdoor air less the
    evaporator approach. COP = efficiency × T_sink / (T_sink − T_source), the lift not below
    ``co2_minimum_lift``.
    """
    t_in = climate.value("co2_water_inlet") + KELVIN
    t_out = climate.value("co2_water_outlet") + KELVIN
    sink = (t_out - t_in) / math.log(t_out / t_in)
    source = temperature + KELVIN - climate.value("co2_evaporator_approach")
    lift = np.maximum(sink - source, climate.value("co2_minimum_lift"))
    return climate.value("co2_lorenz_efficiency") * sink / lift


def heat_demand_shape(
    index: pd.DatetimeIndex, temperature: np.ndarray, climate: Climate
) -> np.ndarray:
    """Each hour's share of the year's space heating and hot water; sums to 1.

    Space heating (1 − ``hot_water_share``) follows heating degree-hours below
    ``heating_base_temperature`` inside the heating season (15 November to 15 March, both
    included); hot water is spread evenly over every hour of the year.
    """
    start_month = _only_month(climate, "heating_season_start")
    end_month = _only_month(climate, "heating_season_end")
    start_day = climate.months("heating_season_start")[start_month]
    end_day = climate.months("heating_season_end")[end_month]
    month, day = np.asarray(index.month), np.asarray(index.day)
    after_start = (month > start_month) | ((month == start_month) & (day >= start_day))
    before_end = (month < end_month) | ((month == end_month) & (day <= end_day))
    season = after_start | before_end if start_month > end_month else after_start & before_end
    degree_hours = np.where(
        season, np.maximum(climate.value("heating_base_temperature") - temperature, 0), 0
    )
    hot_water = climate.value("hot_water_share")
    return (1 - hot_water) * degree_hours / degree_hours.sum() + hot_water / len(index)


def _only_month(climate: Climate, name: str) -> int:
    months = list(climate.months(name))
    if len(months) != 1:
        msg = f"{CLIMATE_FILE}: {name} needs exactly one row (month, day of month)"
        raise ReferenceDataError(msg)
    return months[0]


def electric_load_shape(
    index: pd.DatetimeIndex, temperature: np.ndarray, climate: Climate
) -> np.ndarray:
    """Each hour's share of the year's conventional electricity demand; sums to 1 (assumption).

    A daily shape — night level 1, a daytime plateau (tanh rise and fall, lower on weekends)
    and a Gaussian evening peak — times a temperature factor that grows by
    ``load_cooling_slope`` per K above ``load_cooling_base`` and ``load_heating_slope`` per K
    below ``load_heating_base``.
    """
    value = climate.value
    hour = np.asarray(index.hour, dtype=float) + 0.5
    width = value("load_transition_hours")
    plateau = 0.5 * (
        np.tanh((hour - value("load_rise_hour")) / width)
        - np.tanh((hour - value("load_fall_hour")) / width)
    )
    weekend = np.asarray(index.dayofweek) >= 5
    day_amplitude = value("load_day_amplitude") * np.where(weekend, value("load_weekend_factor"), 1)
    evening = np.exp(
        -0.5 * ((hour - value("load_evening_hour")) / value("load_evening_width")) ** 2
    )
    shape = 1 + day_amplitude * plateau + value("load_evening_amplitude") * evening
    weather = (
        1
        + value("load_cooling_slope") * np.maximum(temperature - value("load_cooling_base"), 0)
        + value("load_heating_slope") * np.maximum(value("load_heating_base") - temperature, 0)
    )
    load = shape * weather
    return load / load.sum()


def ev_charging_shape(index: pd.DatetimeIndex, climate: Climate) -> np.ndarray:
    """Each hour's share of the year's uncontrolled EV charging; sums to 1 (assumption).

    Cars start charging on arrival and charge at constant power for ``ev_charge_hours``; arrivals
    are normal around the home and work arrival times. The charging power at time t is the share
    of cars that arrived in (t − duration, t], evaluated at the middle of each hour (wrapping
    around midnight); every day is the same.
    """
    value = climate.value
    duration = value("ev_charge_hours")
    middle = np.arange(24) + 0.5
    daily = np.zeros(24)
    for share, arrival, spread in (
        (value("ev_home_share"), value("ev_home_arrival"), value("ev_home_spread")),
        (1 - value("ev_home_share"), value("ev_work_arrival"), value("ev_work_spread")),
    ):
        for shift in (-24.0, 0.0, 24.0):
            daily += share * (
                _normal_cdf((middle + shift - arrival) / spread)
                - _normal_cdf((middle + shift - duration - arrival) / spread)
            )
    hourly = daily[np.asarray(index.hour)]
    return hourly / hourly.sum()


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    return np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x])


def beijing_profiles(year: int) -> Profiles:
    """All profile columns for the 8,760 hours of ``year`` from Beijing's climate.

    The index runs hourly from 1 January 00:00 Beijing time (``Asia/Shanghai``); in a leap year
    29 February is dropped. Each call returns a new frame (the computation is cached).

    Raises
    ------
    ValueError
        If ``year`` is not an integer from 1901 to 2199.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        msg = f"year must be an integer from {FIRST_YEAR} to {LAST_YEAR}, not {year!r}"
        raise ValueError(msg)
    frame, sources = _beijing(year)
    return Profiles(year, frame.copy(), dict(sources))


@lru_cache(maxsize=8)
def _beijing(year: int) -> tuple[pd.DataFrame, dict[str, str]]:
    climate = beijing_climate()
    index = profile_index(year)
    temperature = hourly_temperature(index, climate)
    columns = {
        "pv": solar(index, temperature, climate).pv,
        "wind": np.full(HOURS, climate.value("wind_capacity_factor")),
        "temperature": temperature,
        "heat_demand": heat_demand_shape(index, temperature, climate),
        "electric_load": electric_load_shape(index, temperature, climate),
        "ev_charging": ev_charging_shape(index, climate),
        "heat_pump_cop": air_source_cop(temperature, climate),
        "co2_heat_pump_cop": co2_heat_pump_cop(temperature, climate),
    }
    frame = pd.DataFrame({name: columns[name] for name in COLUMNS}, index=index, dtype=float)
    return frame, _sources(climate)


_DOCS = "docs/methods/grid-profiles.md"


def _sources(climate: Climate) -> dict[str, str]:
    """Method and source of each column, with the figures read from the climate table."""
    v = climate.value
    status = {name: figure.status for name, figure in climate.single.items()}
    home = v("ev_home_arrival")
    return {
        "pv": (
            f"modelled: pvlib solar geometry at {v('latitude')}° N {v('longitude')}° E (city "
            "centre), Ineichen clear sky with pvlib's Linke turbidity, scaled by day and month to "
            f"Ångström-Prescott irradiation (FAO-56, a={v('angstrom_a')}, b={v('angstrom_b')}) "
            "from CMA 1971-2000 sunshine normals (secondary and uncertain), fixed "
            f"{v('pv_tilt'):g}° plane at azimuth {v('pv_azimuth'):g}° ({status['pv_tilt']}), "
            f"Faiman cell temperature, PVWatts DC, losses and inverter; {CLIMATE_FILE}; {_DOCS}"
        ),
        "wind": (
            f"{status['wind_capacity_factor']}: flat capacity factor "
            f"{v('wind_capacity_factor'):g} in every hour (China's national wind utilisation "
            "January-August 2023, NEA); no Beijing wind data; replace with a measured series"
        ),
        "temperature": (
            "modelled: CMA 1971-2000 mean daily maximum and minimum by month (secondary), "
            "mean-preserving daily interpolation, half cosines between the minimum at sunrise and "
            f"the maximum at {v('temperature_max_hour'):g}:00 (assumption); {CLIMATE_FILE}"
        ),
        "heat_demand": (
            f"modelled: heating degree-hours below {v('heating_base_temperature'):g} °C "
            f"({status['heating_base_temperature']}) in the heating season "
            f"{_season_text(climate)} (secondary), plus {v('hot_water_share'):.0%} hot water "
            f"spread evenly ({status['hot_water_share']}); {CLIMATE_FILE}"
        ),
        "electric_load": (
            "assumption: parametric weekday/weekend daily shape times a cooling and heating "
            f"temperature factor; Beijing's hourly load is not in the research; {CLIMATE_FILE}"
        ),
        "ev_charging": (
            f"assumption: uncontrolled charging on arrival (home {int(home)}:"
            f"{round(home % 1 * 60):02d} ± {v('ev_home_spread'):g} h, "
            f"{v('ev_home_share'):.0%}; work around {v('ev_work_arrival'):g}:00), "
            f"{v('ev_charge_hours'):g} h at constant power; {CLIMATE_FILE}"
        ),
        "heat_pump_cop": (
            "Staffell et al. 2012 (Energy Environ. Sci. 5, 9291) air-source fit "
            f"COP = {v('ashp_c0'):g} {_signed(v('ashp_c1'))} ΔT {_signed(v('ashp_c2'))} ΔT² "
            f"({status['ashp_c0']}), sink {v('ashp_sink_temperature'):g} °C "
            f"({status['ashp_sink_temperature']}), at the hour's modelled temperature"
        ),
        "co2_heat_pump_cop": (
            f"{status['co2_lorenz_efficiency']}: {v('co2_lorenz_efficiency'):g} × Lorenz COP, "
            f"water {v('co2_water_inlet'):g} → {v('co2_water_outlet'):g} °C, evaporator "
            f"{v('co2_evaporator_approach'):g} K below the air, at the hour's modelled temperature"
        ),
    }


def _signed(value: float) -> str:
    return f"{'−' if value < 0 else '+'} {abs(value):g}"


def _season_text(climate: Climate) -> str:
    names = calendar.month_name
    start = _only_month(climate, "heating_season_start")
    end = _only_month(climate, "heating_season_end")
    first = climate.months("heating_season_start")[start]
    last = climate.months("heating_season_end")[end]
    return f"{first:g} {names[start]} - {last:g} {names[end]}"
