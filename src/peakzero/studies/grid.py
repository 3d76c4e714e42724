"""Grid figures: each year of a scenario solved hourly, the capacities by year, one row of
system results per year, and a winter and a summer week of the dispatch year's hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from peakzero.grid.dispatch import dispatch_with_capacities, electricity_dispatch
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import GridOptions, build_network
from peakzero.grid.profiles import beijing_profiles
from peakzero.grid.results import GridResult
from peakzero.grid.solve import solve

__all__ = [
    "WEEKS",
    "GridFacts",
    "GridSettings",
    "GridYear",
    "dispatch_weeks",
    "grid_facts",
    "grid_year",
]

WEEKS = {"winter": (1, 14), "summer": (7, 15)}
"""(month, day) each shown week starts on: a Monday of January and of July 2030."""

WHOLE_WINDOW = "modelled hours"
"""The name of the one "week" shown when a short window holds none of :data:`WEEKS`."""


@dataclass(frozen=True)
class GridSettings:
    """Which grid runs a study solves.

    ``hours`` = (first hour, number of hours): solve only that window at full resolution (each
    hour then stands for ``8760 / number`` hours of the year) — a quick run for tests. Without it
    each year is solved at the default resolution and the dispatch year is dispatched hour by
    hour with the capacities that solve chose.
    """

    scenario: str = "plan"
    years: tuple[int, ...] = (2030, 2045, 2060)
    dispatch_year: int = 2030
    hours: tuple[int, int] | None = None


@dataclass(frozen=True)
class GridYear:
    """One solved year in plain figures: a row of the system results."""

    year: int
    system_cost_bn: float  # bn ``currency``/yr
    currency: str  # the currency the grid result reports its costs in
    co2_mt: float | None
    import_peak_gw: float
    curtailment_share: float  # 0-1
    unserved_mwh: float
    resolution: str
    snapshots: int
    solve_seconds: float

    @property
    def resolution_label(self) -> str:
        """The resolution with its number of snapshots, e.g. "full (168 snapshots)"."""
        return f"{self.resolution} ({self.snapshots} snapshots)"


def _currency(result: GridResult) -> str:
    """The currency of ``result``'s costs, read from the units it states (not assumed here, so
    that the figures follow the grid when it changes currency)."""
    return str(result.as_dict()["units"]["objective"]).split("/", 1)[0]


def grid_year(year: int, result: GridResult) -> GridYear:
    """The system results of one solved year."""
    return GridYear(
        year=year,
        system_cost_bn=result.objective / 1e9,
        currency=_currency(result),
        co2_mt=result.co2.get("total"),
        import_peak_gw=result.import_peak_mw / 1e3,
        curtailment_share=result.curtailment_share,
        unserved_mwh=sum(result.unserved_mwh.values()),
        resolution=result.resolution,
        snapshots=result.snapshots,
        solve_seconds=result.seconds,
    )


@dataclass(frozen=True)
class GridFacts:
    """A scenario's grid over its years (see :class:`GridSettings`)."""

    settings: GridSettings
    results: dict[int, GridResult]
    capacities: pd.DataFrame  # MW (MWh for '... energy'), one column per year
    summary: list[GridYear]  # one per year
    weeks: dict[str, pd.DataFrame] = field(default_factory=dict)  # MW by category, hourly
    dispatch: pd.DataFrame | None = None  # the dispatch year, every hour

    @property
    def aggregation_notes(self) -> list[str]:
        """What each year's result says about its time aggregation, each note once."""
        notes = [r.aggregation_note for r in self.results.values()]
        return [n for n in dict.fromkeys(notes) if n]

    @property
    def currency_note(self) -> str | None:
        """How the results' costs were converted, when the grid result says so (read from its
        record, so that a grid without the note gives None)."""
        notes = [r.as_dict().get("currency_note") for r in self.results.values()]
        return next((str(n) for n in notes if n), None)


def dispatch_weeks(dispatch: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """The hours of each of :data:`WEEKS` in ``year`` that ``dispatch`` holds (7 × 24 from the
    week's first midnight); a window holding none of them is shown whole, as
    :data:`WHOLE_WINDOW`."""
    weeks = {
        name: week
        for name, (month, day) in WEEKS.items()
        for start in [pd.Timestamp(date(year, month, day))]
        for week in [dispatch.loc[start : start + timedelta(days=7) - timedelta(hours=1)]]
        if len(week)
    }
    return weeks or {WHOLE_WINDOW: dispatch}


def _solve_year(settings: GridSettings, year: int) -> GridResult:
    inputs, profiles = grid_inputs(settings.scenario, year), beijing_profiles(year)
    if settings.hours is None:
        return solve(inputs, profiles)
    network = build_network(inputs, profiles, options=GridOptions(hours=settings.hours))
    return solve(network, resolution="full")


def grid_facts(settings: GridSettings | None = None) -> GridFacts:
    """Solve the grid of each year of ``settings`` (default: :class:`GridSettings`) and dispatch
    its dispatch year."""
    settings = settings or GridSettings()
    results = {
        y: _solve_year(settings, y) for y in sorted({*settings.years, settings.dispatch_year})
    }
    year = settings.dispatch_year
    if settings.hours is None:  # the year's hours with the capacities its solve chose
        inputs, profiles = grid_inputs(settings.scenario, year), beijing_profiles(year)
        network = dispatch_with_capacities(inputs, profiles, results[year].network)
    else:  # the window was solved hour by hour already
        network = results[year].network
    dispatch = electricity_dispatch(network)
    return GridFacts(
        settings,
        results,
        pd.DataFrame({y: r.capacities for y, r in results.items()}),
        [grid_year(y, r) for y, r in results.items()],
        dispatch_weeks(dispatch, year),
        dispatch,
    )
