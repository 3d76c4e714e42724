"""The explorer's wedges and cost curve: what each lever contributes to the scenario as the user
has moved its levers, against a reference, and what each tonne costs.

Both take the explorer's :class:`~peakzero.api.pathways.RunRequest` (the scenario and the moved
levers, the same user scenario the recompute runs) and call the engines the command line and the
report use: :func:`peakzero.pathways.shapley.shapley_wedges` (``pathway wedges --method
shapley``) and :func:`peakzero.pathways.macc.macc` (``pathway macc``). Nothing is computed here.

Shapley wedges run every coalition of every sampled order in one batch: with the 22 players of
the plan against the frozen baseline, the CLI's 200 orders take ~1.4 s, too slow for a slider.
The page asks for :data:`PAGE_ORDERS` (40, ~0.12-0.16 s) and shows the sampling error that comes
with it; the JSON takes any even number up to :data:`MAX_ORDERS`. An answer is kept by the hash
of its inputs (:data:`CACHED` answers), so moving a slider back, or a second visitor with the
same levers, costs nothing. The MACC takes ~20 ms and is not cached; its reasons for a bar
without a cost come in the request's language (:mod:`peakzero.api.macc_reasons`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from typing import Any, Literal

from pydantic import BaseModel, Field

from peakzero.api.macc_reasons import MaccReasonView, explained, joined
from peakzero.api.pathways import RunRequest, _resolved, lever_problems, scenario_names
from peakzero.web.i18n import DEFAULT_LOCALE

__all__ = [
    "CACHED",
    "MAX_ORDERS",
    "PAGE_ORDERS",
    "MaccBar",
    "MaccRequest",
    "MaccView",
    "WedgeView",
    "WedgesRequest",
    "WedgesView",
    "analysis_problems",
    "macc_view",
    "wedges_view",
]

PAGE_ORDERS = 40
MAX_ORDERS = 400  # ~3 s: the most one request may ask for
CACHED = 128  # wedge answers kept (a few kB each)
FIRST_YEAR, LAST_YEAR = 2020, 2060  # the years after the first one of the run (2019)

Boundary = Literal["assessment", "territorial", "consumption", "net"]
Scope = Literal["territorial", "net", "consumption", "assessment"]
Basis = Literal["resource", "paid"]


class WedgesRequest(RunRequest):
    reference: str = Field("baseline", description="the scenario the wedges are measured from")
    year: int = Field(2030, ge=FIRST_YEAR, le=LAST_YEAR, description="the year wedges are ranked")
    boundary: Boundary = Field(
        "assessment",
        description="assessment (average grid factor), territorial, consumption, or net CO2",
    )
    orders: int = Field(
        PAGE_ORDERS,
        ge=2,
        le=MAX_ORDERS,
        multiple_of=2,
        description="sampled orders of the Shapley value (antithetic pairs: even)",
    )
    seed: int = Field(0, ge=0, le=2**32 - 1, description="seed of the sampled orders")


class MaccRequest(RunRequest):
    reference: str = Field("baseline", description="the scenario each lever is taken back to")
    year: int = Field(2030, ge=FIRST_YEAR, le=LAST_YEAR, description="the year of the bar widths")
    scope: Scope = Field("territorial", description="the emission boundary of the abatement")
    basis: Basis = Field(
        "resource",
        description="resource: fuels before tax, electricity delivered; paid: prices as quoted",
    )


class WedgeView(BaseModel):
    group: str
    name_en: str
    name_zh: str
    abated: list[float] = Field(description="Mt CO2/yr, one per year of `years`")
    standard_error: list[float] = Field(description="sampling standard error, Mt CO2/yr")
    in_year: float = Field(description="abatement in the request's year, Mt CO2/yr")
    error_in_year: float


class WedgesView(BaseModel):
    scenario: str
    reference: str
    overrides: dict[str, float]
    year: int
    boundary: str
    variable: str = Field(description="the emissions variable the wedges are measured on")
    boundary_text: str
    unit: str = "Mt CO2/yr"
    years: list[int]
    wedges: list[WedgeView] = Field(description="largest in the request's year first")
    gap: list[float] = Field(description="reference minus scenario: what the wedges add up to")
    gap_in_year: float
    method: str = "shapley"
    orders: int
    seed: int
    largest_standard_error: float
    seconds: float = Field(description="time the computation took (when it was computed)")
    cached: bool = Field(description="answered from the cache of earlier answers")
    key: str = Field(description="hash of the inputs: the cache key")


class MaccBar(BaseModel):
    group: str
    name_en: str
    name_zh: str
    members: list[str]
    abated_mt: float = Field(description="abatement in the curve's year, Mt CO2/yr: the width")
    cumulative_mt: float = Field(description="abatement 2020-2060, Mt CO2")
    cost_bn: float | None = Field(description="discounted extra cost 2020-2060, bn CNY")
    cost_per_t: float | None = Field(description="CNY/t CO2: the height; none when not priced")
    reason: str = Field(description="why there is no cost (English)")
    reasons: list[MaccReasonView] = Field(
        description="why there is no cost: each reason's code, what it names and its text in "
        "the request's language"
    )
    reason_text: str = Field(description="the reasons' texts as one, in the request's language")
    cost_note: str = Field(description="where a non-Chinese investment cost comes from")


class MaccView(BaseModel):
    scenario: str
    reference: str
    overrides: dict[str, float]
    year: int
    scope: str
    emissions: list[str]
    basis: str
    basis_notes: list[str]
    discount_rate: float
    title: str
    unit: dict[str, str]
    bars: list[MaccBar] = Field(description="priced and abating: the curve, cheapest first")
    unpriced: list[MaccBar] = Field(description="abating without a cost (reason given)")
    not_abating: list[MaccBar] = Field(description="no abatement in the year: apart, no cost")
    missing_cost_lines: list[str]
    seconds: float


def analysis_problems(request: WedgesRequest | MaccRequest) -> list[dict[str, Any]]:
    """The explorer's problems (:func:`~peakzero.api.pathways.lever_problems`) and an unknown
    reference, each a pydantic-style error naming its field."""
    problems = lever_problems(request)
    names = scenario_names()
    if request.reference not in names:
        msg = f"unknown reference scenario; use one of {', '.join(names)}"
        problems.append({"loc": ("body", "reference"), "msg": msg, "input": request.reference})
    return problems


def _round(values: Any, digits: int = 4) -> list[float]:
    import numpy as np  # on first use: the app starts without it

    return [round(float(v), digits) for v in np.asarray(values)]


class _Answers:
    """The last :data:`CACHED` wedge answers by input hash (routes run in a thread pool)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[str, WedgesView] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> WedgesView | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: str, view: WedgesView) -> None:
        with self.lock:
            self.kept[key] = view
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


