"""The basis energy prices are counted on: what the city pays, or what the energy costs.

* ``paid`` (as paid) keeps the prices of ``data/pathways/costs.csv`` as quoted: retail fuel
  prices with China's consumption tax on refined oil and VAT, and imported electricity at the
  on-grid (generation) tariff, without transmission and distribution.
* ``resource`` (the default of the MACC) counts what the energy costs the economy: a fuel
  before tax and electricity delivered, with transmission and distribution,

      net(X)        = X / (1 + VAT) × (1 − s × VAT)
      fuel:         P_resource = net(P_paid) − consumption tax × (1 + s)
      electricity:  P_resource = net(P_delivered)
      green power:  P_resource = P_resource(grid) + net(P_green − P_grid)

  because a retail price is resource cost + consumption tax + the surcharges on both taxes,
  times (1 + VAT), and a tax is a transfer, not a cost to the economy. ``s`` is the rate of the
  surcharges levied on the VAT and consumption tax paid (city maintenance and construction tax
  and the education surcharges). The taxes, rates and the delivered tariff are rows of the cost
  data (``<fuel>, consumption tax``, ``<fuel>, VAT rate``, ``tax surcharges, rate on VAT and
  consumption tax``, ``grid electricity, delivered price``) with their sources, so a user's
  file can replace them like any price.

Only energy prices change with the basis: technology costs are quoted before VAT in their
sources (the Danish Energy Agency's, via technology-data), and hydrogen costs are production
costs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways.cost_data import CostData

__all__ = ["BASES", "Basis", "basis_notes", "on_basis"]

Basis = Literal["resource", "paid"]
BASES: tuple[Basis, ...] = ("resource", "paid")

# Fuel price items (costs.FUELS) and whether a consumption tax is levied on them. Jet kerosene
# is taxable by law but its consumption tax has been deferred since 2009, and coal and gas
# bear none: for them only VAT is stripped.
FUEL_ITEMS = (
    "coal",
    "gasoline",
    "diesel",
    "jet kerosene",
    "gas",
    "gas for power and heat",
)


def _check(basis: str) -> Basis:
    if basis == "resource":
        return "resource"
    if basis == "paid":
        return "paid"
    raise InputError(Problem("--basis", f"use one of {list(BASES)}", value=basis))


SURCHARGES = ("tax surcharges", "rate on VAT and consumption tax")


def _surcharge(data: CostData) -> np.ndarray | float:
    return data.get(*SURCHARGES) if data.has(*SURCHARGES) else 0.0


def _net(amount: np.ndarray, vat: np.ndarray, surcharge: np.ndarray | float) -> np.ndarray:
    """A VAT-inclusive amount without its VAT and the surcharges on that VAT."""
    result: np.ndarray = amount / (1.0 + vat) * (1.0 - surcharge * vat)
    return result


def _before_tax(data: CostData, item: str) -> np.ndarray | None:
    """A fuel's price without VAT, consumption tax and the surcharges on both (None when its
    VAT rate is not given)."""
    if not (data.has(item, "price") and data.has(item, "VAT rate")):
        return None
    surcharge = _surcharge(data)
    price = _net(data.get(item, "price"), data.get(item, "VAT rate"), surcharge)
    if data.has(item, "consumption tax"):
        price = price - data.get(item, "consumption tax") * (1.0 + surcharge)
    return price


def on_basis(data: CostData, basis: str) -> CostData:
    """``data`` with its energy prices on ``basis`` (see the module doc).

    On the resource basis a price whose taxes the data do not give stays as quoted: it is
    named by :func:`basis_notes`, never silently mixed.

    Raises
    ------
    InputError
        An unknown basis.
    """
    if _check(basis) == "paid":
        return data
    series = dict(data.series)
    sources = dict(data.sources)
    for item in FUEL_ITEMS:
        price = _before_tax(data, item)
        if price is not None:
            series[(item, "price")] = price
            sources[(item, "price")] = f"{data.sources.get((item, 'price'), '')} (before tax)"
    grid = ("grid electricity", "price")
    if data.has("grid electricity", "delivered price", "VAT rate") and grid in data.series:
        vat, surcharge = data.get("grid electricity", "VAT rate"), _surcharge(data)
        delivered = _net(data.get("grid electricity", "delivered price"), vat, surcharge)
        where = data.sources.get(("grid electricity", "delivered price"), "")
        if data.has("green electricity", "price"):
            premium = data.get("green electricity", "price") - data.series[grid]
            series[("green electricity", "price")] = delivered + _net(premium, vat, surcharge)
            green = data.sources.get(("green electricity", "price"), "")
            sources[("green electricity", "price")] = f"{where}; premium: {green} (before tax)"
        series[grid] = delivered
        sources[grid] = f"{where} (delivered, before tax)"
    return replace(data, series=series, sources=sources)


def basis_notes(data: CostData, basis: str) -> list[str]:
    """What the basis means for these cost data, one sentence each: shown next to the
    figures (the MACC's JSON, CSV title and the report)."""
    if _check(basis) == "paid":
        return [
            "as paid: fuels at retail prices with consumption tax and VAT; imported "
            "electricity at the on-grid (generation) tariff, without transmission and "
            "distribution"
        ]
    notes = [
        "resource costs: fuels before consumption tax, VAT and the surcharges on them; "
        "imported electricity at a delivered tariff (with transmission and distribution) "
        "before VAT and its surcharges"
    ]
    untaxed = [i for i in FUEL_ITEMS if data.has(i, "price") and not data.has(i, "VAT rate")]
    if untaxed:
        notes.append("prices kept with their taxes (no VAT rate given): " + ", ".join(untaxed))
    if not data.has("grid electricity", "delivered price", "VAT rate"):
        notes.append("electricity kept at the generation tariff (no delivered price given)")
    return notes
