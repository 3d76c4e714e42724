"""The Overview: Beijing's territorial CO2 history and peak, the latest mix, the 2025/2030
targets of every scenario, P(peak by 2030) per scenario on the headline (assessment) boundary
and the programme's status counts — one view that the page and ``/api/v1/overview`` both show.

Computing it runs every packaged scenario, a small ensemble of ``overview_runs`` draws each and
the programme's evaluation (without impact draws): seconds, so it is computed once per process
(at start when the server warms it, else at the first request) and kept.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from peakzero.settings import Settings

__all__ = ["OVERVIEW_SEED", "TARGET_YEARS", "Overview", "OverviewCache", "compute_overview"]

REGION = "CN-BJ"
TARGET_YEARS = (2025, 2030)
OVERVIEW_SEED = 2019
"""The seed of the overview's ensembles (the report's), so every process shows the same."""

TargetStatus = Literal["met", "not_met", "not_comparable"]


class YearValue(BaseModel):
    year: int
    value: float = Field(description="Mt CO2")


class PeakFigures(BaseModel):
    year: int
    value: float = Field(description="Mt CO2")
    latest_year: int
    latest_value: float = Field(description="Mt CO2")
    change_since_peak: float = Field(description="latest relative to the peak (-0.15: 15 % below)")


class MixEntry(BaseModel):
    code: str
    name_en: str
    name_zh: str
    co2: float = Field(description="Mt CO2")
    share: float = Field(description="0-1")


class TargetFigure(BaseModel):
    scenario: str
    name: str
    year: int
    target: float
    value: float
    unit: str
    status: TargetStatus
    note: str


class PeakProbability(BaseModel):
    scenario: str
    probability_peak_by_2030: float = Field(ge=0, le=1)
    runs: int
    boundary: str = Field(description="the headline boundary of the peak (assessment)")


class ProgrammeStatus(BaseModel):
    as_of: date
    tasks: int
    status_counts: dict[str, int]


class Overview(BaseModel):
    """What the Overview page shows, as JSON."""

    region: str
    unit: str
    history: list[YearValue] = Field(description="territorial CO2, with aviation")
    peak: PeakFigures
    mix_year: int
    mix: list[MixEntry] = Field(description="the latest year by fuel group, largest first")
    targets: list[TargetFigure]
    probabilities: list[PeakProbability]
    programme: ProgrammeStatus


def _status(met: bool | None) -> TargetStatus:
    if met is None:
        return "not_comparable"
    return "met" if met else "not_met"


def compute_overview(settings: Settings, as_of: date | None = None) -> Overview:
    """Compute the overview (seconds: use :class:`OverviewCache` in a server)."""
    # Imported here: the engines load their data on first use, not when the app is created.
    from peakzero.accounting.builtin import beijing_inventory
    from peakzero.accounting.history import mix
    from peakzero.pathways.ensemble import run_ensemble
    from peakzero.pathways.metrics import summarise
    from peakzero.pathways.run import run_pathway
    from peakzero.pathways.scenarios import list_scenarios
    from peakzero.programme.default import load_programme
    from peakzero.programme.evaluation import STATUSES, evaluate
    from peakzero.studies.inventory import inventory_facts

    inventory = beijing_inventory()
    facts = inventory_facts(inventory, REGION)
    history = facts.history["with aviation"]
    peak = facts.peak
    groups = mix(inventory, REGION, peak.latest_year, "group")
    names = [info.name for info in list_scenarios()]
    summaries = [summarise(run_pathway(name)) for name in names]
    ensembles = [run_ensemble(name, settings.overview_runs, OVERVIEW_SEED) for name in names]
    evaluation = evaluate(load_programme(), as_of or date.today(), runs=0)
    counts = dict.fromkeys(STATUSES, 0)
    for task in evaluation.tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
    return Overview(
        region=REGION,
        unit="Mt CO2",
        history=[YearValue(year=int(str(y)), value=float(v)) for y, v in history.to_dict().items()],
        peak=PeakFigures(
            year=peak.year,
            value=peak.value,
            latest_year=peak.latest_year,
            latest_value=peak.latest_value,
            change_since_peak=peak.change_since_peak,
        ),
        mix_year=peak.latest_year,
        mix=[
            MixEntry(
                code=str(row["code"]),
                name_en=str(row["name_en"]),
                name_zh=str(row["name_zh"]),
                co2=float(row["co2"]),
                share=float(row["share"]),
            )
            for row in groups.to_dict("records")
            if row["co2"] != 0
        ],
        targets=[
            TargetFigure(
                scenario=s.scenario,
                name=t.name,
                year=t.year,
                target=t.target,
                value=t.value,
                unit=t.unit,
                status=_status(t.met),
                note=t.note,
            )
            for s in summaries
            for t in s.targets
            if t.year in TARGET_YEARS
        ],
        probabilities=[
            PeakProbability(
                scenario=e.scenario,
                probability_peak_by_2030=e.probability_peak_by_2030,
                runs=e.runs,
                boundary=str(e.boundary),
            )
            for e in ensembles
        ],
        programme=ProgrammeStatus(
            as_of=evaluation.as_of, tasks=len(evaluation.tasks), status_counts=counts
        ),
    )


class OverviewCache:
    """The overview computed once per process; concurrent first requests wait for one
    computation instead of each starting their own."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._value: Overview | None = None

    def get(self) -> Overview:
        """The overview, computing it on first use."""
        with self._lock:
            if self._value is None:
                self._value = compute_overview(self._settings)
            return self._value

    def warm(self) -> threading.Thread:
        """Start computing in a background thread (the server's start) and return it."""
        thread = threading.Thread(target=self.get, name="overview-warm", daemon=True)
        thread.start()
        return thread
