"""The database tables: one per programme record type, plus evaluations, the audit log and the
store's revision.

The programme's tables are derived from the record types declared in
:mod:`peakzero.programme.domain` (:mod:`peakzero.store.declared`): each has the declared fields as
columns, plus ``programme`` (the code of the programme the row belongs to) and ``position`` (its
place in the programme's tuple, so that a programme loads back in the order it was saved). Rows
are keyed by ``programme`` and the record type's key — its code or id, or the fields that
identify a record without a code of its own (:data:`~peakzero.programme.domain.NATURAL_KEYS`) —
and refer to each other by code through composite foreign keys, as the records do. The schema
itself is created by the Alembic migrations in ``migrations/versions``; a test checks that they
agree with these tables on SQLite and PostgreSQL.

Constraint names follow :data:`NAMING_CONVENTION`, so that later migrations can name the
constraints they change on every backend.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from peakzero.programme.domain import PROGRAMME, RECORDS, REGIONS
from peakzero.store.declared import Owner, row_class, table_of

__all__ = [
    "ENTITY_TABLES",
    "NAMING_CONVENTION",
    "ROWS",
    "AuditRow",
    "Base",
    "DatasetLineRow",
    "DatasetRow",
    "EvaluationRow",
    "GridRunRow",
    "ProgrammeRow",
    "StoreRevisionRow",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_OWNER = Owner("programme", "programmes", "code")
_KEYS = {kind.table: kind.key[0] for kind in (PROGRAMME, *RECORDS) if len(kind.key) == 1}

ProgrammeRow: type[Base] = row_class(
    Base, PROGRAMME, table_of(PROGRAMME, Base.metadata, None, _KEYS)
)
"""A programme's own fields (:class:`~peakzero.programme.domain.Programme` less its tuples)."""
ROWS: dict[str, type[Base]] = {
    kind.table: row_class(Base, kind, table_of(kind, Base.metadata, _OWNER, _KEYS))
    for kind in RECORDS
}
"""The mapped class of each programme record type, by table, parents before children."""


class EvaluationRow(Base):
    """A dynamic evaluation as it was made: the review date, who ran it and when, and the whole
    result (rules, scenario hash, ensemble seed, every task) as JSON, so it can be compared with
    later ones and reproduced. Evaluations are only ever added."""

    __tablename__ = "evaluations"
    __table_args__ = (Index(None, "programme", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    programme: Mapped[str] = mapped_column(String, ForeignKey("programmes.code"))
    as_of: Mapped[date]
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String)
    scenario: Mapped[str] = mapped_column(String)
    scenario_hash: Mapped[str] = mapped_column(String)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRow(Base):
    """One changed row: who changed it, when, what (action, table, key), before and after.

    ``before`` and ``after`` hold the row's columns as JSON (dates as ISO text): ``before`` is
    null for an insert, ``after`` for a delete. The rows written by one save share ``change``.
    The log has no foreign keys, so that it outlives what it describes. ``region`` (from
    revision 0006) is the region of a row that has one (a task, a KPI actual, an inventory
    dataset), so that the log can be filtered by district; ``programme`` is empty for a row that
    belongs to no programme (an inventory dataset).
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index(None, "programme", "id"),
        Index(None, "region", "id"),  # the audit page's filter by district (revision 0006)
        CheckConstraint("action IN ('insert', 'update', 'delete')", name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(6))
    table_name: Mapped[str] = mapped_column(String)
    programme: Mapped[str] = mapped_column(String)
    key: Mapped[str] = mapped_column(String)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    region: Mapped[str | None] = mapped_column(String, nullable=True)


class StoreRevisionRow(Base):
    """The store's revision (revision 0012): one row whose ``n`` is the number of audit rows,
    added to by a trigger on ``audit_log`` in the inserting transaction (never by the code), so
    that it changes exactly when an audited write commits. The platform pages' cache reads it
    (``api/view_cache.py``)."""

    __tablename__ = "store_revision"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)


_REGION_CHECK = f"region IN ({', '.join(repr(code) for code in REGIONS)})"


class DatasetRow(Base):
    """A named inventory dataset: an activity file as stored for one region (the city or a
    district), with who stored it, when, and the SHA-256 of the file's bytes. Its activity rows
    are :class:`DatasetLineRow`. A name is unique within its region (two districts may both
    have a ``2023``)."""

    __tablename__ = "inventory_datasets"
    __table_args__ = (
        UniqueConstraint("region", "name"),
        CheckConstraint(_REGION_CHECK, name="region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String)
    region: Mapped[str] = mapped_column(String)
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String)
    row_count: Mapped[int] = mapped_column(Integer)


class DatasetLineRow(Base):
    """One validated activity row of a dataset, in canonical ids (region, sector and fuel as
    :mod:`peakzero.codes` resolves them) with its value and unit as given and the file's line,
    so that the inventory can be computed again with any factor set."""

    __tablename__ = "inventory_dataset_rows"

    dataset: Mapped[int] = mapped_column(
        ForeignKey("inventory_datasets.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    line: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String)
    year: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str] = mapped_column(String)
    fuel: Mapped[str] = mapped_column(String)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String)
    uncertainty: Mapped[float | None] = mapped_column(Double, nullable=True)


class GridRunRow(Base):
    """A grid run of the platform: a job (scenario, year, resolution or window of hours) and
    its state as the Dask task writes it at each stage boundary — so that every server process
    (several uvicorn workers) reads the same progress — and, once done, the figures its pages
    show as JSON (not the network). ``cancel_requested`` is the flag the task checks at each
    boundary. Grid runs are the city's (``region`` CN-BJ)."""

    __tablename__ = "grid_runs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="status"
        ),
        CheckConstraint(_REGION_CHECK, name="region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    scenario: Mapped[str] = mapped_column(String)
    year: Mapped[int] = mapped_column(Integer)
    resolution: Mapped[str] = mapped_column(String(16))
    first_hour: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hours: Mapped[int | None] = mapped_column(Integer, nullable=True)
    region: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str] = mapped_column(String)
    progress: Mapped[float] = mapped_column(Double)
    cancel_requested: Mapped[bool]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    error: Mapped[str | None] = mapped_column(String, nullable=True)
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Revision 0011: when the live run's job, or the server process holding its Dask future,
    # last said it was alive (a run without one for store.grid_runs.STALE_AFTER: interrupted).
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


ENTITY_TABLES = ("programmes", *ROWS)
"""The entity tables, parents before children (the order rows are inserted in)."""
