"""Electricity: demand, local gas and renewable generation, curtailment, and imports."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from peakzero.constants import PJ_PER_TWH
from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import Array

__all__ = ["electricity", "local_gas_generation"]


def local_gas_generation(
    levers: Mapping[str, Array], parameters: Mapping[str, float], district_heat_gas: Array
) -> Array:
    """TWh of local gas-fired generation: heat-led CHP, whose output follows its gas-fired heat,
    but never below the firm-power floor — the generation Beijing keeps from its local gas
    plants as support power (支撑电源), ``local_firm_gas_gw`` × ``firm_gas_min_hours``, which
    imports cannot displace (docs/methods/pathways.md, "Firm-power floor")."""
    p = parameters
    gas0 = (
        p["local_generation_2019_twh"]
        - levers["local_renewables_gw"][:, :1] * p["renewable_full_load_hours"] / 1000
    )
    floor = np.minimum(p["local_firm_gas_gw"] * p["firm_gas_min_hours"] / 1000, gas0)
    return np.maximum(gas0 * district_heat_gas, floor)


def electricity(
    levers: Mapping[str, Array],
    drivers: Mapping[str, Array],
    parameters: Mapping[str, float],
    a: Activity,
    gas: Array,
    added_twh: Array,
    final_energy: Array,
) -> dict[str, Array]:
    """Final demand (grown with GDP, plus what electrification adds), supply with grid losses,
    local gas generation (``gas``, TWh, from :func:`local_gas_generation`), local wind and PV
    after curtailment, and imports (green and grid mix); ``final_energy`` is the other carriers'
    final energy, to which electricity is added."""
    lv, p = levers, parameters
    loss = lv["grid_loss_share"]
    # 2019: the whole-society consumption includes losses; later demand grows with GDP.
    final0 = p["electricity_2019_twh"] * (1.0 - loss[:, :1])
    final = final0 * a.gdp ** p["electricity_gdp_elasticity"] * a.efficiency + added_twh
    supply = final / (1.0 - loss)
    # Share of the curtailment that flexibility (storage + demand response, GW) removes.
    needed = p["flexibility_to_avoid_curtailment"] * lv["local_renewables_gw"]
    flexibility = (lv["storage_gw"] + lv["demand_response_share"] * p["peak_load_gw"]) / np.maximum(
        needed, 1e-9
    )
    curtailment = p["base_curtailment_share"] * np.clip(1.0 - flexibility, 0.0, 1.0)
    renewables = (
        lv["local_renewables_gw"] * p["renewable_full_load_hours"] / 1000 * (1 - curtailment)
    )
    imports = np.maximum(supply - gas - renewables, 0.0)
    green = np.minimum(lv["green_power_imports_twh"], imports)
    out: dict[str, Array] = {}
    out["Final Energy|Electricity"] = final * PJ_PER_TWH
    out["Electricity Supply"] = supply * PJ_PER_TWH  # final demand plus grid losses
    out["Capacity|Electricity|Solar and Wind"] = lv["local_renewables_gw"]
    out["Final Energy"] = final_energy + out["Final Energy|Electricity"]
    out["Secondary Energy|Electricity|Gas"] = gas * PJ_PER_TWH
    out["Secondary Energy|Electricity|Solar and Wind"] = renewables * PJ_PER_TWH
    out["Secondary Energy|Electricity"] = (gas + renewables) * PJ_PER_TWH
    out["Trade|Electricity|Imports"] = imports * PJ_PER_TWH
    out["Trade|Green Electricity Imports"] = green * PJ_PER_TWH
    # TWh × t/MWh = Mt
    out["Indirect Emissions|CO2|Electricity Imports"] = (imports - green) * drivers[
        "import_grid_factor"
    ]
    return out
