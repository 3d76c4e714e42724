"""Stored evaluations: each dynamic evaluation kept as it was made, to compare and reproduce.

An evaluation (:class:`~peakzero.programme.evaluation.Evaluation`) is stored whole — its JSON
document holds the rules, the scenario's input hash and the ensemble's seed with every task's
figures — with the review date, who ran it and when. Evaluations are only ever added, never
changed, so they need no audit rows of their own: the row is its own record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peakzero.programme.evaluation import Evaluation
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import EvaluationRow, ProgrammeRow
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

__all__ = ["StoredEvaluation", "list_evaluations", "load_evaluation", "save_evaluation"]


@dataclass(frozen=True)
class StoredEvaluation:
    """One stored evaluation; ``status_counts`` summarises its tasks."""

    id: int
    programme: str
    as_of: date
    at: datetime
    who: str
    scenario: str
    scenario_hash: str
    status_counts: dict[str, int]


def save_evaluation(session: Session, evaluation: Evaluation, who: str) -> int:
    """Store ``evaluation`` (of a programme held in the database); its new id.

    Raises
    ------
    StoreError
        If ``who`` is empty, the database does not hold the programme, or cannot be reached.
    """
    if not who.strip():
        msg = "a stored evaluation needs who made it; give a user name"
        raise StoreError(msg)
    url = session_url(session)
    try:
        with translate_errors(url, "store the evaluation in", NOT_SET_UP_HINT):
            if session.get(ProgrammeRow, evaluation.programme) is None:
                msg = (
                    f"the database holds no programme {evaluation.programme}; store an "
                    "evaluation of a programme the database holds (evaluate with --db)"
                )
                raise StoreError(msg)
            row = EvaluationRow(
                programme=evaluation.programme,
                as_of=evaluation.as_of,
                at=datetime.now(UTC),
                who=who.strip(),
                scenario=evaluation.scenario,
                scenario_hash=evaluation.scenario_hash,
                document=evaluation.as_dict(),
            )
            session.add(row)
            session.commit()
            return row.id
    except BaseException:
        session.rollback()
        raise


def list_evaluations(
    session: Session, programme: str | None = None
) -> tuple[StoredEvaluation, ...]:
    """The stored evaluations, oldest first (of one programme when given)."""
    query = select(EvaluationRow).order_by(EvaluationRow.id)
    if programme is not None:
        query = query.where(EvaluationRow.programme == programme)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        rows = list(session.scalars(query))
    return tuple(
        StoredEvaluation(
            row.id,
            row.programme,
            row.as_of,
            as_utc(row.at),
            row.who,
            row.scenario,
            row.scenario_hash,
            _counts(row.document),
        )
        for row in rows
    )


def load_evaluation(session: Session, ident: int) -> dict[str, Any]:
    """The JSON document of one stored evaluation.

    Raises
    ------
    StoreError
        If there is no evaluation with that id.
    """
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = session.get(EvaluationRow, ident)
    if row is None:
        msg = f"no stored evaluation has id {ident}; `peakzero programme evaluations` lists them"
        raise StoreError(msg)
    return dict(row.document)


def _counts(document: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for task in document.get("tasks", []):
        counts[task["status"]] = counts.get(task["status"], 0) + 1
    return counts
