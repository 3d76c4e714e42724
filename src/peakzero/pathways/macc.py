"""Marginal abatement cost curve (MACC) built from the model's own runs.

For each lever (or group of levers that only work together) the target scenario is run without
it — the lever back on the reference's path, as for the wedges — and the lever is credited with

    abatement cost = Σ_t d_t (C_target − C_without) / Σ_t d_t (E_without − E_target),
    d_t = (1 + r)^−(t − 2020),  t = 2020 … 2060,

in CNY per tonne of CO2 (a levelised cost: discounted cost over discounted tonnes), where C is
the model's ``Cost`` (annualised investment, O&M, fuel and carbon management) on a cost
``basis`` (:mod:`peakzero.pathways.cost_basis`: ``resource`` by default, fuels before tax and
electricity delivered; ``paid`` keeps the quoted prices) and E the emissions on a stated
boundary: by default ``territorial``, the variable :data:`~peakzero.pathways.metrics.TERRITORIAL`
(energy and industrial processes, where the city's inventory counts them); ``net`` adds
AFOLU and removals (sinks, direct air capture); ``consumption`` adds the CO2 of imported
electricity and hydrogen, so that local renewables, green power imports and green hydrogen
are credited. ``emissions`` takes any variables instead (another boundary's). The bar width
is the lever's abatement in the chosen year, at the deployment the scenario gives it (never
beyond the lever's physical range).

A bar whose abatement in the curve's year is not positive is listed apart
(:attr:`Macc.not_abating`): it has no width, so drawing it with a cost, or ranking it, would
mislead.

A lever whose investment the cost data cannot price, or whose cost lines are missing, gets no
abatement cost (``cost_per_t`` None) and says why: pricing only its fuel savings would make it
look cheaper than it is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from peakzero.errors import InputError, Problem
from peakzero.pathways import catalogue
from peakzero.pathways.boundaries import ASSESSMENT, CONSUMPTION
from peakzero.pathways.cost_basis import BASES, basis_notes, on_basis
from peakzero.pathways.cost_data import CostData
from peakzero.pathways.costs import LEVER_COSTS, NON_CHINESE_COSTS, UNCOSTED, missing_lines
from peakzero.pathways.metrics import NET, TERRITORIAL
from peakzero.pathways.model import simulate, year_column
from peakzero.pathways.run import YEARS, packaged_costs
from peakzero.pathways.scenarios import load_scenario
from peakzero.pathways.wedges import label, lever_groups, variants

__all__ = ["ABATES_ABOVE_MT", "ALWAYS_PRICED", "SCOPES", "Macc", "MaccEntry", "macc"]

# Emissions a lever is credited with cutting (the boundary): the sum of these variables.
SCOPES = {
    "territorial": (TERRITORIAL,),
    "net": (NET,),
    # The consumption boundary of pathway summary and ensemble (boundaries.CONSUMPTION):
    # territorial + non-green imported electricity + grey hydrogen, without sinks.
    "consumption": (CONSUMPTION,),
    # China's provincial assessment: scope 1 energy CO2 + net imported electricity x the average
    # grid factor (pathways/boundaries.py).
    "assessment": (ASSESSMENT,),
}
# Abatement in the curve's year at or below this (Mt CO2/yr) is "not abating": rounding noise
# of a lever that changes nothing on the boundary must not become a bar.
ABATES_ABOVE_MT = 1e-9

# Cost lines every lever moves through the energy it saves or adds.
ALWAYS_PRICED = (
    "Cost|Fuel|Coal",
    "Cost|Fuel|Oil",
    "Cost|Fuel|Gas",
    "Cost|Fuel|Electricity Imports",
)
DISCOUNT_FROM = 2020


@dataclass(frozen=True)
class MaccEntry:
    """One bar of the curve."""

    lever: str
    name_en: str
    name_zh: str
    members: list[str]
    abated_mt: float  # in the curve's year, Mt CO2/yr (the bar's width)
    cumulative_mt: float  # 2020-2060, Mt CO2
    cost_bn: float | None  # discounted extra cost 2020-2060, bn CNY
    cost_per_t: float | None  # CNY/t CO2
    reason: str = ""  # why there is no abatement cost
    deployment: dict[str, dict[str, Any]] = field(default_factory=dict)
    cost_note: str = ""  # where the lever's investment cost comes from, when not Chinese


@dataclass(frozen=True)
class Macc:
    """The curve: priced bars by cost, then the abating bars without a cost; apart, the
    levers that do not abate in the curve's year (``not_abating``)."""

    target: str
    reference: str
    year: int
    scope: str  # the emission boundary's name
    discount_rate: float
    entries: list[MaccEntry]
    missing_lines: list[str]
    sources: dict[str, str]
    basis: str = "resource"
    emissions: tuple[str, ...] = (TERRITORIAL,)  # the variables the abatement is measured on
    not_abating: list[MaccEntry] = field(default_factory=list)
    basis_notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """One line saying what the curve is, on which basis and boundary."""
        return (
            f"MACC {self.target} vs {self.reference}, abatement in {self.year} on the "
            f"{self.scope} boundary ({' + '.join(self.emissions)}), {self.basis} costs, "
            f"levelised 2020-2060 at {self.discount_rate:.0%}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "target": self.target,
            "reference": self.reference,
            "year": self.year,
            "scope": self.scope,
            "boundary": self.scope,
            "emissions": list(self.emissions),
            "basis": self.basis,
            "basis_notes": self.basis_notes,
            "unit": {"abated": "Mt CO2/yr", "cost": "bn CNY", "cost_per_t": "CNY/t CO2"},
            "discount_rate": self.discount_rate,
            "missing_cost_lines": self.missing_lines,
            "cost_sources": self.sources,
            "entries": [e.__dict__ for e in self.entries],
            f"not_abating_in_{self.year}": [e.__dict__ for e in self.not_abating],
        }


