"""The database tables: one per programme entity, plus the audit log (SQLAlchemy 2, declarative).

Each table mirrors one dataclass of :mod:`peakzero.programme.domain` column for column, plus
``programme`` (the code of the programme the row belongs to) and ``position`` (its place in the
programme's tuple, so that a programme loads back in the order it was saved). Rows are keyed by
``(programme, code)`` — ``(programme, id)`` for organisations, teams and people, ``programme``
and the fields of :data:`~peakzero.programme.domain.NATURAL_KEYS` for review scores, awards,
race teams, stage reviews, acceptances, task measures, KPI actuals and readiness — and refer to
each other by code through composite foreign keys, as the dataclasses do. The schema itself is
created by the Alembic migrations in ``migrations/versions``; a test checks that they agree with
these classes on SQLite and PostgreSQL.

Constraint names follow :data:`NAMING_CONVENTION`, so that later migrations can name the
constraints they change on every backend.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from peakzero.programme.domain import (
    CALL_STATUSES,
    DECISIONS,
    INFORMATION,
    KINDS,
    ORGANISATION_ROLES,
    PERSON_ROLES,
    TRL_LEVELS,
)

__all__ = [
    "ENTITY_TABLES",
    "NAMING_CONVENTION",
    "AcceptanceRow",
    "AreaRow",
    "AuditRow",
    "AwardRow",
    "Base",
    "BidRow",
    "CallRow",
    "EvaluationRow",
    "KPIActualRow",
    "KPIRow",
    "MeasureRow",
    "MilestoneRow",
    "OrganisationRow",
    "PersonRow",
    "ProgrammeRow",
    "RaceRow",
    "RaceTeamRow",
    "ReadinessRow",
    "ReviewScoreRow",
    "StageReviewRow",
    "TaskMeasureRow",
    "TaskRow",
    "TeamRow",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _one_of(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in allowed)})"


def _programme_key() -> Any:
    return mapped_column(String, ForeignKey("programmes.code"), primary_key=True)


def _link(column: str, table: str, key: str = "code") -> ForeignKeyConstraint:
    """A composite foreign key ``(programme, column)`` to ``table (programme, key)``."""
    return ForeignKeyConstraint(["programme", column], [f"{table}.programme", f"{table}.{key}"])


class ProgrammeRow(Base):
    """A programme's own fields (:class:`~peakzero.programme.domain.Programme` less its tuples)."""

    __tablename__ = "programmes"
    __table_args__ = (CheckConstraint("stated_task_count >= 1", name="stated_task_count_positive"),)

    code: Mapped[str] = mapped_column(String, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    start: Mapped[date | None]
    end: Mapped[date | None]
    stated_task_count: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(Text)


class AreaRow(Base):
    __tablename__ = "areas"

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        _link("area", "areas"),
        CheckConstraint(_one_of("kind", KINDS), name="kind"),
        CheckConstraint(_one_of("information", INFORMATION), name="information"),
    )

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    area: Mapped[str] = mapped_column(String)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    information: Mapped[str] = mapped_column(String)
    quote: Mapped[str | None] = mapped_column(Text)


class MeasureRow(Base):
    __tablename__ = "measures"

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)


class KPIRow(Base):
    __tablename__ = "kpis"
    __table_args__ = (_link("task", "tasks"),)

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    task: Mapped[str] = mapped_column(String)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String)
    lever: Mapped[str | None] = mapped_column(String)  # a lever id of data/pathways/levers.yaml
    baseline: Mapped[float | None] = mapped_column(Double)
    baseline_year: Mapped[int | None]
    target_2025: Mapped[float | None] = mapped_column(Double)
    target_2030: Mapped[float | None] = mapped_column(Double)


