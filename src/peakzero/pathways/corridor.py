"""The import-corridor check: each year's peak of imported electricity, estimated from the
annual pathway, against the capacity of the corridors that bring power into Beijing.

The annual model balances energy, not power; this check asks whether a year's imports could pass
the corridors at the hour they are most needed (docs/methods/pathways.md, "Import corridor
check"). The hourly load is built from the year's electricity by use — conventional demand,
heat pumps and geothermal, battery-electric vehicles — each spread over the hours by a shape
(each hour's share of the year, summing to 1), plus grid losses; local wind and PV give their
hourly output; the local firm capacity (``local_firm_gas_gw``) and the flexibility the pathway
installs (storage at full power, demand response as a share of the conventional peak) are
subtracted at the peak hour. The shapes come from the caller (the grid's climate profiles in
:mod:`peakzero.studies.corridor`; the pathways do not import the grid).

The corridor itself is the grid's parameter ``import_corridor_mw`` (data/grid/parameters.csv),
read here, not copied. Where a grid run of the scenario and year exists, its own import peak is
shown beside the estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from peakzero.checks import Finding
from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.run import PathwayRun, model_inputs
from peakzero.technologies import grid_parameter

__all__ = [
    "CHECK",
    "COLUMNS",
    "Shapes",
    "corridor_findings",
    "corridor_mw",
    "corridor_table",
    "import_peaks",
    "stretched",
]

CHECK = "import corridor"
"""The name the check's findings carry."""

COLUMNS = (
    "year",
    "peak_load_gw",
    "renewables_at_peak_gw",
    "firm_gw",
    "flexibility_gw",
    "import_peak_gw",
    "grid_import_peak_gw",
    "corridor_gw",
    "exceeded",
)
"""The columns of :func:`corridor_table`."""

Array = np.ndarray


@dataclass(frozen=True)
class Shapes:
    """Hourly shapes of one year, ``(hours,)`` each: shares of the year's demand (summing to 1)
    for conventional load, heat and EV charging; capacity factors (0-1) for PV and wind."""

    load: Array
    heat: Array
    ev: Array
    pv: Array
    wind: Array


def corridor_mw() -> float:
    """The import corridor's capacity, MW: the grid's ``import_corridor_mw``."""
    return grid_parameter("import_corridor_mw")


def stretched(shape: Array, peak_to_mean: float) -> Array:
    """``shape`` (hourly shares summing to 1) with its swings around the mean scaled so that its
    peak is ``peak_to_mean`` times its mean: the hours keep their order, the sum stays 1 (hours
    that would go below zero are set to zero and the rest renormalised)."""
    mean = 1.0 / len(shape)
    swing = shape.max() / mean - 1.0
    factor = (peak_to_mean - 1.0) / swing if swing > 0 else 1.0
    out = np.maximum(mean + factor * (shape - mean), 0.0)
    return out / out.sum()


@dataclass(frozen=True)
class Peaks:
    """Per year: the peak hour's load (incl. losses), the wind and PV output in that net-load
    peak hour, and the import peak after firm capacity and flexibility, GW."""

    load: Array
    renewables: Array
    imports: Array


def import_peaks(
    shapes: Shapes,
    conventional_twh: Array,
    heat_twh: Array,
    ev_twh: Array,
    loss: Array,
    pv_gw: Array,
    wind_gw: Array,
    firm_gw: Array,
    flexibility_gw: Array,
) -> Peaks:
    """The import peak of each year, GW; every argument but ``shapes`` is ``(years,)``.

    Hourly load (GW) = Σ TWh × share of the hour × 1000 / (1 − losses); net load = load − PV − wind;
    import peak = max over hours of the net load − firm capacity − flexibility (never below 0).
    """
    # TWh in an hour × 1000 = GW over that hour.
    use = (
        conventional_twh[:, None] * shapes.load[None, :]
        + heat_twh[:, None] * shapes.heat[None, :]
        + ev_twh[:, None] * shapes.ev[None, :]
    ) * 1000.0
    load = use / (1.0 - loss[:, None])
    renewables = pv_gw[:, None] * shapes.pv[None, :] + wind_gw[:, None] * shapes.wind[None, :]
    net = load - renewables
    hour = np.argmax(net, axis=1)
    rows = np.arange(len(hour))
    imports = np.maximum(net[rows, hour] - firm_gw - flexibility_gw, 0.0)
    return Peaks(load.max(axis=1), renewables[rows, hour], imports)


