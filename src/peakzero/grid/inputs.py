"""The annual figures of a pathway scenario and year that the hourly grid must honour.

The pathway decides annual quantities (demands, imports, the capacities of its levers); the grid
decides hourly dispatch, flexibility and any capacity beyond the pathway's minimum. Electricity
demands include the pathway's grid losses (``grid_loss_share``): the conventional load and the
electric-vehicle load are grossed up by ``1 / (1 - loss)``, and heat pumps and geothermal plants
see a COP times ``(1 - loss)`` at the bus, so that with the pathway's seasonal COP the grid's
electricity demand equals the pathway's ``Electricity Supply``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

from peakzero.constants import MJ_PER_KWH, PJ_PER_TWH
from peakzero.errors import InputError, Problem
from peakzero.grid.technologies import load_technologies
from peakzero.pathways.run import YEARS, model_inputs, run_pathway

__all__ = ["GridInputs", "grid_inputs"]


@dataclass(frozen=True)
class GridInputs:
    """Every annual figure the grid takes from one pathway scenario and year (units in
    :attr:`UNITS`)."""

    scenario: str
    scenario_hash: str
    year: int
    electricity_twh: float
    ev_twh: float
    grid_loss_share: float
    district_heat_twh: float
    waste_heat_share: float
    heat_pump_heat_twh: float
    geothermal_heat_twh: float
    heat_pump_cop: float
    geothermal_cop: float
    hydrogen_fcev_twh: float
    hydrogen_industry_twh: float
    green_hydrogen_share: float
    grey_hydrogen_t_per_mwh: float
    pv_gw: float
    wind_gw: float
    storage_gw: float
    demand_response_share: float
    imports_twh: float
    green_imports_twh: float
    import_grid_factor: float
    gas_electricity_twh: float
    electricity_supply_twh: float

    UNITS: ClassVar[dict[str, str]] = {
        "electricity_twh": "TWh/yr (conventional demand incl. grid losses)",
        "ev_twh": "TWh/yr (electric-vehicle charging incl. grid losses)",
        "grid_loss_share": "1",
        "district_heat_twh": "TWh/yr (district heat: gas-fired and waste heat)",
        "waste_heat_share": "1 (of district heat, added since 2019)",
        "heat_pump_heat_twh": "TWh/yr (heat delivered by heat pumps)",
        "geothermal_heat_twh": "TWh/yr (heat delivered by mid-deep geothermal)",
        "heat_pump_cop": "1 (the pathway's seasonal COP)",
        "geothermal_cop": "1",
        "hydrogen_fcev_twh": "TWh/yr (H2, lower heating value)",
        "hydrogen_industry_twh": "TWh/yr (H2, lower heating value)",
        "green_hydrogen_share": "1",
        "grey_hydrogen_t_per_mwh": "t CO2/MWh H2",
        "pv_gw": "GW",
        "wind_gw": "GW",
        "storage_gw": "GW (pumped hydro and batteries)",
        "demand_response_share": "1 (of the conventional peak load)",
        "imports_twh": "TWh/yr (all imported electricity)",
        "green_imports_twh": "TWh/yr (of which green)",
        "import_grid_factor": "t CO2/MWh (non-green imports)",
        "gas_electricity_twh": "TWh/yr (gas CHP)",
        "electricity_supply_twh": "TWh/yr (the pathway's supply incl. losses, for comparison)",
    }

    def as_dict(self) -> dict[str, object]:
        """JSON-ready record of the inputs."""
        return asdict(self)


def grid_inputs(scenario: str, year: int, pv_share: float | None = None) -> GridInputs:
    """The grid's inputs from a packaged scenario name (or a scenario YAML file) and a year.

    ``pv_share`` splits the pathway's local wind and PV capacity (default: the grid parameter
    ``pv_share`` of ``data/grid/parameters.csv``, an assumption). The pathway runs on every
    call (a few milliseconds): a run cached by the scenario's name or path would outlive an
    edit of the user's file (docs/design/results.md).

    Raises
    ------
    InputError
        A year outside the pathway's horizon, or a scenario that cannot be loaded.
    """
    if not YEARS[0] <= year <= YEARS[-1]:
        msg = f"year must be within {YEARS[0]}-{YEARS[-1]} (the pathway's horizon)"
        raise InputError(Problem("grid inputs", msg, column="year", value=year))
    if pv_share is None:
        pv_share = load_technologies(year).parameters["pv_share"]
    run = run_pathway(scenario)
    results, arrays = run.results, model_inputs(run.scenario)
    p = run.scenario.parameters

    def twh(variable: str) -> float:
        return results.at(variable, year) / PJ_PER_TWH

    def lever(name: str) -> float:
        return arrays.lever_at(name, year)

    loss = lever("grid_loss_share")
    ev = twh("Electricity Demand|Transportation|BEV")
    heat_el = twh("Electricity Demand|Heat Pumps") + twh("Electricity Demand|Geothermal")
    conventional = twh("Final Energy|Electricity") - ev - heat_el
    waste_heat = lever("waste_heat_share") - arrays.lever_at("waste_heat_share", int(YEARS[0]))
    return GridInputs(
        scenario=run.scenario.name,
        scenario_hash=run.scenario.hash,
        year=year,
        electricity_twh=conventional / (1 - loss),
        ev_twh=ev / (1 - loss),
        grid_loss_share=loss,
        district_heat_twh=twh("Final Energy|Heat"),
        waste_heat_share=max(waste_heat, 0.0),
        heat_pump_heat_twh=twh("Useful Heat|Heat Pumps"),
        geothermal_heat_twh=twh("Useful Heat|Geothermal"),
        heat_pump_cop=p["heat_pump_cop"],
        geothermal_cop=p["geothermal_cop"],
        hydrogen_fcev_twh=twh("Final Energy|Hydrogen|Transportation"),
        hydrogen_industry_twh=twh("Final Energy|Hydrogen|Industry"),
        green_hydrogen_share=lever("green_hydrogen_share"),
        # kg CO2/kg H2 over the lower heating value (MJ/kg → MWh/t): t CO2 per MWh H2.
        grey_hydrogen_t_per_mwh=p["grey_h2_co2"] / (p["hydrogen_lhv"] / MJ_PER_KWH),
        pv_gw=lever("local_renewables_gw") * pv_share,
        wind_gw=lever("local_renewables_gw") * (1 - pv_share),
        storage_gw=lever("storage_gw"),
        demand_response_share=lever("demand_response_share"),
        imports_twh=twh("Trade|Electricity|Imports"),
        green_imports_twh=twh("Trade|Green Electricity Imports"),
        import_grid_factor=arrays.driver_at("import_grid_factor", year),
        gas_electricity_twh=twh("Secondary Energy|Electricity|Gas"),
        electricity_supply_twh=twh("Electricity Supply"),
    )
