"""The pathways part of a report: emissions to 2060 per scenario, sectors, wedges, peak years
(figures from :mod:`peakzero.studies.pathways`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from peakzero.pathways.ensemble import EnsembleResult
from peakzero.pathways.ensemble_outputs import DETERMINISTIC
from peakzero.pathways.metrics import format_figure
from peakzero.pathways.sensitivity import Sensitivity
from peakzero.report.charts import (
    bar_chart,
    fan_chart,
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

__all__ = ["add_pathway_section", "outlook_frame", "sensitivity_table", "targets_table"]

WEDGES_SHOWN_MT = 0.05
"""Wedges smaller than this (Mt CO2 in the last wedge year) are left out of the chart."""
SOBOL_SHOWN = 5
"""Inputs shown per output in the Sobol table (largest total index first)."""
MACC_SHOWN_MT = 0.01
"""Cost-curve bars narrower than this (Mt CO2 abated) are left out of the chart."""


def add_pathway_section(report: Report, facts: PathwayFacts) -> None:
    """Append the pathway section to ``report``."""
    section = report.section("技术路径", "Technology pathways to 2060")
    section.text(
        "以2019年CEADs清单校准的年度能源—排放模型，覆盖行动方案点名的全部技术（杠杆），"
        "对基准、现行政策、达峰方案和碳中和四个情景测算至2060年；蒙特卡洛方法（杠杆、驱动因素与模型参数，"
        "相关输入按高斯copula抽样）给出达峰概率、各目标达成概率、2050/2060年净零概率与排放扇形图。",
        "An annual energy-emissions model calibrated to CEADs 2019, with every technology the "
        "action plan names as a lever, run for four scenarios to 2060. Monte Carlo (levers, "
        "drivers and model parameters, correlated inputs drawn through a Gaussian copula) gives "
        "the probability of peaking by 2030, of meeting each target and of net zero by 2050 and "
        "2060, and fan charts; the single run on central inputs is labelled deterministic.",
    )
    section.text(
        "核算边界：以考核口径（本地能源CO2 + 净调入电力 × 华北电网平均排放因子）为主，"
        "并列区域内（CEADs范围一）与消费口径。达峰年份在1997年以来的记录与预测中一并检索。",
        "Boundaries: the headline is the assessment boundary (scope 1 energy CO2 plus net "
        "imported electricity × the North China grid average factor, as China's provincial "
        "carbon-intensity assessment counts it), with the territorial (CEADs scope 1) and "
        "consumption boundaries beside it. Peaks are searched over the record since 1997 and "
        "the projection: a run has peaked by 2030 when its maximum up to 2030 is not exceeded "
        "later. The consumption boundary has no record and is searched over the projection only.",
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
        line_chart(_with_record(facts.assessment, facts.recorded["assessment"]), "Mt CO2"),
        "考核口径CO2（本地能源 + 净调入电力） · Assessment boundary: scope 1 energy CO2 + net "
        "imported electricity × average factor (recorded 1997-2018: CEADs and electricity "
        "statistics, interpolated years in data/pathways/electricity_history.csv)",
    )
    section.figure(
        line_chart(_with_record(facts.territorial, facts.recorded["territorial"]), "Mt CO2"),
        "区域内CO2（能源与工业过程） · Territorial CO2 (energy and industrial processes; "
        "recorded: CEADs)",
    )
    section.figure(
        line_chart({str(c): facts.consumption[c] for c in facts.consumption}, "Mt CO2"),
        "消费口径CO2 · Consumption boundary: territorial + non-green imported electricity + "
        "grey hydrogen (projection only)",
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
        "counterfactual), 2060 (territorial net CO2, Emissions|CO2 — not the assessment boundary)",
    )
    section.figure(
        histogram_chart({n: list(y) for n, y in facts.peak_years.items()}, "peak year"),
        "达峰年份分布（考核口径） · Peak-year distribution on the assessment boundary, record "
        "and projection (Monte Carlo)",
    )
    first = facts.ensembles[0]
    section.figure(
        fan_chart(
            {e.scenario: e.emissions for e in facts.ensembles},
            first.emissions["years"],
            first.emissions["unit"],
            DETERMINISTIC,
        ),
        "排放扇形图（蒙特卡洛：5–95%与25–75%区间、中位数，虚线为中心输入的确定性情景） · Fan "
        f"charts of {first.variable}: p5-p95 and p25-p75 of {first.runs} Monte Carlo runs per "
        "year, the ensemble median, and the deterministic run on central inputs (dashed); "
        "levers, drivers and model parameters drawn; GDP growth correlated with aviation growth "
        "and the electricity elasticity, freight with industry and aviation "
        "(docs/methods/pathways.md, uncertainty)",
    )
    outlook = outlook_table(facts.summaries, facts.ensembles)
    section.table(
        outlook_frame(outlook),
        f"{first.runs} runs per scenario; peak, net zero and cumulative: the {DETERMINISTIC} "
        "run; 2030: that run beside the ensemble median and its p5-p95",
    )
    targets = targets_table(
        scenario_targets(facts.summaries), {e.scenario: e for e in facts.ensembles}
    )
    if len(targets):
        section.table(
            targets,
            "目标 · Targets (model: the deterministic run on central inputs; P(met): share of "
            "the Monte Carlo runs that meet it; n/c: not comparable, the model uses another "
            "statistical basis; input: the scenario sets the figure itself, so it is no outcome "
            "of the model; the note says on which basis a target is judged)",
        )
    section.table(
        sensitivity_table(facts.sensitivity),
        "敏感性分析（Sobol指数） · What drives the outcome: first-order (S1) and total (ST) Sobol "
        f"indices with 95 % intervals, the {SOBOL_SHOWN} largest per output; inputs drawn "
        "independently (Sobol indices need it); an output that does not vary has none",
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
    paid = {e.lever: e.cost_per_t for e in facts.macc_plan_paid.entries}
    bars = [
        (e.name_en, e.abated_mt, e.cost_per_t)
        for e in priced_entries(curve, MACC_SHOWN_MT)
        if e.cost_per_t is not None  # priced already; said again for the type checker
    ]
    price = reference_carbon_price()
    reference = None if price is None else (price, f"Beijing ETS 2024 average, {price:.0f} CNY/t")
    section.figure(
        macc_chart(bars, f"abatement in {curve.year}, Mt CO2/yr", reference),
        f"边际减排成本曲线（达峰方案相对基准，{curve.year}年减排量为宽度，资源成本） · Marginal "
        f"abatement cost curve: plan vs baseline, bar width = abatement in {curve.year} on the "
        f"{curve.scope} boundary, {curve.basis} costs",
    )

    def cost(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f}"

    rows = [
        {
            "lever": e.name_en,
            f"abated {curve.year} Mt": round(e.abated_mt, 2),
            "cumulative 2020-2060 Mt": round(e.cumulative_mt, 1),
            f"CNY/t ({curve.basis} costs)": cost(e.cost_per_t),
            "CNY/t (as paid)": cost(paid.get(e.lever)),
            "note": "; ".join(n for n in (e.reason, e.cost_note) if n),
        }
        for e in curve.entries
    ]
    section.table(
        pd.DataFrame(rows),
        f"{curve.title}. Cost basis: {' '.join(n + '.' for n in curve.basis_notes)} As paid: "
        f"{' '.join(n + '.' for n in facts.macc_plan_paid.basis_notes)} Abatement measured on "
        f"{' + '.join(curve.emissions)}. Prices, taxes and technology costs with their sources "
        "in data/pathways/costs.csv; a note names every investment priced with European "
        "(Danish) rather than Chinese costs.",
    )
    if curve.not_abating:
        apart = [
            {
                "lever": e.name_en,
                f"abated {curve.year} Mt": round(e.abated_mt, 3),
                "cumulative 2020-2060 Mt": round(e.cumulative_mt, 1),
            }
            for e in curve.not_abating
        ]
        section.table(
            pd.DataFrame(apart),
            f"{curve.year}年无减排的措施 · Not abating in {curve.year} on the {curve.scope} "
            "boundary: listed apart, with no cost and no place in the curve",
        )


def _with_record(projected: pd.DataFrame, recorded: pd.Series) -> dict[str, pd.Series]:
    """The scenarios' lines with the recorded one before them."""
    return {"recorded": recorded, **{str(c): projected[c] for c in projected}}


