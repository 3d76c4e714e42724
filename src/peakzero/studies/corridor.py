"""Import-corridor figures: every scenario year's import peak (annual estimate, and the grid's
own figure where a grid run exists) against the corridor, with the grid's climate profiles as
the hourly shapes (the check itself is :mod:`peakzero.pathways.corridor`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from peakzero.checks import Finding
from peakzero.grid.climate_profiles import beijing_profiles
from peakzero.pathways.corridor import Shapes, corridor_findings, corridor_table
from peakzero.pathways.run import run_pathway
from peakzero.pathways.scenarios import list_scenarios

__all__ = ["PROFILE_YEAR", "CorridorFacts", "climate_shapes", "corridor_facts"]

PROFILE_YEAR = 2030
"""The calendar of the climate profiles used for every year: the profiles are built from
climate normals, so years differ only by the weekdays' positions."""


@cache
def _shapes(year: int) -> Shapes:
    frame = beijing_profiles(year).frame
    # Heat pumps draw more electricity per unit of heat in the cold hours: their electricity
    # follows heat demand over the hour's COP (the annual figure keeps the pathway's seasonal COP).
    heat_electricity = frame["heat_demand"].to_numpy() / frame["heat_pump_cop"].to_numpy()
    return Shapes(
        load=frame["electric_load"].to_numpy(),
        heat=heat_electricity / heat_electricity.sum(),
        ev=frame["ev_charging"].to_numpy(),
        pv=frame["pv"].to_numpy(),
        wind=frame["wind"].to_numpy(),
    )


def climate_shapes(year: int = PROFILE_YEAR) -> Shapes:
    """The hourly shapes of Beijing's climate profiles (docs/methods/grid-profiles.md)."""
    return _shapes(year)


@dataclass(frozen=True)
class CorridorFacts:
    """The corridor table of every scenario (a ``scenario`` column before
    :data:`~peakzero.pathways.corridor.COLUMNS`) and the warnings of those that exceed it."""

    table: pd.DataFrame
    findings: list[Finding]

    def at(self, scenario: str, year: int, column: str = "import_peak_gw") -> float:
        """One figure of the table."""
        rows = self.table[(self.table["scenario"] == scenario) & (self.table["year"] == year)]
        return float(rows[column].iloc[0])


def corridor_facts(
    scenarios: Iterable[str] | None = None,
    grid_peaks_mw: Mapping[str, Mapping[int, float]] | None = None,
) -> CorridorFacts:
    """The check for ``scenarios`` (default: every packaged one); ``grid_peaks_mw`` maps a
    scenario to the import peaks (MW by year) of its grid runs."""
    names = list(scenarios) if scenarios is not None else [i.name for i in list_scenarios()]
    shapes = climate_shapes()
    frames, findings = [], []
    for name in names:
        run = run_pathway(name)
        table = corridor_table(run, shapes, (grid_peaks_mw or {}).get(run.scenario.name))
        frames.append(table.assign(scenario=run.scenario.name))
        findings += corridor_findings(table, run.scenario.name)
    table = pd.concat(frames, ignore_index=True)
    columns = ["scenario", *[c for c in table.columns if c != "scenario"]]
    return CorridorFacts(table[columns].replace({np.nan: None}).infer_objects(), findings)
