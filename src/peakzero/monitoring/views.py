"""Accounting views of monitored daily emissions, each stating its scope and gases.

* ``territorial`` — scope 1 inside the city (fuel combustion and cement process): the CEADs
  boundary, so its annual sums compare with CEADs.
* ``scope1+2`` — territorial plus purchased electricity (and, if given, heat) × a named factor
  from the packaged registry (``data/factors/grid.csv``, :mod:`peakzero.accounting.grid_factors`).
  Local power and heat plants (I.4.4) then count twice, as in accounting's consumption view.

Either view can leave out aviation (II.4: jet kerosene, about a quarter of Beijing's scope 1).
Every result says "CO2 only": the method anchors to a CO2 inventory and no other gas is modelled.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.accounting.grid_factors import load_grid_factor
from peakzero.errors import InputError, Problem
from peakzero.monitoring.method import DAILY_COLUMNS
from peakzero.monitoring.sectors import SCOPE2_ELECTRICITY, SCOPE2_HEAT, monitored_sectors
from peakzero.units import conversion_factor

__all__ = [
    "AVIATION",
    "GASES",
    "VIEWS",
    "MonitoringView",
    "apply_view",
    "scope1_2",
    "territorial",
]

AVIATION = "II.4"
GASES = "CO2 only"
VIEWS: dict[str, str] = {
    "territorial": "Territorial scope 1, fuel combustion and cement process (as CEADs)",
    "scope1+2": "Scope 1 plus purchased electricity (and heat) × a named factor",
}


@dataclass(frozen=True)
class MonitoringView:
    """A DAILY frame (kt CO2/day) and what it counts."""

    data: pd.DataFrame
    view: str
    aviation: bool
    grid_factor: str | None = None
    heat_factor: str | None = None
    gases: str = GASES

    @property
    def metadata(self) -> dict[str, object]:
        """What every output of the view states next to its numbers."""
        return {
            "view": self.view,
            "description": VIEWS[self.view],
            "aviation": "included" if self.aviation else "excluded (GPC II.4)",
            "gases": self.gases,
            "grid_factor": self.grid_factor,
            "heat_factor": self.heat_factor,
            "unit": "kt CO2/day",
        }


def _scope1(daily: pd.DataFrame, aviation: bool) -> pd.DataFrame:
    sectors = monitored_sectors()
    scope1 = {code for code, sector in sectors.items() if sector.scope == 1}
    unknown = sorted(set(daily["sector"].unique()) - set(sectors))  # unique(): fast on Arrow
    if unknown:
        msg = f"not a monitored sector; use one of {', '.join(sectors)}"
        raise InputError([Problem("daily", msg, column="sector", value=v) for v in unknown])
    keep = daily["sector"].isin(scope1)
    if not aviation:
        keep &= daily["sector"].ne(AVIATION)
    return daily[keep]


def territorial(daily: pd.DataFrame, aviation: bool = True) -> MonitoringView:
    """Scope 1 inside the boundary (rows of scope-2 sectors are left out)."""
    return MonitoringView(_scope1(daily, aviation).reset_index(drop=True), "territorial", aviation)


def _purchased(
    carrier: pd.DataFrame, sector: str, factor_id: str, kind: str, unit: str
) -> pd.DataFrame:
    factor = load_grid_factor(factor_id, kind)
    t_per_unit = factor.value * conversion_factor(factor.unit, f"t/{unit}")
    frame = carrier[["date", "region"]].assign(
        sector=sector,
        value=carrier["value"].astype(float) * t_per_unit / 1000.0,  # t → kt
    )
    return frame.assign(date=pd.to_datetime(frame["date"]))


def scope1_2(
    daily: pd.DataFrame,
    electricity: pd.DataFrame,
    grid_factor: str,
    aviation: bool = True,
    heat: pd.DataFrame | None = None,
    heat_factor: str = "cn-heat-default",
) -> MonitoringView:
    """Scope 1 plus purchased electricity (and heat) × named factors.

    Parameters
    ----------
    daily
        Monitored emissions, a DAILY frame in kt CO2/day.
    electricity
        ``date, region, value``: electricity consumed in the city, MWh per day (e.g. daily
        whole-society consumption spread from a monthly figure by :mod:`.shapes`).
    grid_factor
        An electricity factor id of ``data/factors/grid.csv`` (e.g. ``mee-beijing-2022``).
    heat, heat_factor
        Optional ``date, region, value``: purchased heat in GJ per day, × a heat factor id.

    Raises
    ------
    InputError
        An unknown factor id (the message lists the valid ones) or sector.
    """
    parts = [_scope1(daily, aviation)]
    parts.append(_purchased(electricity, SCOPE2_ELECTRICITY, grid_factor, "electricity", "MWh"))
    if heat is not None:
        parts.append(_purchased(heat, SCOPE2_HEAT, heat_factor, "heat", "GJ"))
    data = pd.concat([p[list(DAILY_COLUMNS)] for p in parts], ignore_index=True)
    data = data.sort_values(["region", "sector", "date"]).reset_index(drop=True)
    return MonitoringView(
        data,
        "scope1+2",
        aviation,
        grid_factor=load_grid_factor(grid_factor).id,
        heat_factor=None if heat is None else heat_factor,
    )


def apply_view(
    daily: pd.DataFrame,
    view: str = "territorial",
    aviation: bool = True,
    electricity: pd.DataFrame | None = None,
    grid_factor: str | None = None,
) -> MonitoringView:
    """The view named ``view`` (a key of :data:`VIEWS`), as a command line would ask for it.

    Raises
    ------
    InputError
        An unknown view, or ``scope1+2`` without electricity and a grid factor.
    """
    if view == "territorial":
        return territorial(daily, aviation)
    if view == "scope1+2" and electricity is not None and grid_factor:
        return scope1_2(daily, electricity, grid_factor, aviation)
    if view == "scope1+2":
        msg = "scope1+2 needs electricity consumption (MWh/day) and a grid factor id"
        raise InputError(Problem("view", msg, column="view", value=view))
    msg = f"unknown view; use one of {', '.join(VIEWS)}"
    raise InputError(Problem("view", msg, column="view", value=view))
