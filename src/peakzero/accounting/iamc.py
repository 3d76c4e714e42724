"""An inventory as IAMC variables (model ``peakzero``), so pathways and reports can read it.

The tree is additive — children sum to their parent (pyam's ``check_aggregate``):
``Emissions|CO2`` (territorial) = ``|Energy`` + ``|Industrial Processes``;
``Emissions|CO2|Energy`` = ``|Supply`` + ``|Demand``; ``|Demand`` = its sectors.
Views and indirect emissions, which are not part of that sum, get names outside the tree.
"""

from __future__ import annotations

import pandas as pd

from peakzero.accounting.engine import Inventory
from peakzero.accounting.views import VIEWS, view_totals
from peakzero.io.iamc import IAMC_COLUMNS

__all__ = ["GPC_TO_IAMC", "inventory_to_iamc"]

# GPC sub-sector → IAMC energy sub-category under Emissions|<gas>|Energy.
GPC_TO_IAMC = {
    "I.1": "Demand|Residential and Commercial",
    "I.2": "Demand|Residential and Commercial",
    "I.3": "Demand|Industry",
    "I.4": "Supply",
    "I.4.4": "Supply",
    "I.5": "Demand|AFOFI",
    "I.6": "Demand|Other Sector",
    "I.7": "Supply",
    "I.8": "Supply",
    "II.1": "Demand|Transportation",
    "II.2": "Demand|Transportation",
    "II.3": "Demand|Transportation",
    "II.4": "Demand|Transportation",
    "II.5": "Demand|Transportation",
}
_VIEW_NAMES = {
    "territorial": "Territorial",
    "scope1+2": "Scope 1+2",
    "basic": "GPC BASIC",
    "basic+": "GPC BASIC+",
}


def _variables(rows: pd.DataFrame) -> pd.Series:
    """Leaf variable of each scope-1 row."""
    energy = rows["gpc"].astype(str).map(GPC_TO_IAMC)
    gas = rows["gas"].astype(str)
    leaf = ("Emissions|" + gas + "|Energy|" + energy).where(energy.notna())
    return leaf.fillna("Emissions|" + gas + "|Industrial Processes")


def _with_parents(leaves: pd.DataFrame) -> pd.DataFrame:
    """Add every ancestor of the leaf variables as the sum of its descendants."""
    frames = [leaves]
    variable = leaves["variable"]
    depth = variable.str.count(r"\|")
    for level in range(int(depth.max()) - 1, 0, -1):
        deeper = leaves[depth > level]
        parent = deeper["variable"].str.split("|").str[: level + 1].str.join("|")
        frames.append(deeper.assign(variable=parent))
    both = pd.concat(frames, ignore_index=True)
    return both.groupby(["region", "year", "variable", "gas"], as_index=False).agg(
        value=("value", "sum")
    )


def inventory_to_iamc(
    inventory: Inventory, scenario: str = "inventory", model: str = "peakzero"
) -> pd.DataFrame:
    """The inventory as an IAMC long table in Mt per year.

    Variables: the additive territorial tree per gas; ``Indirect Emissions|CO2|Electricity``
    and ``|Heat`` (scope 2); ``Emissions|Kyoto Gases (<metric>) [<view>]`` per view, with and
    without aviation.
    """
    emissions = inventory.emissions
    scope1 = emissions[emissions["scope"].eq(1)]
    leaves = scope1.assign(variable=_variables(scope1))
    leaves = leaves.groupby(["region", "year", "variable", "gas"], as_index=False).agg(
        value=("value", "sum")
    )
    tree = _with_parents(leaves) if len(leaves) else leaves
    tree["unit"] = "Mt " + tree["gas"].astype(str) + "/yr"

    scope2 = emissions[emissions["scope"].eq(2)]
    indirect = scope2.assign(
        variable="Indirect Emissions|CO2|" + scope2["fuel"].astype(str).str.title()
    )
    indirect = indirect.groupby(["region", "year", "variable"], as_index=False).agg(
        value=("value", "sum")
    )
    if len(indirect):
        total = indirect.groupby(["region", "year"], as_index=False).agg(value=("value", "sum"))
        indirect = pd.concat([indirect, total.assign(variable="Indirect Emissions|CO2")])
    indirect["unit"] = "Mt CO2/yr"

    views = []
    for view in VIEWS:
        for aviation in (True, False):
            totals = view_totals(inventory, view, aviation)
            suffix = "" if aviation else ", without aviation"
            name = f"Emissions|Kyoto Gases ({inventory.gwp_metric}) [{_VIEW_NAMES[view]}{suffix}]"
            views.append(totals.assign(variable=name, value=totals["co2e"]))
    view_rows = pd.concat(views, ignore_index=True)
    view_rows["unit"] = "Mt CO2-equiv/yr"

    columns = ["region", "year", "variable", "unit", "value"]
    long = pd.concat([tree[columns], indirect[columns], view_rows[columns]], ignore_index=True)
    long["value"] = long["value"] / 1e6  # t → Mt
    long["model"] = model
    long["scenario"] = scenario
    return long[list(IAMC_COLUMNS)].sort_values(["region", "variable", "year"], ignore_index=True)
