"""Evaluations: each stored dynamic evaluation with its review date, who, when and the result.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Frozen like the others: names are spelt out here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("scenario", sa.String(), nullable=False),
        sa.Column("scenario_hash", sa.String(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme"], ["programmes.code"], name="fk_evaluations_programme_programmes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
    )
    op.create_index("ix_evaluations_programme_as_of", "evaluations", ["programme", "as_of"])


def downgrade() -> None:
    op.drop_index("ix_evaluations_programme_as_of", table_name="evaluations")
    op.drop_table("evaluations")
