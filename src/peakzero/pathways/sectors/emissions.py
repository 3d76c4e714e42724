"""CO2: the coal phase-out, each segment's CO2, capture on point sources, and the reported
emissions tree."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from peakzero.pathways.sectors.common import COAL, GAS, SEG, Array, total

__all__ = [
    "EXCLUDING_INTERNATIONAL_AVIATION",
    "INTERNATIONAL_AVIATION_MEMO",
    "capture",
    "emissions",
    "segment_co2",
    "switch_coal_to_gas",
]

INTERNATIONAL_AVIATION_MEMO = "Memo|Emissions|CO2|International Aviation"
"""International aviation (IPCC: a memo item, international bunkers, outside national totals)."""
EXCLUDING_INTERNATIONAL_AVIATION = (
    "Emissions excl. International Aviation|CO2|Energy and Industrial Processes"
)
"""The territorial total less international aviation: the IPCC national-total convention."""

TRANSPORT = {
    "road_passenger": "Road Passenger",
    "road_freight": "Road Freight",
    "aviation": "Aviation",
    "other_transport": "Other",
}
"""Transport segments and their names in the emissions tree."""


def switch_coal_to_gas(segments: Mapping[str, Array], coal_use_index: Array) -> None:
    """Coal phase-out, in place: the coal that goes is replaced by gas, energy for energy."""
    coal_left = coal_use_index / coal_use_index[:, :1]
    for e in segments.values():
        switched = e[:, :, COAL] * (1.0 - coal_left)
        e[:, :, COAL] -= switched
        e[:, :, GAS] += switched


def segment_co2(segments: Mapping[str, Array], co2_per_pj: Array) -> dict[str, Array]:
    """Mt CO2 of each segment: its energy by carrier times the base year's factors."""
    return {
        name: (e * co2_per_pj[SEG[name]][None, None, :]).sum(axis=2) for name, e in segments.items()
    }


def capture(
    ccus_mt: Array, power_heat_co2: Array, cement_co2: Array
) -> tuple[Array, Array, dict[str, Array]]:
    """CCUS on point sources, gas power and heat first, then cement: both emissions after
    capture and the captured CO2."""
    captured_ph = np.clip(ccus_mt, 0.0, np.maximum(power_heat_co2, 0.0))
    captured_cement = np.clip(ccus_mt - captured_ph, 0.0, np.maximum(cement_co2, 0.0))
    return (
        power_heat_co2 - captured_ph,
        cement_co2 - captured_cement,
        {"Carbon Capture|CCUS": captured_ph + captured_cement},
    )


def emissions(
    co2: Mapping[str, Array],
    cement: Array,
    levers: Mapping[str, Array],
    international_aviation_share: float,
    waste_co2: Array | None = None,
) -> dict[str, Array]:
    """The reported CO2 tree: energy demand by sector, supply, processes, sinks, removals and (when
    given) the fossil CO2 of waste incineration; aviation split into domestic and international
    (``international_aviation_share`` of its CO2), the international part also as a memo item and
    a total without it."""
    out: dict[str, Array] = {}
    demand = "Emissions|CO2|Energy|Demand"
    for segment, name in TRANSPORT.items():
        out[f"{demand}|Transportation|{name}"] = co2[segment]
    # The territorial total keeps all jet kerosene delivered in Beijing (as CEADs does); the
    # international part is shown beside it, not taken out (docs/methods/pathways.md).
    international = co2["aviation"] * international_aviation_share
    out[f"{demand}|Transportation|Aviation|Domestic"] = co2["aviation"] - international
    out[f"{demand}|Transportation|Aviation|International"] = international
    out[INTERNATIONAL_AVIATION_MEMO] = international
    out[f"{demand}|Transportation"] = total(co2[s] for s in TRANSPORT)
    out[f"{demand}|Industry"] = co2["industry"]
    out[f"{demand}|Residential and Commercial"] = co2["residential"] + co2["commercial"]
    out[f"{demand}|AFOFI"] = co2["agriculture"]
    out[demand] = total(
        out[f"{demand}|{k}"]
        for k in ("Transportation", "Industry", "Residential and Commercial", "AFOFI")
    )
    out["Emissions|CO2|Energy|Supply"] = co2["power_heat"]
    # Emissions|CO2 has the direct children EIP, AFOLU, Removals and Waste (so it is net and a
    # full inventory; EIP stays the territorial, CEADs-comparable variable); the energy
    # detail hangs below Emissions|CO2|Energy, which is not reported to keep that sum exact.
    eip_name = "Emissions|CO2|Energy and Industrial Processes"
    out[f"{eip_name}|Energy"] = out[demand] + co2["power_heat"]
    out[f"{eip_name}|Industrial Processes"] = cement
    eip = out[f"{eip_name}|Energy"] + cement
    out[eip_name] = eip
    out[EXCLUDING_INTERNATIONAL_AVIATION] = eip - international
    out["Emissions|CO2|AFOLU"] = -levers["ecological_sink_mt"]
    out["Emissions|CO2|Removals"] = -levers["negative_emissions_mt"]
    out["Carbon Removal|Negative Emissions Technologies"] = levers["negative_emissions_mt"]
    out["Emissions|CO2"] = eip + out["Emissions|CO2|AFOLU"] + out["Emissions|CO2|Removals"]
    if waste_co2 is not None:
        out["Emissions|CO2"] = out["Emissions|CO2"] + waste_co2
    return out
