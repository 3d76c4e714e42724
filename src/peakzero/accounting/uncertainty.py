"""IPCC Approach 1 uncertainty (error propagation; IPCC 2006 Vol. 1 Ch. 3, Eq. 3.1 and 3.2).

For a product of activity and factor, U = √(U_AD² + U_EF²); for a sum of independent terms,
U_total = √Σ(U_i·x_i)² / |Σx_i| (U as % half-width of the 95 % interval).

Activity data of different rows are treated as independent, but one fuel's factor is the same in
every sector, so rows are first summed per fuel: the activity parts combine in quadrature, the
factor uncertainty of that fuel applies to its whole total. Fuels are then combined as
independent terms. Emissions with no known uncertainty (e.g. grid factors, process) are left
out of the propagation and reported as an uncovered share rather than guessed; so are CH4 and
N2O, whose factor uncertainties have no default here.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from peakzero import codes
from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import select_view
from peakzero.errors import ReferenceDataError
from peakzero.io.packaged import data_file

__all__ = ["default_uncertainties", "total_uncertainty"]


@cache
def default_uncertainties() -> pd.DataFrame:
    """The packaged default uncertainties (``key, component, value, unit, source, status``)."""
    path = data_file("uncertainty", "defaults.csv")
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype={"value": "float64"})
    if table["source"].isna().any() or table["status"].isna().any():
        msg = "data/uncertainty/defaults.csv: every row needs a source and a status"
        raise ReferenceDataError(msg)
    return table


def _defaults(component: str) -> dict[str, float]:
    table = default_uncertainties()
    rows = table[table["component"].eq(component)]
    return dict(zip(rows["key"], rows["value"], strict=True))


def total_uncertainty(
    inventory: Inventory, view: str = "territorial", aviation: bool = True
) -> pd.DataFrame:
    """Approach 1 uncertainty of each region-year total of a view, in t CO2e.

    Returns columns ``region, year, total, uncertainty_pct, lower, upper, covered_share``:
    ``covered_share`` is the part of the total whose uncertainty is known.
    """
    rows = select_view(inventory.emissions, view, aviation)
    activity = inventory.activity.set_index("line")["uncertainty"]
    groups = {f: c.get("group") for f, c in codes.fuels().items()}
    ad_default = _defaults("activity").get("*", np.nan)
    ef_by_group = _defaults("factor")

    data = rows[["region", "year", "fuel", "gas", "line", "co2e"]].copy()
    data["u_ad"] = data["line"].map(activity).astype("float64").fillna(ad_default) / 100.0
    data["u_ef"] = data["fuel"].map(groups).map(ef_by_group).astype("float64") / 100.0
    # The defaults are CO2-factor uncertainties; CH4 and N2O stay uncovered rather than guessed.
    data.loc[data["gas"].astype(str).ne("CO2"), "u_ef"] = np.nan
    data["known"] = data["u_ad"].notna() & data["u_ef"].notna()
    data["ad_sq"] = (data["u_ad"] * data["co2e"]) ** 2

    known = data[data["known"]]
    per_fuel = known.groupby(["region", "year", "fuel"]).agg(
        x=("co2e", "sum"), ad_sq=("ad_sq", "sum"), u_ef=("u_ef", "first")
    )
    # Per fuel: activity parts in quadrature plus the (common) factor uncertainty.
    per_fuel["var"] = per_fuel["ad_sq"] + (per_fuel["u_ef"] * per_fuel["x"]) ** 2
    covered = per_fuel.groupby(["region", "year"]).agg(x=("x", "sum"), var=("var", "sum"))
    totals = data.groupby(["region", "year"])["co2e"].sum().rename("total").to_frame()
    result = totals.join(covered, how="left").fillna({"x": 0.0, "var": 0.0})
    half_width = np.sqrt(result["var"])
    with np.errstate(divide="ignore", invalid="ignore"):
        result["uncertainty_pct"] = 100.0 * half_width / result["x"].abs()
        result["covered_share"] = result["x"] / result["total"]
    result["lower"] = result["total"] - half_width
    result["upper"] = result["total"] + half_width
    columns = ["total", "uncertainty_pct", "lower", "upper", "covered_share"]
    return result[columns].reset_index()
