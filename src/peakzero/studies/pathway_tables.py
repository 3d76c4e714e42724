"""Pathway tables with named columns: the scenarios' outlook (the summary table), the targets
of each scenario, a cost curve's rows and two scenarios compared. Figures stay numbers here;
each shell formats them its own way (the report as HTML, the CLI as text or CSV)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from peakzero.pathways.boundaries import ASSESSMENT
from peakzero.pathways.ensemble import HEADLINE_YEAR, EnsembleResult
from peakzero.pathways.macc import Macc, MaccEntry
from peakzero.pathways.metrics import NET, TERRITORIAL, Summary, TargetResult, summarise
from peakzero.pathways.run import packaged_costs, run_pathway

__all__ = [
    "COMPARED_VARIABLES",
    "COMPARED_YEARS",
    "ComparedValue",
    "Comparison",
    "Outlook",
    "ScenarioTarget",
    "compare",
    "macc_table",
    "outlook_table",
    "priced_entries",
    "reference_carbon_price",
    "scenario_targets",
]

COMPARED_VARIABLES = (
    ASSESSMENT,
    TERRITORIAL,
    NET,
    "Consumption Emissions|CO2",
    "Emissions|Kyoto Gases",  # CO2, CH4 and N2O under the run's GWP metric (AR5 by default)
    "Share|Renewable Energy (coal equivalent)",
    "Final Energy|Electricity",
)
COMPARED_YEARS = (2030, 2060)


@dataclass(frozen=True)
class Outlook:
    """One scenario's headline figures with its Monte Carlo spread (a summary-table row)."""

    scenario: str
    peak_year: int
    peak_mt: float
    net_zero_year: int | None
    cumulative_2020_2060_mt: float
    probability_peak_by_2030: float  # 0-1
    peak_year_p5: float
    peak_year_p95: float
    runs: int
    probability_net_zero_by_2050: float  # 0-1
    probability_net_zero_by_2060: float  # 0-1
    emissions_2030_deterministic_mt: float  # the deterministic run (central inputs)
    emissions_2030_p5_mt: float  # the ensemble's spread of the same emissions
    emissions_2030_p50_mt: float
    emissions_2030_p95_mt: float
    net_zero_year_median: float | None  # the ensemble median (None: half the runs never)
    boundary: str = "assessment"  # of peak_year, peak_mt, cumulative and the ensemble's peak
    beside: str = ""  # the other boundaries' peaks, e.g. "territorial 2010 (105.0)"


def outlook_table(
    summaries: Sequence[Summary], ensembles: Sequence[EnsembleResult]
) -> list[Outlook]:
    """The summary table: one row per scenario (``summaries`` and ``ensembles`` in the same
    scenario order): the deterministic run's figures (central inputs) beside the ensemble's."""
    return [
        Outlook(
            scenario=s.scenario,
            peak_year=s.peak_year,
            peak_mt=s.peak_value,
            net_zero_year=s.net_zero_year,
            cumulative_2020_2060_mt=s.cumulative_2020_2060,
            probability_peak_by_2030=e.probability_peak_by_2030,
            peak_year_p5=e.peak_year["p5"],
            peak_year_p95=e.peak_year["p95"],
            runs=e.runs,
            probability_net_zero_by_2050=e.probability_net_zero_by["2050"],
            probability_net_zero_by_2060=e.probability_net_zero_by["2060"],
            emissions_2030_deterministic_mt=e.deterministic[f"emissions_{HEADLINE_YEAR}"],
            emissions_2030_p5_mt=e.emissions["p5"][e.emissions["years"].index(HEADLINE_YEAR)],
            emissions_2030_p50_mt=e.median[f"emissions_{HEADLINE_YEAR}"],
            emissions_2030_p95_mt=e.emissions["p95"][e.emissions["years"].index(HEADLINE_YEAR)],
            net_zero_year_median=e.median["net_zero_year"],
            boundary=s.boundary,
            beside="; ".join(
                f"{b.boundary} {b.peak_year} ({b.peak_value:.1f})"
                + ("" if b.history_from else ", projection only")
                for b in s.boundaries[1:]
            ),
        )
        for s, e in zip(summaries, ensembles, strict=True)
    ]


