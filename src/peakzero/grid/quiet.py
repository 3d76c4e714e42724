"""Silence PyPSA, linopy and HiGHS while they work (:func:`quiet`).

Its own module so that the solver (:mod:`.solve`), the time aggregation (:mod:`.aggregation`) and
the netCDF export (:mod:`.netcdf`) share it without importing each other.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["quiet"]


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Keep PyPSA's and linopy's progress messages and HiGHS's banner (printed by its C++ code
    straight to file descriptor 1, whatever its options) off the console, so that a caller's
    standard output carries only what the caller prints."""
    loggers = [logging.getLogger(name) for name in ("pypsa", "linopy")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with Path(os.devnull).open("w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
