"""Reporting views of an inventory: territorial (as CEADs), scope 1+2, GPC BASIC and BASIC+.

* ``territorial`` — scope 1 inside the boundary: fuel combustion and cement process, the CEADs
  convention (imported electricity not counted).
* ``scope1+2`` — territorial plus purchased electricity and heat. Local power and heat plants
  appear twice (as their own scope 1 and as consumers' scope 2) — the consumption view.
* ``basic`` — GPC BASIC: stationary energy and transportation (scopes 1 and 2) and waste,
  without I.4.4 (energy generation supplied to the grid), whose emissions the consumers already
  report as scope 2. Transport uses the GPC fuel-sales method, so all fuel sold in the city —
  jet kerosene included — is scope 1.
* ``basic+`` — BASIC plus IPPU (IV) and AFOLU (V).

Every view can exclude aviation (GPC II.4: jet kerosene, about a quarter of Beijing's scope 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from peakzero import codes
from peakzero.accounting.engine import Inventory
from peakzero.errors import InputError, Problem

__all__ = ["VIEWS", "select_view", "view_totals"]

VIEWS: dict[str, str] = {
    "territorial": "Territorial scope 1, fuel combustion and cement process (as CEADs)",
    "scope1+2": "Scope 1 plus purchased electricity and heat (scope 2)",
    "basic": "GPC BASIC (stationary energy, transportation and waste; scopes 1 and 2)",
    "basic+": "GPC BASIC+ (BASIC plus industrial processes and AFOLU)",
}
AVIATION = "II.4"


def _gpc_mask(gpc: pd.Series, scope: pd.Series, plus: bool) -> pd.Series:
    table = codes.gpc_sectors()
    in_basic = {code for code, entry in table.items() if entry.get("basic")}
    in_plus = {code for code, entry in table.items() if entry.get("basic_plus")}
    chosen = in_basic | in_plus if plus else in_basic
    return gpc.isin(chosen) & scope.isin((1, 2))


def select_view(emissions: pd.DataFrame, view: str, aviation: bool = True) -> pd.DataFrame:
    """The rows of ``emissions`` (an inventory's long table) that a view counts.

    Raises
    ------
    InputError
        If ``view`` is not one of :data:`VIEWS`.
    """
    if view not in VIEWS:
        msg = f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}"
        raise InputError(Problem("view", msg))
    scope = emissions["scope"]
    if view == "territorial":
        mask = scope.eq(1)
    elif view == "scope1+2":
        mask = scope.isin((1, 2))
    else:
        mask = _gpc_mask(emissions["gpc"], scope, plus=view == "basic+")
    if not aviation:
        mask &= emissions["gpc"].ne(AVIATION)
    return emissions[mask]


def view_totals(
    inventory: Inventory,
    view: str = "territorial",
    aviation: bool = True,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Totals of a view per region and year (and ``by`` columns such as ``fuel`` or ``gpc``).

    Returns columns ``region, year, *by, co2`` (t CO2) and ``co2e`` (t CO2e under the
    inventory's GWP metric, named in the ``gwp_metric`` column).
    """
    rows = select_view(inventory.emissions, view, aviation)
    keys = ["region", "year", *by]
    co2 = rows[rows["gas"].eq("CO2")].groupby(keys)["value"].sum().rename("co2")
    co2e = rows.groupby(keys)["co2e"].sum()
    totals = pd.concat([co2, co2e], axis=1).fillna(0.0).reset_index()
    totals["view"] = view
    totals["aviation"] = aviation
    totals["gwp_metric"] = inventory.gwp_metric
    return totals
