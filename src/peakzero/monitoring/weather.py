"""Daily temperature, heating degree days and the buildings' temperature fit.

Methods and sources: ``docs/methods/monitoring-analysis.md``. In short:

- ``HDD = max(0, base − Tmean)`` per day, base 18 °C by default (the base of the dossier's
  Beijing residential fit, R² 0.866 at 18 °C against 0.859 at 16 °C and 0.842 at 14 °C);
- the heating season is Beijing's legal period 15 November – 15 March (《北京市供热采暖管理办法》);
- ``E = a + b·HDD (+ c·season)`` by ordinary least squares, reported raw, fitted and
  weather-normalised ``E − b·(HDD − normal HDD of that calendar day)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem, raise_if_any

__all__ = [
    "DEFAULT_HDD_BASE",
    "HEATING_SEASON",
    "HddFit",
    "fit_hdd",
    "heating_degree_days",
    "heating_season",
    "normal_hdd",
    "read_temperature",
    "value_problems",
]

DEFAULT_HDD_BASE = 18.0
"""°C: Beijing residential fits best at 18 °C among 14, 16 and 18 °C (dossier §2.1)."""

HEATING_SEASON = ((11, 15), (3, 15))
"""(month, day) of the first and the last day of Beijing's legal heating period (dossier §3)."""

# Column spellings accepted for the daily high and low; the shared Beijing file uses the second.
_HIGH = ("high", "highest_temp", "tmax")
_LOW = ("low", "lowest_temp", "tmin")
# Beyond these a value is a typing or unit error (°F, tenths of a degree), not Beijing weather.
_PLAUSIBLE = (-60.0, 60.0)


