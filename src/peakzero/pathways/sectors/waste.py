"""Municipal solid waste: fossil CO2 of incineration, landfill CH4 (IPCC first-order decay),
CH4 and N2O of biological treatment and N2O of incineration.

The tonnage and the split between incineration, landfill and biological treatment are the same
in every scenario (no lever acts on waste yet): observed to 2021, the zero-landfill target of
2025, and from then on the same tonnage per resident (docs/methods/pathways.md, "Waste").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from peakzero.pathways.non_co2_data import Series, WasteData
from peakzero.pathways.sectors.common import Array

__all__ = ["incineration_co2", "landfill_ch4", "treated_mt", "waste", "yearly"]

C_TO_CO2 = 44.0 / 12.0
C_TO_CH4 = 16.0 / 12.0
DAYS = 365.0


def yearly(series: Series, years: Array) -> Array:
    """``(years,)``: the series at ``years``, linear between its anchors, held beyond them."""
    return np.interp(years, series.years, series.values)


def treated_mt(years: Array, population: Array, series: Series) -> Array:
    """(runs, years): MSW treated [Mt/yr]; after the last anchor year it keeps that year's
    tonnage per resident (``population`` is the (runs, years) driver)."""
    t_per_day = yearly(series, years)[None, :]
    last = int(np.searchsorted(years, series.years[-1]))
    if last < len(years):
        per_resident = population / population[:, [last]]
        t_per_day = np.where(years[None, :] > series.years[-1], t_per_day * per_resident, t_per_day)
    return np.broadcast_to(t_per_day * DAYS / 1e6, population.shape)


def incineration_co2(incinerated_mt: Array, p: Mapping[str, float]) -> Array:
    """Mt fossil CO2: wet waste × carbon content × fossil share × oxidation × 44/12
    (IPCC 2006 Vol. 5 Eq. 5.1 with a wet-basis carbon content)."""
    carbon = p["msw_carbon_fraction_wet"] * p["msw_fossil_carbon_fraction"]
    return incinerated_mt * carbon * p["incineration_oxidation"] * C_TO_CO2


def landfill_ch4(
    deposited_mt: Array, history: Series, first_year: int, p: Mapping[str, float]
) -> Array:
    """(runs, years): Mt CH4 emitted by landfills (IPCC 2006 Vol. 5 Ch. 3 first-order decay).

    Decomposable carbon deposited in a year, DDOCm = W × DOC × DOCf × MCF, starts decaying the
    next year (the IPCC default, M = 13): decomposed(T) = stock(T−1) × (1 − e^−k) and
    stock(T) = DDOCm(T) + stock(T−1) × e^−k. CH4 = decomposed × F × 16/12, less recovery, less
    the fraction oxidised in the cover. The stock at the start of ``first_year`` comes from the
    deposit ``history`` (Mt of wet waste per year, linear between its anchors, up to the year
    before ``first_year``).
    """
    per_mt = p["landfill_doc"] * p["landfill_docf"] * p["landfill_mcf"]
    kept = float(np.exp(-p["landfill_k"]))
    # The recursion in closed form (vectorised): what was deposited in year s and is still
    # there at the start of year t is DDOCm(s) × e^−k(t−1−s), for s < t.
    before = np.arange(history.years[0], first_year)
    history_ddocm = np.interp(before, history.years, history.values) * per_mt
    stock = float((history_ddocm * kept ** (first_year - 1 - before)).sum())
    n = deposited_mt.shape[1]
    lag = np.arange(n)[:, None] - np.arange(n)[None, :] - 1  # t − 1 − s
    weights = np.where(lag >= 0, kept ** np.maximum(lag, 0), 0.0)  # (t, s)
    remaining = stock * kept ** np.arange(n)[None, :] + (deposited_mt * per_mt) @ weights.T
    decomposed = remaining * (1.0 - kept)
    generated = decomposed * p["landfill_ch4_fraction"] * C_TO_CH4
    return generated * (1.0 - p["landfill_recovery"]) * (1.0 - p["landfill_oxidation"])


def waste(years: Array, population: Array, data: WasteData) -> dict[str, Array]:
    """The waste sector's tonnages [Mt/yr] and emissions (Mt CO2, Mt CH4, kt N2O)."""
    p, s = data.parameters, data.series
    total = treated_mt(years, population, s["msw_treated"])
    landfill = total * yearly(s["landfill_share"], years)[None, :]
    incinerated = total * yearly(s["incineration_share"], years)[None, :]
    biological = total - landfill - incinerated
    msw = "Waste|Municipal Solid Waste"
    ch4, n2o = "Emissions|CH4|Waste", "Emissions|N2O|Waste"
    out = {
        msw: total,
        f"{msw}|Landfill": landfill,
        f"{msw}|Incineration": incinerated,
        f"{msw}|Biological Treatment": biological,
        "Emissions|CO2|Waste": incineration_co2(incinerated, p),
        f"{ch4}|Solid Waste Disposal": landfill_ch4(
            landfill, s["landfill_history"], int(years[0]), p
        ),
        # g per kg of wet waste = kt per Mt; CH4 to Mt, N2O stays in kt
        f"{ch4}|Biological Treatment": biological * p["biological_ch4_g_per_kg"] / 1e3,
        f"{n2o}|Incineration": incinerated * p["incineration_n2o_g_per_t"] / 1e3,
        f"{n2o}|Biological Treatment": biological * p["biological_n2o_g_per_kg"],
    }
    out[ch4] = out[f"{ch4}|Solid Waste Disposal"] + out[f"{ch4}|Biological Treatment"]
    out[n2o] = out[f"{n2o}|Incineration"] + out[f"{n2o}|Biological Treatment"]
    return out
