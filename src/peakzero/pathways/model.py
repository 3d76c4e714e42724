"""The annual energy–emissions model, vectorised over runs × years.

Every quantity is a ``(runs, years)`` array; a deterministic scenario is one run. The equations
follow docs/methods/pathways.md; the sector physics is in :mod:`peakzero.pathways.sectors`,
chained here by :func:`simulate`. Units inside: PJ for energy, TWh for electricity, Mt CO2.
Base-year (2019) values reproduce CEADs' territorial CO2 exactly (:mod:`base_year`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from peakzero.accounting.gwp import canonical_gwp_metric, gwp_values
from peakzero.pathways.base_year import BaseYear
from peakzero.pathways.cost_data import CostData
from peakzero.pathways.costs import cost_outputs
from peakzero.pathways.non_co2_data import energy_factors, waste_data
from peakzero.pathways.sectors import balance, emissions, non_co2, transport
from peakzero.pathways.sectors.activity import activity
from peakzero.pathways.sectors.assessment import assessment_outputs
from peakzero.pathways.sectors.buildings import buildings, district_heat, plant_energy
from peakzero.pathways.sectors.electricity import electricity, local_gas_generation
from peakzero.pathways.sectors.hydrogen import indirect_emissions
from peakzero.pathways.sectors.industry import agriculture, industry
from peakzero.pathways.sectors.waste import waste

__all__ = ["ModelInputs", "Results", "simulate", "year_column"]

Array = np.ndarray


def year_column(years: Array, year: int) -> int:
    """The position of ``year`` in ``years``; a year off the horizon is a ``KeyError`` (not the
    neighbouring column a bare ``searchsorted`` would give)."""
    column = int(np.searchsorted(years, year))
    if column >= len(years) or years[column] != year:
        msg = f"year {year} is not in the pathway's years {int(years[0])}-{int(years[-1])}"
        raise KeyError(msg)
    return column


@dataclass(frozen=True)
class ModelInputs:
    """Lever and driver paths as ``(runs, years)`` arrays, parameters as numbers."""

    years: Array  # (years,)
    levers: Mapping[str, Array]
    drivers: Mapping[str, Array]
    parameters: Mapping[str, float]
    base: BaseYear
    costs: CostData | None = None  # prices and technology costs; no ``Cost|…`` outputs if None
    gwp_metric: str = non_co2.DEFAULT_GWP_METRIC  # weights CH4 and N2O in ``Emissions|Kyoto Gases``

    def lever_at(self, lever: str, year: int, run: int = 0) -> float:
        """A lever's value in ``year`` for one run (catalogue id, e.g. ``storage_gw``)."""
        return float(self.levers[lever][run, year_column(self.years, year)])

    def driver_at(self, driver: str, year: int, run: int = 0) -> float:
        """A driver's value in ``year`` for one run (catalogue id, e.g. ``import_grid_factor``)."""
        return float(self.drivers[driver][run, year_column(self.years, year)])


@dataclass(frozen=True)
class Results:
    """Named ``(runs, years)`` arrays (see :data:`VARIABLES` in :mod:`outputs`).

    Another engine reads them by IAMC variable name and year — :meth:`at` for one run,
    :meth:`in_year` for every run — never by array position (docs/design/results.md).
    """

    years: Array
    values: dict[str, Array]
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. ``gwp_metric``

    def __getitem__(self, name: str) -> Array:
        return self.values[name]

    @property
    def runs(self) -> int:
        """How many runs the arrays hold (1 for a deterministic scenario)."""
        return int(next(iter(self.values.values())).shape[0]) if self.values else 0

    def variables(self) -> list[str]:
        """The IAMC variable names, sorted."""
        return sorted(self.values)

    def at(self, variable: str, year: int, run: int = 0) -> float:
        """The value of an IAMC ``variable`` in ``year`` for one run (default the first).

        Raises
        ------
        KeyError
            An unknown variable or a year off the pathway's years.
        """
        return float(self._values(variable)[run, year_column(self.years, year)])

    def in_year(self, variable: str, year: int) -> Array:
        """``(runs,)``: every run's value of ``variable`` in ``year`` (a copy)."""
        return np.array(self._values(variable)[:, year_column(self.years, year)])

    def _values(self, variable: str) -> Array:
        try:
            return np.asarray(self.values[variable])
        except KeyError:
            msg = f"{variable!r} is not a pathway variable (see Results.variables())"
            raise KeyError(msg) from None


def simulate(inputs: ModelInputs) -> Results:
    """Run the model for every run and year."""
    lv, dr, p, base = inputs.levers, inputs.drivers, inputs.parameters, inputs.base
    e0 = base.energy_pj
    a, out = activity(inputs.years, dr, p)
    b = buildings(lv, dr, p, e0, a)
    out.update(b.outputs)
    district_heat_gas, heat = district_heat(lv, p, e0, b.district_heating)
    out.update(heat)
    gas_twh = local_gas_generation(lv, p, district_heat_gas)
    power_heat = plant_energy(p, e0, district_heat_gas, gas_twh / gas_twh[:, :1])
    industry_energy, industry_h2 = industry(lv, e0, a)
    freight = transport.freight(lv, p, e0, a)
    out.update(freight.outputs)
    cars = transport.passenger_cars(lv, p, e0, a, freight.spare_hydrogen_pj)
    out.update(cars.outputs)
    out["Electricity Demand|Transportation|BEV"] = transport.bev_electricity(out)
    aviation, biomass = transport.aviation(lv, dr, e0)
    out.update(biomass)
    segments = {
        "industry": industry_energy,
        "commercial": b.commercial,
        "residential": b.residential,
        "agriculture": agriculture(lv, e0),
        "road_passenger": cars.energy,
        "road_freight": freight.energy,
        "aviation": aviation,
        "other_transport": transport.other_transport(p, e0, a),
        "power_heat": power_heat,
    }
    emissions.switch_coal_to_gas(segments, dr["coal_use_index"])
    co2 = emissions.segment_co2(segments, base.co2_per_pj())
    co2["power_heat"], cement, captured = emissions.capture(
        lv["ccus_mt"], co2["power_heat"], base.cement_mt * dr["cement_output"]
    )
    out.update(captured)
    out.update(waste(inputs.years, dr["population"], waste_data()))
    out.update(
        emissions.emissions(
            co2, cement, lv, p["aviation_international_share"], out["Emissions|CO2|Waste"]
        )
    )
    out.update(non_co2.energy_non_co2(segments, energy_factors()))
    out.update(non_co2.totals(out))
    metric = canonical_gwp_metric(inputs.gwp_metric)
    out.update(non_co2.kyoto_gases(out, gwp_values(metric)))
    transport_h2 = freight.hydrogen_pj + cars.hydrogen_pj
    out.update(balance.final_energy(out, segments, industry_h2, transport_h2))
    added = (
        cars.added_electricity_twh
        + freight.added_electricity_twh
        + b.added_heat_pump_twh
        + b.added_geothermal_twh
    )
    out.update(electricity(lv, dr, p, a, gas_twh, added, out["Final Energy"]))
    out.update(indirect_emissions(out, lv, p, industry_h2 + transport_h2))
    out.update(assessment_outputs(out, dr))
    out.update(balance.primary_energy(out, segments, b.heat_pump_heat, b.geothermal_heat, p, lv))
    if inputs.costs is not None:
        fuels = balance.fuel_use(out, segments)
        out.update(cost_outputs(out, lv, dr, p, inputs.costs, fuels))
    return Results(inputs.years, out, {"gwp_metric": metric})
