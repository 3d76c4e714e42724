"""The one unit registry of peakzero: iam-units extended with Chinese statistical units.

Engines work in fixed canonical units (t, m^3, TJ, MWh, t CO2); pint is used only at the edges to
bring user input into those units. Chinese statistics report in 万吨 (10^4 t), 亿立方米 (10^8 m^3),
万千瓦时 (10^4 kWh) and standard coal (tce). The ASCII spellings ``10^4 t`` or ``10^8 m^3`` parse
natively, because pint reads the leading number as a scale.

iam-units defines 1 tce = 29.308 GJ; China's statistical standard GB/T 2589 uses 1 kgce = 7000 kcal
= 29.3076 MJ, so tce is redefined here (prefixed forms such as Mtce follow).

The registry is built on first use (:func:`unit_registry`; ``registry`` and ``Quantity`` are
looked up through the module's ``__getattr__``): pint and iam-units cost about 0.35 s of CPU at
import (pint also imports Dask when it finds it), which ``peakzero serve`` must not pay before it
answers. Importing this module (for :class:`UnitError`) loads neither.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from peakzero.errors import PeakzeroError

if TYPE_CHECKING:
    import pint

    registry: pint.UnitRegistry
    Quantity: Any

__all__ = ["Quantity", "UnitError", "conversion_factor", "parse_unit", "registry", "unit_registry"]

_CHINESE_UNITS = (
    "tonne_of_coal_equivalent = 29.3076 GJ = tce",
    "kilogram_of_coal_equivalent = 1e-3 tonne_of_coal_equivalent = kgce",
    "ten_thousand_tce = 1e4 tonne_of_coal_equivalent = 万tce = 万吨标准煤",
    "吨标准煤 = tonne_of_coal_equivalent",
    "吨 = t",
    "万吨 = 1e4 t",
    "立方米 = m**3",
    "万立方米 = 1e4 m**3",
    "亿立方米 = 1e8 m**3",
    "千瓦时 = kWh",
    "万千瓦时 = 1e4 kWh",
    "亿千瓦时 = 1e8 kWh",
    # Spellings common in Chinese statistical tables.
    "吨标煤 = tonne_of_coal_equivalent",
    "万吨标煤 = 1e4 tonne_of_coal_equivalent",
    "万t = 1e4 t",
    "cubic_meter_alias = m**3 = m3",
    "万m3 = 1e4 m**3",
    "亿m3 = 1e8 m**3",
    # Chinese gas statistics are in cubic metres at standard conditions.
    "normal_cubic_meter = m**3 = Nm3",
)


def _extend(reg: pint.UnitRegistry) -> None:
    # pint logs a warning when a unit is redefined; tce is redefined on purpose (see above).
    log = logging.getLogger("pint.util")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        for definition in _CHINESE_UNITS:
            reg.define(definition)
    finally:
        log.setLevel(level)


_LOCK = threading.Lock()  # the server's threads may ask for the registry at the same time
_REGISTRY: list[pint.UnitRegistry] = []  # the registry once built (a list: no ``global``)


def unit_registry() -> pint.UnitRegistry:
    """The one registry (iam-units' own object, extended once with the units above)."""
    if not _REGISTRY:
        with _LOCK:
            if not _REGISTRY:  # another thread may have built it while this one waited
                from iam_units import registry as iam_registry

                _extend(iam_registry)
                _REGISTRY.append(iam_registry)
    return _REGISTRY[0]


def __getattr__(name: str) -> Any:
    # ``registry`` and ``Quantity`` as module attributes, built on first use (see above).
    if name == "registry":
        return unit_registry()
    if name == "Quantity":
        return unit_registry().Quantity
    msg = f"module 'peakzero.units' has no attribute {name!r}"
    raise AttributeError(msg)


class UnitError(PeakzeroError):
    """A unit that does not parse or has the wrong dimension."""


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Any:
    """Parse a unit expression (with an optional scale such as ``10^4 t``) into a quantity.

    Raises
    ------
    UnitError
        If ``text`` is empty or not a unit the registry knows.
    """
    import pint

    cleaned = text.strip()
    if not cleaned:
        msg = "empty unit"
        raise UnitError(msg)
    registry = unit_registry()
    try:
        quantity = registry.parse_expression(cleaned)
    except Exception as exc:  # pint's parser raises many kinds (TokenError, ZeroDivisionError, …)
        reason = f" ({exc})" if isinstance(exc, pint.errors.PintError) else ""
        msg = f"unit {text!r} does not parse{reason}"
        raise UnitError(msg) from exc
    if not isinstance(quantity, registry.Quantity):
        msg = f"unit {text!r} does not parse (not a unit)"
        raise UnitError(msg)
    return quantity


@lru_cache(maxsize=4096)
def conversion_factor(unit: str, target: str) -> float:
    """Factor that turns a value in ``unit`` into ``target`` (``value * factor``).

    Raises
    ------
    UnitError
        If ``unit`` does not parse or cannot be converted to ``target``.
    """
    import pint

    quantity = parse_unit(unit)
    try:
        return float(quantity.to(target).magnitude)
    except pint.errors.DimensionalityError as exc:
        msg = f"unit {unit!r} cannot be converted to {target!r} (wrong dimension)"
        raise UnitError(msg) from exc