def read_temperature(path: str | Path) -> pd.DataFrame:
    """Read a daily temperature CSV into ``date, tmean`` (°C), one row per day, sorted.

    Accepted layouts: ``date, tmean``; or ``date`` with a daily high and low (``high``/``low``,
    ``highest_temp``/``lowest_temp`` or ``tmax``/``tmin``), where ``tmean = (high + low) / 2``,
    the usual daily mean when hourly values are not available. Dates are ISO ``YYYY-MM-DD``.
    Other columns (a weather word) are ignored. Every bad cell is one problem naming the file,
    line, column and value; nothing is returned unless the whole file is good.
    """
    name = str(path)
    raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    lines = pd.RangeIndex(2, len(raw) + 2)  # the header is line 1
    high = next((c for c in _HIGH if c in raw.columns), None)
    low = next((c for c in _LOW if c in raw.columns), None)
    if "date" not in raw.columns or ("tmean" not in raw.columns and (high is None or low is None)):
        msg = (
            f"needs a 'date' column and either 'tmean' or a high and a low "
            f"({'/'.join(_HIGH)} and {'/'.join(_LOW)}); found {list(raw.columns)}"
        )
        raise InputError(Problem(name, msg, line=1))
    problems: list[Problem] = []
    dates = pd.to_datetime(raw["date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    for line, value in zip(lines[dates.isna()], raw["date"][dates.isna()], strict=True):
        problems.append(Problem(name, "not a date YYYY-MM-DD", line, "date", value))
    duplicated = dates.duplicated(keep="first") & dates.notna()
    for line, value in zip(lines[duplicated], raw["date"][duplicated], strict=True):
        problems.append(Problem(name, "date given twice", line, "date", value))
    columns = ["tmean"] if "tmean" in raw.columns else [str(high), str(low)]
    numbers = {}
    for column in columns:
        number = pd.to_numeric(raw[column].str.strip(), errors="coerce")
        bad = number.isna() | (number < _PLAUSIBLE[0]) | (number > _PLAUSIBLE[1])
        allowed = f"a temperature in °C between {_PLAUSIBLE[0]:g} and {_PLAUSIBLE[1]:g}"
        for line, value in zip(lines[bad], raw[column][bad], strict=True):
            problems.append(Problem(name, f"not {allowed}", line, column, value))
        numbers[column] = number
    if "tmean" in numbers:
        tmean = numbers["tmean"]
    else:
        swapped = numbers[str(high)] < numbers[str(low)]
        for line, value in zip(lines[swapped], raw[str(high)][swapped], strict=True):
            problems.append(
                Problem(name, f"high below the day's low; allowed: high ≥ {low}", line, high, value)
            )
        tmean = (numbers[str(high)] + numbers[str(low)]) / 2
    raise_if_any(problems)
    table = pd.DataFrame({"date": dates.astype("datetime64[ns]"), "tmean": tmean.astype(float)})
    return table.sort_values("date", ignore_index=True)


def heating_degree_days(tmean: pd.Series, base: float = DEFAULT_HDD_BASE) -> pd.Series:
    """``max(0, base − tmean)`` per day, in °C·day."""
    return (base - tmean.astype(float)).clip(lower=0.0).rename("hdd")


def heating_season(
    dates: pd.Series, season: tuple[tuple[int, int], tuple[int, int]] = HEATING_SEASON
) -> pd.Series:
    """True on the days of the heating season (default Beijing's 15 Nov – 15 Mar, both included)."""
    (m0, d0), (m1, d1) = season
    key = dates.dt.month * 100 + dates.dt.day
    start, end = m0 * 100 + d0, m1 * 100 + d1
    # A season that wraps round the new year (start after end) is "after start or before end".
    inside = (key >= start) | (key <= end) if start > end else (key >= start) & (key <= end)
    return inside.rename("heating_season")


def normal_hdd(weather: pd.DataFrame, base: float = DEFAULT_HDD_BASE) -> pd.DataFrame:
    """Normal HDD of each calendar day, the mean over the years given: ``month, day, normal_hdd``.

    29 February is the mean of the leap years given; when there is none, the mean of 28 February
    and 1 March stands in for it (only used if an emissions series has a 29 February).
    """
    hdd = heating_degree_days(weather["tmean"], base)
    keys = pd.DataFrame({"month": weather["date"].dt.month, "day": weather["date"].dt.day})
    normal = hdd.groupby([keys["month"], keys["day"]]).mean().rename("normal_hdd").reset_index()
    if not ((normal["month"] == 2) & (normal["day"] == 29)).any():
        around = normal[
            ((normal["month"] == 2) & (normal["day"] == 28))
            | ((normal["month"] == 3) & (normal["day"] == 1))
        ]
        if len(around):
            extra = pd.DataFrame(
                {"month": [2], "day": [29], "normal_hdd": [around["normal_hdd"].mean()]}
            )
            normal = pd.concat([normal, extra], ignore_index=True)
    return normal


def value_problems(daily: pd.DataFrame, source: str) -> list[Problem]:
    """One problem per row of a daily series without a date or a numeric value.

    The analyses never fill or skip a gap silently: a blank value is the user's to fix (or the
    data-quality gate's to report), not a zero.
    """
    problems = [
        Problem(source, "missing column; a daily series has date and value", column=c)
        for c in ("date", "value")
        if c not in daily.columns
    ]
    if problems:
        return problems
    values = pd.to_numeric(daily["value"], errors="coerce")
    bad = values.isna() | daily["date"].isna()
    where = daily["date"][bad].astype(str)
    shown = daily["value"][bad]
    return [
        Problem(source, f"{date}: not a number", column="value", value=value)
        for date, value in zip(where, shown, strict=True)
    ]


@dataclass(frozen=True)
class HddFit:
    """A least-squares fit ``E = a + b·HDD (+ c·season)`` of one daily series.

    ``coefficients`` and ``standard_errors`` are keyed ``a`` (kt/day), ``b`` (kt/day per °C·day)
    and, with the season term, ``c`` (kt/day). The standard errors are the classical OLS ones,
    ``sqrt(diag(s²·(XᵀX)⁻¹))`` with ``s² = RSS/(n − p)``; daily residuals are autocorrelated, so
    they understate the true uncertainty (read them as a lower bound). ``series`` has one row per
    day used: ``date, raw, fitted, normalised, hdd, normal_hdd, heating_season``.
    """

    base: float
    season_term: bool
    coefficients: dict[str, float]
    standard_errors: dict[str, float]
    r2: float
    n: int
    series: pd.DataFrame


def fit_hdd(
    daily: pd.DataFrame,
    weather: pd.DataFrame,
    *,
    base: float = DEFAULT_HDD_BASE,
    season_term: bool = False,
    source: str = "daily series",
) -> HddFit:
    """Fit a daily series (``date, value``) to the heating degree days of ``weather``.

    ``weather`` has ``date, tmean``. Only days present in both are used. A series with several
    regions or sectors, or fewer days than coefficients + 1, is an :class:`InputError` naming
    ``source``.
    """
    problems = value_problems(daily, source)
    for column in ("region", "sector"):
        if column in daily.columns and daily[column].nunique() > 1:
            found = sorted(map(str, daily[column].unique()))
            problems.append(
                Problem(source, f"fit one {column} at a time; found {found}", column=column)
            )
    raise_if_any(problems)
    joined = daily[["date", "value"]].merge(weather[["date", "tmean"]], on="date", how="inner")
    joined = joined.dropna().sort_values("date", ignore_index=True)
    hdd = heating_degree_days(joined["tmean"], base)
    season = heating_season(joined["date"])
    names = ["a", "b", "c"] if season_term else ["a", "b"]
    columns = [np.ones(len(joined)), hdd.to_numpy()]
    if season_term:
        columns.append(season.to_numpy(dtype=float))
    x = np.column_stack(columns)
    y = joined["value"].to_numpy(dtype=float)
    if len(y) <= len(names):
        msg = f"only {len(y)} days have both a value and a temperature; need more than {len(names)}"
        raise InputError(Problem(source, msg))
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    fitted = x @ beta
    rss = float(((y - fitted) ** 2).sum())
    tss = float(((y - y.mean()) ** 2).sum())
    sigma2 = rss / (len(y) - len(names))
    errors = np.sqrt(np.diag(sigma2 * np.linalg.pinv(x.T @ x)))
    normals = normal_hdd(weather, base)
    keys = pd.DataFrame({"month": joined["date"].dt.month, "day": joined["date"].dt.day})
    normal = keys.merge(normals, on=["month", "day"], how="left")["normal_hdd"].to_numpy()
    b = float(beta[1])
    series = pd.DataFrame(
        {
            "date": joined["date"],
            "raw": y,
            "fitted": fitted,
            "normalised": y - b * (hdd.to_numpy() - normal),
            "hdd": hdd.to_numpy(),
            "normal_hdd": normal,
            "heating_season": season.to_numpy(),
        }
    )
    return HddFit(
        base=base,
        season_term=season_term,
        coefficients=dict(zip(names, map(float, beta), strict=True)),
        standard_errors=dict(zip(names, map(float, errors), strict=True)),
        r2=1.0 - rss / tss if tss > 0 else float("nan"),
        n=len(y),
        series=series,
    )
