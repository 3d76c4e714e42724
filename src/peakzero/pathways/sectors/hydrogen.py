"""Hydrogen bought from outside Beijing: the CO2 of its grey part, counted as indirect."""

from __future__ import annotations

from collections.abc import Mapping

from peakzero.pathways.sectors.common import Array

__all__ = ["indirect_emissions"]


def indirect_emissions(
    out: Mapping[str, Array],
    levers: Mapping[str, Array],
    parameters: Mapping[str, float],
    hydrogen_pj: Array,
) -> dict[str, Array]:
    """Grey hydrogen's CO2, the indirect total (with the grid-mix imports' CO2 already in
    ``out``) and consumption emissions (territorial energy and processes plus indirect)."""
    p = parameters
    new: dict[str, Array] = {}
    grey_kg = hydrogen_pj * 1e9 / p["hydrogen_lhv"] * (1.0 - levers["green_hydrogen_share"])
    new["Indirect Emissions|CO2|Hydrogen"] = grey_kg * p["grey_h2_co2"] / 1e9  # kg CO2 → Mt
    indirect = (
        out["Indirect Emissions|CO2|Electricity Imports"] + new["Indirect Emissions|CO2|Hydrogen"]
    )
    new["Indirect Emissions|CO2"] = indirect
    new["Consumption Emissions|CO2"] = (
        out["Emissions|CO2|Energy and Industrial Processes"] + indirect
    )
    return new
