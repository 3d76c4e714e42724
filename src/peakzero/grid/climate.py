"""Beijing's climate as hourly weather: air temperature and PV output for a profile year.

The figures (monthly normals, PV system and model parameters) are in
``peakzero/data/grid/climate/beijing_monthly.csv``, every one with a unit, a source and a status;
the method is described in ``docs/methods/grid-profiles.md``. Everything is vectorised over the
8,760 hours of a year.

Astronomy for daily sums (day length, extraterrestrial radiation, equation of time) follows
FAO-56 (Allen et al. 1998, FAO Irrigation and Drainage Paper 56, eqs. 21-25, 32-34); hourly solar
geometry, clear-sky irradiance, transposition, cell temperature and PV conversion use pvlib.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pvlib  # type: ignore[import-untyped]

from peakzero.errors import Problem, ReferenceDataError
from peakzero.grid.profiles_contract import HOURS, TIMEZONE
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import STATUSES as REFERENCE_STATUSES

__all__ = [
    "CLIMATE_FILE",
    "STATUSES",
    "Climate",
    "Figure",
    "Solar",
    "beijing_climate",
    "daily_from_monthly",
    "daily_sunshine",
    "day_length",
    "extraterrestrial_daily",
    "hourly_temperature",
    "parse_climate",
    "profile_index",
    "relative_sunshine",
    "solar",
    "sunrise_hour",
]

CLIMATE_FILE = data_name("grid", "climate", "beijing_monthly.csv")
"""How the packaged climate table is named in messages."""

STATUSES = (*REFERENCE_STATUSES, "assumption")
"""Status of a figure: the reference tables' three (seen in a source; from a secondary source;
doubtful) and, in this table only, ``assumption`` for the modelling choices it states beside its
sources (kept so that those rows stay told apart from doubtful measured figures)."""

_HEADER = ("parameter", "month", "value", "unit", "source", "status", "note")
_SOLAR_CONSTANT = 0.0820  # MJ m-2 min-1, FAO-56 eq. 21
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass(frozen=True)
class Figure:
    """One number of the climate table with its provenance."""

    value: float
    unit: str
    source: str
    status: str
    note: str


@dataclass(frozen=True)
class Climate:
    """The climate table: monthly figures by parameter and month, and single figures."""

    monthly: dict[str, dict[int, Figure]]
    single: dict[str, Figure]

    def value(self, name: str) -> float:
        """The single figure ``name``.

        Raises
        ------
        ReferenceDataError
            If the table has no such row.
        """
        try:
            return self.single[name].value
        except KeyError:
            msg = f"{CLIMATE_FILE}: no row for parameter {name!r}"
            raise ReferenceDataError(msg) from None

    def months(self, name: str) -> dict[int, float]:
        """The monthly figures of ``name`` that the table has (month 1-12 → value)."""
        return {month: figure.value for month, figure in self.monthly.get(name, {}).items()}

    def twelve(self, name: str) -> np.ndarray:
        """The 12 monthly figures of ``name``, January first.

        Raises
        ------
        ReferenceDataError
            If a month is missing.
        """
        found = self.months(name)
        missing = [m for m in range(1, 13) if m not in found]
        if missing:
            msg = f"{CLIMATE_FILE}: parameter {name!r} has no row for month(s) {missing}"
            raise ReferenceDataError(msg)
        return np.array([found[m] for m in range(1, 13)], dtype=float)


@cache
def beijing_climate() -> Climate:
    """The packaged climate table of Beijing, checked row by row.

    Raises
    ------
    ReferenceDataError
        If a row lacks a number, unit, source or valid status, has a bad month or repeats one.
    """
    return parse_climate(data_text("grid", "climate", "beijing_monthly.csv"))


def parse_climate(text: str, file: str = CLIMATE_FILE) -> Climate:
    """Parse the text of a climate table (the packaged one, or a replacement in tests).

    Raises
    ------
    ReferenceDataError
        With every problem found (file, line, column, value).
    """
    reader = csv.DictReader(io.StringIO(text, newline=None))
    if tuple(reader.fieldnames or ()) != _HEADER:
        msg = f"{file}, line 1: the header must be {','.join(_HEADER)}"
        raise ReferenceDataError(msg)
    problems: list[Problem] = []
    monthly: dict[str, dict[int, Figure]] = {}
    single: dict[str, Figure] = {}
    for row in reader:
        line = reader.line_num
        found = _row_problems(file, line, row)
        if found:
            problems += found
            continue
        figure = Figure(float(row["value"]), row["unit"], row["source"], row["status"], row["note"])
        name, month = row["parameter"], row["month"].strip()
        if month:
            table = monthly.setdefault(name, {})
            if int(month) in table:
                problems.append(Problem(file, "month given twice", line, "month", month))
            table[int(month)] = figure
        elif name in single:
            problems.append(Problem(file, "parameter given twice", line, "parameter", name))
        else:
            single[name] = figure
    if problems:
        msg = "broken packaged climate data:\n" + "\n".join(str(p) for p in problems)
        raise ReferenceDataError(msg)
    return Climate(monthly, single)


def _row_problems(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    problems = [
        Problem(file, f"{name} is empty", line, name)
        for name in ("parameter", "value", "unit", "source", "status")
        if not (row.get(name) or "").strip()
    ]
    if row.get("status") and row["status"] not in STATUSES:
        msg = f"unknown status; use one of {', '.join(STATUSES)}"
        problems.append(Problem(file, msg, line, "status", row["status"]))
    value = (row.get("value") or "").strip()
    if value:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(Problem(file, "not a finite number", line, "value", value))
    month = (row.get("month") or "").strip()
    if month and month not in {str(m) for m in range(1, 13)}:
        problems.append(Problem(file, "month must be 1-12 or empty", line, "month", month))
    return problems


def profile_index(year: int) -> pd.DatetimeIndex:
    """The 8,760 hours of ``year`` in Beijing time from 1 January 00:00; 29 February is dropped.

    Each timestamp starts the hour it labels (00:00 is the hour 00:00-01:00).
    """
    start = pd.Timestamp(year=year, month=1, day=1, tz=TIMEZONE)
    hours = pd.date_range(start, start + pd.DateOffset(years=1), freq="h", inclusive="left")
    index = hours[~((hours.month == 2) & (hours.day == 29))]
    assert len(index) == HOURS
    return index


# --- FAO-56 astronomy (daily) -------------------------------------------------------------------


def _declination(doy: np.ndarray) -> np.ndarray:
    return 0.409 * np.sin(2 * np.pi * doy / 365 - 1.39)  # FAO-56 eq. 24


def _sunset_hour_angle(doy: np.ndarray, latitude: float) -> np.ndarray:
    phi = math.radians(latitude)
    return np.arccos(np.clip(-math.tan(phi) * np.tan(_declination(doy)), -1, 1))  # eq. 25


def day_length(doy: np.ndarray, latitude: float) -> np.ndarray:
    """Astronomical day length N in hours for day(s) of year ``doy`` (FAO-56 eq. 34)."""
    return 24 / np.pi * _sunset_hour_angle(doy, latitude)


def extraterrestrial_daily(doy: np.ndarray, latitude: float) -> np.ndarray:
    """Daily extraterrestrial radiation on a horizontal plane Ra in MJ/m² (FAO-56 eqs. 21-25)."""
    phi = math.radians(latitude)
    dr = 1 + 0.033 * np.cos(2 * np.pi * doy / 365)
    delta = _declination(doy)
    ws = _sunset_hour_angle(doy, latitude)
    return (
        24 * 60 / np.pi * _SOLAR_CONSTANT * dr
        * (ws * np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.sin(ws))
    )  # fmt: skip


def sunrise_hour(doy: np.ndarray, latitude: float, longitude: float) -> np.ndarray:
    """Sunrise in Beijing clock time (UTC+8, hours after midnight).

    Solar noon is shifted by the longitude's distance from the zone meridian 120° E and by the
    equation of time (FAO-56 eqs. 32-33); sunrise is half the day length before it.
    """
    b = 2 * np.pi * (doy - 81) / 364
    equation_of_time = 0.1645 * np.sin(2 * b) - 0.1255 * np.cos(b) - 0.025 * np.sin(b)
    solar_noon = 12 - (longitude - 120) / 15 - equation_of_time
    return solar_noon - day_length(doy, latitude) / 2


def relative_sunshine(climate: Climate, doy: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Relative sunshine duration n/N of each month (12 values, January first).

    From the percent of possible sunshine where the table gives it, else from sunshine hours per
    day over the month's mean astronomical day length.

    Raises
    ------
    ReferenceDataError
        If a month has neither figure, or both.
    """
    latitude = climate.value("latitude")
    fraction = climate.months("sunshine_fraction")
    hours = climate.months("sunshine_hours")
    result = np.empty(12)
    for m in range(1, 13):
        if (m in fraction) == (m in hours):
            msg = (
                f"{CLIMATE_FILE}: month {m} needs exactly one of sunshine_fraction "
                "and sunshine_hours"
            )
            raise ReferenceDataError(msg)
        if m in fraction:
            result[m - 1] = fraction[m] / 100
        else:
            days = np.unique(doy[month == m])
            result[m - 1] = hours[m] / float(day_length(days, latitude).mean())
    return result


