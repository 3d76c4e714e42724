"""One accounting run end to end: read activity, compute, check, summarise.

This is the function behind ``peakzero inventory compute``; it returns plain objects so that the
CLI, the API and reports format the same result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from peakzero.accounting.activity import read_activity
from peakzero.accounting.engine import Inventory, compute_inventory
from peakzero.accounting.factors import load_factor_set, load_grid_factor
from peakzero.accounting.qa import (
    Finding,
    check_district_sums,
    check_regions,
    check_time_series,
    check_view_sums,
    compare_approaches,
)
from peakzero.accounting.supply import read_supply, reference_approach
from peakzero.accounting.uncertainty import total_uncertainty
from peakzero.accounting.views import VIEWS, view_totals
from peakzero.checks import enforce

__all__ = ["DEFAULTS", "AccountingRun", "run_accounting"]

DEFAULTS = {
    "factors": "cn-gbt2589-provincial-2011",
    "grid_factor": "mee-north-china-2022",
    "heat_factor": "cn-heat-default",
    "gwp": "AR5GWP100",
}


@dataclass(frozen=True)
class AccountingRun:
    """An inventory with its view totals, uncertainty, QA findings and approach comparison."""

    inventory: Inventory
    views: pd.DataFrame
    uncertainty: pd.DataFrame
    findings: list[Finding]
    approaches: pd.DataFrame | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (settings, view totals, uncertainty, findings)."""
        return {
            "settings": self.settings,
            "views": self.views.to_dict(orient="records"),
            "uncertainty": self.uncertainty.to_dict(orient="records"),
            "qa": [f.as_dict() for f in self.findings],
            "reference_vs_sectoral": (
                None if self.approaches is None else self.approaches.to_dict(orient="records")
            ),
        }


def run_accounting(
    activity: str | os.PathLike[str],
    factors: str | os.PathLike[str] = DEFAULTS["factors"],
    grid_factor: str = DEFAULTS["grid_factor"],
    heat_factor: str = DEFAULTS["heat_factor"],
    gwp: str = DEFAULTS["gwp"],
    supply: str | os.PathLike[str] | None = None,
    sheet: str | None = None,
    *,
    strict: bool = False,
) -> AccountingRun:
    """Account an activity file (CSV or XLSX) with named factors; check it; summarise it.

    ``strict``: refuse the run if QA raises a warning (:func:`peakzero.checks.enforce`).

    Raises
    ------
    InputError
        For any defect of the inputs, before anything is computed.
    CheckFailedError
        In strict mode, when QA raises a warning (the error lists the warnings).
    """
    factor_set = load_factor_set(factors)
    electricity = load_grid_factor(grid_factor, "electricity")
    heat = load_grid_factor(heat_factor, "heat")
    data = read_activity(activity, sheet)
    supply_data = None if supply is None else read_supply(supply)
    inventory = compute_inventory(data, factor_set, electricity, heat, gwp)

    views = pd.concat(
        [view_totals(inventory, view, aviation) for view in VIEWS for aviation in (True, False)],
        ignore_index=True,
    )
    findings = check_time_series(inventory.emissions) + check_view_sums(views)
    findings += check_district_sums(inventory) + check_regions(inventory)
    approaches = None
    if supply_data is not None:
        approaches, more = compare_approaches(
            inventory, reference_approach(supply_data, factor_set)
        )
        findings += more
    if strict:
        enforce(findings, "warning")
    settings = {
        "activity": str(activity),
        "factor_set": inventory.factor_set,
        "electricity_factor": inventory.electricity_factor,
        "heat_factor": inventory.heat_factor,
        "gwp_metric": inventory.gwp_metric,
        "supply": None if supply is None else str(supply),
        "unit": "t",
    }
    return AccountingRun(
        inventory, views, total_uncertainty(inventory), findings, approaches, settings
    )
