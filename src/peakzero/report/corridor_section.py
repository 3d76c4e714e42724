"""The import-corridor part of a report: each scenario's import peak (annual estimate, and the
grid's own figure where a grid run exists) against the corridor, with its warnings (figures
from :mod:`peakzero.studies.corridor`)."""

from __future__ import annotations

import pandas as pd

from peakzero.report.html import Report
from peakzero.studies.corridor import CorridorFacts

__all__ = ["SHOWN_YEARS", "add_corridor_section", "corridor_frame"]

SHOWN_YEARS = (2019, 2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060)
"""The years the table shows (the check covers every year; the warnings name them all)."""


def corridor_frame(facts: CorridorFacts) -> pd.DataFrame:
    """Import peak, GW: one row per scenario (annual estimate) and per grid-run scenario (the
    grid's figure), one column per shown year."""
    table = facts.table[facts.table["year"].isin(SHOWN_YEARS)]
    estimate = table.pivot_table(index="scenario", columns="year", values="import_peak_gw")
    estimate = estimate.reindex(list(dict.fromkeys(table["scenario"])))
    estimate.index = [f"{s} (annual estimate)" for s in estimate.index]
    ran = table.dropna(subset=["grid_import_peak_gw"])
    grid = ran.pivot_table(index="scenario", columns="year", values="grid_import_peak_gw")
    grid.index = [f"{s} (hourly grid)" for s in grid.index]
    frame = pd.concat([estimate, grid])
    frame.columns = [str(c) for c in frame.columns]
    return frame.rename_axis("import peak GW").reset_index()


def add_corridor_section(report: Report, facts: CorridorFacts) -> None:
    """Append the corridor section to ``report``."""
    corridor_gw = float(facts.table["corridor_gw"].iloc[0])
    section = report.section("外受电通道校核", "Import corridor check")
    section.text(
        f"各情景逐年外调电最大负荷（年度估算：由年用电量按北京气候逐时曲线分摊，减去本地支撑电源、"
        f"储能与需求响应、同时刻风光出力）与外受电通道能力{corridor_gw:g}吉瓦比较；"
        "有逐时电网结果的年份并列给出。",
        f"Each scenario year's peak of imported electricity — the annual electricity spread over "
        f"Beijing's climate-based hourly shapes, less local firm capacity, storage and demand "
        f"response and the wind and PV of that hour — against the {corridor_gw:g} GW of import "
        "corridors; the hourly grid's own import peak beside it where a grid run exists.",
    )
    section.table(corridor_frame(facts), "外调电最大负荷 · Import peak by year, GW", digits=1)
    warnings = [f.message for f in facts.findings if f.severity == "warning"]
    section.note(
        "Warning: " + " ".join(warnings)
        if warnings
        else f"No scenario's import peak exceeds the {corridor_gw:g} GW corridor in any year."
    )
    section.note(
        "Method and sources: docs/methods/pathways.md, 'Import corridor check'; the corridor is "
        "the grid's import_corridor_mw (data/grid/parameters.csv)."
    )
