"""Defects of a programme that span entities, and the unit check of a KPI's link to a lever.

:func:`check_programme` finds the defects that span entities (duplicate codes, unknown area or
lever, a KPI unit that does not fit its lever, a milestone outside the programme's dates, …) and
reports each as a :class:`Defect` addressed by entity, position and field, so that the YAML
reader (key path and line) and the Excel import (sheet, row and column) can place it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from peakzero.errors import Problem
from peakzero.pathways.catalogue import Item, levers
from peakzero.programme.domain import (
    KPI,
    NATURAL_KEYS,
    RECORDS,
    TRL_LEVELS,
    Milestone,
    Programme,
    StageReview,
)

__all__ = [
    "Defect",
    "check_kpi_lever_units",
    "check_programme",
    "declared_link_defects",
    "units_compatible",
]


# --- units ---------------------------------------------------------------------------------------

# Gas species are not units of the registry ("Mt CO2/yr" does not parse): they are compared as
# labels and the rest of the unit by dimension.
_SPECIES = re.compile(r"CO2(?:[-_]?eq?)?|CH4|N2O")
_PHYSICAL = frozenset(
    ("[length]", "[mass]", "[time]", "[current]", "[temperature]", "[substance]", "[luminosity]")
)


def _normalise(unit: str) -> str:
    return " ".join(unit.split())


def _physical(unit: str) -> tuple[tuple[str, ...], object] | None:
    """(species, dimensionality) of a physical unit; None for counts and what does not parse."""
    species = tuple(sorted(_SPECIES.findall(unit)))
    rest = _SPECIES.sub(" ", unit).strip() or "1"
    # pint + iam-units cost ~0.45 s of CPU to import; only a programme check needs them, so the
    # web app's start does not pay for them (issue 12, first response after `peakzero serve`).
    from peakzero.units import UnitError, parse_unit

    try:
        quantity = parse_unit(rest)
    except UnitError:
        return None
    dimensionality = quantity.dimensionality
    if any(dimension not in _PHYSICAL for dimension in dimensionality):
        return None  # a count such as vehicles ([vehicle]): it matches only itself
    return species, dimensionality


def units_compatible(unit: str, lever_unit: str) -> bool:
    """Whether a KPI in ``unit`` can stand for a lever in ``lever_unit``.

    The same text (whitespace aside) always fits. Otherwise both must be physical units the
    registry converts into each other (``%`` fits ``1``, ``MW`` fits ``GW``, ``kt CO2/yr`` fits
    ``Mt CO2/yr`` but ``Mt CH4/yr`` does not). Counts (``vehicles``) and units the registry does
    not know fit only the identical text.
    """
    if _normalise(unit) == _normalise(lever_unit):
        return True
    mine, theirs = _physical(unit), _physical(lever_unit)
    return mine is not None and mine == theirs


def _unit_message(kpi: KPI, lever: Item) -> str | None:
    if units_compatible(kpi.unit, lever.unit):
        return None
    if _physical(lever.unit) is None:
        allowed = f"use exactly {lever.unit!r} (a count or a unit the registry does not convert)"
    else:
        allowed = f"use {lever.unit!r} or a unit convertible to it"
    return (
        f"KPI {kpi.code} is in {kpi.unit!r}, which does not fit lever {lever.id} "
        f"(unit {lever.unit!r}); {allowed}"
    )


def _lever_message(lever_id: str, known: Mapping[str, Item]) -> str:
    close = difflib.get_close_matches(lever_id, list(known), n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return f"unknown lever id; {hint}use one of {', '.join(known)} (data/pathways/levers.yaml)"


def check_kpi_lever_units(
    kpi: KPI, *, file: str = "programme", column: str | None = None, line: int | None = None
) -> Problem | None:
    """A problem if ``kpi`` is linked to a lever that does not exist or whose unit it does not fit.

    ``file``, ``column`` (a key path such as ``tasks.3.kpis.0``) and ``line`` say where the KPI
    was read; the problem names the unit (or the lever id) as its value and what is allowed.
    """
    if kpi.lever is None:
        return None
    known = levers()
    lever = known.get(kpi.lever)
    if lever is None:
        where = None if column is None else f"{column}.lever"
        return Problem(file, _lever_message(kpi.lever, known), line, where, kpi.lever)
    message = _unit_message(kpi, lever)
    if message is None:
        return None
    where = None if column is None else f"{column}.unit"
    return Problem(file, message, line, where, kpi.unit)


# --- cross-entity checks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Defect:
    """A defect of a programme: entity (``tasks``, ``kpis``, …), its position, the field."""

    entity: str
    index: int
    field: str
    message: str
    value: object = None
    first: int | None = None  # for a duplicate: the position of the entry that came first


def check_programme(programme: Programme) -> list[Defect]:
    """Every defect that spans entities, in entity order.

    Duplicate codes or ids; a task in an unknown area; a KPI of an unknown task, with an unknown
    lever or a unit that does not fit its lever; a milestone of an unknown task, naming a KPI of
    another task, or planned after the programme's end or before its start (each when known); a
    team, person or organisation link that resolves to nothing; a programme that ends before it
    starts. For calls and races (:func:`_call_defects`, :func:`_race_defects`): a deadline after
    the programme's end, a bid for another call awarded, a score above its maximum or below
    zero, a race with fewer than two teams, a decision on a team stopped at an earlier stage.
    Progress records (:func:`_progress_defects`): a measure applied to an unknown task or an
    unknown measure, an actual of an unknown KPI, a readiness level outside 1-9 or of an
    unknown task; a milestone accepted before the programme's start.
    """
    defects: list[Defect] = []
    p = programme
    if p.start is not None and p.end is not None and p.end < p.start:
        msg = f"the programme ends before it starts ({p.start.isoformat()}); use a later end"
        defects.append(Defect("programme", 0, "end", msg, p.end.isoformat()))
    for entity, codes in (
        ("areas", [a.code for a in p.areas]),
        ("tasks", [t.code for t in p.tasks]),
        ("measures", [m.code for m in p.measures]),
        ("kpis", [k.code for k in p.kpis]),
        ("milestones", [m.code for m in p.milestones]),
    ):
        defects += _duplicates(entity, "code", codes)
    for entity, ids in (
        ("organisations", [o.id for o in p.organisations]),
        ("teams", [t.id for t in p.teams]),
        ("people", [x.id for x in p.people]),
    ):
        defects += _duplicates(entity, "id", ids)
    defects += _duplicates("calls", "code", [c.code for c in p.calls])
    defects += _duplicates("bids", "code", [b.code for b in p.bids])
    defects += _duplicates("races", "code", [r.code for r in p.races])
    for entity, key in NATURAL_KEYS.items():
        rows = [tuple(str(getattr(x, name)) for name in key) for x in getattr(p, entity)]
        defects += _duplicates(entity, key[-1], ["/".join(row) for row in rows], key)

    areas = [a.code for a in p.areas]
    tasks = [t.code for t in p.tasks]
    for index, task in enumerate(p.tasks):
        if task.area not in areas:
            msg = f"task {task.code} names an unknown area; use one of {', '.join(areas)}"
            defects.append(Defect("tasks", index, "area", msg, task.area))

    known = levers()
    kpi_task = {k.code: k.task for k in p.kpis}
    for index, kpi in enumerate(p.kpis):
        if kpi.task not in tasks:
            msg = f"KPI {kpi.code} names an unknown task; use one of {', '.join(tasks)}"
            defects.append(Defect("kpis", index, "task", msg, kpi.task))
        for year, target in ((2025, kpi.target_2025), (2030, kpi.target_2030)):
            if target is not None and kpi.baseline_year is not None and year <= kpi.baseline_year:
                msg = (
                    f"KPI {kpi.code} has a {year} target but its baseline is of "
                    f"{kpi.baseline_year}; a target must come after the baseline year (use an "
                    "earlier baseline or leave this target empty)"
                )
                defects.append(Defect("kpis", index, f"target_{year}", msg, target))
        if kpi.lever is None:
            continue
        lever = known.get(kpi.lever)
        if lever is None:
            defects.append(
                Defect("kpis", index, "lever", _lever_message(kpi.lever, known), kpi.lever)
            )
            continue
        message = _unit_message(kpi, lever)
        if message is not None:
            defects.append(Defect("kpis", index, "unit", message, kpi.unit))

    for index, milestone in enumerate(p.milestones):
        defects += _milestone_defects(p, index, milestone, tasks, kpi_task)

    organisations = [o.id for o in p.organisations]
    teams = [t.id for t in p.teams]
    for index, team in enumerate(p.teams):
        if team.task not in tasks:
            msg = f"team {team.id} names an unknown task; use one of {', '.join(tasks)}"
            defects.append(Defect("teams", index, "task", msg, team.task))
        if team.organisation is not None and team.organisation not in organisations:
            defects.append(
                _unknown_link("teams", index, "organisation", team.organisation, organisations)
            )
    for index, person in enumerate(p.people):
        if person.organisation is not None and person.organisation not in organisations:
            defects.append(
                _unknown_link("people", index, "organisation", person.organisation, organisations)
            )
        if person.team is not None and person.team not in teams:
            defects.append(_unknown_link("people", index, "team", person.team, teams))
    defects += _call_defects(p, tasks, teams, organisations)
    defects += _race_defects(p, tasks, teams)
    defects += _progress_defects(p, tasks)
    # Every declared reference is checked; the rules above say more where they know more (a bid
    # of the same call, a team in the race) and then stand instead of the plain one.
    reported = {(d.entity, d.index, d.field) for d in defects}
    defects += [d for d in declared_link_defects(p) if (d.entity, d.index, d.field) not in reported]
    return defects


def declared_link_defects(p: Programme) -> list[Defect]:
    """Each reference (a ``ref`` field of a declared record type) that names no record of its
    target table: what a new reference field gets checked by without a rule of its own."""
    codes = {
        kind.table: [getattr(item, kind.key[0]) for item in getattr(p, kind.table)]
        for kind in RECORDS
        if len(kind.key) == 1
    }
    found: list[Defect] = []
    for kind in RECORDS:
        links = [f for f in kind.fields if f.spec.kind == "ref" and f.spec.target in codes]
        for index, item in enumerate(getattr(p, kind.table)):
            for link in links:
                value = getattr(item, link.name)
                valid = codes[str(link.spec.target)]
                if value is not None and value not in valid:
                    found.append(_unknown_link(kind.table, index, link.name, value, valid))
    return found


_ENDED = {"stop": "stopped", "merge": "merged into another team"}


def _progress_defects(p: Programme, tasks: list[str]) -> list[Defect]:
    """Measures applied to tasks, dated KPI actuals and readiness assessments."""
    found: list[Defect] = []
    measures = [m.code for m in p.measures]
    for index, link in enumerate(p.task_measures):
        if link.task not in tasks:
            found.append(_unknown_link("task_measures", index, "task", link.task, tasks))
        if link.measure not in measures:
            found.append(_unknown_link("task_measures", index, "measure", link.measure, measures))
    kpis = [k.code for k in p.kpis]
    for index, actual in enumerate(p.kpi_actuals):
        if actual.kpi not in kpis:
            found.append(_unknown_link("kpi_actuals", index, "kpi", actual.kpi, kpis))
    low, high = TRL_LEVELS
    for index, assessment in enumerate(p.readiness):
        if assessment.task not in tasks:
            found.append(_unknown_link("readiness", index, "task", assessment.task, tasks))
        if not low <= assessment.trl <= high:
            msg = f"trl must be a whole number {low}-{high} (technology readiness level)"
            found.append(Defect("readiness", index, "trl", msg, assessment.trl))
    return found


def _duplicates(
    entity: str, field: str, codes: list[str], key: tuple[str, ...] | None = None
) -> list[Defect]:
    seen: dict[str, int] = {}
    found = []
    for index, code in enumerate(codes):
        if code in seen:
            if key is None:
                msg = f"duplicate {field}; each {field} must be unique"
            else:
                what = ", ".join(key)
                msg = f"duplicate ({what}); each combination of {what} may be given once"
            found.append(Defect(entity, index, field, msg, code, first=seen[code]))
        else:
            seen[code] = index
    return found


def _call_defects(
    p: Programme, tasks: list[str], teams: list[str], organisations: list[str]
) -> list[Defect]:
    found: list[Defect] = []
    calls = [c.code for c in p.calls]
    for index, call in enumerate(p.calls):
        if call.task not in tasks:
            found.append(_unknown_link("calls", index, "task", call.task, tasks))
        if call.deadline is not None and p.end is not None and call.deadline > p.end:
            msg = (
                f"call {call.code} has its deadline after the programme's end "
                f"({p.end.isoformat()}); use a date on or before it"
            )
            found.append(Defect("calls", index, "deadline", msg, call.deadline.isoformat()))
    bid_call = {b.code: b.call for b in p.bids}
    for index, bid in enumerate(p.bids):
        if bid.call not in calls:
            found.append(_unknown_link("bids", index, "call", bid.call, calls))
        if bid.team is None and bid.organisation is None:
            msg = f"bid {bid.code} names neither a team nor an organisation; name who bids"
            found.append(Defect("bids", index, "team", msg, None))
        if bid.team is not None and bid.team not in teams:
            found.append(_unknown_link("bids", index, "team", bid.team, teams))
        if bid.organisation is not None and bid.organisation not in organisations:
            found.append(
                _unknown_link("bids", index, "organisation", bid.organisation, organisations)
            )
    people = [x.id for x in p.people]
    for index, score in enumerate(p.review_scores):
        if score.bid not in bid_call:
            found.append(_unknown_link("review_scores", index, "bid", score.bid, list(bid_call)))
        if score.reviewer not in people:
            found.append(_unknown_link("review_scores", index, "reviewer", score.reviewer, people))
        if score.max_score <= 0:
            msg = "max_score must be above 0"
            found.append(Defect("review_scores", index, "max_score", msg, score.max_score))
        elif not 0 <= score.score <= score.max_score:
            msg = (
                f"the score of bid {score.bid} by {score.reviewer} on {score.criterion!r} is "
                f"outside 0-{score.max_score:g}; use a score from 0 to max_score"
            )
            found.append(Defect("review_scores", index, "score", msg, score.score))
    for index, award in enumerate(p.awards):
        if award.call not in calls:
            found.append(_unknown_link("awards", index, "call", award.call, calls))
            continue
        own = [b.code for b in p.bids_for(award.call)]
        allowed = f"use one of {', '.join(own)}" if own else "the call has no bid yet"
        if award.bid not in bid_call:
            msg = f"the award of call {award.call} names a bid that does not exist; {allowed}"
            found.append(Defect("awards", index, "bid", msg, award.bid))
        elif bid_call[award.bid] != award.call:
            msg = (
                f"the award of call {award.call} names bid {award.bid}, which is for call "
                f"{bid_call[award.bid]}; {allowed}"
            )
            found.append(Defect("awards", index, "bid", msg, award.bid))
        if award.funding_cny is not None and award.funding_cny < 0:
            msg = "funding_cny must be at least 0 or null"
            found.append(Defect("awards", index, "funding_cny", msg, award.funding_cny))
    return found


def _race_defects(p: Programme, tasks: list[str], teams: list[str]) -> list[Defect]:
    found: list[Defect] = []
    races = {r.code: r for r in p.races}
    team_task = {t.id: t.task for t in p.teams}
    for index, race in enumerate(p.races):
        if race.task not in tasks:
            found.append(_unknown_link("races", index, "task", race.task, tasks))
        if race.stages is not None and race.stages < 1:
            msg = "stages must be a whole number of at least 1 or null"
            found.append(Defect("races", index, "stages", msg, race.stages))
        racing = p.teams_in(race.code)
        if len(racing) < 2:
            have = f"{len(racing)} ({', '.join(racing)})" if racing else "none"
            msg = (
                f"race {race.code} has fewer than two teams: {have}; a race needs at least two "
                "(add race_teams), else manage the task without a race"
            )
            found.append(Defect("races", index, "code", msg, race.code))
    for index, entry in enumerate(p.race_teams):
        if entry.race not in races:
            found.append(_unknown_link("race_teams", index, "race", entry.race, list(races)))
        if entry.team not in teams:
            found.append(_unknown_link("race_teams", index, "team", entry.team, teams))
        elif entry.race in races and team_task[entry.team] != races[entry.race].task:
            task = races[entry.race].task
            msg = (
                f"team {entry.team} works on task {team_task[entry.team]}, race {entry.race} on "
                f"task {task}; use a team of task {task}"
            )
            found.append(Defect("race_teams", index, "team", msg, entry.team))
    # The stop (or merge into another team) of each (race, team), earliest first by date, then
    # stage: after it the team gets no decision and no acceptance of its own.
    stopped: dict[tuple[str, str], StageReview] = {}
    for review in sorted(p.stage_reviews, key=lambda r: (r.decided, r.stage)):
        if review.decision in ("stop", "merge"):
            stopped.setdefault((review.race, review.team), review)
    for index, review in enumerate(p.stage_reviews):
        held = races.get(review.race)
        if held is None:
            found.append(_unknown_link("stage_reviews", index, "race", review.race, list(races)))
        elif review.team not in p.teams_in(review.race):
            members = list(p.teams_in(review.race))
            found.append(_unknown_link("stage_reviews", index, "team", review.team, members))
        if review.stage < 1 or (held is not None and held.stages and review.stage > held.stages):
            most = "" if held is None or not held.stages else f" and at most {held.stages}"
            msg = f"stage must be a whole number of at least 1{most} (the race's stages)"
            found.append(Defect("stage_reviews", index, "stage", msg, review.stage))
        stop = stopped.get((review.race, review.team))
        if stop is not None and (stop.decided, stop.stage) < (review.decided, review.stage):
            msg = (
                f"team {review.team} was {_ENDED[stop.decision]} in race {review.race} at stage "
                f"{stop.stage} ({stop.decided.isoformat()}); such a team gets no later decision — "
                f"remove this one or change the {stop.decision}"
            )
            found.append(Defect("stage_reviews", index, "decision", msg, review.decision))
    for index, acceptance in enumerate(p.acceptances):
        if acceptance.task not in tasks:
            found.append(_unknown_link("acceptances", index, "task", acceptance.task, tasks))
        if acceptance.team not in teams:
            found.append(_unknown_link("acceptances", index, "team", acceptance.team, teams))
        if acceptance.race is None:
            continue
        held = races.get(acceptance.race)
        if held is None:
            found.append(_unknown_link("acceptances", index, "race", acceptance.race, list(races)))
            continue
        if held.task != acceptance.task:
            msg = f"race {held.code} is on task {held.task}; use task {held.task} or another race"
            found.append(Defect("acceptances", index, "task", msg, acceptance.task))
        stop = stopped.get((held.code, acceptance.team))
        if stop is not None:
            msg = (
                f"team {acceptance.team} was {_ENDED[stop.decision]} in race {held.code} at "
                f"stage {stop.stage} ({stop.decided.isoformat()}); accept a team still in the race"
            )
            found.append(Defect("acceptances", index, "team", msg, acceptance.team))
        elif acceptance.team in teams and acceptance.team not in p.teams_in(held.code):
            members = list(p.teams_in(held.code))
            found.append(_unknown_link("acceptances", index, "team", acceptance.team, members))
    return found


def _unknown_link(entity: str, index: int, field: str, value: str, valid: list[str]) -> Defect:
    allowed = f"use one of {', '.join(valid)}" if valid else "none is defined yet"
    return Defect(entity, index, field, f"unknown {field} id; {allowed}", value)


def _milestone_defects(
    p: Programme, index: int, milestone: Milestone, tasks: list[str], kpi_task: dict[str, str]
) -> list[Defect]:
    found = []
    if milestone.task not in tasks:
        msg = f"milestone {milestone.code} names an unknown task; use one of {', '.join(tasks)}"
        found.append(Defect("milestones", index, "task", msg, milestone.task))
    if milestone.kpi is not None and kpi_task.get(milestone.kpi) != milestone.task:
        own = [k for k, t in kpi_task.items() if t == milestone.task]
        allowed = f"use one of {', '.join(own)}" if own else "the task has no KPI yet"
        msg = f"milestone {milestone.code} names a KPI that is not one of task {milestone.task}'s"
        found.append(Defect("milestones", index, "kpi", f"{msg}; {allowed}", milestone.kpi))
    if milestone.kpi_target is not None and milestone.kpi is None:
        msg = f"milestone {milestone.code} has a kpi_target but names no kpi; name the KPI"
        found.append(Defect("milestones", index, "kpi_target", msg, milestone.kpi_target))
    planned = milestone.planned
    if planned is not None and p.end is not None and planned > p.end:
        msg = (
            f"milestone {milestone.code} is planned after the programme's end "
            f"({p.end.isoformat()}); use a date on or before it"
        )
        found.append(Defect("milestones", index, "planned", msg, planned.isoformat()))
    if planned is not None and p.start is not None and planned < p.start:
        msg = (
            f"milestone {milestone.code} is planned before the programme's start "
            f"({p.start.isoformat()}); use a date on or after it"
        )
        found.append(Defect("milestones", index, "planned", msg, planned.isoformat()))
    accepted = milestone.accepted
    if accepted is not None and p.start is not None and accepted < p.start:
        msg = (
            f"milestone {milestone.code} is accepted before the programme's start "
            f"({p.start.isoformat()}); use a date on or after it"
        )
        found.append(Defect("milestones", index, "accepted", msg, accepted.isoformat()))
    return found
