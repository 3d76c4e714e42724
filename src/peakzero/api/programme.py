"""The Programme's views: what the pages and their JSON twins show, from the library only.

The programme lives in the platform's database (``request.app.state.store``); on first use the
packaged default is saved there through :func:`peakzero.store.repository.save_programme`
(audited, as ``peakzero programme init-db`` does). Tasks and KPI actuals carry a region: every
listing is filtered with :func:`peakzero.accounts.visible`, one task is read through
:func:`peakzero.accounts.authorize` (``not_found``: 404), and an import by a user whose write
scope is not the whole city may touch only rows of their districts.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import date
from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session

from peakzero.accounts.policy import Principal, Visible
from peakzero.codes import CITY
from peakzero.errors import InputError, Problem
from peakzero.programme.domain import Programme

__all__ = [
    "TASKS",
    "evaluation_view",
    "illustrative",
    "import_programme",
    "listing",
    "scoped",
    "stored_programme",
    "task_view",
]

TASKS = "programme.tasks"
ACTUALS = "programme.kpi_actuals"
TRANSFER = "programme.transfer"


_FIRST_USE = threading.Lock()


def stored_programme(db: Session, who: str) -> Programme:
    """The programme the database holds; the packaged default is saved (audited, as ``who``)
    on first use, once (a lock keeps two first requests from both saving it)."""
    from peakzero.store import repository

    codes = repository.list_programmes(db)
    if codes:
        return repository.load_programme(db, codes[0])
    from peakzero.programme.default import load_programme

    with _FIRST_USE:
        db.rollback()  # see what another request may have saved meanwhile
        codes = repository.list_programmes(db)
        if codes:
            return repository.load_programme(db, codes[0])
        programme = load_programme()
        repository.save_programme(db, programme, who)
    return programme


def _seen(principal: Principal, resource: str) -> Visible:
    from peakzero.accounts import visible

    return visible(principal, resource)


def scoped(programme: Programme, principal: Principal) -> Programme:
    """``programme`` as ``principal`` may read it: tasks outside their scope, and every record of
    those tasks (KPIs, milestones, actuals, readiness, calls, races …), left out."""
    tasks_seen = _seen(principal, TASKS)
    actuals_seen = _seen(principal, ACTUALS)
    if tasks_seen.everything and actuals_seen.everything:
        return programme
    tasks = tuple(t for t in programme.tasks if tasks_seen.allows(t.region))
    keep = {t.code for t in tasks}
    kpis = tuple(k for k in programme.kpis if k.task in keep)
    kpi_codes = {k.code for k in kpis}
    calls = tuple(c for c in programme.calls if c.task in keep)
    call_codes = {c.code for c in calls}
    bids = tuple(b for b in programme.bids if b.call in call_codes)
    bid_codes = {b.code for b in bids}
    races = tuple(r for r in programme.races if r.task in keep)
    race_codes = {r.code for r in races}
    teams = tuple(t for t in programme.teams if t.task in keep)
    team_ids = {t.id for t in teams}
    return dataclasses.replace(
        programme,
        tasks=tasks,
        kpis=kpis,
        milestones=tuple(m for m in programme.milestones if m.task in keep),
        teams=teams,
        people=tuple(p for p in programme.people if p.team is None or p.team in team_ids),
        calls=calls,
        bids=bids,
        review_scores=tuple(s for s in programme.review_scores if s.bid in bid_codes),
        awards=tuple(a for a in programme.awards if a.call in call_codes),
        races=races,
        race_teams=tuple(t for t in programme.race_teams if t.race in race_codes),
        stage_reviews=tuple(s for s in programme.stage_reviews if s.race in race_codes),
        acceptances=tuple(a for a in programme.acceptances if a.task in keep),
        task_measures=tuple(m for m in programme.task_measures if m.task in keep),
        kpi_actuals=tuple(
            a for a in programme.kpi_actuals if a.kpi in kpi_codes and actuals_seen.allows(a.region)
        ),
        readiness=tuple(r for r in programme.readiness if r.task in keep),
    )


def illustrative(programme: Programme) -> bool:
    """Whether ``programme`` includes the demo's illustrative records: its source, or a KPI
    actual's or readiness assessment's, carries the demo's label (:mod:`peakzero.demo`)."""
    from peakzero.demo import is_illustrative

    sources = (
        programme.source,
        *(a.source for a in programme.kpi_actuals),
        *(r.source for r in programme.readiness),
    )
    return any(is_illustrative(s) for s in sources)


def _region_names(code: str) -> dict[str, str]:
    from peakzero.codes import regions

    found = regions().get(code)
    if found is None:
        return {"region_zh": code, "region_en": code}
    return {"region_zh": found.name_zh, "region_en": found.name_en}


