"""The teams of a horse race (赛马) side by side at a review date.

For each team: its decisions stage by stage (with reasons), where it stands after the latest one
(racing, or stopped or merged), its final acceptance, the funding awarded to its bids and its mean
review score (each score as a share of its maximum), so that a review panel sees the race on one
page. Only bids for calls on the race's task count, submitted by the review date (or undated),
and awards made by then (or undated: the programme cannot say when).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from peakzero.programme.domain import Programme

__all__ = ["RaceStanding", "TeamStanding", "race_standings"]


@dataclass(frozen=True)
class TeamStanding:
    """One team of a race at the review date."""

    team: str
    name: str
    organisation: str | None
    decisions: tuple[tuple[int, str, str, str | None], ...]  # (stage, date, decision, reason)
    latest_decision: str | None
    racing: bool  # False once stopped (or merged into another team)
    accepted: str | None  # the final acceptance's date (ISO), if by the review date
    awarded_cny: float | None  # funding awarded by the review date to its bids on the task
    mean_review_score: float | None  # mean of score / max_score over those bids, 0-1


@dataclass(frozen=True)
class RaceStanding:
    """A race at the review date: its task, stages held of those planned, teams side by side."""

    race: str
    task: str
    stages_planned: int | None
    stages_held: int
    teams: tuple[TeamStanding, ...]


def race_standings(programme: Programme, as_of: date) -> tuple[RaceStanding, ...]:
    """Every race of ``programme`` with what is known at ``as_of``."""
    teams = {t.id: t for t in programme.teams}
    standings = []
    for race in programme.races:
        reviews = sorted(
            (r for r in programme.stage_reviews if r.race == race.code and r.decided <= as_of),
            key=lambda r: (r.stage, r.decided),
        )
        rows = []
        for team_id in programme.teams_in(race.code):
            mine = [r for r in reviews if r.team == team_id]
            decisions = tuple((r.stage, r.decided.isoformat(), r.decision, r.reason) for r in mine)
            latest = mine[-1].decision if mine else None
            accepted = [
                a.accepted
                for a in programme.acceptances
                if a.team == team_id and a.task == race.task and a.accepted <= as_of
            ]
            team = teams.get(team_id)
            bids = _bids(programme, team_id, race.task, as_of)
            rows.append(
                TeamStanding(
                    team=team_id,
                    name=team.name if team else team_id,
                    organisation=team.organisation if team else None,
                    decisions=decisions,
                    latest_decision=latest,
                    racing=not any(r.decision in ("stop", "merge") for r in mine),
                    accepted=min(accepted).isoformat() if accepted else None,
                    awarded_cny=_awarded(programme, bids, as_of),
                    mean_review_score=_mean_score(programme, bids),
                )
            )
        standings.append(
            RaceStanding(
                race=race.code,
                task=race.task,
                stages_planned=race.stages,
                stages_held=len({r.stage for r in reviews}),
                teams=tuple(rows),
            )
        )
    return tuple(standings)


def _bids(programme: Programme, team: str, task: str, as_of: date) -> set[str]:
    """The team's bids for calls on the race's task, submitted by ``as_of`` (or undated)."""
    calls = {c.code for c in programme.calls if c.task == task}
    return {
        b.code
        for b in programme.bids
        if b.team == team and b.call in calls and (b.submitted is None or b.submitted <= as_of)
    }


def _awarded(programme: Programme, bids: set[str], as_of: date) -> float | None:
    amounts = [
        a.funding_cny
        for a in programme.awards
        if a.bid in bids and a.funding_cny is not None and (a.awarded is None or a.awarded <= as_of)
    ]
    return math.fsum(amounts) if amounts else None


def _mean_score(programme: Programme, bids: set[str]) -> float | None:
    shares = [s.score / s.max_score for s in programme.review_scores if s.bid in bids]
    return round(math.fsum(shares) / len(shares), 4) if shares else None
