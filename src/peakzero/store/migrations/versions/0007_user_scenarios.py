"""Saved user scenarios of the Pathway explorer and their immutable versions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08

Frozen like the others: names and the region codes are spelt out here. Written in parallel with
the other parts of issue 12 and chained after them at the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CITY = "CN-BJ"
DISTRICTS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
)  # fmt: skip
REGIONS = (CITY, *(f"{CITY}-{code}" for code in DISTRICTS))
ONE_OF = f"region IN ({', '.join(repr(code) for code in REGIONS)})"


def upgrade() -> None:
    op.create_table(
        "user_scenarios",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_user_scenarios"),
        sa.UniqueConstraint("region", "name", name="uq_user_scenarios_region_name"),
        sa.CheckConstraint(ONE_OF, name="ck_user_scenarios_region"),
    )
    op.create_table(
        "user_scenario_versions",
        sa.Column("scenario", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("base", sa.String(), nullable=False),
        sa.Column("levers", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["scenario"],
            ["user_scenarios.id"],
            name="fk_user_scenario_versions_scenario_user_scenarios",
        ),
        sa.PrimaryKeyConstraint("scenario", "version", name="pk_user_scenario_versions"),
    )


def downgrade() -> None:
    op.drop_table("user_scenario_versions")
    op.drop_table("user_scenarios")
