"""Progress: the acceptance date of each milestone, the measures that apply to each task, dated
KPI actuals and technology readiness assessments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Frozen like 0001 and 0002: tables, names and allowed values are spelt out here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("task_measures", "kpi_actuals", "readiness")


def _owned(table: str, *keys: tuple[str, sa.types.TypeEngine[Any]]) -> list[SchemaItem]:
    """The programme, the key columns and the position."""
    return [
        sa.Column("programme", sa.String(), nullable=False),
        *(sa.Column(name, kind, nullable=False) for name, kind in keys),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme"], ["programmes.code"], name=f"fk_{table}_programme_programmes"
        ),
        sa.PrimaryKeyConstraint("programme", *(name for name, _ in keys), name=f"pk_{table}"),
    ]


def _link(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["programme", column],
        [f"{target}.programme", f"{target}.code"],
        name=f"fk_{table}_programme_{column}_{target}",
    )


def upgrade() -> None:
    with op.batch_alter_table("milestones") as batch:  # SQLite cannot ALTER in place
        batch.add_column(sa.Column("accepted", sa.Date(), nullable=True))
    op.create_table(
        "task_measures",
        *_owned("task_measures", ("task", sa.String()), ("measure", sa.String())),
        _link("task_measures", "task", "tasks"),
        _link("task_measures", "measure", "measures"),
    )
    op.create_table(
        "kpi_actuals",
        *_owned("kpi_actuals", ("kpi", sa.String()), ("measured", sa.Date())),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        _link("kpi_actuals", "kpi", "kpis"),
    )
    op.create_table(
        "readiness",
        *_owned("readiness", ("task", sa.String()), ("assessed", sa.Date())),
        sa.Column("trl", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        _link("readiness", "task", "tasks"),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name="ck_readiness_trl_range"),
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("accepted")
