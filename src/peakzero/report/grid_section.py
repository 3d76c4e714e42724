"""The grid part of a report: capacities by pathway year and a winter and a summer week of hourly
dispatch, from the hourly energy system (:mod:`peakzero.grid`)."""

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
from peakzero.report.charts import dispatch_chart
from peakzero.report.html import Report

__all__ = ["GridFacts", "GridSettings", "add_grid_section", "grid_facts"]

WEEKS = {"winter": (1, 14), "summer": (7, 15)}
"""(month, day) each shown week starts on: a Monday of January and of July 2030."""


@dataclass(frozen=True)
class GridSettings:
    """Which grid runs a report shows.

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
class GridFacts:
    """What the grid section shows."""

    settings: GridSettings
    results: dict[int, GridResult]
    capacities: pd.DataFrame  # MW (MWh for '... energy'), one column per year
    summary: pd.DataFrame  # one row per year
    weeks: dict[str, pd.DataFrame] = field(default_factory=dict)  # MW by category, hourly
    dispatch: pd.DataFrame | None = None  # the dispatch year, every hour


def grid_facts(settings: GridSettings | None = None) -> GridFacts:
    """Solve the grid of each year of ``settings`` and dispatch its dispatch year."""
    settings = settings or GridSettings()
    options = GridOptions(hours=settings.hours)
    results: dict[int, GridResult] = {}
    for year in sorted({*settings.years, settings.dispatch_year}):
        inputs, profiles = grid_inputs(settings.scenario, year), beijing_profiles(year)
        if settings.hours is None:
            results[year] = solve(inputs, profiles)
        else:
            results[year] = solve(
                build_network(inputs, profiles, options=options), resolution="full"
            )
    year = settings.dispatch_year
    if settings.hours is None:
        inputs, profiles = grid_inputs(settings.scenario, year), beijing_profiles(year)
        network = dispatch_with_capacities(inputs, profiles, results[year].network)
    else:
        network = results[year].network
    dispatch = electricity_dispatch(network)
    weeks = {
        name: week
        for name, (month, day) in WEEKS.items()
        for start in [pd.Timestamp(date(year, month, day))]
        for week in [dispatch.loc[start : start + timedelta(days=7) - timedelta(hours=1)]]
        if len(week)
    }
    if not weeks:  # a short window: show what was solved
        weeks = {"modelled hours": dispatch}
    return GridFacts(
        settings,
        results,
        pd.DataFrame({y: r.capacities for y, r in results.items()}),
        pd.DataFrame([_summary(y, r) for y, r in results.items()]),
        weeks,
        dispatch,
    )


def _summary(year: int, result: GridResult) -> dict[str, object]:
    return {
        "year": year,
        "system cost bn EUR/yr": result.objective / 1e9,
        "CO2 Mt": result.co2.get("total"),
        "import peak GW": result.import_peak_mw / 1e3,
        "curtailment": f"{result.curtailment_share:.1%}",
        "unserved MWh": sum(result.unserved_mwh.values()),
        "resolution": f"{result.resolution} ({result.snapshots} snapshots)",
        "solve s": result.seconds,
    }


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
    shown = facts.capacities[(facts.capacities.abs() > 0.5).any(axis=1)]
    section.table(
        shown.rename_axis("capacity (MW; energy: MWh)").reset_index(),
        "各年装机 · Capacities by pathway year",
        digits=0,
    )
    section.table(facts.summary, "系统结果 · System results by year", digits=2)
    notes = [facts.results[y].as_dict().get("aggregation_note") for y in facts.results]
    section.note(
        "Costs are European reference costs (PyPSA technology-data, EUR of currency years "
        "2010-2020), not Beijing's; "
        "profiles from Beijing's climate normals (docs/methods/grid-profiles.md). "
        + " ".join(str(n) for n in dict.fromkeys(notes) if n)
    )
