"""An inventory as IAMC variables (model ``peakzero``), so pathways and reports can read it.

The tree is additive — children sum to their parent (pyam's ``check_aggregate``) — and has the
same shape as the pathway engine's: ``Emissions|CO2`` (territorial) = ``|Energy and Industrial
Processes`` (+ ``|Waste``, ``|AFOLU``, ``|Other`` where an inventory has them);
``|Energy and Industrial Processes`` = ``|Energy`` + ``|Industrial Processes`` below it; the
energy detail is ``Emissions|CO2|Energy|Supply`` and ``…|Energy|Demand|…`` (``Emissions|CO2|
Energy`` itself is not reported, so that the children of ``Emissions|CO2`` add up).
Views and indirect emissions, which are not part of that sum, get names outside the tree.
"""

from __future__ import annotations

import pandas as pd

from peakzero import codes
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


# Top-level IAMC category by GPC sector, for rows that are not combustion in I or II.
_GPC_SECTOR_TO_IAMC = {"III": "Waste", "IV": "Energy|Demand|Industry", "V": "AFOLU", "VI": "Other"}


def _leaf(gpc: str, process: bool) -> str:
    """The IAMC category (below ``Emissions|<gas>``) of a scope-1 row."""
    if process:
        return "Energy and Industrial Processes|Industrial Processes"
    if gpc in GPC_TO_IAMC:
        return "Energy|" + GPC_TO_IAMC[gpc]
    return _GPC_SECTOR_TO_IAMC[gpc.split(".")[0]]


def _variables(rows: pd.DataFrame) -> pd.Series:
    """Leaf variable of each scope-1 row."""
    kinds = {f: c.get("kind") for f, c in codes.fuels().items()}
    process = rows["fuel"].astype(str).map(kinds).eq("process")
    keys = pd.Series(zip(rows["gpc"].astype(str), process, strict=True), index=rows.index)
    leaf = keys.map({key: _leaf(*key) for key in set(keys)})
    return "Emissions|" + rows["gas"].astype(str) + "|" + leaf


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
    tree = both.groupby(["region", "year", "variable", "gas"], as_index=False).agg(
        value=("value", "sum")
    )
    return _energy_under_eip(tree)


def _energy_under_eip(tree: pd.DataFrame) -> pd.DataFrame:
    """Report the energy total as ``…|Energy and Industrial Processes|Energy``, as the pathway
    engine does: ``Emissions|<gas>|Energy`` itself is dropped, so that the direct children of
    ``Emissions|<gas>`` (Energy and Industrial Processes, Waste, AFOLU, Other) add up."""
    frames = []
    keys = ["region", "year", "variable", "gas"]
    for gas, rows in tree.groupby(tree["gas"].astype(str), sort=False):
        energy_name, eip_name = (
            f"Emissions|{gas}|Energy",
            f"Emissions|{gas}|Energy and Industrial Processes",
        )
        energy = rows[rows["variable"].eq(energy_name)].assign(variable=f"{eip_name}|Energy")
        parts = rows[rows["variable"].str.startswith(f"{eip_name}|")]
        eip = pd.concat([energy, parts]).assign(variable=eip_name)
        eip = eip.groupby(keys, as_index=False).agg(value=("value", "sum"))
        rest = rows[~rows["variable"].isin([energy_name, eip_name])]
        frames += [rest, energy, eip]
    return pd.concat(frames, ignore_index=True)


def _view_rows(inventory: Inventory, has_scope2: bool) -> pd.DataFrame:
    """View totals, with and without aviation. Views that add scope 2 (or, like GPC BASIC, rely
    on it to replace local generation) are left out of an inventory without scope-2 data; a
    CO2-only inventory reports CO2, not "Kyoto Gases"."""
    co2_only = set(inventory.emissions["gas"].astype(str)) <= {"CO2"}
    gas = "CO2" if co2_only else f"Kyoto Gases ({inventory.gwp_metric})"
    unit = "Mt CO2/yr" if co2_only else "Mt CO2-equiv/yr"
    frames = []
    for view in VIEWS if has_scope2 else ("territorial",):
        for aviation in (True, False):
            totals = view_totals(inventory, view, aviation)
            suffix = "" if aviation else ", without aviation"
            name = f"Emissions|{gas} [{_VIEW_NAMES[view]}{suffix}]"
            frames.append(totals.assign(variable=name, value=totals["co2e"], unit=unit))
    return pd.concat(frames, ignore_index=True)


def inventory_to_iamc(
    inventory: Inventory, scenario: str = "inventory", model: str = "peakzero"
) -> pd.DataFrame:
    """The inventory as an IAMC long table in Mt per year.

    Variables: the additive territorial tree per gas; ``Indirect Emissions|CO2|Electricity``
    and ``|Heat`` (scope 2); ``Emissions|Kyoto Gases (<metric>) [<view>]`` per view, with and
    without aviation (``Emissions|CO2 [<view>]`` for a CO2-only inventory; only the territorial
    view for an inventory without scope-2 data).
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

    view_rows = _view_rows(inventory, has_scope2=bool(len(scope2)))

    columns = ["region", "year", "variable", "unit", "value"]
    long = pd.concat([tree[columns], indirect[columns], view_rows[columns]], ignore_index=True)
    long["value"] = long["value"] / 1e6  # t → Mt
    long["model"] = model
    long["scenario"] = scenario
    return long[list(IAMC_COLUMNS)].sort_values(["region", "variable", "year"], ignore_index=True)
