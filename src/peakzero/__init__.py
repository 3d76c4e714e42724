"""peakzero: count, plan and steer a megacity to carbon peak and carbon neutrality.

Beijing is the built-in default city. The engines are importable; the ``peakzero`` command line is
a thin shell over them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peakzero.errors import InputError, PeakzeroError, Problem, ReferenceDataError

if TYPE_CHECKING:
    from peakzero.units import conversion_factor, parse_unit, registry

    __version__: str

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


# The units registry loads pint (about half a second) and the version importlib.metadata (a
# tenth); both are looked up on first use so that ``peakzero --help`` and commands that never
# convert a unit do not pay for them.
_UNITS = frozenset({"conversion_factor", "parse_unit", "registry"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("peakzero")
        except PackageNotFoundError:  # running from a source tree that was never installed
            found = "0+unknown"
        globals()["__version__"] = found  # looked up once
        return found
    if name in _UNITS:
        from peakzero import units

        return getattr(units, name)
    msg = f"module 'peakzero' has no attribute {name!r}"
    raise AttributeError(msg)