def outlook_frame(outlook: Sequence[Outlook]) -> pd.DataFrame:
    """The summary table as the report shows it (probability in %, the peak-year spread as
    text)."""
    return pd.DataFrame(
        [
            {
                "scenario": o.scenario,
                "boundary": o.boundary,
                "peak year": o.peak_year,
                "peak Mt": o.peak_mt,
                "net zero": o.net_zero_year or "–",
                "cumulative 2020-2060 Mt": o.cumulative_2020_2060_mt,
                "P(peak by 2030)": f"{o.probability_peak_by_2030:.0%}",
                "peak year p5-p95": f"{o.peak_year_p5:.0f}-{o.peak_year_p95:.0f}",
                "P(net zero by 2050)": f"{o.probability_net_zero_by_2050:.0%}",
                "P(net zero by 2060)": f"{o.probability_net_zero_by_2060:.0%}",
                "net zero, median": "–"
                if o.net_zero_year_median is None
                else f"{o.net_zero_year_median:.0f}",
                "2030 Mt, deterministic": round(o.emissions_2030_deterministic_mt, 2),
                "2030 Mt, median (p5-p95)": f"{o.emissions_2030_p50_mt:.2f} "
                f"({o.emissions_2030_p5_mt:.2f}-{o.emissions_2030_p95_mt:.2f})",
                "other boundaries' peak (Mt)": o.beside,
            }
            for o in outlook
        ]
    )


