"""The pathways part of a report: emissions to 2060 per scenario, sectors, wedges, peak years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from peakzero.pathways.ensemble import EnsembleResult, run_ensemble
from peakzero.pathways.lmdi import historical_lmdi, lmdi
from peakzero.pathways.macc import Macc, macc
from peakzero.pathways.metrics import NET, TERRITORIAL, Summary, format_figure, summarise
from peakzero.pathways.run import YEARS, packaged_costs, run_pathway
from peakzero.pathways.scenarios import list_scenarios
from peakzero.pathways.wedges import wedges
from peakzero.report.charts import (
    bar_chart,
    histogram_chart,
    line_chart,
    macc_chart,
    stacked_area_chart,
)
from peakzero.report.html import Report, Section

__all__ = ["PathwayFacts", "add_pathway_section", "pathway_facts", "targets_table"]

SECTORS = {
    "Emissions|CO2|Energy|Supply": "Power and heat",
    "Emissions|CO2|Energy|Demand|Industry": "Industry",
    "Emissions|CO2|Energy|Demand|Residential and Commercial": "Buildings",
    "Emissions|CO2|Energy|Demand|Transportation": "Transport",
    "Emissions|CO2|Energy|Demand|AFOFI": "Agriculture",
    "Emissions|CO2|Energy and Industrial Processes|Industrial Processes": "Cement",
}


@dataclass(frozen=True)
class PathwayFacts:
    """What the pathway section shows."""

    territorial: pd.DataFrame  # year × scenario, Mt CO2
    net: pd.DataFrame
    sectors: pd.DataFrame  # year × sector for the plan scenario
    summaries: list[Summary]
    ensembles: list[EnsembleResult]
    peak_years: dict[str, np.ndarray]
    wedges_plan: pd.DataFrame  # lever × (2030, 2060)
    macc_plan: Macc  # the plan against the baseline, bar widths in MACC_YEAR
    costs: pd.DataFrame  # year × scenario, total cost bn CNY/yr
    decomposition: pd.DataFrame  # LMDI effects (Mt CO2) by period


MACC_YEAR = 2030


def pathway_facts(runs: int = 1000, seed: int = 2019) -> PathwayFacts:
    """Run every packaged scenario, their ensembles and the plan's wedges."""
    names = [info.name for info in list_scenarios()]
    results = {name: run_pathway(name) for name in names}
    territorial = pd.DataFrame({n: r.results[TERRITORIAL][0] for n, r in results.items()}, YEARS)
    net = pd.DataFrame({n: r.results[NET][0] for n, r in results.items()}, YEARS)
    plan = results["plan"].results
    sectors = pd.DataFrame({label: plan[v][0] for v, label in SECTORS.items()}, YEARS)
    ensembles = [run_ensemble(n, runs, seed) for n in names]
    table = wedges("plan", "baseline")
    table = table[table["year"].isin([2030, 2060])]
    # Readable names in the chart (a wedge may be a group of levers that work together).
    table = table.assign(lever=table["name_en"])
    pivot = table.pivot_table(index="lever", columns="year", values="abated", aggfunc="sum")
    pivot = pivot.loc[pivot[2060].sort_values(ascending=False).index]
    return PathwayFacts(
        territorial,
        net,
        sectors,
        [summarise(r) for r in results.values()],
        ensembles,
        {e.scenario: e.samples for e in ensembles},
        pivot,
        macc("plan", "baseline", MACC_YEAR),
        pd.DataFrame({n: r.results["Cost"][0] for n, r in results.items()}, YEARS),
        pd.DataFrame(
            {
                "recorded 2011-2019": historical_lmdi(2011, 2019),
                "plan 2019-2030": lmdi(results["plan"], 2019, 2030),
                "plan 2030-2060": lmdi(results["plan"], 2030, 2060),
            }
        ).T,
    )


