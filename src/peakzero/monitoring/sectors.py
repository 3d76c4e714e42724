"""The monitored sectors: GPC sub-sectors, each with its default proxy and daily shape.

``data/monitoring/sectors.csv`` lists them. Ids are the GPC sub-sector codes of peakzero's
accounting (``codelists/gpc_sectors.yaml``), plus ``I.scope2`` and ``I.scope2.heat``: purchased
electricity and heat of stationary energy, which CEADs does not hold for Beijing (its scope-2
columns are zero) and only the scope 1+2 view adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from peakzero import codes
from peakzero.errors import Problem
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import check_required, raise_reference, read_rows
from peakzero.monitoring.kinds import proxy_kinds

__all__ = [
    "CM_SECTORS",
    "SCOPE2_ELECTRICITY",
    "SCOPE2_HEAT",
    "SHAPES",
    "MonitoredSector",
    "monitored_sectors",
]

# How a monthly or annual proxy is spread over days (peakzero.monitoring.shapes).
SHAPES = ("calendar", "working_days", "hdd", "carbon_monitor")
SCOPE2_ELECTRICITY = "I.scope2"
SCOPE2_HEAT = "I.scope2.heat"
# The five sectors of Carbon Monitor Cities whose daily series may serve as a shape.
CM_SECTORS = ("Aviation", "Ground Transport", "Industry", "Power", "Residential")

_FILE = ("monitoring", "sectors.csv")
_COLUMNS = ("id", "name_en", "name_zh", "scope", "proxy", "alt_proxy", "shape", "cm_sector", "note")


@dataclass(frozen=True)
class MonitoredSector:
    """One monitored sector: its GPC id, names, scope, default proxy and daily shape.

    ``cm_sector`` names the Carbon Monitor Cities sector whose daily series may give this
    sector's shape (empty: none fits).
    """

    id: str
    name_en: str
    name_zh: str
    scope: int
    proxy: str
    alt_proxy: str
    shape: str
    cm_sector: str
    note: str


@cache
def monitored_sectors() -> dict[str, MonitoredSector]:
    """The monitored sectors by id, in file order."""
    file = data_name(*_FILE)
    rows, problems = read_rows(data_text(*_FILE), file, _COLUMNS)
    gpc = codes.gpc_sectors()
    kinds = tuple(proxy_kinds())
    sectors: dict[str, MonitoredSector] = {}
    for line, row in rows:
        found = check_required(file, line, row, ("id", "name_en", "name_zh", "proxy", "shape"))
        checks = (
            (
                "id",
                row["id"] in gpc or row["id"] in (SCOPE2_ELECTRICITY, SCOPE2_HEAT),
                "a GPC sub-sector",
            ),
            ("scope", row["scope"] in ("1", "2"), "1 or 2"),
            ("proxy", row["proxy"] in kinds, ", ".join(kinds)),
            ("alt_proxy", row["alt_proxy"] in ("", *kinds), ", ".join(kinds)),
            ("shape", row["shape"] in SHAPES, ", ".join(SHAPES)),
            ("cm_sector", row["cm_sector"] in ("", *CM_SECTORS), ", ".join(CM_SECTORS)),
        )
        found += [
            Problem(file, f"not allowed; use {allowed}", line, column, row[column])
            for column, ok, allowed in checks
            if row[column] and not ok
        ]
        if row["id"] in sectors:
            found.append(Problem(file, "duplicate id", line, "id", row["id"]))
        problems += found
        if not found:
            fields = {k: row[k] for k in _COLUMNS if k != "scope"}
            sectors[row["id"]] = MonitoredSector(scope=int(row["scope"]), **fields)
    raise_reference(problems)
    return sectors
