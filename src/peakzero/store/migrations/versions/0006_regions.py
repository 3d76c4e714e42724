"""Regions: a region on tasks and KPI actuals, the audit log's region, named inventory datasets.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Frozen like the others: names and the region codes are spelt out here. Existing tasks and KPI
actuals become the city's (CN-BJ): no source assigned them to a district.

Written in parallel with the accounts' 0005 (issue 12) and chained after it at the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CITY = "CN-BJ"
DISTRICTS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
)  # fmt: skip
REGIONS = (CITY, *(f"{CITY}-{code}" for code in DISTRICTS))
ONE_OF = f"region IN ({', '.join(repr(code) for code in REGIONS)})"
RECORDS = ("tasks", "kpi_actuals")


def upgrade() -> None:
    for table in RECORDS:
        # One statement that SQLite and PostgreSQL both run in place: a batch (copy-and-move)
        # alteration would drop ``tasks``, which the foreign keys of its children forbid once
        # a programme is stored.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN region VARCHAR "
            f"CONSTRAINT ck_{table}_region CHECK ({ONE_OF})"
        )
        op.execute(sa.text(f"UPDATE {table} SET region = :city").bindparams(city=CITY))
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("region", sa.String(), nullable=True))
    op.create_index("ix_audit_log_region_id", "audit_log", ["region", "id"])
    op.create_table(
        "inventory_datasets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_datasets"),
        sa.UniqueConstraint("region", "name", name="uq_inventory_datasets_region_name"),
        sa.CheckConstraint(ONE_OF, name="ck_inventory_datasets_region"),
    )
    op.create_table(
        "inventory_dataset_rows",
        sa.Column("dataset", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("fuel", sa.String(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("uncertainty", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dataset"],
            ["inventory_datasets.id"],
            name="fk_inventory_dataset_rows_dataset_inventory_datasets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dataset", "position", name="pk_inventory_dataset_rows"),
    )


def downgrade() -> None:
    op.drop_table("inventory_dataset_rows")
    op.drop_table("inventory_datasets")
    op.drop_index("ix_audit_log_region_id", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("region")
    for table in reversed(RECORDS):
        # In place on both (SQLite >= 3.35 drops a column with its own CHECK); see upgrade.
        op.execute(f"ALTER TABLE {table} DROP COLUMN region")
