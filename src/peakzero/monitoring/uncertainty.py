"""Per-sector uncertainty bands of monitored emissions: daily, monthly and annual.

The relative uncertainties (``data/monitoring/uncertainty.csv``) are **borrowed**: CMCC's
published Beijing figures (Huo et al. 2022, monitoring.md §1.4), one daily and one annual value
per CMCC sector, mapped to the monitored sectors (the ``note`` column says where a neighbour's
figure stands in). The sheet does not say whether they are 1σ or 95 % ranges, so the band is
``value × (1 ± u)`` at that unknown confidence and is labelled so. Sectors without a figure
(aviation, waterborne, scope 2) get no band (NaN), never a guessed one.

Aggregation (monitoring.md §4.1): proxy errors are correlated within a year — a month's days
share one proxy, one shape and one anchor — so a month's error does not shrink like the sum of
independent days. With σ_d = u_daily × E(d) and one correlation ρ between any two days of the
month, the month's σ is::

    σ_m = sqrt((1 − ρ) Σ σ_d² + ρ (Σ σ_d)²)

ρ = 0 is independence (√Σσ_d², the lower bound), ρ = 1 full correlation (Σσ_d, the default:
the dossier gives no figure for ρ, so the conservative bound is used). A month is never taken as
more certain than the published annual figure: its relative σ is at least u_annual. The annual
band uses the published annual figure. Sectors are independent of each other when summed.
"""

from __future__ import annotations

from functools import cache
from io import StringIO

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.io.packaged import data_text
from peakzero.monitoring.method import annual, monthly
from peakzero.monitoring.periods import month_labels

__all__ = ["CONFIDENCE", "SCALES", "band", "relative_uncertainty", "total_band"]

SCALES = ("daily", "monthly", "annual")
CONFIDENCE = "unknown (CMCC does not state 1σ or 95 %)"


@cache
def _table() -> pd.DataFrame:
    text = data_text("monitoring", "uncertainty.csv")
    return pd.read_csv(StringIO(text), dtype={"sector": str, "scale": str})


def relative_uncertainty() -> pd.DataFrame:
    """The borrowed figures: ``sector, scale ('daily'|'annual'), value`` (fraction) + provenance."""
    return _table().copy()


def _u(sectors: pd.Series, scale: str) -> np.ndarray:
    table = _table()
    lookup = table[table["scale"].eq(scale)].set_index("sector")["value"]
    return sectors.map(lookup).astype(float).to_numpy()


def band(daily: pd.DataFrame, scale: str = "daily", correlation: float = 1.0) -> pd.DataFrame:
    """Values with ``sigma``, ``low`` and ``high`` at a time scale.

    Parameters
    ----------
    daily
        A DAILY frame ``date, region, sector, value`` (kt CO2/day).
    scale
        ``daily`` (the frame itself), ``monthly`` (``period`` 'YYYY-MM') or ``annual``
        (``year``).
    correlation
        ρ between the errors of two days of one month (``monthly`` only), in [0, 1].

    Raises
    ------
    InputError
        An unknown scale or a correlation outside [0, 1].
    """
    problems = []
    if scale not in SCALES:
        problems.append(
            Problem("band", f"use one of {', '.join(SCALES)}", column="scale", value=scale)
        )
    if not 0.0 <= correlation <= 1.0:
        problems.append(
            Problem("band", "a correlation in [0, 1]", column="correlation", value=correlation)
        )
    if problems:
        raise InputError(problems)
    if scale == "daily":
        out = daily.copy()
        out["sigma"] = _u(out["sector"], "daily") * out["value"]
    elif scale == "annual":
        out = annual(daily)
        out["sigma"] = _u(out["sector"], "annual") * out["value"]
    else:
        sigma = _u(daily["sector"], "daily") * daily["value"].to_numpy()
        parts = daily.assign(sigma=sigma, var=sigma**2)
        parts["period"] = month_labels(parts["date"])
        keys = ["region", "sector", "period"]
        sums = parts.groupby(keys)[["sigma", "var"]].sum(min_count=1)
        out = monthly(daily).merge(sums.reset_index(), on=keys)
        aggregated = ((1 - correlation) * out["var"] + correlation * out["sigma"] ** 2).pow(0.5)
        floor = _u(out["sector"], "annual") * out["value"]
        out["sigma"] = np.fmax(aggregated, floor).where(aggregated.notna())
        out = out.drop(columns="var")
    out["low"] = out["value"] - out["sigma"]
    out["high"] = out["value"] + out["sigma"]
    return out


def total_band(banded: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum sectors (independent errors: σ in quadrature) over the ``by`` columns.

    A total with any sector of unknown uncertainty has an unknown band.
    """
    frame = banded.assign(var=banded["sigma"] ** 2, unknown=banded["sigma"].isna())
    sums = frame.groupby(by).agg(
        value=("value", "sum"), var=("var", "sum"), unknown=("unknown", "any")
    )
    out = sums[["value"]].copy()
    out["sigma"] = np.sqrt(sums["var"]).where(~sums["unknown"])
    out["low"] = out["value"] - out["sigma"]
    out["high"] = out["value"] + out["sigma"]
    return out.reset_index()
