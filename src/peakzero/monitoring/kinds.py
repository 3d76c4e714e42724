"""The proxy kinds of monitoring (``data/monitoring/proxy_kinds.csv``): each kind's allowed
dimensions and canonical units, checked through the units registry.

Its own module because both the proxies reader and the monitored sectors' table check against
it (the sectors name each sector's proxy kind; the reader checks sectors and kinds).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from peakzero.errors import ReferenceDataError
from peakzero.io.packaged import data_name, data_text
from peakzero.units import UnitError, parse_unit

__all__ = ["ProxyKind", "proxy_kinds", "same_dimension"]

# A unit of each dimension word of proxy_kinds.csv: the canonical units must match these.
_DIMENSION_UNITS = {
    "energy": "J",
    "volume": "m**3",
    "mass": "kg",
    "dimensionless": "dimensionless",
    "count": "count",
    "temperature": "K",
    "mass/time": "kg/s",
}


@dataclass(frozen=True)
class ProxyKind:
    """One kind of activity proxy: its allowed dimensions and their canonical units.

    ``dimensions[i]`` is given in ``canonical_units[i]``; a series keeps one of them throughout.
    """

    id: str
    dimensions: tuple[str, ...]
    canonical_units: tuple[str, ...]
    negative_allowed: bool
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str


@cache
def proxy_kinds() -> dict[str, ProxyKind]:
    """The proxy kinds of ``peakzero/data/monitoring/proxy_kinds.csv``, by id.

    Raises
    ------
    ReferenceDataError
        If a row's dimensions and canonical units disagree or do not parse.
    """
    name = data_name("monitoring", "proxy_kinds.csv")
    kinds: dict[str, ProxyKind] = {}
    reader = csv.DictReader(io.StringIO(data_text("monitoring", "proxy_kinds.csv")))
    for row in reader:
        dims = tuple(row["dimension"].split("|"))
        units = tuple(row["canonical_unit"].split("|"))
        if len(dims) != len(units) or any(
            not _has_dimension(u, d) for d, u in zip(dims, units, strict=True)
        ):
            msg = f"{name} line {reader.line_num}: canonical units {units} are not of {dims}"
            raise ReferenceDataError(msg)
        kinds[row["id"]] = ProxyKind(
            row["id"],
            dims,
            units,
            row["negative_allowed"] == "true",
            row["name_en"],
            row["name_zh"],
            row["description_en"],
            row["description_zh"],
        )
    return kinds


def _has_dimension(unit: str, dimension: str) -> bool:
    reference = _DIMENSION_UNITS.get(dimension)
    try:
        return reference is not None and same_dimension(parse_unit(unit), reference)
    except UnitError:
        return False


def same_dimension(quantity: object, unit: str) -> bool:
    """Whether ``quantity`` (a parsed unit) has the dimensionality of ``unit``."""
    return bool(getattr(quantity, "dimensionality", None) == parse_unit(unit).dimensionality)
