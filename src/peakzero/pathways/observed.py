"""Observed years are history: a policy scenario is the calibrated reference up to 2025.

Every scenario whose chain of parents passes through the packaged reference
(:data:`~peakzero.pathways.catalogue.REFERENCE`, ``current-policy``) — ``plan``, ``neutrality``
and a user's scenario built on any of them — takes the reference's lever and driver paths up to
and including the last observed year (:data:`~peakzero.pathways.catalogue.LAST_OBSERVED_YEAR`),
so every output variable equals the reference's there. What a scenario file says about those
years is not used: its own path starts to count after 2025.

The join is continuous. A path that differs from the reference in 2025 is shifted by that gap,
and the shift fades out linearly over :data:`JOIN_YEARS` years:

    v(y) = reference(y)                                        for y ≤ 2025
    v(y) = own(y) + (reference(2025) − own(2025)) · w(y)       for y > 2025,
    w(y) = max(0, 1 − (y − 2025) / JOIN_YEARS)

so there is no jump in 2026 and the file's own path holds from 2030 on (a file whose path is
linear over 2025–2030 gets the straight line from the reference's 2025 value to its own 2030
value). The result is clipped to the item's physical range.

A counterfactual — a scenario outside the reference's line, such as the frozen-technology
``baseline`` — leaves history from 2019 and is labelled so (:func:`history_note`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from peakzero.pathways import catalogue
from peakzero.pathways.paths import HORIZON_YEARS, PathSpec

__all__ = [
    "COUNTERFACTUAL",
    "JOIN_YEARS",
    "POLICY",
    "REFERENCE_KIND",
    "history_note",
    "join_paths",
    "joined",
]

JOIN_YEARS = 5
"""Years over which a policy scenario's gap to the reference at 2025 fades out (2026-2030)."""

REFERENCE_KIND = "reference"
POLICY = "policy"
COUNTERFACTUAL = "counterfactual"


def joined(reference: PathSpec, own: PathSpec, lo: float, hi: float) -> PathSpec:
    """``own`` with the reference's values up to the last observed year, joined continuously.

    Returns ``own`` itself when it already equals the reference in every observed year (then
    nothing changes); otherwise a ``values`` path with a point in every year of 2019-2060.
    """
    years = HORIZON_YEARS
    last = catalogue.LAST_OBSERVED_YEAR
    ref = reference.evaluate(years)
    mine = own.evaluate(years)
    observed = years <= last
    if np.array_equal(ref[observed], mine[observed]):
        return own
    gap = float(ref[years == last][0] - mine[years == last][0])
    weight = np.clip(1.0 - (years - last) / JOIN_YEARS, 0.0, 1.0)
    path = np.where(observed, ref, np.clip(mine + gap * weight, lo, hi))
    # tolist gives Python ints and floats at once (the same values as int()/float() per item).
    points = tuple(zip(years.tolist(), path.tolist(), strict=True))
    return PathSpec("values", points=points)


def join_paths(
    reference: Mapping[str, PathSpec],
    own: Mapping[str, PathSpec],
    items: Mapping[str, catalogue.Item],
) -> tuple[dict[str, PathSpec], list[str]]:
    """Every path of ``own`` joined to ``reference`` (:func:`joined`), and the ids whose own
    path differed from the reference's in an observed year (those values are not used)."""
    paths: dict[str, PathSpec] = {}
    rewritten: list[str] = []
    for key, spec in own.items():
        item = items[key]
        paths[key] = joined(reference[key], spec, item.min, item.max)
        if paths[key] is not spec:
            rewritten.append(key)
    return paths, rewritten


def history_note(kind: str, rewritten: list[str], parameters: list[str]) -> str:
    """The sentence shown with a scenario wherever it is shown: how it treats 2019-2025."""
    first, last = catalogue.HORIZON[0], catalogue.LAST_OBSERVED_YEAR
    if kind == REFERENCE_KIND:
        return (
            f"the calibrated reference: {first}-{last} as observed (data/pathways/observations.csv)"
        )
    if kind == COUNTERFACTUAL:
        return (
            f"counterfactual: leaves observed history from {first} "
            f"(it does not follow {catalogue.REFERENCE} in {first + 1}-{last})"
        )
    note = f"{first}-{last} as in {catalogue.REFERENCE} (observed years); own paths from {last + 1}"
    if rewritten:
        end = last + JOIN_YEARS
        note += (
            f"; the file's values at or before {last} are not used for {', '.join(rewritten)} "
            f"(joined to {catalogue.REFERENCE}'s {last} value over {last + 1}-{end})"
        )
    if parameters:
        note += (
            f"; its parameter overrides ({', '.join(parameters)}) change the model itself, so "
            f"its {first}-{last} figures differ from {catalogue.REFERENCE}'s"
        )
    return note
