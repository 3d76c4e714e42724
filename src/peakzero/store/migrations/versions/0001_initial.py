"""The programme's tables (one per domain entity) and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

A migration is frozen: it spells out its tables, names and allowed values instead of importing
them from the models, so that later changes to the models need a new migration (a test compares
the migrated schema with the models on every backend).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owned(table: str, key: str = "code") -> list[SchemaItem]:
    """The columns every entity table starts with: its programme, its key and its position."""
    return [
        sa.Column("programme", sa.String(), nullable=False),
        sa.Column(key, sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme"], ["programmes.code"], name=f"fk_{table}_programme_programmes"
        ),
        sa.PrimaryKeyConstraint("programme", key, name=f"pk_{table}"),
    ]


def _link(table: str, column: str, target: str, key: str = "code") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["programme", column],
        [f"{target}.programme", f"{target}.{key}"],
        name=f"fk_{table}_programme_{column}_{target}",
    )


def _names() -> list[SchemaItem]:
    return [
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("code", sa.String(), nullable=False),
        *_names(),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("stated_task_count", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "stated_task_count >= 1", name="ck_programmes_stated_task_count_positive"
        ),
        sa.PrimaryKeyConstraint("code", name="pk_programmes"),
    )
    op.create_table(
        "areas",
        *_owned("areas"),
        *_names(),
        sa.Column("quote", sa.Text(), nullable=True),
    )
    op.create_table(
        "tasks",
        *_owned("tasks"),
        sa.Column("area", sa.String(), nullable=False),
        *_names(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("information", sa.String(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        _link("tasks", "area", "areas"),
        sa.CheckConstraint(
            "kind IN ('technology', 'scenario', 'demonstration_region', 'platform')",
            name="ck_tasks_kind",
        ),
        sa.CheckConstraint(
            "information IN ('verified', 'unverified')", name="ck_tasks_information"
        ),
    )
    op.create_table(
        "measures",
        *_owned("measures"),
        *_names(),
        sa.Column("quote", sa.Text(), nullable=True),
    )
    op.create_table(
        "kpis",
        *_owned("kpis"),
        sa.Column("task", sa.String(), nullable=False),
        *_names(),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("lever", sa.String(), nullable=True),
        sa.Column("baseline", sa.Double(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("target_2025", sa.Double(), nullable=True),
        sa.Column("target_2030", sa.Double(), nullable=True),
        _link("kpis", "task", "tasks"),
    )
    op.create_table(
        "milestones",
        *_owned("milestones"),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("planned", sa.Date(), nullable=True),
        sa.Column("deliverable", sa.Text(), nullable=True),
        sa.Column("acceptance_criteria", sa.Text(), nullable=True),
        sa.Column("kpi", sa.String(), nullable=True),
        sa.Column("kpi_target", sa.Double(), nullable=True),
        sa.Column("funding_cny", sa.Double(), nullable=True),
        _link("milestones", "task", "tasks"),
        _link("milestones", "kpi", "kpis"),
        sa.CheckConstraint("funding_cny >= 0", name="ck_milestones_funding_cny_not_negative"),
    )
    op.create_table(
        "organisations",
        *_owned("organisations", "id"),
        *_names(),
        sa.Column("role", sa.String(), nullable=False),
        sa.CheckConstraint(
            "role IN ('issuer', 'demand_side', 'lead_unit', 'partner', 'third_party')",
            name="ck_organisations_role",
        ),
    )
    op.create_table(
        "teams",
        *_owned("teams", "id"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=True),
        _link("teams", "task", "tasks"),
        _link("teams", "organisation", "organisations", "id"),
    )
    op.create_table(
        "people",
        *_owned("people", "id"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=True),
        sa.Column("team", sa.String(), nullable=True),
        _link("people", "organisation", "organisations", "id"),
        _link("people", "team", "teams", "id"),
        sa.CheckConstraint(
            "role IN ('principal_investigator', 'member', 'reviewer', 'contact')",
            name="ck_people_role",
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=6), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("programme", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete')", name="ck_audit_log_action"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_change", "audit_log", ["change"])
    op.create_index("ix_audit_log_programme_id", "audit_log", ["programme", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_programme_id", table_name="audit_log")
    op.drop_index("ix_audit_log_change", table_name="audit_log")
    for table in (
        "audit_log",
        "people",
        "teams",
        "organisations",
        "milestones",
        "kpis",
        "measures",
        "tasks",
        "areas",
        "programmes",
    ):
        op.drop_table(table)
