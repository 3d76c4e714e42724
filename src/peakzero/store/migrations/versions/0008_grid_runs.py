"""Grid runs: the platform's grid jobs, their state and their figures.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08

Frozen like the others: the statuses and region codes are spelt out here. Written in parallel
with the other parts of issue 12 (chained after them at the merge).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CITY = "CN-BJ"
DISTRICTS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
)  # fmt: skip
REGIONS = (CITY, *(f"{CITY}-{code}" for code in DISTRICTS))
ONE_OF = f"region IN ({', '.join(repr(code) for code in REGIONS)})"
STATUSES = "status IN ('queued', 'running', 'done', 'failed', 'cancelled')"


def upgrade() -> None:
    op.create_table(
        "grid_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scenario", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.String(16), nullable=False),
        sa.Column("first_hour", sa.Integer(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("result", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_grid_runs"),
        sa.CheckConstraint(STATUSES, name="ck_grid_runs_status"),
        sa.CheckConstraint(ONE_OF, name="ck_grid_runs_region"),
    )
    op.create_index("ix_grid_runs_status", "grid_runs", ["status"])


def downgrade() -> None:
    op.drop_index("ix_grid_runs_status", table_name="grid_runs")
    op.drop_table("grid_runs")
