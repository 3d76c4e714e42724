"""Physical constants and conversion factors of peakzero, defined once.

Engines compute in fixed canonical units (:mod:`peakzero.units`), so the few factors between
them appear in hot loops as plain floats. Each is derived from the one unit registry where the
registry knows both units, so that the factor and the registry cannot disagree (1 tce is GB/T
2589's 29.3076 GJ, as :mod:`peakzero.units` defines it), and rounded to 12 significant digits:
pint's chain of unit definitions can leave a last-bit error (kWh → MJ gives 3.5999999999999996),
and the factors must equal their decimal definitions exactly so that every figure stays the same
to the last bit (``tests/test_constants.py``).

The registry-derived factors are computed on first use (the module's ``__getattr__``), all at
once, and kept as module globals: building the unit registry costs about 0.35 s of CPU, which
``peakzero serve`` must not pay before it answers. ``from peakzero.constants import PJ_PER_TWH``
works as before (it is the first use).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

__all__ = [
    "CO2_PER_C",
    "GJ_PER_TCE",
    "HOURS_PER_YEAR",
    "J_PER_TCE",
    "KGCE_PER_KWH",
    "KWH_PER_PJ",
    "MJ_PER_KWH",
    "MWH_PER_TJ",
    "PJ_PER_TWH",
]

if TYPE_CHECKING:
    PJ_PER_TWH: float
    """3.6: PJ in a TWh (so also GJ in a MWh)."""
    MJ_PER_KWH: float
    """3.6: MJ in a kWh (so also kWh in a kg of fuel from its MJ/kg heating value ÷ this)."""
    KWH_PER_PJ: float
    """277,777,777.78: kWh in a PJ."""
    GJ_PER_TCE: float
    """29.3076: GJ in a tonne of standard coal (GB/T 2589: 1 kgce = 7,000 kcal = 29.3076 MJ)."""
    J_PER_TCE: float
    """29.3076e9: J in a tonne of standard coal."""
    KGCE_PER_KWH: float
    """0.1228: kg of standard coal in a kWh of electricity at its calorific value."""
    MWH_PER_TJ: float
    """277.78: MWh in a TJ."""

HOURS_PER_YEAR = 8760
"""Hours of a common year (365 × 24), the length of the grid's hourly year. Not from the
registry, whose ``year`` is the Julian 365.25 days."""

CO2_PER_C = 44.0 / 12.0
"""3.667: t CO2 per t of carbon burnt (molar masses 44 and 12 g/mol, as IPCC 2006 writes it).
Not from the registry: it has no carbon or CO2 units (those are emission species, not units)."""


def _registry(unit: str, target: str) -> float:
    """``unit`` in ``target`` from the registry, without floating-point noise."""
    from peakzero.units import conversion_factor

    return float(f"{conversion_factor(unit, target):.12g}")


def _from_registry() -> dict[str, float]:
    """The factors derived from the unit registry (built here, on first use)."""
    mj_per_kwh = _registry("kWh", "MJ")
    gj_per_tce = _registry("tce", "GJ")
    return {
        "PJ_PER_TWH": _registry("TWh", "PJ"),
        "MJ_PER_KWH": mj_per_kwh,
        # J in a PJ ÷ J in a kWh, both whole numbers: a repeating decimal cannot be rounded to
        # its definition, so it is the quotient of two that can.
        "KWH_PER_PJ": 1e15 / _registry("kWh", "J"),
        "GJ_PER_TCE": gj_per_tce,
        "J_PER_TCE": _registry("tce", "J"),
        # MJ/kWh ÷ MJ/kgce, written as the quotient so that it equals the ``3.6 / 29.3076``
        # the sources print.
        "KGCE_PER_KWH": mj_per_kwh / gj_per_tce,
        "MWH_PER_TJ": 1e12 / _registry("MWh", "J"),  # a quotient of whole numbers, as KWH_PER_PJ
    }


_LOCK = threading.Lock()  # two threads of the server may import an engine at the same time
_DERIVED = frozenset(__all__) - {"HOURS_PER_YEAR", "CO2_PER_C"}


def __getattr__(name: str) -> Any:
    if name not in _DERIVED:
        msg = f"module 'peakzero.constants' has no attribute {name!r}"
        raise AttributeError(msg)
    with _LOCK:
        if name not in globals():
            globals().update(_from_registry())  # from now on plain globals: no more lookups
    return globals()[name]
