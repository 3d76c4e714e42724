"""What every part of the grid network is built from (:class:`Builder`).

Its own module so that :mod:`.network` (which builds the whole network) and the parts it calls
(:mod:`.supply`, :mod:`.sectors`) all read it from below, without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.grid.backend import pypsa
from peakzero.grid.inputs import GridInputs
from peakzero.grid.technologies import Technologies

__all__ = ["Builder"]


@dataclass(frozen=True)
class Builder:
    """What every part of the network is built from."""

    n: pypsa.Network
    inputs: GridInputs
    tech: Technologies
    frame: pd.DataFrame  # the profiles of the modelled hours, index = the network's snapshots
    weight: float  # hours each snapshot stands for

    def annual(self, twh: float, shape: str | None) -> pd.Series:
        """MW in each snapshot: ``twh`` spread over the year like ``shape`` (flat if None)."""
        raw = pd.Series(1.0, self.frame.index) if shape is None else self.frame[shape]
        total = float(raw.sum()) * self.weight
        if total <= 0:
            return raw * 0.0
        return raw * (twh * 1e6 / total)
