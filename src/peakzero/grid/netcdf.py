"""Writing a grid network as a PyPSA netCDF file that plain PyPSA can load and optimise.

Everything the optimisation needs is carried by the network's own components (the CO2 limit is
the ``co2 atmosphere`` store's energy capacity, load shedding is a set of generators), so
``pypsa.Network(path).optimize(solver_name="highs")`` solves the same problem without peakzero.
The file is written next to its target and renamed into place: an interrupted export leaves no
half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from peakzero.grid.solve import quiet
from peakzero.io.output import OutputError

__all__ = ["export_network"]


def export_network(network: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``network`` to ``path`` (netCDF, PyPSA's layout); the path written.

    Raises
    ------
    OutputError
        If the target is a folder, its folder does not exist or cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        msg = f"cannot write {target}: it is a folder; give a file name such as beijing-2030.nc"
        raise OutputError(msg)
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        msg = f"cannot write {target}: the folder {folder} does not exist"
        raise OutputError(msg)
    try:
        handle, temporary = tempfile.mkstemp(suffix=".nc", prefix=".peakzero-", dir=folder)
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from None
    os.close(handle)
    try:
        with quiet():
            network.export_to_netcdf(temporary)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