def daily_sunshine(monthly: np.ndarray, month_of_day: np.ndarray) -> np.ndarray:
    """Relative sunshine of each day: sunny (1) or overcast (0) days, one partial day per month.

    A month with relative sunshine s and D days gets s·D sunny-day equivalents. Its days are
    ranked by a fixed golden-ratio sequence (no random numbers); the best-ranked floor(s·D) days are
    sunny, the next one is partly sunny and the rest are overcast, so the month's mean is s
    exactly and sunny hours reach clear-sky irradiance, as they do in Beijing's dry season.
    """
    day = np.arange(len(month_of_day))
    order = ((day + 1) * 0.6180339887498949) % 1.0
    result = np.empty(len(month_of_day))
    for m in range(12):
        days = np.flatnonzero(month_of_day == m)
        rank = np.argsort(np.argsort(order[days]))
        result[days] = np.clip(monthly[m] * len(days) - rank, 0, 1)
    return result


# --- temperature --------------------------------------------------------------------------------


def daily_from_monthly(monthly: np.ndarray) -> np.ndarray:
    """365 daily values whose monthly means equal ``monthly`` exactly and which change smoothly.

    The days follow a piecewise-linear curve through one node per month at the month's middle
    (periodic over the year); the node values are solved so that each month's mean of the daily
    values equals the given monthly value (a mean-preserving interpolation), so the year has no
    steps at month boundaries.
    """
    return _interpolation_matrix() @ np.linalg.solve(_monthly_mean_matrix(), monthly)