def add_pathway_section(report: Report, facts: PathwayFacts) -> None:
    """Append the pathway section to ``report``."""
    section = report.section("技术路径", "Technology pathways to 2060")
    section.text(
        "以2019年CEADs清单校准的年度能源—排放模型，覆盖行动方案点名的全部技术（杠杆），"
        "对基准、现行政策、达峰方案和碳中和四个情景测算至2060年，并用蒙特卡洛方法给出达峰概率。",
        "An annual energy-emissions model calibrated to CEADs 2019, with every technology the "
        "action plan names as a lever, run for four scenarios to 2060; Monte Carlo gives the "
        "probability of peaking by 2030.",
    )
    section.figure(
        line_chart({str(c): facts.territorial[c] for c in facts.territorial}, "Mt CO2"),
        "区域内CO2（能源与工业过程） · Territorial CO2 (energy and industrial processes)",
    )
    section.figure(
        line_chart({str(c): facts.net[c] for c in facts.net}, "Mt CO2"),
        "净排放（含碳汇与负碳技术） · Net CO2 (with sinks and removals)",
    )
    section.figure(
        stacked_area_chart(facts.sectors, "Mt CO2"),
        "达峰方案情景分部门排放 · Plan scenario: emissions by sector",
    )
    top = facts.wedges_plan[2060]
    section.figure(
        bar_chart(top[top.abs() > 0.05], "Mt CO2 in 2060"),
        "各杠杆减排量（达峰方案相对基准，2060年） · Wedges: what each lever removes, plan vs "
        "baseline, 2060",
    )
    section.figure(
        histogram_chart({n: list(y) for n, y in facts.peak_years.items()}, "peak year"),
        "达峰年份分布 · Peak-year distribution (Monte Carlo)",
    )
    rows = []
    for summary, ensemble in zip(facts.summaries, facts.ensembles, strict=True):
        rows.append(
            {
                "scenario": summary.scenario,
                "peak year": summary.peak_year,
                "peak Mt": summary.peak_value,
                "net zero": summary.net_zero_year or "–",
                "cumulative 2020-2060 Mt": summary.cumulative_2020_2060,
                "P(peak by 2030)": f"{ensemble.probability_peak_by_2030:.0%}",
                "peak year p5-p95": "{p5:.0f}-{p95:.0f}".format(**ensemble.peak_year),
            }
        )
    section.table(pd.DataFrame(rows), f"{facts.ensembles[0].runs} runs per scenario")
    targets = targets_table(facts.summaries)
    if len(targets):
        section.table(
            targets,
            "目标 · Targets (n/c: not comparable, the model uses another statistical basis; "
            "input: the scenario sets the figure itself, so it is no outcome of the model; the "
            "note says on which basis a target is judged)",
        )
    section.table(
        facts.decomposition.round(2).rename_axis("period").reset_index(),
        "LMDI分解 · LMDI decomposition of territorial CO2 change, Mt (recorded: CEADs CO2, "
        "population and real GDP from the statistical communiqués, fossil energy estimated from "
        "CEADs; plan: the model with primary energy)",
    )
    _add_costs(section, facts)
    section.note(
        "See docs/methods/pathways.md for the model, its assumptions, the cost data and "
        "model-versus-observation."
    )


def _add_costs(section: Section, facts: PathwayFacts) -> None:
    """Costs per scenario and the plan's abatement cost curve."""
    section.figure(
        line_chart({str(c): facts.costs[c] for c in facts.costs}, "bn CNY/yr"),
        "模型计入的年成本（年化投资、运维、燃料、碳管理） · Costs the model tracks "
        "(annualised investment, O&M, fuel, carbon management), bn CNY/yr",
    )
    curve = facts.macc_plan
    bars = [
        (e.name_en, e.abated_mt, e.cost_per_t)
        for e in curve.entries
        if e.cost_per_t is not None and e.abated_mt > 0.01
    ]
    carbon = packaged_costs()
    reference = None
    if carbon.has("carbon price", "reference"):
        price = carbon.scalar("carbon price", "reference")
        reference = (price, f"Beijing ETS 2024 average, {price:.0f} CNY/t")
    section.figure(
        macc_chart(bars, f"abatement in {curve.year}, Mt CO2/yr", reference),
        f"边际减排成本曲线（达峰方案相对基准，{curve.year}年减排量为宽度） · Marginal abatement "
        f"cost curve: plan vs baseline, bar width = abatement in {curve.year}",
    )
    rows = [
        {
            "lever": e.name_en,
            f"abated {curve.year} Mt": round(e.abated_mt, 2),
            "cumulative 2020-2060 Mt": round(e.cumulative_mt, 1),
            "CNY/t": "–" if e.cost_per_t is None else f"{e.cost_per_t:,.0f}",
            "note": e.reason,
        }
        for e in curve.entries
    ]
    section.table(
        pd.DataFrame(rows),
        f"Levelised abatement cost 2020-2060 at a {curve.discount_rate:.0%} discount rate; "
        "emissions counted with imported electricity and hydrogen. Prices and European "
        "technology costs with their sources in data/pathways/costs.csv.",
    )


def targets_table(summaries: list[Summary]) -> pd.DataFrame:
    """The report's targets table: one row per scenario and target.

    The figures are text, formatted here rather than by the table so that a year reads 2030
    (not 2,030.00); a target the scenario sets itself (an input) is marked so in ``met``.
    """
    rows = [
        {
            "scenario": s.scenario,
            "target": t.name,
            "year": t.year,
            "target value": format_figure(t.target, t.unit, ",.2f"),
            "model": format_figure(round(t.value, 2), t.unit, ",.2f"),
            "met": ("input: " if t.input else "") + {True: "✓", False: "✗", None: "n/c"}[t.met],
            "note": t.note,
        }
        for s in summaries
        for t in s.targets
    ]
    return pd.DataFrame(rows)
