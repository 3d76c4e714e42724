"""Beijing's recorded drivers and CO2 for the historical LMDI (2011-2019).

Population and real GDP growth come from ``data/pathways/history.csv`` (Beijing's statistical
communiqués as first published: one statistical basis, the 2010 census and the growth rates
before the fourth economic census). Earlier years are not offered: the series found break at the
2010 census and the 2004 economic census. CO2 is CEADs' territorial total (energy and cement
process, :func:`peakzero.accounting.builtin.beijing_ceads`); fossil energy is *estimated* from
CEADs CO2 with the China factor set, as for the base year (:mod:`base_year`), so it leaves out
imported electricity and renewables.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from peakzero.accounting.builtin import beijing_ceads
from peakzero.io.packaged import data_text
from peakzero.io.reference import (
    check_required,
    check_status,
    raise_reference,
    read_rows,
)
from peakzero.pathways.base_year import CARRIERS, co2_per_tj, fuel_groups

__all__ = ["HISTORY_YEARS", "beijing_history", "gdp_at_2015_prices"]

HISTORY_YEARS = (2011, 2019)
COLUMNS = ("year", "variable", "value", "unit", "source", "status")


def _rows() -> list[dict[str, str]]:
    name = "data/pathways/history.csv"
    text = data_text("pathways", "history.csv")
    rows, problems = read_rows(text, name, COLUMNS, ("note",))
    for line, row in rows:
        problems += check_required(name, line, row, COLUMNS) + check_status(name, line, row)
    raise_reference(problems)
    return [row for _, row in rows]


@cache
def beijing_history() -> pd.DataFrame:
    """By year 2011-2019: ``population`` (million), ``gdp_index`` (real, 2011 = 1),
    ``co2_mt`` (territorial CO2, CEADs) and ``energy_pj`` (fossil energy, estimated)."""
    first, last = HISTORY_YEARS
    years = range(first, last + 1)
    values = {(int(r["year"]), r["variable"]): float(r["value"]) for r in _rows()}
    population = pd.Series({y: values[(y, "population")] / 100.0 for y in years})
    index = [1.0]
    for year in years[1:]:
        index.append(index[-1] * (1.0 + values[(year, "gdp_real_growth")] / 100.0))
    ceads = beijing_ceads()
    ceads = ceads[ceads["year"].between(first, last)]
    co2 = ceads.groupby("year")["value"].sum()
    groups, per_tj = fuel_groups(), co2_per_tj()
    fossil = ceads[ceads["fuel"].map(lambda f: groups.get(str(f)) in CARRIERS)]
    tj = fossil["value"] * 1e6 / fossil["fuel"].map(lambda f: per_tj[str(f)])
    energy = (tj / 1e3).groupby(fossil["year"]).sum()
    return pd.DataFrame(
        {
            "population": population,
            "gdp_index": pd.Series(index, list(years)),
            "co2_mt": co2.astype(float),
            "energy_pj": energy.astype(float),
        }
    ).rename_axis("year")


@cache
def gdp_at_2015_prices(year: int) -> float:
    """Beijing's real GDP in ``year`` (2015-2020) in bn CNY at constant 2015 prices: the 2015
    level as first published, grown at the published real rates. The 13th five-year plan's
    intensity targets and the 2020 outcome (0.41-0.42 t CO2 per 10^4 CNY) are on this basis."""
    values = {(int(r["year"]), r["variable"]): float(r["value"]) for r in _rows()}
    if not 2015 <= year <= 2020:
        msg = f"GDP at 2015 prices is recorded for 2015-2020, not {year}"
        raise KeyError(msg)
    gdp = values[(2015, "gdp_nominal")]
    for later in range(2016, year + 1):
        gdp *= 1.0 + values[(later, "gdp_real_growth")] / 100.0
    return gdp
