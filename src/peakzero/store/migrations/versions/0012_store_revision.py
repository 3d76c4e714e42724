"""The store's revision: one row counting the audit log's rows, bumped by the database itself.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

The platform pages' cache (``api/view_cache.py``) is keyed by the store's revision, read once
per view. ``max(id)`` of the log is not exact on PostgreSQL (the sequence hands out ids before
commit, so a lower id can commit last) and ``count(*)`` grows with the log; this row is one
primary-key read on both backends. A trigger on ``audit_log`` adds one to ``n`` for every row
inserted, however it is inserted (the ORM, a Core insert, ``COPY``, SQL by hand), in the
inserting transaction: the new value is seen exactly when that transaction commits, and ``n``
is always the number of rows in the log (seeded with it here; rows are never deleted).

- SQLite: a plain ``AFTER INSERT`` row trigger (one writer at a time, so no waiting).
- PostgreSQL: a row trigger counts the transaction's inserted rows in a transaction-local
  setting (no lock), and a *deferred constraint* trigger adds them to ``n`` at commit, in one
  ``UPDATE``: the row's lock, which makes concurrent audited writes wait for each other, is
  then held only while the transaction commits, not through the rest of its work, and two
  writers cannot deadlock on it (each takes it last). Read committed (the default) re-reads
  ``n`` after the wait, so no increment is lost. (One ``UPDATE`` per row at commit was tried
  first: 100,000 updates of one row in one transaction took 134 s, each walking the row's
  versions.)

A later migration that recreates ``audit_log`` (SQLite's batch mode copies a table) drops the
trigger with it and must create it again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE store_revision SET n = n + 1 WHERE id = 1"

# PostgreSQL: the rows inserted so far by this transaction, a transaction-local setting (it
# reverts at the end of the transaction, and with a rolled-back savepoint); unset reads NULL,
# reverted reads ''.
PENDING = "coalesce(nullif(current_setting('peakzero.store_revision_pending', true), ''), '0')"
COUNT = f"""
CREATE FUNCTION store_revision_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('peakzero.store_revision_pending', ({PENDING}::bigint + 1)::text, true);
    RETURN NULL;
END $$
"""
# Fired at commit once per inserted row: the first firing adds them all, the others find none.
BUMP_ONCE = f"""
CREATE FUNCTION store_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pending bigint := {PENDING}::bigint;
BEGIN
    IF pending > 0 THEN
        UPDATE store_revision SET n = n + pending WHERE id = 1;
        PERFORM set_config('peakzero.store_revision_pending', '0', true);
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "store_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_store_revision"),
        sa.CheckConstraint("id = 1", name="ck_store_revision_one_row"),
    )
    op.execute("INSERT INTO store_revision (id, n) SELECT 1, count(*) FROM audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(COUNT)
        op.execute(BUMP_ONCE)
        op.execute(
            "CREATE TRIGGER audit_log_store_revision_count AFTER INSERT ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION store_revision_count()"
        )
        op.execute(
            "CREATE CONSTRAINT TRIGGER audit_log_store_revision AFTER INSERT ON audit_log "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION store_revision_bump()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER audit_log_store_revision AFTER INSERT ON audit_log BEGIN {BUMP}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL names a trigger within its table; SQLite within the schema.
        op.execute("DROP TRIGGER audit_log_store_revision ON audit_log")
        op.execute("DROP TRIGGER audit_log_store_revision_count ON audit_log")
        op.execute("DROP FUNCTION store_revision_bump()")
        op.execute("DROP FUNCTION store_revision_count()")
    else:
        op.execute("DROP TRIGGER audit_log_store_revision")
    op.drop_table("store_revision")
