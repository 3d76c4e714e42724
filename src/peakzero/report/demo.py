"""``make demo``: the built-in Beijing run, written as an offline HTML report and data files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from peakzero import __version__
from peakzero.accounting.builtin import beijing_inventory
from peakzero.accounting.iamc import inventory_to_iamc
from peakzero.io.iamc import to_wide
from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic
from peakzero.programme.evaluation import Evaluation
from peakzero.report.grid_section import GridFacts, GridSettings, add_grid_section, grid_facts
from peakzero.report.html import Report
from peakzero.report.inventory_section import (
    InventoryFacts,
    add_inventory_section,
    inventory_facts,
)
from peakzero.report.pathway_section import PathwayFacts, add_pathway_section, pathway_facts
from peakzero.report.programme_section import add_programme_section, programme_evaluation

__all__ = ["DemoResult", "run_demo"]

CEADS_SOURCE = "CEADs (Shan et al. 2018, 2020; Guan et al. 2021)"


@dataclass(frozen=True)
class DemoResult:
    """Where the demo wrote its files, and the inventory facts it showed."""

    report: Path
    files: list[Path]
    inventory: InventoryFacts
    pathways: PathwayFacts
    programme: Evaluation
    grid: GridFacts


def run_demo(output: str | os.PathLike[str], grid: GridSettings | None = None) -> DemoResult:
    """Run the Beijing demo and write ``index.html`` plus data files into ``output``.

    ``grid`` chooses the grid runs (default: the plan scenario's 2030, 2045 and 2060 at the
    default resolution, 2030 dispatched hour by hour — about a minute and a half).
    """
    folder = Path(output)
    inventory = beijing_inventory()
    facts = inventory_facts(inventory, "CN-BJ")

    report = Report("北京市碳达峰碳中和平台", "peakzero — Beijing")
    add_inventory_section(report, facts, CEADS_SOURCE)
    pathways = pathway_facts()
    add_pathway_section(report, pathways)
    grid_result = grid_facts(grid)
    add_grid_section(report, grid_result)
    programme = programme_evaluation(date.today())
    add_programme_section(report, programme)
    report.section("数据来源", "Sources").note(
        "CEADs China CO2 emission accounts, IPCC sectoral approach, 47 sectors × 17 fuels + "
        "cement process: Shan, Y. et al. (2018) Sci Data 5:170201; Shan, Y. et al. (2020) Sci Data "
        "7:54; Guan, Y. et al. (2021) Earth's Future 9:e2021EF002241; Shan, Y. et al. (2016) "
        "Applied Energy 184:742. GPC sub-sectors rebuilt from fuels by peakzero (gpc_rules.yaml)."
    )

    files = {
        folder / "index.html": report.render(__version__),
        folder / "beijing_history.csv": facts.history.rename_axis("year").to_csv(),
        folder / "beijing_iamc.csv": to_wide(inventory_to_iamc(inventory, "CEADs")).to_csv(
            index=False
        ),
        folder / "pathways_territorial_co2.csv": pathways.territorial.rename_axis("year").to_csv(),
        folder / "pathways_costs.csv": pathways.costs.rename_axis("year").to_csv(),
        folder / "pathways_macc_plan.json": to_json(pathways.macc_plan.as_dict()),
        folder / "grid_capacities.csv": grid_result.capacities.rename_axis("capacity").to_csv(),
        folder / f"grid_dispatch_{grid_result.settings.dispatch_year}.csv": (
            "" if grid_result.dispatch is None else grid_result.dispatch.to_csv()
        ),
        folder / "programme_evaluation.json": to_json(programme.as_dict()),
    }
    for path, text in files.items():
        write_text_atomic(path, text)
    return DemoResult(folder / "index.html", list(files), facts, pathways, programme, grid_result)
