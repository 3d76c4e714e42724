"""The pathways part of a report: emissions to 2060 per scenario, sectors, wedges, peak years
(figures from :mod:`peakzero.studies.pathways`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from peakzero.pathways.metrics import format_figure
from peakzero.report.charts import (
    bar_chart,
    histogram_chart,
    line_chart,
    macc_chart,
    stacked_area_chart,
)
from peakzero.report.html import Report, Section
from peakzero.studies.pathway_tables import (
    Outlook,
    ScenarioTarget,
    outlook_table,
    priced_entries,
    reference_carbon_price,
    scenario_targets,
)
from peakzero.studies.pathways import WEDGE_YEARS, PathwayFacts

__all__ = ["add_pathway_section", "outlook_frame", "targets_table"]

WEDGES_SHOWN_MT = 0.05
"""Wedges smaller than this (Mt CO2 in the last wedge year) are left out of the chart."""
MACC_SHOWN_MT = 0.01
"""Cost-curve bars narrower than this (Mt CO2 abated) are left out of the chart."""


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
    section.table(
        pd.DataFrame(
            {"scenario": [s.scenario for s in facts.summaries]}
            | {"history": [s.history for s in facts.summaries]}
        ),
        "情景与观测年份 · Scenarios and the observed years: policy scenarios follow the "
        "calibrated reference (current-policy) up to 2025; a counterfactual leaves history "
        "from 2019",
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
    top = facts.wedges_plan[WEDGE_YEARS[-1]]
    section.figure(
        bar_chart(top[top.abs() > WEDGES_SHOWN_MT], f"Mt CO2 in {WEDGE_YEARS[-1]}"),
        "各杠杆减排量（达峰方案相对基准，2060年；基准为冻结2019年技术的反事实情景） · Wedges: "
        "what each lever and driver removes, plan vs baseline (frozen 2019 technology, a "
        "counterfactual), 2060",
    )
    section.figure(
        histogram_chart({n: list(y) for n, y in facts.peak_years.items()}, "peak year"),
        "达峰年份分布 · Peak-year distribution (Monte Carlo)",
    )
    outlook = outlook_table(facts.summaries, facts.ensembles)
    section.table(outlook_frame(outlook), f"{facts.ensembles[0].runs} runs per scenario")
    targets = targets_table(scenario_targets(facts.summaries))
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
        for e in priced_entries(curve, MACC_SHOWN_MT)
        if e.cost_per_t is not None  # priced already; said again for the type checker
    ]
    price = reference_carbon_price()
    reference = None if price is None else (price, f"Beijing ETS 2024 average, {price:.0f} CNY/t")
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


def outlook_frame(outlook: Sequence[Outlook]) -> pd.DataFrame:
    """The summary table as the report shows it (probability in %, the peak-year spread as
    text)."""
    return pd.DataFrame(
        [
            {
                "scenario": o.scenario,
                "peak year": o.peak_year,
                "peak Mt": o.peak_mt,
                "net zero": o.net_zero_year or "–",
                "cumulative 2020-2060 Mt": o.cumulative_2020_2060_mt,
                "P(peak by 2030)": f"{o.probability_peak_by_2030:.0%}",
                "peak year p5-p95": f"{o.peak_year_p5:.0f}-{o.peak_year_p95:.0f}",
            }
            for o in outlook
        ]
    )


def targets_table(targets: Sequence[ScenarioTarget]) -> pd.DataFrame:
    """The report's targets table: one row per scenario and target.

    The figures are text, formatted here rather than by the table so that a year reads 2030
    (not 2,030.00); a target the scenario sets itself (an input) is marked so in ``met``.
    """
    rows = [
        {
            "scenario": row.scenario,
            "target": t.name,
            "year": t.year,
            "target value": format_figure(t.target, t.unit, ",.2f"),
            "model": format_figure(round(t.value, 2), t.unit, ",.2f"),
            "met": ("input: " if t.input else "") + {True: "✓", False: "✗", None: "n/c"}[t.met],
            "note": t.note,
        }
        for row in targets
        for t in [row.target]
    ]
    return pd.DataFrame(rows)
