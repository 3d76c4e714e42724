"""The inventory part of a report: history and peak, the latest year's mix, QA findings
(figures from :mod:`peakzero.studies.inventory`)."""

from __future__ import annotations

import pandas as pd

from peakzero.report.charts import bar_chart, line_chart, stacked_area_chart
from peakzero.report.html import Report
from peakzero.studies.inventory import InventoryFacts

__all__ = ["add_inventory_section"]


def add_inventory_section(report: Report, facts: InventoryFacts, source: str) -> None:
    """Append the inventory section to ``report``."""
    peak, latest = facts.peak, facts.peak.latest_year
    section = report.section("碳排放核算", "Emissions inventory")
    section.text(
        f"{facts.region} 区域内（范围一）化石燃料燃烧与水泥生产过程 CO2 排放，{source}。"
        f"{peak.year} 年达到峰值 {peak.value:.2f} 百万吨；{latest} 年为 {peak.latest_value:.2f}"
        f" 百万吨，较峰值 {peak.change_since_peak:+.1%}。",
        f"Territorial (scope 1) CO2 of {facts.region} from fossil fuels and cement, {source}. "
        f"Emissions peaked in {peak.year} at {peak.value:.2f} Mt; {latest} is "
        f"{peak.latest_value:.2f} Mt ({peak.change_since_peak:+.1%} from the peak).",
    )
    no_air = facts.peak_without_aviation
    section.key_figures(
        [
            (f"{peak.value:.2f} Mt", f"峰值 peak {peak.year}"),
            (f"{peak.latest_value:.2f} Mt", f"{latest}"),
            (f"{no_air.value:.2f} Mt", f"不含航空峰值 peak without aviation {no_air.year}"),
            (f"{no_air.latest_value:.2f} Mt", f"{latest} 不含航空 without aviation"),
        ]
    )
    section.figure(
        line_chart(
            {c: facts.history[c] for c in facts.history.columns},
            "Mt CO2",
            (peak.year, peak.value, f"peak {peak.year}: {peak.value:.2f} Mt"),
        ),
        "历年排放（含/不含航空） · Territorial CO2 by year, with and without aviation "
        "(jet kerosene)",
    )
    section.figure(
        stacked_area_chart(facts.by_group_history, "Mt CO2"),
        "按燃料类别 · By fuel group",
    )
    section.figure(
        bar_chart(facts.by_fuel.set_index("name_en")["co2"], "Mt CO2"),
        f"{latest} 年按燃料 · {latest} by fuel",
    )
    gpc = facts.by_gpc.set_index("code")["co2"]
    labels = [
        f"{c} {facts.by_gpc.set_index('code').loc[c, 'name_en']}" for c in gpc.sort_values().index
    ]
    section.figure(
        bar_chart(gpc, "Mt CO2", labels),
        f"{latest} 年按 GPC 子部门（交通按燃料重建） · {latest} by GPC sub-sector "
        "(transport rebuilt from fuels)",
    )
    section.table(
        facts.gpc_with_and_without_aviation.rename(
            columns={"co2": "Mt CO2", "co2_without_aviation": "Mt CO2 w/o aviation"}
        ),
        "share = 占比 (with aviation)",
    )
    warnings = facts.warnings
    if warnings:
        table = pd.DataFrame([f.as_dict() for f in warnings])
        caption = (
            f"质量检查 · QA warnings ({facts.info_count} smaller drops to zero are listed as info)"
        )
        section.table(table[["check", "severity", "year", "message"]], caption)
