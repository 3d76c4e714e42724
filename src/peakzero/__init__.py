"""peakzero: count, plan and steer a megacity to carbon peak and carbon neutrality.

Beijing is the built-in default city. The engines are importable; the ``peakzero`` command line is
a thin shell over them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from peakzero.errors import InputError, PeakzeroError, Problem, ReferenceDataError
from peakzero.units import conversion_factor, parse_unit, registry

try:
    __version__ = version("peakzero")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "InputError",
    "PeakzeroError",
    "Problem",
    "ReferenceDataError",
    "__version__",
    "conversion_factor",
    "parse_unit",
    "registry",
]
