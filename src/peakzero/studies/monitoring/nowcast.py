"""This year's total from the year to date, with its band, and the back-test of the complete
past years (:func:`nowcast_study`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.nowcast import TOTAL, backtest, nowcast
from peakzero.monitoring.views import apply_view
from peakzero.studies.monitoring.inputs import MonitoringInputs

__all__ = ["NowcastStudy", "nowcast_study"]


@dataclass(frozen=True)
class NowcastStudy:
    """The nowcast of a year (``table``: one row per series and ``total``, kt CO2) and the
    back-test of past years (``backtest``: error in % by year, month and series)."""

    region: str
    year: int
    through: pd.Timestamp
    table: pd.DataFrame
    backtest: pd.DataFrame
    sectors: tuple[str, ...]
    left_out: tuple[str, ...]
    base_inventory: str

    @property
    def total(self) -> pd.Series:
        """The total's row: ``estimate, low, high`` (kt CO2) and the rest."""
        row = self.table[self.table["series"].eq(TOTAL)].iloc[0]
        return pd.Series(row)


def _annual_uncertainty(data: pd.DataFrame, year: int) -> dict[str, float]:
    """CMCC's borrowed annual relative uncertainty per sector (:mod:`.uncertainty`), and the
    total's from the sectors' shares of ``year`` so far (independent errors); a sector without
    a figure is left out, so its band and the total's stay unknown."""
    from peakzero.monitoring.uncertainty import relative_uncertainty

    figures = relative_uncertainty()
    annual = figures[figures["scale"].eq("annual")].set_index("sector")["value"].astype(float)
    ytd = data[data["date"].dt.year.eq(year)].groupby("sector")["value"].sum()
    u = annual.reindex(ytd.index)
    known = {str(k): float(v) for k, v in u.dropna().items()}
    if u.notna().all() and ytd.sum() > 0:
        known[TOTAL] = float(np.sqrt(((u * ytd) ** 2).sum()) / ytd.sum())
    return known


def nowcast_study(
    inputs: MonitoringInputs,
    year: int,
    *,
    through: str | dt.date | None = None,
    exclude_years: Sequence[int] = (),
    proxy_uncertainty: dict[str, float] | None = None,
) -> NowcastStudy:
    """Nowcast ``year`` from its year to date, with the back-test of the complete past years.

    Only sectors with a value on every day of ``year`` so far and of at least one complete
    earlier year take part; the others are named in ``left_out``. ``proxy_uncertainty``
    defaults to CMCC's borrowed annual figures (unknown for a sector without one).
    """
    scope1 = apply_view(inputs.daily, "territorial").data
    scope1 = scope1[scope1["date"].dt.year.le(year)]
    years = scope1["date"].dt.year
    known = scope1["value"].notna().groupby([scope1["sector"], years]).all()
    known_now = known.xs(year, level=1) if years.eq(year).any() else pd.Series(dtype=bool)
    sectors = tuple(sorted(str(s) for s, ok in known_now.items() if ok))
    past = known[known.index.get_level_values(1) < year].unstack(0)
    past = past.reindex(columns=list(sectors))
    history = [int(y) for y, ok in past.all(axis=1).items() if ok] if sectors else []
    left_out = tuple(sorted(set(scope1["sector"].unique()) - set(sectors)))  # unique(): fast
    if not sectors or not history:
        msg = (
            f"no sector has every day of {year} so far and of a complete earlier year;"
            " nothing to nowcast"
        )
        raise InputError(Problem(inputs.proxies_source, msg, column="year", value=year))
    data = scope1[
        scope1["sector"].isin(sectors) & years.isin([*history, year]) & scope1["value"].notna()
    ]
    table = nowcast(
        data,
        year,
        through=through,
        exclude_years=exclude_years,
        proxy_uncertainty=proxy_uncertainty or _annual_uncertainty(data, year),
        source=inputs.proxies_source,
    )
    tested = backtest(data[data["date"].dt.year.lt(year)], exclude_years=exclude_years)
    return NowcastStudy(
        region=inputs.region,
        year=year,
        through=pd.Timestamp(table["through"].iloc[0]),
        table=table.reset_index(drop=True),
        backtest=tested,
        sectors=sectors,
        left_out=left_out,
        base_inventory=f"{inputs.base_inventory} {inputs.base_year}",
    )
