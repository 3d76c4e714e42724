"""Industry (activity, circular parks, hydrogen) and agriculture."""

from __future__ import annotations

from collections.abc import Mapping

from peakzero.pathways.sectors.activity import Activity
from peakzero.pathways.sectors.common import Array, segment_energy

__all__ = ["agriculture", "industry"]


def industry(levers: Mapping[str, Array], base_energy: Array, a: Activity) -> tuple[Array, Array]:
    """Industry's fossil energy by carrier, and the PJ of hydrogen that replaces part of it."""
    index = a.secondary * a.efficiency * (1 - levers["circular_park_saving"])
    energy = segment_energy(base_energy, "industry", index)
    share = levers["hydrogen_industry_share"]
    hydrogen_pj = energy.sum(axis=2) * share
    return energy * (1.0 - share)[:, :, None], hydrogen_pj


def agriculture(levers: Mapping[str, Array], base_energy: Array) -> Array:
    """Agriculture's energy by carrier, less its savings."""
    return segment_energy(base_energy, "agriculture", 1.0 - levers["agriculture_saving"])