def _plain(entity: object) -> dict[str, Any]:
    values = dataclasses.asdict(entity)  # type: ignore[call-overload]
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _evaluation(programme: Programme, as_of: date) -> dict[str, Any]:
    from peakzero.programme.evaluation import evaluate

    return evaluate(programme, as_of, runs=0).as_dict()


def _statuses(programme: Programme, as_of: date) -> dict[str, dict[str, Any]]:
    return {t["task"]: t for t in _evaluation(programme, as_of)["tasks"]}


def listing(programme: Programme, as_of: date) -> dict[str, Any]:
    """The task list of a (scoped) programme by area, with each task's status at ``as_of``,
    the calls with their bids and awards, and the races' teams side by side."""
    evaluation = _evaluation(programme, as_of)
    statuses = {t["task"]: t for t in evaluation["tasks"]}
    return {
        "programme": programme.code,
        "name_zh": programme.name_zh,
        "name_en": programme.name_en,
        "as_of": as_of.isoformat(),
        "illustrative": illustrative(programme),
        "areas": [
            {
                **_plain(area),
                "tasks": [
                    {
                        "code": t.code,
                        "name_zh": t.name_zh,
                        "name_en": t.name_en,
                        "kind": t.kind,
                        "region": t.region,
                        **_region_names(t.region),
                        "measures": list(programme.measures_of(t.code)),
                        "levers": list(programme.levers_of(t.code)),
                        "status": statuses[t.code]["status"],
                    }
                    for t in programme.tasks_in(area.code)
                ],
            }
            for area in programme.areas
        ],
        "measures": [_plain(m) for m in programme.measures],
        "status_counts": {
            status: sum(t["status"] == status for t in evaluation["tasks"])
            for status in ("on_track", "at_risk", "off_track", "no_data")
        },
        "calls": [
            {
                **_plain(c),
                "bids": len(programme.bids_for(c.code)),
                "awarded_cny": sum(
                    a.funding_cny or 0.0 for a in programme.awards if a.call == c.code
                ),
            }
            for c in programme.calls
        ],
        "races": evaluation["races"],
    }


def _kpi(programme: Programme, kpi: Any, as_of: date) -> dict[str, Any]:
    from peakzero.programme.progress import kpi_attainment, target_path

    path = target_path(kpi)
    return {
        **_plain(kpi),
        "path": None if path is None else {"years": path[0], "values": path[1]},
        "attainment": kpi_attainment(programme, kpi, as_of),
        "actuals": [_plain(a) for a in programme.actuals_of(kpi.code)],
    }


def task_view(programme: Programme, code: str, principal: Principal, as_of: date) -> dict[str, Any]:
    """One task (404 when unknown or outside ``principal``'s scope) with its milestones, KPIs
    with their actuals, readiness, funding, linked levers and evaluation at ``as_of``."""
    from peakzero.accounts import authorize

    found = [t for t in programme.tasks if t.code == code]
    if not found or not authorize(principal, "read", TASKS, owner_region=found[0].region):
        raise HTTPException(status_code=404)
    task = found[0]
    seen = scoped(programme, principal)
    milestones = seen.milestones_of(code)
    evaluation = _statuses(seen, as_of)[code]
    return {
        "task": {**_plain(task), **_region_names(task.region)},
        "as_of": as_of.isoformat(),
        "illustrative": illustrative(seen),
        "evaluation": evaluation,
        "milestones": [_plain(m) for m in milestones],
        "kpis": [_kpi(seen, k, as_of) for k in seen.kpis_of(code)],
        "readiness": [_plain(r) for r in seen.readiness_of(code)],
        "funding_planned_cny": sum(m.funding_cny or 0.0 for m in milestones),
        "funding_released_cny": sum(
            m.funding_cny or 0.0 for m in milestones if m.accepted and m.accepted <= as_of
        ),
        "levers": list(seen.levers_of(code)),
        "measures": list(seen.measures_of(code)),
        "calls": [_plain(c) for c in seen.calls if c.task == code],
        "races": [_plain(r) for r in seen.races if r.task == code],
    }


def evaluation_view(programme: Programme, as_of: date) -> dict[str, Any]:
    """The evaluation of a (scoped) programme at ``as_of``: every task, roll-ups, races."""
    return _evaluation(programme, as_of)


# --- import ------------------------------------------------------------------------------------

_TASK_OWNED = ("kpis", "milestones", "readiness", "task_measures")
"""Sheets whose rows belong to a task's region (KPI actuals carry their own)."""


def _key(sheet: str, entity: object) -> tuple[Any, ...]:
    from peakzero.programme.domain import RECORDS

    fields = {kind.table: kind.key for kind in RECORDS}[sheet]
    return tuple(getattr(entity, f) for f in fields)


