"""Grid runs' heartbeat: when a live run's job (or the server process holding it) last said it
was alive, so that a run whose process died reads as interrupted (store/grid_runs.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

Nullable, without a default: a run stored before this revision has none, and is judged by its
start (or creation) time instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on SQLite and PostgreSQL: a nullable column needs no copy of the table.
    op.add_column("grid_runs", sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) and PostgreSQL drop a column in place.
    op.execute("ALTER TABLE grid_runs DROP COLUMN heartbeat_at")
