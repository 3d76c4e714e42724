"""Writing a grid network as a PyPSA netCDF file that plain PyPSA can load and optimise.

Everything the optimisation needs is carried by the network's own components (the CO2 limit is
the ``co2 atmosphere`` store's energy capacity, load shedding is a set of generators), so
``pypsa.Network(path).optimize(solver_name="highs")`` solves the same problem without peakzero.
The file is written next to its target and renamed into place
(:func:`peakzero.io.output.write_atomic`): an interrupted export leaves no half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from peakzero.grid.quiet import quiet
from peakzero.io.output import write_atomic

__all__ = ["export_network"]


def export_network(network: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``network`` to ``path`` (netCDF, PyPSA's layout); the path written.

    Raises
    ------
    OutputError
        If the target is a folder or cannot be written.
    """

    def write(temporary: Path) -> None:
        with quiet():
            network.export_to_netcdf(temporary)

    return write_atomic(path, write)
