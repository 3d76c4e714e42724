"""The demo's ILLUSTRATIVE programme records and inventory datasets.

The published programme gives no dates, owners, budgets, KPI targets or actuals, so on its own
every task is ``no_data`` (data/programme/README.md). So that the Programme pages show what they
are for, the demo database adds a small set that is NOT official and says so: the programme's
``source`` and every KPI actual's and readiness assessment's ``source`` carry
:data:`~peakzero.demo.ILLUSTRATIVE`, milestones' deliverables, calls, teams and organisations
are named as illustrative, and the pages, the JSON twins and the Excel export show a banner when
what they show includes them. Two districts get tasks (海淀 CN-BJ-110108, 朝阳 CN-BJ-110105) and an
activity dataset each, so that a district officer sees their own and not the other's.

Everything goes through the engines and the store: the programme is the packaged default with
these records added, checked and saved by :func:`peakzero.store.repository.save_programme`
(audited; saving the same programme again writes nothing), the datasets through
:func:`peakzero.store.datasets.save_dataset` from activity files written into the demo folder.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from peakzero.demo import DATASET_FILE_PREFIX, ILLUSTRATIVE
from peakzero.demo.accounts import CHAOYANG, HAIDIAN
from peakzero.programme.domain import (
    KPI,
    Award,
    Bid,
    Call,
    KPIActual,
    Milestone,
    Organisation,
    Person,
    Programme,
    Race,
    RaceTeam,
    Readiness,
    ReviewScore,
    StageReview,
    Team,
)
from peakzero.store.datasets import Dataset, delete_dataset, list_datasets, save_dataset

__all__ = [
    "DATASET_NAME",
    "DISTRICT_TASKS",
    "activity_files",
    "illustrative_programme",
    "seed_datasets",
    "seed_programme",
]

DISTRICT_TASKS = {
    "energy_internet": HAIDIAN,
    "power_electronics": HAIDIAN,
    "green_buildings": CHAOYANG,
    "energy_saving_communities": CHAOYANG,
}
"""Tasks the demo assigns to a district (the published plan assigns none)."""
CALL_TASK = "hydrogen"
RACE_TASK = "storage"
DATASET_NAME = "示例活动数据 illustrative activity"
_MARK = f"[{ILLUSTRATIVE}]"


def _kpi_path(kpi: KPI, baseline: float, t2025: float, t2030: float) -> KPI:
    return dataclasses.replace(
        kpi, baseline=baseline, baseline_year=2022, target_2025=t2025, target_2030=t2030
    )


# Per district task: (baseline 2022, target 2025, target 2030) of its first KPI (a share, 0-1),
# the actuals (date, value), and whether its second milestone was accepted — one task on track,
# one behind, per district, so the statuses differ. Illustrative numbers, not figures of record.
_PATHS: dict[str, tuple[tuple[float, float, float], tuple[tuple[date, float], ...], bool]] = {
    "energy_internet": ((0.03, 0.05, 0.10), ((date(2024, 12, 31), 0.045),
                                             (date(2025, 12, 31), 0.062)), True),
    "power_electronics": ((0.06, 0.055, 0.045), ((date(2025, 12, 31), 0.059),), False),
    "green_buildings": ((0.30, 0.45, 0.70), ((date(2025, 12, 31), 0.50),), True),
    "energy_saving_communities": ((0.05, 0.08, 0.15), ((date(2025, 12, 31), 0.055),), False),
}  # fmt: skip


@dataclasses.dataclass
class _DistrictRecords:
    kpis: dict[str, KPI] = dataclasses.field(default_factory=dict)
    milestones: list[Milestone] = dataclasses.field(default_factory=list)
    actuals: list[KPIActual] = dataclasses.field(default_factory=list)
    readiness: list[Readiness] = dataclasses.field(default_factory=list)


def _district_records(base: Programme) -> _DistrictRecords:
    records = _DistrictRecords()
    for code, (targets, actuals, second_accepted) in _PATHS.items():
        region = DISTRICT_TASKS[code]
        kpi = base.kpis_of(code)[0]
        records.kpis[kpi.code] = _kpi_path(kpi, *targets)
        records.milestones += [
            Milestone(
                f"{code}.demo-m1",
                code,
                planned=date(2025, 6, 30),
                deliverable=f"{_MARK} pilot in the district",
                acceptance_criteria=_MARK,
                kpi=kpi.code,
                kpi_target=targets[1],
                funding_cny=2_000_000.0,
                accepted=date(2025, 7, 15),
            ),
            Milestone(
                f"{code}.demo-m2",
                code,
                planned=date(2026, 6, 30),
                deliverable=f"{_MARK} roll-out across the district",
                acceptance_criteria=_MARK,
                funding_cny=3_000_000.0,
                accepted=date(2026, 7, 20) if second_accepted else None,
            ),
            Milestone(
                f"{code}.demo-m3",
                code,
                planned=date(2028, 6, 30),
                deliverable=f"{_MARK} evaluation against the 2030 target",
                acceptance_criteria=_MARK,
                kpi=kpi.code,
                kpi_target=targets[2],
                funding_cny=1_000_000.0,
            ),
        ]
        records.actuals += [
            KPIActual(kpi.code, day, value, source=ILLUSTRATIVE, region=region)
            for day, value in actuals
        ]
        records.readiness += [
            Readiness(code, date(2024, 6, 30), 5, source=ILLUSTRATIVE),
            Readiness(code, date(2026, 6, 30), 6 if second_accepted else 5, source=ILLUSTRATIVE),
        ]
    return records


def _organisations() -> tuple[Organisation, ...]:
    return tuple(
        Organisation(f"demo-org-{k}", f"示例单位{z}（演示）", f"Illustrative organisation {k}",
                     "lead_unit")
        for k, z in (("A", "甲"), ("B", "乙"), ("C", "丙"))
    )  # fmt: skip


def _call_and_race(base: Programme) -> Programme:
    """``base`` with an awarded call with two bids on :data:`CALL_TASK` and a two-team race on
    :data:`RACE_TASK` (teams, reviewers, scores, stage reviews), all named illustrative."""
    teams = (
        Team("demo-team-h2", "示例团队 illustrative team H2", CALL_TASK, "demo-org-A"),
        Team("demo-team-s1", "示例团队 illustrative team S1", RACE_TASK, "demo-org-B"),
        Team("demo-team-s2", "示例团队 illustrative team S2", RACE_TASK, "demo-org-C"),
    )
    people = (
        Person("demo-reviewer-1", "示例评审专家一 illustrative reviewer 1", "reviewer"),
        Person("demo-reviewer-2", "示例评审专家二 illustrative reviewer 2", "reviewer"),
    )
    call = Call(
        "demo-call-h2",
        CALL_TASK,
        f"{_MARK} 示例榜单：氢能多场景应用 (illustrative call: hydrogen in several uses)",
        "awarded",
        requirements=ILLUSTRATIVE,
        deadline=date(2025, 3, 31),
    )
    bids = (
        Bid("demo-bid-1", call.code, team="demo-team-h2", submitted=date(2025, 3, 1)),
        Bid("demo-bid-2", call.code, organisation="demo-org-B", submitted=date(2025, 3, 20)),
    )
    scores = tuple(
        ReviewScore(bid, reviewer, criterion, score, 10.0)
        for bid, base in (("demo-bid-1", 8.0), ("demo-bid-2", 6.5))
        for reviewer in ("demo-reviewer-1", "demo-reviewer-2")
        for criterion, score in (("technical route", base), ("feasibility", base - 0.5))
    )
    race = Race("demo-race-storage", RACE_TASK, stages=3)
    reviews = (
        StageReview(race.code, 1, "demo-team-s1", date(2025, 6, 30), "continue", _MARK),
        StageReview(race.code, 1, "demo-team-s2", date(2025, 6, 30), "continue", _MARK),
        StageReview(race.code, 2, "demo-team-s1", date(2026, 6, 30), "increase", _MARK),
        StageReview(race.code, 2, "demo-team-s2", date(2026, 6, 30), "cut", _MARK),
    )
    b = base
    return dataclasses.replace(
        b,
        organisations=(*b.organisations, *_organisations()),
        teams=(*b.teams, *teams),
        people=(*b.people, *people),
        calls=(*b.calls, call),
        bids=(*b.bids, *bids),
        review_scores=(*b.review_scores, *scores),
        awards=(*b.awards, Award(call.code, "demo-bid-1", date(2025, 5, 1), 5_000_000.0)),
        races=(*b.races, race),
        race_teams=(*b.race_teams, *(RaceTeam(race.code, t.id) for t in teams[1:])),
        stage_reviews=(*b.stage_reviews, *reviews),
    )


def illustrative_programme(base: Programme) -> Programme:
    """``base`` (the published programme) with the demo's illustrative records added and its
    ``source`` marked :data:`~peakzero.demo.ILLUSTRATIVE`; the same every time."""
    records = _district_records(base)
    return dataclasses.replace(
        _call_and_race(base),
        source=f"{base.source or ''} + {ILLUSTRATIVE}: tasks of 海淀 and 朝阳, milestones, "
        "KPI targets and actuals, readiness, a call and a race",
        tasks=tuple(
            dataclasses.replace(t, region=DISTRICT_TASKS.get(t.code, t.region)) for t in base.tasks
        ),
        kpis=tuple(records.kpis.get(k.code, k) for k in base.kpis),
        milestones=(*base.milestones, *records.milestones),
        kpi_actuals=(*base.kpi_actuals, *records.actuals),
        readiness=(*base.readiness, *records.readiness),
    )


def seed_programme(session: Session, who: str) -> int:
    """Save the illustrative programme in place of the stored one (the packaged default when
    the database holds none), audited as ``who``; the number of rows changed (0 the second
    time)."""
    from peakzero.programme.default import load_programme
    from peakzero.store import repository

    return len(repository.save_programme(session, illustrative_programme(load_programme()), who))


# Activity of a district, in the units the activity reader knows (万吨, 亿立方米, 亿千瓦时): an
# illustrative split for the demo, not a district's statistics.
_ACTIVITY = {
    HAIDIAN: ((2018, "EB44", "electricity", 95.0, "亿千瓦时"),
              (2019, "EB44", "electricity", 98.0, "亿千瓦时"),
              (2018, "EB46", "natural_gas", 4.2, "亿立方米"),
              (2019, "EB46", "natural_gas", 4.4, "亿立方米"),
              (2019, "EB46", "gasoline", 30.0, "万吨")),
    CHAOYANG: ((2018, "EB44", "electricity", 110.0, "亿千瓦时"),
               (2019, "EB44", "electricity", 112.0, "亿千瓦时"),
               (2018, "EB46", "natural_gas", 5.1, "亿立方米"),
               (2019, "EB46", "natural_gas", 5.0, "亿立方米"),
               (2019, "EB46", "gasoline", 36.0, "万吨")),
}  # fmt: skip
_FILE_NAMES = {HAIDIAN: "haidian", CHAOYANG: "chaoyang"}


def activity_files(folder: str | Path) -> dict[str, Path]:
    """Write the illustrative activity file of each district into ``folder``; region → file."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for region, rows in _ACTIVITY.items():
        path = out / f"{DATASET_FILE_PREFIX}{_FILE_NAMES[region]}.csv"
        lines = ["region,year,sector,fuel,value,unit"]
        lines += [f"{region},{y},{s},{f},{v},{u}" for y, s, f, v, u in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files[region] = path
    return files


def seed_datasets(session: Session, folder: str | Path, who: str) -> tuple[Dataset, ...]:
    """Store each district's illustrative activity file as dataset :data:`DATASET_NAME`
    (audited); one already stored from the same inputs is kept, one from other inputs replaced."""
    import hashlib

    stored = {(d.region, d.name): d for d in list_datasets(session)}
    saved = []
    for region, path in activity_files(folder).items():
        found = stored.get((region, DATASET_NAME))
        if found is not None and found.sha256 == hashlib.sha256(path.read_bytes()).hexdigest():
            saved.append(found)
            continue
        if found is not None:
            delete_dataset(session, DATASET_NAME, region, who)
        saved.append(save_dataset(session, DATASET_NAME, region, who, path))
    return tuple(saved)
