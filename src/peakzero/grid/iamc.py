"""A :class:`~peakzero.grid.results.GridResult` as IAMC rows, in the pathway's units.

Energies in PJ/yr, capacities in GW and costs in bn CNY/yr, like the pathway's variables
(``Trade|Electricity|Imports`` of the grid and of the pathway are the same quantity in the same
unit), so that the two can be compared and stored side by side. CHP emissions are split between
electricity and heat by their shares of the CHP's output.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from peakzero.constants import PJ_PER_TWH
from peakzero.io.iamc import IAMC_COLUMNS

__all__ = ["GridFigures", "result_to_iamc"]


class GridFigures(Protocol):
    """What the IAMC rows read of a :class:`~peakzero.grid.results.GridResult`.

    Declared here, not imported, so that ``results`` may import this module (for
    ``GridResult.to_iamc``) without the two importing each other.
    """

    @property
    def scenario(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def objective(self) -> float: ...
    @property
    def capacities(self) -> dict[str, float]: ...
    @property
    def generation_twh(self) -> dict[str, float]: ...
    @property
    def heat_twh(self) -> dict[str, float]: ...
    @property
    def hydrogen_twh(self) -> dict[str, float]: ...
    @property
    def imports_twh(self) -> dict[str, float]: ...
    @property
    def import_peak_mw(self) -> float: ...
    @property
    def curtailment_share(self) -> float: ...
    @property
    def storage_cycles(self) -> dict[str, float]: ...
    @property
    def served_twh(self) -> dict[str, float]: ...
    @property
    def co2(self) -> dict[str, float]: ...
    @property
    def costs(self) -> dict[str, float]: ...
    @property
    def unserved_mwh(self) -> dict[str, float]: ...
    @property
    def prices(self) -> pd.DataFrame: ...


def _rows(r: GridFigures) -> list[tuple[str, str, float]]:
    g, h, c, cap = r.generation_twh, r.heat_twh, r.co2, r.capacities
    pj = {
        "Secondary Energy|Electricity|Solar": g["solar rooftop"] + g["solar ground"],
        "Secondary Energy|Electricity|Wind": g["wind"],
        "Secondary Energy|Electricity|Gas": g["gas CHP"],
        "Secondary Energy|Electricity|Waste": g["waste-to-energy"],
        "Secondary Energy|Electricity|Hydrogen": g["fuel cell"],
        "Secondary Energy|Heat|Gas": h["gas CHP"] + h["gas boiler"],
        "Secondary Energy|Heat|Waste": h["waste-to-energy"] + h["waste heat"],
        "Secondary Energy|Heat|Heat Pumps": h["air-source heat pump"] + h["CO2 heat pump"],
        "Secondary Energy|Heat|Geothermal": h["geothermal"],
        "Secondary Energy|Hydrogen|Electricity": r.hydrogen_twh["electrolyser"],
        "Trade|Electricity|Imports": r.imports_twh["total"],
        "Trade|Green Electricity Imports": r.imports_twh["green"],
        "Trade|Hydrogen|Imports": r.hydrogen_twh["imports green"] + r.hydrogen_twh["imports grey"],
        "Curtailment|Electricity": _curtailed(r),
        "Demand Served|Electricity": r.served_twh["electricity"],
        "Demand Served|Heat": sum(
            r.served_twh[b] for b in ("district heat", "heat pump heat", "geothermal heat")
        ),
        "Demand Served|Hydrogen": r.served_twh["hydrogen"],
    }
    rows = [(v, "PJ/yr", value * PJ_PER_TWH) for v, value in pj.items()]
    for bus, mwh in r.unserved_mwh.items():
        rows.append((f"Unserved Energy|{bus.title()}", "PJ/yr", mwh / 1e6 * PJ_PER_TWH))
    gw = {
        "Capacity|Electricity|Solar": cap["solar rooftop"] + cap["solar ground"],
        "Capacity|Electricity|Wind": cap["wind"],
        "Capacity|Electricity|Gas": cap["gas CHP"],
        "Capacity|Electricity|Storage": cap["battery"] + cap["pumped hydro"],
        "Capacity|Electricity|Imports": cap["import corridor"],
        "Capacity|Heat|Heat Pumps": cap["air-source heat pump"] + cap["CO2 heat pump"],
        "Capacity|Hydrogen|Electricity": cap["electrolyser"],
        "Peak|Trade|Electricity|Imports": r.import_peak_mw,
    }
    rows += [(v, "GW", mw / 1000) for v, mw in gw.items()]
    chp_el = g["gas CHP"] / max(g["gas CHP"] + h["gas CHP"], 1e-12)
    rows += [
        ("Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", c["gas CHP"] * chp_el),
        (
            "Emissions|CO2|Energy|Supply|Heat",
            "Mt CO2/yr",
            c["gas CHP"] * (1 - chp_el) + c["gas boiler"],
        ),
        ("Indirect Emissions|CO2|Electricity Imports", "Mt CO2/yr", c["imports grid mix"]),
        ("Indirect Emissions|CO2|Hydrogen", "Mt CO2/yr", c["grey hydrogen"]),
        ("Cost|Energy System", "bn CNY/yr", r.objective / 1e9),
        ("Cost|Energy System|Capital", "bn CNY/yr", r.costs["capex"] / 1e9),
        ("Cost|Energy System|Operation", "bn CNY/yr", r.costs["opex"] / 1e9),
        ("Share|Curtailment|Electricity", "%", 100 * r.curtailment_share),
        ("Price|Secondary Energy|Electricity", "CNY/MWh", float(r.prices["electricity"].mean())),
        ("Storage Cycles|Electricity|Battery", "1/yr", r.storage_cycles["battery"]),
        ("Storage Cycles|Electricity|Pumped Hydro", "1/yr", r.storage_cycles["pumped hydro"]),
    ]
    return rows


def _curtailed(r: GridFigures) -> float:
    used = sum(r.generation_twh[k] for k in ("solar rooftop", "solar ground", "wind"))
    return (
        used * r.curtailment_share / (1 - r.curtailment_share) if r.curtailment_share < 1 else 0.0
    )


def result_to_iamc(r: GridFigures, model: str = "peakzero", region: str = "CN-BJ") -> pd.DataFrame:
    """Long IAMC table of one grid result."""
    frame = pd.DataFrame(_rows(r), columns=["variable", "unit", "value"])
    frame["model"], frame["scenario"], frame["region"], frame["year"] = (
        model,
        r.scenario,
        region,
        r.year,
    )
    return frame[list(IAMC_COLUMNS)]
