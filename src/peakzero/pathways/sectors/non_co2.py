"""CH4 and N2O of fuel combustion, the CH4 and N2O totals, and the Kyoto-gas total under a
named GWP metric.

Covered: fuel combustion (IPCC 2006 Tier 1 defaults per segment and carrier) and municipal
solid waste (:mod:`.waste`). Named gaps, reported as absent rather than as a number: agriculture
(livestock, fertiliser), wastewater, fugitive CH4 of the gas network and F-gases
(docs/methods/pathways.md, "Non-CO2 gases").
"""

from __future__ import annotations

from collections.abc import Mapping

from peakzero.pathways.base_year import CARRIERS
from peakzero.pathways.sectors.common import Array, total

__all__ = ["DEFAULT_GWP_METRIC", "KYOTO", "energy_non_co2", "kyoto_gases", "totals"]

DEFAULT_GWP_METRIC = "AR5GWP100"
"""China's latest reporting (BTR) and the Paris transparency framework use AR5 GWP100
(../shared/research/emission-data.md §3.4)."""

KYOTO = "Emissions|Kyoto Gases"
SUPPLY = "power_heat"


def energy_non_co2(segments: Mapping[str, Array], factors: Mapping[str, float]) -> dict[str, Array]:
    """Mt CH4 and kt N2O of each segment's fuel (PJ by carrier × kg per TJ), as supply (power
    and heat) and demand (every other segment)."""
    out: dict[str, Array] = {}
    for gas, unit_per_kg_pj in (("CH4", 1e-6), ("N2O", 1e-3)):  # PJ × kg/TJ → Mt, kt
        by_segment = {
            name: total(
                energy[:, :, j] * factors[f"{gas.lower()}_{name}_{carrier}"] * unit_per_kg_pj
                for j, carrier in enumerate(CARRIERS)
            )
            for name, energy in segments.items()
        }
        supply = by_segment[SUPPLY]
        demand = total(v for name, v in by_segment.items() if name != SUPPLY)
        out[f"Emissions|{gas}|Energy|Supply"] = supply
        out[f"Emissions|{gas}|Energy|Demand"] = demand
        out[f"Emissions|{gas}|Energy"] = supply + demand
    return out


def totals(out: Mapping[str, Array]) -> dict[str, Array]:
    """``Emissions|CH4`` and ``Emissions|N2O``: energy plus waste (the covered sources)."""
    return {
        f"Emissions|{gas}": out[f"Emissions|{gas}|Energy"] + out[f"Emissions|{gas}|Waste"]
        for gas in ("CH4", "N2O")
    }


def kyoto_gases(out: Mapping[str, Array], gwp: Mapping[str, float]) -> dict[str, Array]:
    """Mt CO2-equiv: net CO2 plus CH4 and N2O weighted by ``gwp`` (kg CO2e per kg), by gas.

    F-gases are a named gap (no Beijing source), so the total is CO2 + CH4 + N2O.
    """
    by_gas = {
        f"{KYOTO}|CO2": out["Emissions|CO2"],
        f"{KYOTO}|CH4": out["Emissions|CH4"] * gwp["CH4"],
        f"{KYOTO}|N2O": out["Emissions|N2O"] / 1e3 * gwp["N2O"],  # kt → Mt
    }
    return {**by_gas, KYOTO: total(by_gas.values())}
