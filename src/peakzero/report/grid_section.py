"""The grid part of a report: capacities by pathway year and a winter and a summer week of hourly
dispatch, from the hourly energy system (figures from :mod:`peakzero.studies.grid`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from peakzero.report.charts import dispatch_chart
from peakzero.report.html import Report
from peakzero.studies.grid import GridFacts, GridYear

__all__ = ["add_grid_section", "summary_frame"]

SHOWN_MW = 0.5
"""Capacities below this in every year (MW, or MWh) are left out of the table."""


def summary_frame(summary: Sequence[GridYear]) -> pd.DataFrame:
    """The system results as the report shows them (the cost's unit in its column name)."""
    return pd.DataFrame(
        [
            {
                "year": row.year,
                f"system cost bn {row.currency}/yr": row.system_cost_bn,
                "CO2 Mt": row.co2_mt,
                "import peak GW": row.import_peak_gw,
                "curtailment": f"{row.curtailment_share:.1%}",
                "unserved MWh": row.unserved_mwh,
                "resolution": row.resolution_label,
                "solve s": row.solve_seconds,
            }
            for row in summary
        ]
    )


def add_grid_section(report: Report, facts: GridFacts) -> None:
    """Append the grid section to ``report``."""
    settings = facts.settings
    section = report.section(
        "能源互联与供需互动", "Hourly energy system (electricity, heat, hydrogen)"
    )
    section.text(
        f"以PyPSA构建北京电、热、氢逐时系统，按“{settings.scenario}”情景各年的年度需求与装机，"
        "用HiGHS求解容量与调度；外调电量、本地光伏风电与储能下限来自技术路径。",
        f"Beijing's electricity, district heat and hydrogen as a PyPSA network, built from the "
        f"{settings.scenario} pathway's annual demands and capacities for each year and solved "
        "for capacity and dispatch with HiGHS; imported energy, local PV and wind and storage "
        "floors come from the pathway.",
    )
    for name, week in facts.weeks.items():
        section.figure(
            dispatch_chart(week, "MW"),
            f"{settings.dispatch_year}年电力逐时平衡（{name}） · Hourly electricity balance, "
            f"{name} week {settings.dispatch_year}: supply above zero, use below",
        )
    shown = facts.capacities[(facts.capacities.abs() > SHOWN_MW).any(axis=1)]
    section.table(
        shown.rename_axis("capacity (MW; energy: MWh)").reset_index(),
        "各年装机 · Capacities by pathway year",
        digits=0,
    )
    section.table(summary_frame(facts.summary), "系统结果 · System results by year", digits=2)
    section.note(
        "Costs are European reference costs (PyPSA technology-data, EUR of currency years "
        "2010-2020), not Beijing's; "
        "profiles from Beijing's climate normals (docs/methods/grid-profiles.md). " + _notes(facts)
    )


def _notes(facts: GridFacts) -> str:
    """The results' own notes: aggregation, then the currency as a sentence of its own."""
    text = " ".join(facts.aggregation_notes)
    currency = facts.currency_note
    if currency:
        sentence = f"{currency[:1].upper()}{currency[1:]}."
        text = f"{text}. {sentence}" if text else sentence
    return text
