"""The user's language: the platform's locale a signed-in user chose (none: not chosen yet).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08

Frozen like the others: the locales are spelt out here. Written in parallel with the other
parts of issue 12 and chained after them at the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on SQLite and PostgreSQL (as 0006 does): a batch (copy-and-move) alteration would
    # drop ``users``, which the foreign keys of sessions, roles and tokens forbid once stored.
    op.execute(
        "ALTER TABLE users ADD COLUMN language VARCHAR(8) "
        "CONSTRAINT ck_users_language CHECK (language IN ('zh_CN', 'en'))"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN language")
