"""The 2019 base year: Beijing's CEADs inventory split into the model's segments and carriers.

Energy is derived from CEADs CO2 with the China factor set (``CO2 / (carbon content × oxidation
× 44/12)``), so that projecting energy with the same factors reproduces CEADs' 2019 CO2 exactly;
these energies are therefore *estimated* (method: CEADs CO2 over the China factors).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from peakzero import codes
from peakzero.accounting.builtin import beijing_ceads
from peakzero.accounting.factors import load_factor_set

__all__ = [
    "BASE_YEAR",
    "CARRIERS",
    "SEGMENTS",
    "BaseYear",
    "base_year",
    "co2_per_tj",
    "fuel_groups",
    "segment_of",
]

BASE_YEAR = 2019
CARRIERS = ("coal", "oil", "gas")
SEGMENTS = (
    "industry",
    "commercial",
    "residential",
    "agriculture",
    "road_passenger",
    "road_freight",
    "aviation",
    "other_transport",
    "power_heat",
)
_GPC_SEGMENT = {
    "I.1": "residential",
    "I.2": "commercial",
    "I.3": "industry",
    "I.4": "industry",
    "I.4.4": "power_heat",
    "I.5": "agriculture",
    "II.2": "other_transport",
    "II.3": "other_transport",
    "II.4": "aviation",
    "II.5": "other_transport",
}
ENERGY_FACTOR_SET = "cn-gbt2589-provincial-2011"


def segment_of(gpc: str, fuel: str) -> str:
    """The model segment of a CEADs row (GPC sub-sector and fuel)."""
    if gpc == "II.1":
        return "road_passenger" if fuel in ("gasoline", "lpg") else "road_freight"
    return _GPC_SEGMENT[gpc]


@dataclass(frozen=True)
class BaseYear:
    """Base-year energy [PJ] and CO2 [Mt] per segment × carrier, and cement process CO2 [Mt]."""

    energy_pj: np.ndarray  # (segments, carriers)
    co2_mt: np.ndarray  # (segments, carriers)
    cement_mt: float
    total_mt: float  # CEADs territorial total, for the calibration check

    def co2_per_pj(self) -> np.ndarray:
        """Mt CO2 per PJ of each segment × carrier; where a segment had none of a carrier in
        2019, the carrier's average over all segments (fuel switching may bring it in)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            average = self.co2_mt.sum(axis=0) / self.energy_pj.sum(axis=0)
            own = self.co2_mt / self.energy_pj
        return np.where(self.energy_pj > 0, own, np.nan_to_num(average)[None, :])


@cache
def co2_per_tj() -> dict[str, float]:
    """t CO2 per TJ of each fuel in the China factor set (the estimate of energy from CO2)."""
    factors = load_factor_set(ENERGY_FACTOR_SET).canonical()
    per_tj = factors["co2_factor"].fillna(
        factors["carbon_content"] * factors["oxidation"] * 44.0 / 12.0
    )
    return {str(k): float(v) for k, v in per_tj.items()}


@cache
def fuel_groups() -> dict[str, str]:
    """Each CEADs fuel's carrier group (coal, oil, gas, ...)."""
    return {f: str(c.get("group")) for f, c in codes.fuels().items()}


@cache
def base_year() -> BaseYear:
    """Beijing 2019 from the packaged CEADs inventory."""
    data = beijing_ceads()
    data = data[data["year"] == BASE_YEAR]
    groups = fuel_groups()
    energy = np.zeros((len(SEGMENTS), len(CARRIERS)))
    co2 = np.zeros_like(energy)
    cement = 0.0
    per_tj = co2_per_tj()
    for sector, fuel, value in zip(data["sector"], data["fuel"], data["value"], strict=True):
        mt = float(value)
        if fuel == "cement":
            cement += mt
            continue
        carrier = groups[str(fuel)]
        if carrier not in CARRIERS or mt == 0:
            continue
        segment = segment_of(codes.gpc_for(str(sector), str(fuel)), str(fuel))
        i, j = SEGMENTS.index(segment), CARRIERS.index(carrier)
        co2[i, j] += mt
        energy[i, j] += mt * 1e6 / per_tj[str(fuel)] / 1e3  # Mt → t → TJ → PJ
    return BaseYear(energy, co2, cement, float(pd.Series(data["value"]).sum()))
