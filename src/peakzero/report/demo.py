"""``make demo``: the built-in Beijing run, written as an offline HTML report and data files.

The figures come from :func:`peakzero.studies.beijing.beijing_study`; this module only renders
them (:mod:`peakzero.report`) and writes the files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from peakzero import __version__
from peakzero.io.iamc import to_wide
from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic
from peakzero.programme.evaluation import Evaluation
from peakzero.report.corridor_section import add_corridor_section
from peakzero.report.grid_section import add_grid_section
from peakzero.report.html import Report
from peakzero.report.inventory_section import add_inventory_section
from peakzero.report.monitoring_section import add_monitoring_section
from peakzero.report.pathway_section import add_pathway_section
from peakzero.report.programme_section import add_programme_section
from peakzero.studies.beijing import CEADS_SOURCE, BeijingStudy, beijing_study
from peakzero.studies.grid import GridFacts, GridSettings
from peakzero.studies.inventory import InventoryFacts
from peakzero.studies.monitoring.facts import MonitoringFacts, beijing_monitoring_facts
from peakzero.studies.pathways import PathwayFacts

__all__ = ["DemoResult", "render_report", "run_demo"]


@dataclass(frozen=True)
class DemoResult:
    """Where the demo wrote its files, and the figures it showed."""

    report: Path
    files: list[Path]
    study: BeijingStudy
    monitoring: MonitoringFacts | None = None

    @property
    def inventory(self) -> InventoryFacts:
        return self.study.inventory

    @property
    def pathways(self) -> PathwayFacts:
        return self.study.pathways

    @property
    def programme(self) -> Evaluation:
        return self.study.programme

    @property
    def grid(self) -> GridFacts:
        return self.study.grid


def render_report(study: BeijingStudy, monitoring: MonitoringFacts | None = None) -> Report:
    """The Beijing study as a bilingual report (with its monitoring section when given)."""
    report = Report("北京市碳达峰碳中和平台", "peakzero — Beijing")
    add_inventory_section(report, study.inventory, CEADS_SOURCE)
    add_pathway_section(report, study.pathways)
    add_grid_section(report, study.grid)
    add_corridor_section(report, study.corridor)
    add_programme_section(report, study.programme)
    if monitoring is not None:
        add_monitoring_section(report, monitoring)
    report.section("数据来源", "Sources").note(
        "CEADs China CO2 emission accounts, IPCC sectoral approach, 47 sectors × 17 fuels + "
        "cement process: Shan, Y. et al. (2018) Sci Data 5:170201; Shan, Y. et al. (2020) Sci Data "
        "7:54; Guan, Y. et al. (2021) Earth's Future 9:e2021EF002241; Shan, Y. et al. (2016) "
        "Applied Energy 184:742. GPC sub-sectors rebuilt from fuels by peakzero (gpc_rules.yaml)."
    )
    return report


def run_demo(output: str | os.PathLike[str], grid: GridSettings | None = None) -> DemoResult:
    """Run the Beijing demo and write ``index.html`` plus data files into ``output``.

    ``grid`` chooses the grid runs (default: the plan scenario's 2030, 2045 and 2060 at the
    default resolution, 2030 dispatched hour by hour — about a minute and a half).
    """
    folder = Path(output)
    study = beijing_study(grid, date.today())
    pathways, grid_facts = study.pathways, study.grid
    monitoring = beijing_monitoring_facts()
    files = {
        folder / "index.html": render_report(study, monitoring).render(__version__),
        folder / "beijing_history.csv": study.inventory.history.rename_axis("year").to_csv(),
        folder / "beijing_iamc.csv": to_wide(study.inventory_iamc).to_csv(index=False),
        folder / "pathways_assessment_co2.csv": pathways.assessment.rename_axis("year").to_csv(),
        folder / "pathways_assessment_recorded.csv": pathways.recorded.rename_axis("year").to_csv(),
        folder / "pathways_territorial_co2.csv": pathways.territorial.rename_axis("year").to_csv(),
        folder / "pathways_costs.csv": pathways.costs.rename_axis("year").to_csv(),
        folder / "pathways_macc_plan.json": to_json(pathways.macc_plan.as_dict()),
        folder / "pathways_macc_plan_paid.json": to_json(pathways.macc_plan_paid.as_dict()),
        folder / "grid_capacities.csv": grid_facts.capacities.rename_axis("capacity").to_csv(),
        folder / f"grid_dispatch_{grid_facts.settings.dispatch_year}.csv": (
            "" if grid_facts.dispatch is None else grid_facts.dispatch.to_csv()
        ),
        folder / "programme_evaluation.json": to_json(study.programme.as_dict()),
        **_monitoring_files(folder, monitoring),
    }
    for path, text in files.items():
        write_text_atomic(path, text)
    return DemoResult(folder / "index.html", list(files), study, monitoring)


def _monitoring_files(folder: Path, facts: MonitoringFacts) -> dict[Path, str]:
    """The monitored series (monthly, with bands and the total) and the missing sector-years."""
    from peakzero.studies.monitoring.output import series_csv

    files = {
        folder / "monitoring_monthly.csv": series_csv(facts.series, "monthly"),
        folder / "monitoring_missing.csv": str(facts.series.missing.to_csv(index=False)),
    }
    if facts.nowcast is not None:
        files[folder / "monitoring_nowcast.csv"] = str(facts.nowcast.table.to_csv(index=False))
    if facts.comparison is not None:
        text = str(facts.comparison.correlation.to_csv(index=False))
        files[folder / "monitoring_comparison.csv"] = text
    return files