class MilestoneRow(Base):
    __tablename__ = "milestones"
    __table_args__ = (
        _link("task", "tasks"),
        _link("kpi", "kpis"),
        CheckConstraint("funding_cny >= 0", name="funding_cny_not_negative"),
    )

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    task: Mapped[str] = mapped_column(String)
    planned: Mapped[date | None]
    deliverable: Mapped[str | None] = mapped_column(Text)
    acceptance_criteria: Mapped[str | None] = mapped_column(Text)
    kpi: Mapped[str | None] = mapped_column(String)
    kpi_target: Mapped[float | None] = mapped_column(Double)
    funding_cny: Mapped[float | None] = mapped_column(Double)
    accepted: Mapped[date | None]


class OrganisationRow(Base):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_one_of("role", ORGANISATION_ROLES), name="role"),)

    programme: Mapped[str] = _programme_key()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String)


class TeamRow(Base):
    __tablename__ = "teams"
    __table_args__ = (
        _link("task", "tasks"),
        _link("organisation", "organisations", "id"),
    )

    programme: Mapped[str] = _programme_key()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(String)
    organisation: Mapped[str | None] = mapped_column(String)


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (
        _link("organisation", "organisations", "id"),
        _link("team", "teams", "id"),
        CheckConstraint(_one_of("role", PERSON_ROLES), name="role"),
    )

    programme: Mapped[str] = _programme_key()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String)
    organisation: Mapped[str | None] = mapped_column(String)
    team: Mapped[str | None] = mapped_column(String)


class CallRow(Base):
    __tablename__ = "calls"
    __table_args__ = (
        _link("task", "tasks"),
        CheckConstraint(_one_of("status", CALL_STATUSES), name="status"),
    )

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    task: Mapped[str] = mapped_column(String)
    challenge: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String)
    requirements: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None]


class BidRow(Base):
    __tablename__ = "bids"
    __table_args__ = (
        _link("call", "calls"),
        _link("team", "teams", "id"),
        _link("organisation", "organisations", "id"),
    )

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    call: Mapped[str] = mapped_column(String)
    team: Mapped[str | None] = mapped_column(String)
    organisation: Mapped[str | None] = mapped_column(String)
    submitted: Mapped[date | None]


class ReviewScoreRow(Base):
    __tablename__ = "review_scores"
    __table_args__ = (
        _link("bid", "bids"),
        _link("reviewer", "people", "id"),
        CheckConstraint("score >= 0 AND score <= max_score", name="score_in_range"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
    )

    programme: Mapped[str] = _programme_key()
    bid: Mapped[str] = mapped_column(String, primary_key=True)
    reviewer: Mapped[str] = mapped_column(String, primary_key=True)
    criterion: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    score: Mapped[float] = mapped_column(Double)
    max_score: Mapped[float] = mapped_column(Double)


class AwardRow(Base):
    __tablename__ = "awards"
    __table_args__ = (
        _link("call", "calls"),
        _link("bid", "bids"),
        CheckConstraint("funding_cny >= 0", name="funding_cny_not_negative"),
    )

    programme: Mapped[str] = _programme_key()
    call: Mapped[str] = mapped_column(String, primary_key=True)
    bid: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    awarded: Mapped[date | None]
    funding_cny: Mapped[float | None] = mapped_column(Double)


class RaceRow(Base):
    __tablename__ = "races"
    __table_args__ = (
        _link("task", "tasks"),
        CheckConstraint("stages >= 1", name="stages_positive"),
    )

    programme: Mapped[str] = _programme_key()
    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    task: Mapped[str] = mapped_column(String)
    stages: Mapped[int | None]


class RaceTeamRow(Base):
    __tablename__ = "race_teams"
    __table_args__ = (
        _link("race", "races"),
        _link("team", "teams", "id"),
    )

    programme: Mapped[str] = _programme_key()
    race: Mapped[str] = mapped_column(String, primary_key=True)
    team: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]