def targets_table(
    targets: Sequence[ScenarioTarget], ensembles: Mapping[str, EnsembleResult] | None = None
) -> pd.DataFrame:
    """The report's targets table: one row per scenario and target, with the share of the
    scenario's Monte Carlo runs that meet it when ``ensembles`` (by scenario) are given.

    The figures are text, formatted here rather than by the table so that a year reads 2030
    (not 2,030.00); a target the scenario sets itself (an input) is marked so in ``met``.
    """
    chances = {
        (name, t.name): t.probability_met
        for name, e in (ensembles or {}).items()
        for t in e.targets
    }
    rows = [
        {
            "scenario": row.scenario,
            "target": t.name,
            "year": t.year,
            "target value": format_figure(t.target, t.unit, ",.2f"),
            "model": format_figure(round(t.value, 2), t.unit, ",.2f"),
            "met": ("input: " if t.input else "") + {True: "✓", False: "✗", None: "n/c"}[t.met],
            **(
                {"P(met)": _share(chances.get((row.scenario, t.name)))}
                if ensembles is not None
                else {}
            ),
            "note": t.note,
        }
        for row in targets
        for t in [row.target]
    ]
    return pd.DataFrame(rows)


def _share(probability: float | None) -> str:
    return "n/c" if probability is None else f"{probability:.0%}"


def sensitivity_table(found: Sequence[Sensitivity], shown: int = SOBOL_SHOWN) -> pd.DataFrame:
    """One row per scenario, output and leading input: its Sobol indices with their intervals
    (an output without indices gets one row with its note)."""
    rows = []
    for analysis in found:
        for output in analysis.outputs:
            head = {"scenario": analysis.scenario, "output": output.name}
            if not output.indices:
                rows.append(head | {"input": "–", "note": output.note})
                continue
            rows += [
                head
                | {
                    "input": i.input,
                    "kind": analysis.kinds[i.input],
                    "S1": f"{i.first:.2f} ± {i.first_confidence:.2f}",
                    "ST": f"{i.total:.2f} ± {i.total_confidence:.2f}",
                    "note": output.note,
                }
                for i in output.indices[:shown]
            ]
    return pd.DataFrame(rows).fillna("")