_answers = _Answers(CACHED)


def _key(request: WedgesRequest) -> str:
    # The packaged scenarios do not change while the platform runs: these are all the inputs.
    inputs = request.model_dump(mode="json")
    inputs["levers"] = sorted(inputs["levers"].items())
    text = json.dumps(inputs, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def wedges_view(request: WedgesRequest) -> WedgesView:
    """Shapley wedges of the scenario with its levers moved against ``request.reference`` on the
    chosen boundary: each year's wedges add up to the gap (reference minus scenario)."""
    import numpy as np  # on first use: the app starts without it

    key = _key(request)
    kept = _answers.get(key)
    if kept is not None:
        return kept.model_copy(update={"cached": True})
    from peakzero.pathways.boundaries import BOUNDARY_VARIABLES, describe_variable
    from peakzero.pathways.metrics import NET
    from peakzero.pathways.run import YEARS
    from peakzero.pathways.shapley import shapley_wedges

    variable = NET if request.boundary == "net" else BOUNDARY_VARIABLES[request.boundary]
    start = time.perf_counter()
    with _resolved(request.scenario, request.levers) as target:
        found = shapley_wedges(target, request.reference, variable, request.orders, request.seed)
    seconds = time.perf_counter() - start
    column = int(np.searchsorted(YEARS, request.year))
    wedges = []
    for group, rows in found.table.groupby("lever", sort=False):
        first = rows.iloc[0]
        abated = rows["abated"].to_numpy()
        error = rows["standard_error"].to_numpy()
        wedges.append(
            WedgeView(
                group=str(group),
                name_en=str(first["name_en"]),
                name_zh=str(first["name_zh"]),
                abated=_round(abated),
                standard_error=_round(error),
                in_year=round(float(abated[column]), 4),
                error_in_year=round(float(error[column]), 4),
            )
        )
    wedges.sort(key=lambda w: -w.in_year)
    view = WedgesView(
        scenario=request.scenario,
        reference=request.reference,
        overrides=dict(request.levers),
        year=request.year,
        boundary=request.boundary,
        variable=variable,
        boundary_text=describe_variable(variable),
        years=YEARS.tolist(),
        wedges=wedges,
        gap=_round(found.gap),
        gap_in_year=round(float(found.gap[column]), 4),
        orders=found.orders,
        seed=found.seed,
        largest_standard_error=round(found.largest_standard_error, 4) if wedges else 0.0,
        seconds=round(seconds, 4),
        cached=False,
        key=key,
    )
    _answers.put(key, view)
    return view


def _bar(entry: Any, year: int, locale: str) -> MaccBar:
    reasons = explained(entry.reasons, year, entry.abated_mt, locale)
    return MaccBar(
        group=entry.lever,
        name_en=entry.name_en,
        name_zh=entry.name_zh,
        members=list(entry.members),
        abated_mt=round(entry.abated_mt, 4),
        cumulative_mt=round(entry.cumulative_mt, 3),
        cost_bn=None if entry.cost_bn is None else round(entry.cost_bn, 4),
        cost_per_t=None if entry.cost_per_t is None else round(entry.cost_per_t, 1),
        reason=entry.reason,
        reasons=reasons,
        reason_text=joined(reasons, locale),
        cost_note=entry.cost_note,
    )


def macc_view(request: MaccRequest, locale: str = DEFAULT_LOCALE) -> MaccView:
    """The resource-cost (or as-paid) abatement cost curve of the scenario with its levers moved:
    priced bars by cost, the abating ones without a cost, and apart those that do not abate
    (the reasons for no cost in ``locale``)."""
    from peakzero.pathways.macc import macc

    start = time.perf_counter()
    with _resolved(request.scenario, request.levers) as target:
        curve = macc(target, request.reference, request.year, request.scope, basis=request.basis)
    seconds = time.perf_counter() - start
    bars = [_bar(e, curve.year, locale) for e in curve.entries]
    return MaccView(
        scenario=request.scenario,
        reference=request.reference,
        overrides=dict(request.levers),
        year=curve.year,
        scope=curve.scope,
        emissions=list(curve.emissions),
        basis=curve.basis,
        basis_notes=list(curve.basis_notes),
        discount_rate=curve.discount_rate,
        title=curve.title,
        unit=curve.as_dict()["unit"],
        bars=[b for b in bars if b.cost_per_t is not None],
        unpriced=[b for b in bars if b.cost_per_t is None],
        not_abating=[_bar(e, curve.year, locale) for e in curve.not_abating],
        missing_cost_lines=list(curve.missing_lines),
        seconds=round(seconds, 4),
    )