def _reason(members: list[str], missing: set[str]) -> str:
    unpriced = [UNCOSTED[m] for m in members if m in UNCOSTED]
    if unpriced:
        return "investment not priced (no sourced cost): " + ", ".join(unpriced)
    lines = sorted(
        {line for m in members for line in LEVER_COSTS.get(m, ()) if line in missing}
        | (missing & set(ALWAYS_PRICED))
    )
    return "missing cost figures: " + ", ".join(lines) if lines else ""


def _deployment(
    members: list[str], target_levers: Mapping[str, np.ndarray], column: int
) -> dict[str, dict[str, Any]]:
    items = catalogue.levers()
    return {
        m: {
            "value": float(target_levers[m][0, column]),
            "unit": items[m].unit,
            "max": items[m].max,
        }
        for m in members
    }


def _not_abating(entry: MaccEntry, year: int) -> MaccEntry:
    """``entry`` listed apart: no cost, and why."""
    why = f"does not abate in {year} ({entry.abated_mt:.3f} Mt CO2/yr on this boundary)"
    reason = f"{why}; {entry.reason}" if entry.reason else why
    return replace(entry, cost_bn=None, cost_per_t=None, reason=reason)


def macc(
    target: str | os.PathLike[str],
    reference: str | os.PathLike[str] = "baseline",
    year: int = 2030,
    scope: str = "territorial",
    costs: CostData | None = None,
    basis: str = "resource",
    emissions: Sequence[str] | None = None,
) -> Macc:
    """The abatement cost curve of ``target`` against ``reference`` (see the module doc).

    ``scope`` names the emission boundary; ``emissions`` (variables of the run, summed)
    replaces the boundary's variables, and ``scope`` is then only its name.
    """
    if not YEARS[0] < year <= YEARS[-1]:
        msg = f"the year must be within {YEARS[0] + 1}-{YEARS[-1]}"
        raise InputError(Problem("--year", msg, value=year))
    if emissions is None and scope not in SCOPES:
        raise InputError(Problem("--scope", f"use one of {list(SCOPES)}", value=scope))
    if basis not in BASES:
        raise InputError(Problem("--basis", f"use one of {list(BASES)}", value=basis))
    measured = tuple(emissions) if emissions is not None else SCOPES[scope]
    ref, tgt = load_scenario(reference), load_scenario(target)
    quoted = costs or packaged_costs()
    data = on_basis(quoted, basis)
    groups = lever_groups(ref, tgt)
    inputs = variants(ref, tgt, list(groups.values()), costs=data)
    results = simulate(inputs)
    unknown = [v for v in measured if v not in results.values]
    if unknown:
        raise InputError(Problem("emissions", "not a variable of the model", value=unknown))
    emitted = np.sum([results[v] for v in measured], axis=0)
    cost = results["Cost"]
    period = YEARS >= DISCOUNT_FROM
    discount = (1 + data.discount_rate) ** -(YEARS - DISCOUNT_FROM) * period
    column = year_column(YEARS, year)
    missing = set(missing_lines(data))
    entries = []
    for row, (group, members) in enumerate(groups.items(), start=1):
        abated = emitted[row] - emitted[0]
        extra = cost[0] - cost[row]
        reason = _reason(members, missing)
        tonnes = float(discount @ abated)
        cost_bn = float(discount @ extra)
        cumulative = float(abated[period].sum())
        if not reason and not (np.isfinite(tonnes) and np.isfinite(cost_bn)):
            reason = "cost or abatement not a finite number (check the cost data)"
        if not reason and cumulative <= 0:
            # Early gains undone by later losses (or none at all): a ratio would mislead.
            reason = "does not abate over 2020-2060"
        elif not reason and tonnes <= 0:
            reason = "abatement comes late: its discounted tonnes are not positive"
        entries.append(
            MaccEntry(
                lever=group,
                name_en=label(group, members)[0],
                name_zh=label(group, members)[1],
                members=list(members),
                abated_mt=float(abated[column]),
                cumulative_mt=cumulative,
                cost_bn=None if reason else cost_bn,
                cost_per_t=None if reason else 1000.0 * cost_bn / tonnes,
                reason=reason,
                deployment=_deployment(members, inputs.levers, column),
                cost_note="; ".join(
                    NON_CHINESE_COSTS[m] for m in members if m in NON_CHINESE_COSTS
                ),
            )
        )
    abating = [e for e in entries if e.abated_mt > ABATES_ABOVE_MT]
    apart = [_not_abating(e, year) for e in entries if e.abated_mt <= ABATES_ABOVE_MT]
    priced = sorted(
        (e for e in abating if e.cost_per_t is not None), key=lambda e: e.cost_per_t or 0.0
    )
    unpriced = sorted((e for e in abating if e.cost_per_t is None), key=lambda e: -e.abated_mt)
    sources = {f"{item}: {parameter}": where for (item, parameter), where in data.sources.items()}
    return Macc(
        tgt.name,
        ref.name,
        year,
        scope,
        data.discount_rate,
        [*priced, *unpriced],
        sorted(missing),
        sources,
        basis=basis,
        emissions=measured,
        not_abating=sorted(apart, key=lambda e: e.abated_mt),
        basis_notes=basis_notes(quoted, basis),
    )
