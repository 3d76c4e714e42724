"""When an inventory year arrives: the monitored months of that year in the vintage shape
(:func:`monthly_values`) rescaled pro rata to it, with the revision table
(:func:`reconcile_study`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.method import monthly
from peakzero.monitoring.views import apply_view
from peakzero.monitoring.vintages import reconcile
from peakzero.studies.monitoring.inputs import MonitoringInputs

__all__ = ["ReconcileStudy", "monthly_values", "reconcile_study"]


@dataclass(frozen=True)
class ReconcileStudy:
    """The monitored months of ``year`` rescaled to an arrived inventory year: ``reconciled``
    (``region, sector, month, value`` kt CO2) and ``revisions`` (``region, sector, period, old,
    new, change, change_pct``)."""

    region: str
    year: int
    inventory: str
    reconciled: pd.DataFrame
    revisions: pd.DataFrame
    unit: str = "kt CO2"


def monthly_values(inputs: MonitoringInputs, year: int) -> pd.DataFrame:
    """The monitored months of ``year`` in the vintage shape (``region, sector, month, value``,
    kt CO2), sectors with a whole year only."""
    daily = apply_view(inputs.daily, "territorial").data
    daily = daily[daily["date"].dt.year.eq(year)]
    whole = daily.groupby("sector")["value"].transform(lambda s: s.notna().all())
    months = monthly(daily[whole.astype(bool)])
    return months.rename(columns={"period": "month"})[["region", "sector", "month", "value"]]


def reconcile_study(
    inputs: MonitoringInputs, year: int, inventory: pd.DataFrame, *, name: str
) -> ReconcileStudy:
    """Rescale the monitored months of ``year`` to ``inventory`` (``region, sector, year,
    value`` Mt CO2 by monitored sector) and return the revision table."""
    months = monthly_values(inputs, year)
    if months.empty:
        msg = f"no sector is monitored on every day of {year}; nothing to reconcile"
        raise InputError(Problem(inputs.proxies_source, msg, column="year", value=year))
    annual = inventory[inventory["year"].astype(int).eq(year)]
    if annual.empty:
        msg = f"the inventory {name!r} has no figure for this year"
        raise InputError(Problem(name, msg, column="year", value=year))
    annual = annual.assign(value=annual["value"].astype(float) * 1000.0)[  # Mt → kt
        ["region", "sector", "year", "value"]
    ]
    reconciled, revisions = reconcile(months, annual)
    return ReconcileStudy(inputs.region, year, name, reconciled, revisions)
