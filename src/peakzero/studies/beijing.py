"""The built-in Beijing study: its inventory, pathways, grid and programme in one result — what
``make demo`` shows and writes, and what an API can serve without a report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from peakzero.accounting.builtin import beijing_inventory
from peakzero.accounting.iamc import inventory_to_iamc
from peakzero.programme.evaluation import Evaluation
from peakzero.studies.corridor import CorridorFacts, corridor_facts
from peakzero.studies.grid import GridFacts, GridSettings, grid_facts
from peakzero.studies.inventory import InventoryFacts, inventory_facts
from peakzero.studies.pathways import PathwayFacts, pathway_facts
from peakzero.studies.programme import programme_evaluation

__all__ = ["CEADS_SOURCE", "REGION", "BeijingStudy", "beijing_study", "grid_import_peaks"]

REGION = "CN-BJ"
CEADS_SOURCE = "CEADs (Shan et al. 2018, 2020; Guan et al. 2021)"
"""The built-in inventory's source, as cited next to its figures."""


@dataclass(frozen=True)
class BeijingStudy:
    """Every figure of the Beijing demo."""

    inventory: InventoryFacts
    inventory_iamc: pd.DataFrame  # the CEADs inventory as long IAMC rows
    pathways: PathwayFacts
    grid: GridFacts
    programme: Evaluation
    corridor: CorridorFacts  # every scenario's import peak against the corridor


def grid_import_peaks(grid: GridFacts) -> dict[str, dict[int, float]]:
    """The grid runs' import peaks, MW by year, under their scenario's name."""
    return {grid.settings.scenario: {y: r.import_peak_mw for y, r in grid.results.items()}}


def beijing_study(grid: GridSettings | None = None, as_of: date | None = None) -> BeijingStudy:
    """Compute the Beijing study: the CEADs inventory, every packaged pathway, the grid runs of
    ``grid`` (default :class:`GridSettings`: about a minute and a half) and the programme
    evaluated on ``as_of`` (default: today)."""
    inventory = beijing_inventory()
    grid_run = grid_facts(grid)
    return BeijingStudy(
        inventory=inventory_facts(inventory, REGION),
        inventory_iamc=inventory_to_iamc(inventory, "CEADs"),
        pathways=pathway_facts(),
        grid=grid_run,
        programme=programme_evaluation(as_of or date.today()),
        corridor=corridor_facts(grid_peaks_mw=grid_import_peaks(grid_run)),
    )
