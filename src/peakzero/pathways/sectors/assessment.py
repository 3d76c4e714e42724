"""The assessment boundary as the model reports it: scope 1 energy CO2 plus the CO2 of net
imported electricity at the average grid factor (China's provincial carbon-intensity
assessment). The other factors and the boundary choice are in :mod:`peakzero.pathways.boundaries`,
which reads these variables back from a run.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from peakzero.constants import PJ_PER_TWH

__all__ = [
    "ASSESSMENT",
    "ASSESSMENT_ENERGY",
    "ASSESSMENT_IMPORTS",
    "ENERGY",
    "IMPORTS",
    "assessment_outputs",
]

ENERGY = "Emissions|CO2|Energy and Industrial Processes|Energy"
# The assessment boundary with the average factor; its two children sum to it (scope 1 energy
# CO2 and the CO2 of net imported electricity).
ASSESSMENT = "Assessment Emissions|CO2"
ASSESSMENT_ENERGY = "Assessment Emissions|CO2|Energy"
ASSESSMENT_IMPORTS = "Assessment Emissions|CO2|Net Electricity Imports"
IMPORTS = "Trade|Electricity|Imports"  # net: supply with losses minus local generation


def assessment_outputs(
    out: Mapping[str, np.ndarray], drivers: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The assessment boundary with the average factor (driver ``import_grid_factor``)."""
    imports = out[IMPORTS] / PJ_PER_TWH
    indirect = imports * drivers["import_grid_factor"]
    return {
        ASSESSMENT_ENERGY: np.array(out[ENERGY]),
        ASSESSMENT_IMPORTS: indirect,
        ASSESSMENT: out[ENERGY] + indirect,
    }