@cache
def _interpolation_matrix() -> np.ndarray:
    ends = np.cumsum(_DAYS_IN_MONTH)
    nodes = ends - _DAYS_IN_MONTH / 2  # month middles, in days from 1 January 00:00
    centres = np.arange(365) + 0.5
    # Periodic: extend the nodes by one month at each end of the year.
    positions = np.concatenate([[nodes[-1] - 365], nodes, [nodes[0] + 365]])
    weights = np.zeros((365, 12))
    for j in range(12):
        unit = np.zeros(12)
        unit[j] = 1
        weights[:, j] = np.interp(centres, positions, np.concatenate([[unit[-1]], unit, [unit[0]]]))
    return weights


@cache
def _monthly_mean_matrix() -> np.ndarray:
    month_of_day = np.repeat(np.arange(12), _DAYS_IN_MONTH)
    weights = _interpolation_matrix()
    return np.array([weights[month_of_day == m].mean(axis=0) for m in range(12)])


def hourly_temperature(index: pd.DatetimeIndex, climate: Climate) -> np.ndarray:
    """Hourly air temperature (°C) of a profile year from monthly mean daily maxima and minima.

    Daily maxima and minima follow :func:`daily_from_monthly`, so their monthly means equal the
    normals. Each day rises as a half cosine from its minimum at the whole hour nearest sunrise to
    its maximum at ``temperature_max_hour`` (14:00), then falls as a half cosine to the next day's
    minimum; the year wraps (31 December runs into 1 January). Deterministic: no random numbers.
    """
    t_max = daily_from_monthly(climate.twelve("t_max"))
    t_min = daily_from_monthly(climate.twelve("t_min"))
    peak = climate.value("temperature_max_hour")
    doy = np.asarray(index.dayofyear[::24], dtype=float)
    rise = np.clip(
        np.round(sunrise_hour(doy, climate.value("latitude"), climate.value("longitude"))),
        1,
        peak - 1,
    )
    day = np.arange(HOURS) // 24
    hour = (np.arange(HOURS) % 24).astype(float)
    rise_h, rise_next = rise[day], np.roll(rise, -1)[day]
    before, after = hour < rise_h, hour > peak
    # Position 0..1 along the segment the hour lies on, and the segment's ends.
    position = np.where(
        before,
        (hour + 24 - peak) / (rise_h + 24 - peak),
        np.where(after, (hour - peak) / (rise_next + 24 - peak), (hour - rise_h) / (peak - rise_h)),
    )
    high = np.where(before, np.roll(t_max, 1)[day], t_max[day])
    low = np.where(after, np.roll(t_min, -1)[day], t_min[day])
    rising = ~before & ~after
    weight = np.where(rising, (1 - np.cos(np.pi * position)), (1 + np.cos(np.pi * position))) / 2
    return low + (high - low) * weight


