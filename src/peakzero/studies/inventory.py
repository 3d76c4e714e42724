"""Inventory figures: the territorial history and peak, the latest year's mix, QA findings, and
the emissions table a command writes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.accounting.engine import Inventory
from peakzero.accounting.history import Peak, annual_totals, find_peak, mix
from peakzero.accounting.qa import Finding, check_time_series

__all__ = [
    "InventoryFacts",
    "emissions_table",
    "inventory_facts",
    "region_year_count",
]

GROUP_ORDER = ("coal", "oil", "gas", "process")
"""Fuel groups bottom-up in a stacked history: the order of the energy transition."""


@dataclass(frozen=True)
class InventoryFacts:
    """A region's inventory in plain figures (Mt CO2, territorial view)."""

    region: str
    history: pd.DataFrame  # year × (with aviation, without aviation), Mt CO2
    peak: Peak
    peak_without_aviation: Peak
    by_fuel: pd.DataFrame  # the latest year by fuel
    by_group_history: pd.DataFrame  # year × fuel group (GROUP_ORDER first)
    by_gpc: pd.DataFrame  # the latest year by GPC sub-sector
    by_gpc_without_aviation: pd.DataFrame
    findings: list[Finding]

    @property
    def warnings(self) -> list[Finding]:
        """The QA findings a reader must see (the rest are informational)."""
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def info_count(self) -> int:
        """How many findings are informational (small cells dropping to zero)."""
        return len(self.findings) - len(self.warnings)

    @property
    def latest_by_group(self) -> pd.Series:
        """The latest year's non-zero fuel groups, largest first (Mt CO2)."""
        latest = self.by_group_history.T[self.peak.latest_year]
        return latest[latest != 0].sort_values(ascending=False)

    @property
    def gpc_with_and_without_aviation(self) -> pd.DataFrame:
        """The latest year by GPC sub-sector: ``co2`` with aviation (and the mix's other
        columns), ``co2_without_aviation`` beside it (0 where only aviation emits)."""
        return self.by_gpc.merge(
            self.by_gpc_without_aviation[["code", "co2"]],
            on="code",
            how="left",
            suffixes=("", "_without_aviation"),
        ).fillna({"co2_without_aviation": 0.0})


def inventory_facts(inventory: Inventory, region: str) -> InventoryFacts:
    """The figures of ``region`` in ``inventory`` (territorial view)."""
    with_aviation = annual_totals(inventory, region)
    without = annual_totals(inventory, region, aviation=False)
    history = pd.DataFrame({"with aviation": with_aviation, "without aviation": without})
    latest = int(history.index.max())
    groups = {
        int(year): mix(inventory, region, int(year), "group").set_index("code")["co2"]
        for year in history.index
    }
    by_group_history = pd.DataFrame(groups).T.fillna(0.0).sort_index()
    order = [g for g in GROUP_ORDER if g in by_group_history]
    rest = [g for g in by_group_history if g not in order]
    by_group_history = by_group_history[order + rest]
    emissions = inventory.emissions
    findings = check_time_series(emissions[emissions["region"] == region])
    return InventoryFacts(
        region,
        history,
        find_peak(with_aviation),
        find_peak(without),
        mix(inventory, region, latest, "fuel"),
        by_group_history,
        mix(inventory, region, latest, "gpc"),
        mix(inventory, region, latest, "gpc", aviation=False),
        findings,
    )


def emissions_table(inventory: Inventory) -> pd.DataFrame:
    """Every emission row with its GWP metric, in a stable order (region, year, sector, fuel,
    gas): what ``inventory compute`` writes as CSV and JSON."""
    table = inventory.emissions.drop(columns=["line"]).assign(gwp_metric=inventory.gwp_metric)
    return table.sort_values(["region", "year", "sector", "fuel", "gas"], kind="stable")


def region_year_count(data: pd.DataFrame) -> int:
    """How many distinct (region, year) pairs a long table holds."""
    return len(data[["region", "year"]].drop_duplicates())