def corridor_table(
    run: PathwayRun,
    shapes: Shapes,
    grid_peaks_mw: Mapping[int, float] | None = None,
    corridor: float | None = None,
) -> pd.DataFrame:
    """One row per pathway year (first run) with the columns :data:`COLUMNS`: the annual
    estimate of the import peak against the corridor (``corridor`` MW, default
    :func:`corridor_mw`), and the grid's own import peak where ``grid_peaks_mw`` (year → MW,
    from grid runs of this scenario) has the year."""
    results, p = run.results, run.scenario.parameters
    inputs = model_inputs(run.scenario)
    # The climate profile's conventional load is flatter than Beijing's: its swings are
    # stretched so that 2019 peaks as observed (observed_peak_load_gw over the mean of
    # electricity_2019_twh); the hours of the peaks stay the profile's.
    mean_gw = p["electricity_2019_twh"] * 1000.0 / len(shapes.load)
    shapes = replace(shapes, load=stretched(shapes.load, p["observed_peak_load_gw"] / mean_gw))

    def twh(variable: str) -> Array:
        return np.asarray(results[variable][0]) / PJ_PER_TWH

    def lever(name: str) -> Array:
        return np.asarray(inputs.levers[name][0], dtype=float)

    ev = twh("Electricity Demand|Transportation|BEV")
    heat = twh("Electricity Demand|Heat Pumps") + twh("Electricity Demand|Geothermal")
    conventional = twh("Final Energy|Electricity") - ev - heat
    loss = lever("grid_loss_share")
    renewables = lever("local_renewables_gw")
    pv_share = grid_parameter("pv_share")
    years = np.asarray(results.years)
    firm = np.full(len(years), p["local_firm_gas_gw"])
    # Demand response as the grid counts it: a share of the conventional peak load.
    conventional_peak = conventional * shapes.load.max() * 1000.0 / (1.0 - loss)
    flexibility = lever("storage_gw") + lever("demand_response_share") * conventional_peak
    peaks = import_peaks(
        shapes,
        conventional,
        heat,
        ev,
        loss,
        renewables * pv_share,
        renewables * (1 - pv_share),
        firm,
        flexibility,
    )
    corridor_gw = (corridor_mw() if corridor is None else corridor) / 1000.0
    grid = grid_peaks_mw or {}
    table = pd.DataFrame(
        {
            "year": years.astype(int),
            "peak_load_gw": peaks.load,
            "renewables_at_peak_gw": peaks.renewables,
            "firm_gw": firm,
            "flexibility_gw": flexibility,
            "import_peak_gw": peaks.imports,
            "grid_import_peak_gw": [
                grid[int(y)] / 1000.0 if int(y) in grid else np.nan for y in years
            ],
            "corridor_gw": corridor_gw,
        }
    )
    highest = table[["import_peak_gw", "grid_import_peak_gw"]].max(axis=1)
    table["exceeded"] = highest > corridor_gw
    return table[list(COLUMNS)]


def corridor_findings(table: pd.DataFrame, scenario: str) -> list[Finding]:
    """A warning for a scenario whose import peak (annual estimate, or the grid's where it ran)
    exceeds the corridor in any year; nothing when it never does."""
    over = table[table["exceeded"]]
    if over.empty:
        return []
    corridor_gw = float(table["corridor_gw"].iloc[0])
    position = int(np.argmax(over["import_peak_gw"].to_numpy()))
    worst_gw = float(over["import_peak_gw"].to_numpy()[position])
    worst_year = int(over["year"].to_numpy()[position])
    years = [int(y) for y in over["year"]]
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]} ({len(years)} years)"
    message = (
        f"{scenario}: the import peak exceeds the {corridor_gw:g} GW import corridor in {span}; "
        f"highest annual estimate {worst_gw:.1f} GW in {worst_year}"
    )
    return [
        Finding(
            CHECK,
            "warning",
            message,
            year=years[0],
            detail={"scenario": scenario, "years": years, "corridor_gw": corridor_gw},
        )
    ]
