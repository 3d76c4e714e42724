"""Which monitored sector each CEADs sector × fuel belongs to, and the base-year anchor A_s(y0).

``data/monitoring/sector_map.csv`` maps every (energy-balance sector, fuel) of the packaged
Beijing inventory to exactly one monitored sector (a GPC sub-sector) and its default proxy. It
follows accounting's rules (``codelists/gpc_rules.yaml``: transport rebuilt from fuels), so that
monitoring and the inventory agree on what "II.1" holds; the ``why`` column says which rule
applied. Gasoline of households (EB46 Urban, EB47 Rural) is road fuel and goes to II.1.
"""

from __future__ import annotations

from functools import cache
from io import StringIO

import pandas as pd

from peakzero.accounting.builtin import beijing_inventory
from peakzero.errors import InputError, Problem, raise_if_any
from peakzero.io.packaged import data_text

__all__ = ["ANCHOR_COLUMNS", "anchor", "sector_map", "to_monitored"]

ANCHOR_COLUMNS = ("region", "sector", "year", "value", "unit")
_UNIT = "Mt CO2"


@cache
def _map_table() -> pd.DataFrame:
    text = data_text("monitoring", "sector_map.csv")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


def sector_map() -> pd.DataFrame:
    """The mapping: ``sector, fuel, sector_name, monitored, proxy, why`` (one row per pair)."""
    return _map_table().copy()


def to_monitored(long: pd.DataFrame, file: str = "inventory") -> pd.DataFrame:
    """Annual totals by monitored sector from a CEADs-style long table (Mt CO2).

    ``long`` has ``region, year, sector, fuel, value`` (``sector`` an energy-balance code
    ``EBxx``); scope-2 rows (``scope`` 2), if any, are left out. Returns :data:`ANCHOR_COLUMNS`.

    Raises
    ------
    InputError
        One problem per (sector, fuel) the mapping does not hold, at its first line.
    """
    rows = long[long["scope"].eq(1)] if "scope" in long else long
    table = _map_table()
    keys = rows["sector"].astype(str) + "|" + rows["fuel"].astype(str)
    known = dict(zip(table["sector"] + "|" + table["fuel"], table["monitored"], strict=True))
    # Line numbers count the header: the frame's position 0 is the file's line 2.
    position = pd.Series(range(2, len(rows) + 2), index=rows.index)
    unknown = keys[~keys.isin(known)].drop_duplicates()
    raise_if_any(
        Problem(file, "sector × fuel not in monitoring/sector_map.csv", line, "sector", key)
        for line, key in zip(position[unknown.index].tolist(), unknown.tolist(), strict=True)
    )
    frame = pd.DataFrame(
        {
            "region": rows["region"].astype(str),
            "sector": keys.map(known),
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float),
        }
    )
    return _totals(frame)


def _totals(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.groupby(["region", "sector", "year"], observed=True)[["value"]].sum()
    out["unit"] = _UNIT
    return out.reset_index()


def anchor(inventory: pd.DataFrame | None = None, year: int | None = None) -> pd.DataFrame:
    """A_s(y0): the base-year inventory by region and monitored sector, in Mt CO2.

    Parameters
    ----------
    inventory
        ``None`` (default): Beijing's packaged CEADs inventory through the accounting engine
        (territorial scope 1, by GPC sub-sector). Otherwise a user's annual table, either
        CEADs-style (``region, year, sector, fuel, value``, mapped by :func:`to_monitored`) or
        already by monitored sector (``region, year, sector, value``), in Mt CO2.
    year
        The base year y0; default the latest year of the inventory.
    """
    if inventory is None:
        emissions = beijing_inventory().emissions
        rows = emissions[emissions["scope"].eq(1) & emissions["gas"].eq("CO2")]
        frame = pd.DataFrame(
            {
                "region": rows["region"].astype(str),
                "sector": rows["gpc"].astype(str),
                "year": rows["year"].astype(int),
                "value": rows["value"].astype(float) / 1e6,  # t → Mt
            }
        )
        totals = _totals(frame)
    elif "fuel" in inventory:
        totals = to_monitored(inventory)
    else:
        totals = _totals(inventory[["region", "sector", "year", "value"]])
    base = int(totals["year"].max()) if year is None else year
    chosen = totals[totals["year"].eq(base)]
    if chosen.empty:
        years = sorted(set(totals["year"]))
        msg = f"no inventory for the base year; years held: {years[0]}–{years[-1]}"
        raise InputError(Problem("inventory", msg, column="year", value=base))
    return chosen.reset_index(drop=True)
