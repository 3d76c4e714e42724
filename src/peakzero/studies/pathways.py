"""Pathway figures: every packaged scenario to 2060, their ensembles, the plan's wedges, its
abatement cost curve and the LMDI periods, as year-indexed tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.pathways.boundaries import ASSESSMENT, CONSUMPTION, grid_factor
from peakzero.pathways.boundary_history import boundary_history
from peakzero.pathways.ensemble import EnsembleResult, run_ensemble
from peakzero.pathways.history import HISTORY_YEARS
from peakzero.pathways.lmdi import historical_lmdi, lmdi
from peakzero.pathways.macc import Macc, macc
from peakzero.pathways.metrics import NET, TERRITORIAL, Summary, summarise
from peakzero.pathways.run import YEARS, PathwayRun, run_pathway
from peakzero.pathways.scenarios import list_scenarios
from peakzero.pathways.sensitivity import Sensitivity, pathway_sensitivity
from peakzero.pathways.wedges import wedges

__all__ = [
    "MACC_YEAR",
    "SCENARIO_PERIOD",
    "SECTORS",
    "SENSITIVITY_SAMPLES",
    "SENSITIVITY_SCENARIOS",
    "WEDGE_YEARS",
    "PathwayFacts",
    "decomposition",
    "lmdi_periods",
    "pathway_facts",
    "wedge_pivot",
]

SECTORS = {
    "Emissions|CO2|Energy|Supply": "Power and heat",
    "Emissions|CO2|Energy|Demand|Industry": "Industry",
    "Emissions|CO2|Energy|Demand|Residential and Commercial": "Buildings",
    "Emissions|CO2|Energy|Demand|Transportation": "Transport",
    "Emissions|CO2|Energy|Demand|AFOFI": "Agriculture",
    "Emissions|CO2|Energy and Industrial Processes|Industrial Processes": "Cement",
}
"""The sector variables shown stacked, with their readable names."""

MACC_YEAR = 2030
"""The year whose abatement gives the cost curve's bar widths."""

WEDGE_YEARS = (2030, 2060)
"""The years the wedges are shown for (the last one orders them)."""

SCENARIO_PERIOD = (2019, 2030)
"""The period a scenario's change is decomposed over unless another is asked for."""

SENSITIVITY_SCENARIOS = ("current-policy", "plan")
"""The scenarios whose Sobol indices the report shows (the reference and the plan)."""
SENSITIVITY_SAMPLES = 512
"""Base samples of the report's Sobol analysis (N x (inputs + 2) runs, a few seconds each)."""


@dataclass(frozen=True)
class PathwayFacts:
    """Every packaged scenario's figures (Mt CO2 unless named otherwise)."""

    assessment: pd.DataFrame  # year × scenario, the assessment boundary (average factor)
    recorded: pd.DataFrame  # year × boundary (assessment, territorial), 1997-2018, CEADs-based
    consumption: pd.DataFrame  # year × scenario
    territorial: pd.DataFrame  # year × scenario
    net: pd.DataFrame  # year × scenario
    sectors: pd.DataFrame  # year × sector (SECTORS) for the plan scenario
    summaries: list[Summary]  # one per scenario, in the packaged order
    ensembles: list[EnsembleResult]  # one per scenario, same order
    peak_years: dict[str, np.ndarray]  # scenario → the peak year of every Monte Carlo run
    wedges_plan: pd.DataFrame  # lever × WEDGE_YEARS, plan against baseline
    macc_plan: Macc  # the plan against the baseline, bar widths in MACC_YEAR, resource costs
    macc_plan_paid: Macc  # the same curve on the "as paid" cost basis, shown beside it
    costs: pd.DataFrame  # year × scenario, total cost bn CNY/yr
    decomposition: pd.DataFrame  # LMDI period × effect, Mt CO2
    sensitivity: list[Sensitivity]  # Sobol indices, one per SENSITIVITY_SCENARIOS


def wedge_pivot(
    scenario: str = "plan", reference: str = "baseline", years: tuple[int, ...] = WEDGE_YEARS
) -> pd.DataFrame:
    """What each lever (by its English name) removes in ``years``, Mt CO2/yr: one row per
    lever, largest in the last year first. A wedge may be a group of levers working together;
    rows with the same name are summed."""
    table = wedges(scenario, reference)
    table = table[table["year"].isin(list(years))]
    table = table.assign(lever=table["name_en"])
    pivot = table.pivot_table(index="lever", columns="year", values="abated", aggfunc="sum")
    return pivot.loc[pivot[years[-1]].sort_values(ascending=False).index]


def lmdi_periods(plan: PathwayRun) -> pd.DataFrame:
    """LMDI effects (Mt CO2) of the recorded change 2011-2019 and of ``plan`` 2019-2030 and
    2030-2060, one row per period."""
    return pd.DataFrame(
        {
            "recorded 2011-2019": historical_lmdi(2011, 2019),
            "plan 2019-2030": lmdi(plan, 2019, 2030),
            "plan 2030-2060": lmdi(plan, 2030, 2060),
        }
    ).T


def decomposition(
    scenario: str | None, start: int | None = None, end: int | None = None
) -> dict[str, float]:
    """LMDI effects (Mt CO2) of ``scenario``'s change from ``start`` to ``end`` (default
    :data:`SCENARIO_PERIOD`) or, without a scenario, of Beijing's recorded change (default
    ``HISTORY_YEARS``, 2011-2019)."""
    if scenario is None:
        first, last = HISTORY_YEARS
        return historical_lmdi(start or first, end or last)
    first, last = SCENARIO_PERIOD
    return lmdi(run_pathway(scenario), start or first, end or last)


def pathway_facts(runs: int | None = None, seed: int = 2019) -> PathwayFacts:
    """Run every packaged scenario and its ensemble of ``runs`` draws (default: the run setting
    ``ensemble_runs``), the plan's wedges, cost curve and decomposition, and the Sobol indices
    of :data:`SENSITIVITY_SCENARIOS`."""
    names = [info.name for info in list_scenarios()]
    results = {name: run_pathway(name) for name in names}

    def by_scenario(variable: str) -> pd.DataFrame:
        return pd.DataFrame({n: r.results[variable][0] for n, r in results.items()}, YEARS)

    plan = results["plan"].results
    ensembles = [run_ensemble(n, runs, seed) for n in names]
    average = grid_factor("average")
    recorded = pd.DataFrame(
        {b: boundary_history(b, average, int(YEARS[0])) for b in ("assessment", "territorial")}
    )
    return PathwayFacts(
        assessment=by_scenario(ASSESSMENT),
        recorded=recorded,
        consumption=by_scenario(CONSUMPTION),
        territorial=by_scenario(TERRITORIAL),
        net=by_scenario(NET),
        sectors=pd.DataFrame({label: plan[v][0] for v, label in SECTORS.items()}, YEARS),
        summaries=[summarise(r) for r in results.values()],
        ensembles=ensembles,
        peak_years={e.scenario: e.samples for e in ensembles},
        wedges_plan=wedge_pivot("plan", "baseline"),
        macc_plan=macc("plan", "baseline", MACC_YEAR, basis="resource"),
        macc_plan_paid=macc("plan", "baseline", MACC_YEAR, basis="paid"),
        costs=by_scenario("Cost"),
        decomposition=lmdi_periods(results["plan"]),
        sensitivity=[
            pathway_sensitivity(n, SENSITIVITY_SAMPLES, seed) for n in SENSITIVITY_SCENARIOS
        ],
    )