class StageReviewRow(Base):
    __tablename__ = "stage_reviews"
    __table_args__ = (
        ForeignKeyConstraint(
            ["programme", "race", "team"],
            ["race_teams.programme", "race_teams.race", "race_teams.team"],
        ),
        CheckConstraint(_one_of("decision", DECISIONS), name="decision"),
        CheckConstraint("stage >= 1", name="stage_positive"),
    )

    programme: Mapped[str] = _programme_key()
    race: Mapped[str] = mapped_column(String, primary_key=True)
    stage: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    team: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    decided: Mapped[date]
    decision: Mapped[str] = mapped_column(String)
    reason: Mapped[str | None] = mapped_column(Text)


class AcceptanceRow(Base):
    __tablename__ = "acceptances"
    __table_args__ = (
        _link("task", "tasks"),
        _link("team", "teams", "id"),
        _link("race", "races"),
    )

    programme: Mapped[str] = _programme_key()
    task: Mapped[str] = mapped_column(String, primary_key=True)
    team: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]
    accepted: Mapped[date]
    race: Mapped[str | None] = mapped_column(String)


class TaskMeasureRow(Base):
    __tablename__ = "task_measures"
    __table_args__ = (
        _link("task", "tasks"),
        _link("measure", "measures"),
    )

    programme: Mapped[str] = _programme_key()
    task: Mapped[str] = mapped_column(String, primary_key=True)
    measure: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int]


class KPIActualRow(Base):
    __tablename__ = "kpi_actuals"
    __table_args__ = (_link("kpi", "kpis"),)

    programme: Mapped[str] = _programme_key()
    kpi: Mapped[str] = mapped_column(String, primary_key=True)
    measured: Mapped[date] = mapped_column(primary_key=True)
    position: Mapped[int]
    value: Mapped[float] = mapped_column(Double)
    source: Mapped[str | None] = mapped_column(Text)


class ReadinessRow(Base):
    __tablename__ = "readiness"
    __table_args__ = (
        _link("task", "tasks"),
        CheckConstraint(f"trl BETWEEN {TRL_LEVELS[0]} AND {TRL_LEVELS[1]}", name="trl_range"),
    )

    programme: Mapped[str] = _programme_key()
    task: Mapped[str] = mapped_column(String, primary_key=True)
    assessed: Mapped[date] = mapped_column(primary_key=True)
    position: Mapped[int]
    trl: Mapped[int]
    source: Mapped[str | None] = mapped_column(Text)


class EvaluationRow(Base):
    """A dynamic evaluation as it was made: the review date, who ran it and when, and the whole
    result (rules, scenario hash, ensemble seed, every task) as JSON, so it can be compared with
    later ones and reproduced. Evaluations are only ever added."""

    __tablename__ = "evaluations"
    __table_args__ = (Index(None, "programme", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    programme: Mapped[str] = mapped_column(String, ForeignKey("programmes.code"))
    as_of: Mapped[date]
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String)
    scenario: Mapped[str] = mapped_column(String)
    scenario_hash: Mapped[str] = mapped_column(String)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRow(Base):
    """One changed row: who changed it, when, what (action, table, key), before and after.

    ``before`` and ``after`` hold the row's columns as JSON (dates as ISO text): ``before`` is
    null for an insert, ``after`` for a delete. The rows written by one save share ``change``.
    The log has no foreign keys, so that it outlives what it describes.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index(None, "programme", "id"),
        CheckConstraint("action IN ('insert', 'update', 'delete')", name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(6))
    table_name: Mapped[str] = mapped_column(String)
    programme: Mapped[str] = mapped_column(String)
    key: Mapped[str] = mapped_column(String)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


ENTITY_TABLES = (
    "programmes",
    "areas",
    "tasks",
    "measures",
    "kpis",
    "milestones",
    "organisations",
    "teams",
    "people",
    "calls",
    "bids",
    "review_scores",
    "awards",
    "races",
    "race_teams",
    "stage_reviews",
    "acceptances",
    "task_measures",
    "kpi_actuals",
    "readiness",
)
"""The entity tables, parents before children (the order rows are inserted in)."""
