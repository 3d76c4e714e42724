"""Physical constants and conversion factors of peakzero, defined once.

Engines compute in fixed canonical units (:mod:`peakzero.units`), so the few factors between
them appear in hot loops as plain floats. Each is derived from the one unit registry where the
registry knows both units, so that the factor and the registry cannot disagree (1 tce is GB/T
2589's 29.3076 GJ, as :mod:`peakzero.units` defines it), and rounded to 12 significant digits:
pint's chain of unit definitions can leave a last-bit error (kWh → MJ gives 3.5999999999999996),
and the factors must equal their decimal definitions exactly so that every figure stays the same
to the last bit (``tests/test_constants.py``).
"""

from __future__ import annotations

from peakzero.units import conversion_factor

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


def _registry(unit: str, target: str) -> float:
    """``unit`` in ``target`` from the registry, without floating-point noise."""
    return float(f"{conversion_factor(unit, target):.12g}")


PJ_PER_TWH = _registry("TWh", "PJ")
"""3.6: PJ in a TWh (so also GJ in a MWh)."""
MJ_PER_KWH = _registry("kWh", "MJ")
"""3.6: MJ in a kWh (so also kWh in a kg of fuel from its MJ/kg heating value ÷ this)."""
KWH_PER_PJ = 1e15 / _registry("kWh", "J")
"""277,777,777.78: kWh in a PJ (J in a PJ ÷ J in a kWh, both whole numbers: a repeating decimal
cannot be rounded to its definition, so it is the quotient of two that can)."""
GJ_PER_TCE = _registry("tce", "GJ")
"""29.3076: GJ in a tonne of standard coal (GB/T 2589: 1 kgce = 7,000 kcal = 29.3076 MJ)."""
J_PER_TCE = _registry("tce", "J")
"""29.3076e9: J in a tonne of standard coal."""
KGCE_PER_KWH = MJ_PER_KWH / GJ_PER_TCE
"""0.1228: kg of standard coal in a kWh of electricity at its calorific value (MJ/kWh ÷ MJ/kgce;
written as the quotient so that it equals the ``3.6 / 29.3076`` the sources print)."""

MWH_PER_TJ = 1e12 / _registry("MWh", "J")
"""277.78: MWh in a TJ (a quotient of whole numbers, as :data:`KWH_PER_PJ`)."""

HOURS_PER_YEAR = 8760
"""Hours of a common year (365 × 24), the length of the grid's hourly year. Not from the
registry, whose ``year`` is the Julian 365.25 days."""

CO2_PER_C = 44.0 / 12.0
"""3.667: t CO2 per t of carbon burnt (molar masses 44 and 12 g/mol, as IPCC 2006 writes it).
Not from the registry: it has no carbon or CO2 units (those are emission species, not units)."""
