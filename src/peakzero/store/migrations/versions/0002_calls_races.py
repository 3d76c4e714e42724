"""Calls (揭榜挂帅: calls, bids, review scores, awards) and races (赛马: races, race teams, stage
reviews, acceptances).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Frozen like 0001: tables, names and allowed values are spelt out here. Rows without a code of their
own are keyed by programme and the codes that identify them (a reviewer's score of a bid on a
criterion, a team in a race, a team's decision at a stage, a team's acceptance on a task).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "calls",
    "bids",
    "review_scores",
    "awards",
    "races",
    "race_teams",
    "stage_reviews",
    "acceptances",
)


def _owned(table: str, *keys: tuple[str, sa.types.TypeEngine[Any]]) -> list[SchemaItem]:
    """The programme, the key columns (text unless a type is given) and the position."""
    return [
        sa.Column("programme", sa.String(), nullable=False),
        *(sa.Column(name, kind, nullable=False) for name, kind in keys),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme"], ["programmes.code"], name=f"fk_{table}_programme_programmes"
        ),
        sa.PrimaryKeyConstraint("programme", *(name for name, _ in keys), name=f"pk_{table}"),
    ]


def _text(name: str) -> tuple[str, sa.types.TypeEngine[Any]]:
    return name, sa.String()


def _link(table: str, column: str, target: str, key: str = "code") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["programme", column],
        [f"{target}.programme", f"{target}.{key}"],
        name=f"fk_{table}_programme_{column}_{target}",
    )


def upgrade() -> None:
    op.create_table(
        "calls",
        *_owned("calls", _text("code")),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("challenge", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        _link("calls", "task", "tasks"),
        sa.CheckConstraint(
            "status IN ('open', 'reviewing', 'awarded', 'closed')", name="ck_calls_status"
        ),
    )
    op.create_table(
        "bids",
        *_owned("bids", _text("code")),
        sa.Column("call", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=True),
        sa.Column("organisation", sa.String(), nullable=True),
        sa.Column("submitted", sa.Date(), nullable=True),
        _link("bids", "call", "calls"),
        _link("bids", "team", "teams", "id"),
        _link("bids", "organisation", "organisations", "id"),
    )
    op.create_table(
        "review_scores",
        *_owned("review_scores", _text("bid"), _text("reviewer"), _text("criterion")),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("max_score", sa.Double(), nullable=False),
        _link("review_scores", "bid", "bids"),
        _link("review_scores", "reviewer", "people", "id"),
        sa.CheckConstraint(
            "score >= 0 AND score <= max_score", name="ck_review_scores_score_in_range"
        ),
        sa.CheckConstraint("max_score > 0", name="ck_review_scores_max_score_positive"),
    )
    op.create_table(
        "awards",
        *_owned("awards", _text("call"), _text("bid")),
        sa.Column("awarded", sa.Date(), nullable=True),
        sa.Column("funding_cny", sa.Double(), nullable=True),
        _link("awards", "call", "calls"),
        _link("awards", "bid", "bids"),
        sa.CheckConstraint("funding_cny >= 0", name="ck_awards_funding_cny_not_negative"),
    )
    op.create_table(
        "races",
        *_owned("races", _text("code")),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("stages", sa.Integer(), nullable=True),
        _link("races", "task", "tasks"),
        sa.CheckConstraint("stages >= 1", name="ck_races_stages_positive"),
    )
    op.create_table(
        "race_teams",
        *_owned("race_teams", _text("race"), _text("team")),
        _link("race_teams", "race", "races"),
        _link("race_teams", "team", "teams", "id"),
    )
    op.create_table(
        "stage_reviews",
        *_owned("stage_reviews", _text("race"), ("stage", sa.Integer()), _text("team")),
        sa.Column("decided", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme", "race", "team"],
            ["race_teams.programme", "race_teams.race", "race_teams.team"],
            name="fk_stage_reviews_programme_race_team_race_teams",
        ),
        sa.CheckConstraint(
            "decision IN ('continue', 'increase', 'cut', 'merge', 'stop')",
            name="ck_stage_reviews_decision",
        ),
        sa.CheckConstraint("stage >= 1", name="ck_stage_reviews_stage_positive"),
    )
    op.create_table(
        "acceptances",
        *_owned("acceptances", _text("task"), _text("team")),
        sa.Column("accepted", sa.Date(), nullable=False),
        sa.Column("race", sa.String(), nullable=True),
        _link("acceptances", "task", "tasks"),
        _link("acceptances", "team", "teams", "id"),
        _link("acceptances", "race", "races"),
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
