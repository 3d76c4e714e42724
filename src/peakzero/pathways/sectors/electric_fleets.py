"""Battery-electric trucks, buses and taxis: a fleet of one class electrified by stock turnover.

Each class carries its own fossil energy of 2019 (what its non-electric vehicles used), grown
by an activity index. New vehicles are sold battery-electric at the lever's sales share of the
1/lifetime of the fleet replaced each year (:func:`peakzero.pathways.fleet.fleet_share`, as for
passenger cars). What the electric vehicles added since 2019 no longer burn is taken from their
road segment, carrier by carrier in the segment's own mix; their electricity is the fossil
energy they replace times the class's energy ratio (electric over fossil final energy per km).
The electric vehicles of 2019 are inside the base year's electricity demand, so only the change
since 2019 adds to the electricity balance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peakzero.constants import MJ_PER_KWH
from peakzero.pathways.fleet import fleet_share
from peakzero.pathways.sectors.common import Array

__all__ = ["ElectricFleet", "electrify", "energy_ratio", "remove_from_segment"]


@dataclass(frozen=True)
class ElectricFleet:
    """One class's fleet share and energy, ``(runs, years)`` arrays in PJ."""

    share: Array  # battery-electric share of the class's fleet
    fossil_pj: Array  # fossil energy of its non-electric vehicles
    displaced_pj: Array  # fossil energy the electric vehicles added since 2019 replace
    electricity_pj: Array  # electricity of all its battery-electric vehicles
    added_electricity_pj: Array  # electricity of those added since 2019


def energy_ratio(electric_kwh_per_km: float, fossil_mj_per_km: float) -> float:
    """Electric over fossil final energy per km."""
    return electric_kwh_per_km * MJ_PER_KWH / fossil_mj_per_km


def electrify(
    fossil_2019_pj: float,
    index: Array,
    sales_share: Array,
    share_2019: float,
    lifetime: float,
    ratio: float,
) -> ElectricFleet:
    """A class of ``fossil_2019_pj`` fossil energy in 2019 (its non-electric vehicles, a share
    ``1 - share_2019`` of the fleet), growing with ``index`` (1 in 2019), electrified at
    ``sales_share`` of new vehicles with vehicles lasting ``lifetime`` years."""
    share = fleet_share(sales_share, share_2019, lifetime)
    per_share = fossil_2019_pj * index / (1.0 - share_2019)  # the whole fleet, PJ of fossil
    return ElectricFleet(
        share=share,
        fossil_pj=per_share * (1.0 - share),
        displaced_pj=per_share * (share - share_2019),
        electricity_pj=per_share * share * ratio,
        added_electricity_pj=per_share * (share - share_2019) * ratio,
    )


def remove_from_segment(energy: Array, displaced_pj: Array) -> None:
    """Take ``displaced_pj`` (runs, years) from a segment's energy (runs, years, carriers), in
    place, from each carrier in proportion to the segment's mix that year; never below zero
    (a negative ``displaced_pj``, a fleet share fallen below 2019's, adds fuel back)."""
    held = energy.sum(axis=2)
    taken = np.minimum(displaced_pj, held)
    mix = energy / np.maximum(held, 1e-12)[:, :, None]
    energy -= mix * taken[:, :, None]