# --- solar --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Solar:
    """Hourly solar results of a profile year (arrays of 8,760 values, hour-mean W/m² or 0-1)."""

    ghi: np.ndarray
    """global horizontal irradiance"""
    poa: np.ndarray
    """irradiance on the tilted PV plane"""
    pv: np.ndarray
    """AC output per unit of installed DC capacity"""
    monthly_irradiation: np.ndarray
    """12 monthly sums of global horizontal irradiation (MJ/m²) the hours were scaled to"""


def solar(index: pd.DatetimeIndex, temperature: np.ndarray, climate: Climate) -> Solar:
    """Irradiance and PV output of each hour.

    Clear-sky irradiance (Ineichen-Perez with pvlib's monthly Linke-turbidity climatology, read
    offline from the file that ships with pvlib) at the middle of each hour is scaled day by
    day: each day's global horizontal irradiation is the Ångström-Prescott estimate
    ``(a + b n/N) Ra`` for a sunny (n/N = 1) or overcast (n/N = 0) day
    (:func:`daily_sunshine`), rescaled so that each month's sum equals ``(a + b s) ΣRa`` for
    the month's relative sunshine s. It is split into beam and diffuse with Erbs, transposed to
    the tilted plane with Hay-Davies, and converted with the Faiman cell temperature, the PVWatts
    DC model, PVWatts losses and the PVWatts inverter (inverter rated at the DC capacity).
    """
    latitude, longitude = climate.value("latitude"), climate.value("longitude")
    altitude = climate.value("altitude")
    middle = index + pd.Timedelta(minutes=30)
    position = pvlib.solarposition.get_solarposition(middle, latitude, longitude, altitude)
    zenith = position["apparent_zenith"].to_numpy()
    airmass = pvlib.atmosphere.get_absolute_airmass(
        pvlib.atmosphere.get_relative_airmass(zenith), pvlib.atmosphere.alt2pres(altitude)
    )
    extra = pvlib.irradiance.get_extra_radiation(middle).to_numpy()
    turbidity = pvlib.clearsky.lookup_linke_turbidity(middle, latitude, longitude).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):  # night hours: NaN airmass
        clear = pvlib.clearsky.ineichen(zenith, airmass, turbidity, altitude, extra)
    clear_ghi = np.nan_to_num(np.asarray(clear["ghi"], dtype=float))

    month = np.asarray(index.month) - 1
    doy = np.asarray(index.dayofyear, dtype=float)
    day = np.arange(HOURS) // 24
    ra = extraterrestrial_daily(doy[::24], latitude)
    monthly_sunshine = relative_sunshine(climate, doy, month + 1)
    sunshine = daily_sunshine(monthly_sunshine, month[::24])
    a, b = climate.value("angstrom_a"), climate.value("angstrom_b")
    target = (a + b * monthly_sunshine) * np.bincount(month[::24], weights=ra, minlength=12)
    daily = (a + b * sunshine) * ra  # MJ/m², Ångström-Prescott per day
    daily *= (target / np.bincount(month[::24], weights=daily, minlength=12))[month[::24]]
    clear_daily = np.bincount(day, weights=clear_ghi * 3600 / 1e6, minlength=len(ra))
    ghi = clear_ghi * (daily / clear_daily)[day]

    parts = pvlib.irradiance.erbs(ghi, zenith, doy)
    poa = pvlib.irradiance.get_total_irradiance(
        climate.value("pv_tilt"),
        climate.value("pv_azimuth"),
        zenith,
        position["azimuth"].to_numpy(),
        np.nan_to_num(np.asarray(parts["dni"], dtype=float)),
        ghi,
        np.nan_to_num(np.asarray(parts["dhi"], dtype=float)),
        dni_extra=extra,
        albedo=climate.value("pv_albedo"),
        model="haydavies",
    )
    poa_global = np.clip(np.nan_to_num(np.asarray(poa["poa_global"], dtype=float)), 0, None)
    cell = pvlib.temperature.faiman(poa_global, temperature, climate.value("pv_wind_speed"))
    dc = pvlib.pvsystem.pvwatts_dc(poa_global, cell, 1.0, climate.value("pv_gamma"))
    dc = np.asarray(dc, dtype=float) * (1 - climate.value("pv_system_losses") / 100)
    ac = pvlib.inverter.pvwatts(dc, 1.0, climate.value("pv_inverter_efficiency"))
    pv = np.clip(np.nan_to_num(np.asarray(ac, dtype=float)), 0, 1)
    return Solar(ghi, poa_global, pv, target)
