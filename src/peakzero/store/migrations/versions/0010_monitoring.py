"""Monitoring: proxy imports, their rows and QA findings; result vintages, values, revisions.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08

Frozen like the others: names and the region codes are spelt out here (issue 13). Written in
parallel with other branches' migrations and re-chained after them at the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CITY = "CN-BJ"
DISTRICTS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
)  # fmt: skip
REGIONS = (CITY, *(f"{CITY}-{code}" for code in DISTRICTS))
ONE_OF = f"region IN ({', '.join(repr(code) for code in REGIONS)})"
STATUS = "status IN ('flash', 'final')"


def upgrade() -> None:
    op.create_table(
        "monitoring_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("vintage", sa.String(64), nullable=False),
        sa.Column("status", sa.String(5), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_monitoring_imports"),
        sa.CheckConstraint(ONE_OF, name="ck_monitoring_imports_region"),
        sa.CheckConstraint(STATUS, name="ck_monitoring_imports_status"),
    )
    # No foreign key on the proxies: PostgreSQL would check it once per copied row, which
    # doubles a bulk load (peakzero.store.monitoring.ProxyRow).
    op.create_table(
        "monitoring_proxies",
        sa.Column("import_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("proxy", sa.String(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("import_id", "position", name="pk_monitoring_proxies"),
    )
    op.create_table(
        "monitoring_findings",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=True),
        sa.Column("proxy", sa.String(), nullable=True),
        sa.Column("period", sa.String(), nullable=True),
        sa.Column("message", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["monitoring_imports.id"],
            name="fk_monitoring_findings_import_id_monitoring_imports",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("import_id", "position", name="pk_monitoring_findings"),
    )
    op.create_table(
        "monitoring_vintages",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("method_version", sa.String(), nullable=False),
        sa.Column("base_inventory", sa.String(), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("status", sa.String(5), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["monitoring_vintages.id"],
            name="fk_monitoring_vintages_supersedes_monitoring_vintages",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_monitoring_vintages"),
        sa.CheckConstraint(STATUS, name="ck_monitoring_vintages_status"),
    )
    op.create_table(
        "monitoring_values",
        sa.Column("vintage", sa.String(64), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("low", sa.Double(), nullable=True),
        sa.Column("high", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["vintage"],
            ["monitoring_vintages.id"],
            name="fk_monitoring_values_vintage_monitoring_vintages",
        ),
        sa.PrimaryKeyConstraint(
            "vintage", "region", "sector", "month", name="pk_monitoring_values"
        ),
        sa.CheckConstraint(ONE_OF, name="ck_monitoring_values_region"),
    )
    op.create_table(
        "monitoring_revisions",
        sa.Column("new_vintage", sa.String(64), nullable=False),
        sa.Column("old_vintage", sa.String(64), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("old", sa.Double(), nullable=False),
        sa.Column("new", sa.Double(), nullable=False),
        sa.Column("change", sa.Double(), nullable=False),
        sa.Column("change_pct", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["new_vintage"],
            ["monitoring_vintages.id"],
            name="fk_monitoring_revisions_new_vintage_monitoring_vintages",
        ),
        sa.ForeignKeyConstraint(
            ["old_vintage"],
            ["monitoring_vintages.id"],
            name="fk_monitoring_revisions_old_vintage_monitoring_vintages",
        ),
        sa.PrimaryKeyConstraint(
            "new_vintage", "region", "sector", "period", name="pk_monitoring_revisions"
        ),
    )
    op.create_index("ix_monitoring_revisions_old_vintage", "monitoring_revisions", ["old_vintage"])


def downgrade() -> None:
    op.drop_index("ix_monitoring_revisions_old_vintage", table_name="monitoring_revisions")
    op.drop_table("monitoring_revisions")
    op.drop_table("monitoring_values")
    op.drop_table("monitoring_vintages")
    op.drop_table("monitoring_findings")
    op.drop_table("monitoring_proxies")
    op.drop_table("monitoring_imports")