@dataclass(frozen=True)
class ScenarioTarget:
    """One target of one scenario and the model's figure for it."""

    scenario: str
    target: TargetResult


def scenario_targets(summaries: Sequence[Summary]) -> list[ScenarioTarget]:
    """Every target of every scenario, scenario by scenario."""
    return [ScenarioTarget(s.scenario, t) for s in summaries for t in s.targets]


def priced_entries(curve: Macc, min_abated_mt: float | None = None) -> list[MaccEntry]:
    """The bars of ``curve`` that have a cost per tonne, cheapest first; with ``min_abated_mt``
    only those abating more than that in the curve's year."""
    return [
        e
        for e in curve.entries
        if e.cost_per_t is not None and (min_abated_mt is None or e.abated_mt > min_abated_mt)
    ]


def reference_carbon_price() -> float | None:
    """The packaged reference carbon price, CNY/t CO2 (None when the cost data hold none)."""
    costs = packaged_costs()
    if costs.has("carbon price", "reference"):
        return costs.scalar("carbon price", "reference")
    return None


def macc_table(curve: Macc) -> pd.DataFrame:
    """One row per bar of ``curve`` with named columns (the abatement's named by the curve's
    year), the columns there even when there is no bar: what ``pathway macc`` writes as CSV.

    The curve's bars come first (``listed`` = ``curve``), then the levers that do not abate
    in the curve's year (``listed`` = ``not abating in <year>``, never with a cost); every row
    says the cost basis and the emission boundary, and where a lever's investment cost is not
    a Chinese market cost."""
    columns = [
        "lever",
        "name_en",
        "name_zh",
        f"abated_{curve.year}_mt",
        "cumulative_2020_2060_mt",
        "cost_bn_cny",
        "cost_cny_per_t",
        "reason",
        "listed",
        "basis",
        "boundary",
        "cost_note",
    ]
    apart = f"not abating in {curve.year}"
    rows = [
        {
            "lever": e.lever,
            "name_en": e.name_en,
            "name_zh": e.name_zh,
            f"abated_{curve.year}_mt": e.abated_mt,
            "cumulative_2020_2060_mt": e.cumulative_mt,
            "cost_bn_cny": e.cost_bn,
            "cost_cny_per_t": e.cost_per_t,
            "reason": e.reason,
            "listed": listed,
            "basis": curve.basis,
            "boundary": curve.scope,
            "cost_note": e.cost_note,
        }
        for listed, entries in (("curve", curve.entries), (apart, curve.not_abating))
        for e in entries
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class ComparedValue:
    """One variable in one year in scenarios A and B."""

    variable: str
    year: int
    a: float
    b: float

    @property
    def b_minus_a(self) -> float:
        return self.b - self.a

    def as_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "year": self.year,
            "a": self.a,
            "b": self.b,
            "b_minus_a": self.b_minus_a,
        }


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side: their headline metrics and key variables."""

    a: Summary
    b: Summary
    values: list[ComparedValue]

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.as_dict(),
            "b": self.b.as_dict(),
            "variables": [v.as_dict() for v in self.values],
        }


def compare(
    first: str,
    second: str,
    variables: Sequence[str] = COMPARED_VARIABLES,
    years: Sequence[int] = COMPARED_YEARS,
) -> Comparison:
    """Run scenarios ``first`` (A) and ``second`` (B) and compare ``variables`` in ``years``."""
    a, b = run_pathway(first), run_pathway(second)
    values = [
        ComparedValue(variable, year, a.results.at(variable, year), b.results.at(variable, year))
        for variable in variables
        for year in years
    ]
    return Comparison(summarise(a), summarise(b), values)
