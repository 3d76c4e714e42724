"""The monitoring part of a report: Beijing's monitored years by sector on the CEADs basis (missing
sector-years shown as missing, with the reason), year-on-year of the latest month, the nowcast of
the latest year and the comparison with Carbon Monitor Cities (figures from
:mod:`peakzero.studies.monitoring.facts`)."""

from __future__ import annotations

import pandas as pd

from peakzero.report.html import Report, Section
from peakzero.studies.monitoring.facts import MonitoringFacts

__all__ = ["add_monitoring_section", "annual_frame", "missing_frame"]

MISSING = "missing"


def annual_frame(facts: MonitoringFacts) -> pd.DataFrame:
    """Sector × year, kt CO2; ``missing`` where the sector-year is not monitored."""
    table = facts.annual
    shown = table.round(0).astype(object).where(table.notna(), MISSING)
    end = facts.series.end
    # A year still running is summed to date, and its column says so.
    shown.columns = [
        f"{c} to {end:%m-%d}" if c == end.year and not end.is_year_end else str(c)
        for c in shown.columns
    ]
    return shown.rename_axis("sector (kt CO2)").reset_index()


def missing_frame(facts: MonitoringFacts) -> pd.DataFrame:
    """The missing sector-years grouped by reason: ``sector, years, reason``."""
    gaps = facts.series.missing
    if gaps.empty:
        return pd.DataFrame(columns=["sector", "years", "reason"])
    grouped = gaps.groupby(["sector", "reason"], sort=False)["year"].apply(
        lambda y: ", ".join(str(v) for v in sorted(y))
    )
    return grouped.rename("years").reset_index()[["sector", "years", "reason"]]


def add_monitoring_section(report: Report, facts: MonitoringFacts) -> None:
    """Append the monitoring section to ``report``."""
    series = facts.series
    section = report.section("近实时碳排放监测", "Near-real-time monitoring")
    section.text(
        f"按CMCC方法：以{series.base_inventory} {series.base_year}年清单为锚，乘以各部门代理指标的"
        "年度比值，再按日度形状分配到每一天（仅范围一、仅CO2）。无来源的部门年份留空并注明原因。",
        f"The CMCC method: the {series.base_inventory} {series.base_year} inventory by sector × "
        "each sector's sourced annual proxy ratio, spread over the days by a daily shape "
        "(territorial scope 1, CO2 only). A sector-year without a sourced ratio is left missing, "
        "with its reason; it is never filled in.",
    )
    section.table(
        annual_frame(facts),
        "监测排放 · Monitored emissions by sector and year, kt CO2 "
        f"({facts.inputs.proxies_source})",
        digits=0,
    )
    section.table(missing_frame(facts), "缺失原因 · Missing sector-years and why", digits=0)
    _yoy(section, facts)
    _nowcast(section, facts)
    _comparison(section, facts)
    section.note(
        f"Bands: ±1σ from CMCC's published relative uncertainties (confidence {series.confidence})."
        " Method and sources: docs/methods/monitoring.md, monitoring-analysis.md, "
        "monitoring-external.md."
    )


def _yoy(section: Section, facts: MonitoringFacts) -> None:
    yoy = facts.yoy
    if yoy is None:
        section.note(f"Year-on-year {facts.yoy_month}: not computable from the shipped inputs.")
        return
    table = yoy.by_sector.assign(change_pct=yoy.by_sector["change_pct"].round(1))
    section.table(
        table[["sector", "current", "previous", "change_pct", "statement"]],
        f"同比 · Year-on-year, {facts.yoy_month} (kt CO2; basis and leap day in the statement)",
        digits=0,
    )
    if yoy.total is not None:
        section.note(f"Total of {', '.join(yoy.sectors)}: {yoy.total.statement}")
    else:
        section.note("No sector has both periods: no year-on-year total.")


def _nowcast(section: Section, facts: MonitoringFacts) -> None:
    now = facts.nowcast
    if now is None:
        section.note(f"Nowcast: {facts.nowcast_reason}")
        return
    table = now.table[["series", "ytd", "estimate", "low", "high", "n_history", "history"]]
    section.table(
        table,
        f"年度预估 · Nowcast of {now.year} through {now.through:%Y-%m-%d}, kt CO2",
        digits=0,
    )
    note = f"Sectors nowcast: {', '.join(now.sectors)}; left out: {', '.join(now.left_out)}."
    if now.through.is_year_end:
        note += f" {now.year} is complete: its nowcast equals its sum."
    if now.backtest.empty:
        note += " No back-test: fewer than two complete years of these sectors."
    else:
        mean = now.backtest["error_pct"].abs().mean()
        note += f" Back-test mean |error| {mean:.1f} % over {len(now.backtest)} cases."
    section.note(note)


def _comparison(section: Section, facts: MonitoringFacts) -> None:
    study = facts.comparison
    if study is None:
        section.note(f"Comparison with Carbon Monitor Cities: {facts.comparison_reason}")
        return
    section.table(
        study.correlation,
        "与Carbon Monitor Cities比较 · Anomaly correlations with Carbon Monitor Cities",
        digits=2,
    )
    if study.levels:
        section.table(
            study.annual,
            "年度水平 · Levels over the days both cover (Mt CO2)",
            digits=2,
        )
    source = (
        f"levels and shapes from the raw exports ({', '.join(facts.exports)})"
        if study.levels
        else "shapes only, from the shipped derived shapes; the raw exports were not found in "
        "../shared/data/monitoring"
    )
    note = f"Compared with {study.external}: {source}."
    if study.by_construction:
        note += (
            " Correlation 1 by construction where our timing is Carbon Monitor's shape: "
            + ", ".join(study.by_construction)
            + "."
        )
    section.note(note)
