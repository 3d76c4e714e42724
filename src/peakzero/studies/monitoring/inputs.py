"""A region's monitoring inputs (:class:`MonitoringInputs`): daily emissions by monitored sector
on an inventory basis (CEADs by default, or a named inventory dataset of the store), from a
user's proxies or the store's imports (:func:`inputs_from_proxies`, :func:`stored_proxies`) or
from Beijing's shipped inputs (:func:`beijing_inputs`); :func:`load_inputs` picks the one a
command or page asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.studies.monitoring.proxies import daily_from_proxies, electricity_days

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


__all__ = [
    "BEIJING",
    "CEADS",
    "MonitoringInputs",
    "beijing_inputs",
    "dataset_anchor_table",
    "inputs_from_proxies",
    "load_inputs",
    "stored_proxies",
]

BEIJING = "CN-BJ"
CEADS = "CEADs"
"""The default base inventory: Beijing's packaged CEADs inventory (territorial scope 1)."""


@dataclass(frozen=True)
class MonitoringInputs:
    """A region's daily emissions by monitored sector (kt CO2/day) and where they come from.

    ``daily`` is a DAILY frame (NaN where a sector-year cannot be monitored); ``missing`` lists
    those sector-years with the reason (``region, sector, year, reason``); ``proxies`` the
    PROXIES rows they were built from (empty for Beijing's shipped inputs); ``electricity`` the
    purchased electricity (``date, region, value`` MWh/day) for the scope 1+2 view, if any.
    """

    region: str
    daily: pd.DataFrame
    base_inventory: str
    base_year: int
    proxies_source: str
    missing: pd.DataFrame
    proxies: pd.DataFrame = field(default_factory=pd.DataFrame)
    electricity: pd.DataFrame | None = None
    ratio_sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.daily["date"].min())

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day with any monitored value."""
        known = self.daily.loc[self.daily["value"].notna(), "date"]
        return pd.Timestamp(known.max() if not known.empty else self.daily["date"].max())


def beijing_inputs() -> MonitoringInputs:
    """Beijing's shipped inputs: CEADs 2019 × the sourced ratios, Carbon Monitor timing."""
    from peakzero.monitoring.beijing import beijing_daily, beijing_ratios

    ratios = beijing_ratios()
    daily = beijing_daily()
    years = sorted(set(daily["date"].dt.year.unique().tolist()))
    in_range = ratios[ratios["year"].isin(years)]
    gaps = in_range[in_range["ratio"].isna()]
    missing = pd.DataFrame(
        {
            "region": gaps["region"].astype(str),
            "sector": gaps["sector"].astype(str),
            "year": gaps["year"].astype(int),
            "reason": gaps["note"].fillna("no sourced ratio").astype(str),
        }
    ).reset_index(drop=True)
    base_year = int(ratios["base_year"].dropna().iloc[0]) if len(ratios) else 2019
    return MonitoringInputs(
        region=BEIJING,
        daily=daily,
        base_inventory=CEADS,
        base_year=base_year,
        proxies_source="Beijing's shipped inputs (data/monitoring/beijing_ratios.csv, "
        "cm_shapes_beijing.csv)",
        missing=missing,
        ratio_sources=in_range.reset_index(drop=True),
    )


def dataset_anchor_table(session: Session, name: str, region: str) -> pd.DataFrame:
    """A named inventory dataset of the store by monitored sector (``region, sector, year,
    value`` Mt CO2; territorial scope 1, CO2)."""
    from peakzero.store.datasets import dataset_inventory

    return _scope1_co2(dataset_inventory(session, name, region).emissions).reset_index(drop=True)


def _ceads_table() -> pd.DataFrame:
    from peakzero.monitoring.mapping import _totals  # the default anchor's own table
    from peakzero.studies.beijing import beijing_inventory

    return _totals(_scope1_co2(beijing_inventory().emissions))


def _scope1_co2(emissions: pd.DataFrame) -> pd.DataFrame:
    """An inventory's territorial scope-1 CO2 rows as ``region, sector, year, value`` (Mt CO2,
    the sector its GPC sub-sector)."""
    rows = emissions[emissions["scope"].eq(1) & emissions["gas"].eq("CO2")]
    return pd.DataFrame(
        {
            "region": rows["region"].astype(str),
            "sector": rows["gpc"].astype(str),
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float) / 1e6,  # t → Mt
        }
    )


def inputs_from_proxies(
    proxies: pd.DataFrame,
    region: str,
    *,
    inventory: pd.DataFrame | None = None,
    base_inventory: str = CEADS,
    source: str = "proxies",
) -> MonitoringInputs:
    """Monitoring inputs of ``region`` from PROXIES rows (a file or the store's imports).

    ``inventory`` is the anchor table by monitored sector (``region, sector, year, value``, Mt
    CO2); ``None`` takes Beijing's packaged CEADs inventory.
    """
    rows = proxies[proxies["region"].eq(region)]
    if rows.empty:
        held = sorted(set(proxies["region"].unique()))
        msg = f"no proxies of this region; the proxies hold {', '.join(held) or 'none'}"
        raise InputError(Problem(source, msg, column="region", value=region))
    table = _ceads_table() if inventory is None else inventory
    table = table[table["region"].eq(region)]
    if table.empty:
        msg = f"no {base_inventory} inventory of this region to anchor to"
        raise InputError(Problem(base_inventory, msg, column="region", value=region))
    daily, missing, base_year = daily_from_proxies(rows, table)
    return MonitoringInputs(
        region=region,
        daily=daily,
        base_inventory=base_inventory,
        base_year=base_year,
        proxies_source=source,
        missing=missing,
        proxies=rows.reset_index(drop=True),
        electricity=electricity_days(rows),
    )


def stored_proxies(session: Session, region: str) -> tuple[pd.DataFrame, str]:
    """Every stored import of ``region`` as one PROXIES frame (a later import's row wins over an
    earlier one for the same period, sector and proxy), and a label naming the imports."""
    from peakzero.store import monitoring as store

    imports = store.list_imports(session, [region])
    if not imports:
        return pd.DataFrame(columns=["region", "period", "sector", "proxy", "value", "unit"]), ""
    frames = [store.read_proxies(session, item.id) for item in imports]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.drop_duplicates(["region", "period", "sector", "proxy"], keep="last")
    label = "stored imports " + ", ".join(f"#{i.id} {i.file_name}" for i in imports)
    return rows.reset_index(drop=True), label


def load_inputs(
    region: str = BEIJING,
    *,
    session: Session | None = None,
    inventory: str | None = None,
    proxies: pd.DataFrame | None = None,
    source: str = "proxies",
) -> MonitoringInputs:
    """The inputs a command or page asks for: ``proxies`` if given, else the store's imports of
    ``region``, else (Beijing only) the shipped inputs. ``inventory`` names a dataset of the
    store as the anchor (default CEADs)."""
    table = None
    base = CEADS
    if inventory is not None:
        if session is None:
            msg = "a named inventory dataset needs the store (--db)"
            raise InputError(Problem("inventory", msg, column="inventory", value=inventory))
        table, base = dataset_anchor_table(session, inventory, region), inventory
    if proxies is None and session is not None:
        proxies, source = stored_proxies(session, region)
        if proxies.empty:
            proxies = None
    if proxies is not None:
        return inputs_from_proxies(
            proxies, region, inventory=table, base_inventory=base, source=source
        )
    if region == BEIJING and inventory is None:
        return beijing_inputs()
    msg = "no proxies for this region: import some with `peakzero monitor import`"
    raise InputError(Problem("proxies", msg, column="region", value=region))