def _head_fields() -> tuple[str, ...]:
    from peakzero.programme.domain import PROGRAMME

    return tuple(PROGRAMME.names)


def _tables() -> tuple[str, ...]:
    from peakzero.programme.domain import RECORDS

    return tuple(kind.table for kind in RECORDS)


def import_programme(
    db: Session, workbook: Programme, file: str, principal: Principal
) -> tuple[Any, ...]:
    """Save ``workbook`` (read by :func:`peakzero.programme.excel.read_workbook`) in place of
    the stored programme, audited as ``principal``, in one transaction.

    A principal who may replace the whole programme (``programme.transfer`` admin) saves it as
    it is. Anyone else writes only the rows of their districts: a task, its KPIs, milestones,
    readiness and measure links, and KPI actuals, when new or changed, must belong to a region
    they may write; the rows they cannot read are kept as stored; every other sheet must be
    unchanged. Every offending row is one problem (sheet, row, column); nothing is saved then.
    """
    from peakzero.accounts import authorize, visible

    # openpyxl (~0.2 s to import) comes with the workbook module: loaded on first import, not
    # when the app starts (issue 12).
    from peakzero.programme.excel import FIRST_ROW
    from peakzero.store import repository

    stored = stored_programme(db, principal.name)
    if workbook.code != stored.code:
        msg = f"the platform holds the programme {stored.code!r}; export it to get its workbook"
        raise InputError(Problem(file, msg, line=FIRST_ROW, column="code", value=workbook.code,
                                 sheet="programme"))  # fmt: skip
    if authorize(principal, "admin", TRANSFER).allowed:
        return repository.save_programme(db, workbook, principal.name)
    writable = visible(principal, TASKS, "write")
    actuals_writable = visible(principal, ACTUALS, "write")
    readable = scoped(stored, principal)
    problems: list[Problem] = []
    region_of = {t.code: t.region for t in (*stored.tasks, *workbook.tasks)}

    def region(sheet: str, entity: Any) -> str:
        if sheet == "tasks":
            return str(entity.region)
        if sheet == "kpi_actuals":
            return str(entity.region)
        if sheet == "kpis" or sheet == "milestones" or sheet == "readiness":
            return region_of.get(entity.task, CITY)
        return region_of.get(getattr(entity, "task", ""), CITY)

    def may_write(sheet: str, entity: Any) -> bool:
        scope = actuals_writable if sheet == "kpi_actuals" else writable
        return scope.allows(region(sheet, entity)) and region(sheet, entity) != CITY

    for name in _head_fields():
        if getattr(workbook, name) != getattr(stored, name):
            msg = "a changed cell; allowed: no change, only a programme manager may change it"
            problems.append(
                Problem(
                    file,
                    msg,
                    line=FIRST_ROW,
                    column=name,
                    value=getattr(workbook, name),
                    sheet="programme",
                )
            )
    merged: dict[str, tuple[Any, ...]] = {}
    for sheet in _tables():
        new = getattr(workbook, sheet)
        old = {_key(sheet, e): e for e in getattr(stored, sheet)}
        seen_keys = {_key(sheet, e) for e in getattr(readable, sheet)}
        new_keys = {_key(sheet, e) for e in new}
        regional = sheet in ("tasks", "kpi_actuals", *_TASK_OWNED)
        for row, entity in enumerate(new, start=FIRST_ROW):
            before = old.get(_key(sheet, entity))
            if before == entity:
                continue
            if not regional or not may_write(sheet, entity):
                first = dataclasses.fields(entity)[0].name
                what = "a new row" if before is None else "a changed row"
                allowed = (
                    "rows of your districts only"
                    if regional
                    else "no change: only a programme manager may change this sheet"
                )
                problems.append(
                    Problem(
                        file,
                        f"{what} outside what you may write; allowed: {allowed}",
                        line=row,
                        column=first,
                        value=getattr(entity, first),
                        sheet=sheet,
                    )
                )
        for key, entity in old.items():
            if key in new_keys or key not in seen_keys:
                continue
            if not regional or not may_write(sheet, entity):
                problems.append(
                    Problem(
                        file,
                        f"the row {'/'.join(map(str, key))} is missing; you may not delete it",
                        sheet=sheet,
                        value="/".join(map(str, key)),
                    )
                )
        hidden = tuple(e for k, e in old.items() if k not in seen_keys and k not in new_keys)
        merged[sheet] = (*new, *hidden)
    if problems:
        raise InputError(problems)
    merged_programme: Programme = dataclasses.replace(stored, **merged)  # type: ignore[arg-type]
    return repository.save_programme(db, merged_programme, principal.name)
