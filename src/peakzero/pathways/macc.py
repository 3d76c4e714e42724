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

Each bar without a cost says why twice: ``reason``, an English sentence (the CLI and the report
show it), and ``reasons``, the same as stable codes (:data:`REASON_CODES`) with what they name
(lever ids, cost lines), which the platform translates.
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

__all__ = [
    "ABATES_ABOVE_MT",
    "ALWAYS_PRICED",
    "REASON_CODES",
    "SCOPES",
    "Macc",
    "MaccEntry",
    "MaccReason",
    "macc",
]

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

# Why a bar has no cost: each code and its English sentence ({items}: what it names, joined).
REASON_CODES = {
    "investment_not_priced": "investment not priced (no sourced cost): {items}",
    "missing_cost_figures": "missing cost figures: {items}",
    "not_finite": "cost or abatement not a finite number (check the cost data)",
    "no_abatement_2020_2060": "does not abate over 2020-2060",
    "abates_late": "abatement comes late: its discounted tonnes are not positive",
    # the curve's year and the bar's abatement in it, from the entry
    "not_abating_in_year": "does not abate in {year} ({abated:.3f} Mt CO2/yr on this boundary)",
}


@dataclass(frozen=True)
class MaccReason:
    """One reason a bar has no cost: a code of :data:`REASON_CODES` and what it names — the
    levers whose investment is not priced, or the missing cost lines."""

    code: str
    items: tuple[str, ...] = ()


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
    reasons: tuple[MaccReason, ...] = ()  # ``reason`` as codes (the platform translates them)

    def as_dict(self) -> dict[str, Any]:
        """The entry as the CLI's JSON has it (``reason`` in English; no codes)."""
        return {k: v for k, v in self.__dict__.items() if k != "reasons"}


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
            "entries": [e.as_dict() for e in self.entries],
            f"not_abating_in_{self.year}": [e.as_dict() for e in self.not_abating],
        }


def _reason(members: list[str], missing: set[str]) -> MaccReason | None:
    unpriced = tuple(m for m in members if m in UNCOSTED)
    if unpriced:
        return MaccReason("investment_not_priced", unpriced)
    lines = sorted(
        {line for m in members for line in LEVER_COSTS.get(m, ()) if line in missing}
        | (missing & set(ALWAYS_PRICED))
    )
    return MaccReason("missing_cost_figures", tuple(lines)) if lines else None


def _english(reasons: Sequence[MaccReason], year: int, abated_mt: float) -> str:
    """The reasons as the English sentence of ``MaccEntry.reason``."""
    named = {"investment_not_priced": UNCOSTED}
    texts = []
    for reason in reasons:
        items = ", ".join(named.get(reason.code, {}).get(i, i) for i in reason.items)
        texts.append(REASON_CODES[reason.code].format(items=items, year=year, abated=abated_mt))
    return "; ".join(texts)


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
    reasons = (MaccReason("not_abating_in_year"), *entry.reasons)
    reason = _english(reasons, year, entry.abated_mt)
    return replace(entry, cost_bn=None, cost_per_t=None, reason=reason, reasons=reasons)


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
        why = _reason(members, missing)
        tonnes = float(discount @ abated)
        cost_bn = float(discount @ extra)
        cumulative = float(abated[period].sum())
        if why is None and not (np.isfinite(tonnes) and np.isfinite(cost_bn)):
            why = MaccReason("not_finite")
        if why is None and cumulative <= 0:
            # Early gains undone by later losses (or none at all): a ratio would mislead.
            why = MaccReason("no_abatement_2020_2060")
        elif why is None and tonnes <= 0:
            why = MaccReason("abates_late")
        reasons = () if why is None else (why,)
        reason = _english(reasons, year, float(abated[column]))
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
                reasons=reasons,
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
