"""The monitoring tables (migration 0010): proxy imports with their rows and QA findings,
vintages with their monthly values, and the revisions between vintages.

They join :data:`~peakzero.store.models.Base`'s metadata when :mod:`peakzero.store` is imported
(the migrations' env and the schema test see them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Double, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peakzero.programme.domain import REGIONS
from peakzero.store.models import Base

__all__ = [
    "FINDING_COLUMNS",
    "IMPORTS",
    "MAX_ID",
    "PROXY_COLUMNS",
    "REVISION_COLUMNS",
    "STATUSES",
    "VALUE_COLUMNS",
    "VINTAGES",
    "FindingRow",
    "ImportRow",
    "ProxyRow",
    "RevisionRow",
    "VintageRow",
    "VintageValueRow",
]

IMPORTS = "monitoring_imports"
"""The imports' table, and the audit log's ``table_name`` of an import."""
VINTAGES = "monitoring_vintages"
"""The vintages' table, and the audit log's ``table_name`` of a stored vintage."""
STATUSES = ("flash", "final")
"""A flash (快报) figure is provisional; a final (年报) one is reconciled to an inventory."""
PROXY_COLUMNS = ("region", "period", "sector", "proxy", "value", "unit")
FINDING_COLUMNS = ("code", "severity", "sector", "proxy", "period", "message")
VALUE_COLUMNS = ("region", "sector", "month", "value", "low", "high")
REVISION_COLUMNS = ("region", "sector", "period", "old", "new", "change", "change_pct")
MAX_ID = 64
"""The longest vintage id, in characters."""
_REGION_CHECK = f"region IN ({', '.join(repr(code) for code in REGIONS)})"
_STATUS_CHECK = f"status IN ({', '.join(repr(s) for s in STATUSES)})"


class ImportRow(Base):
    """One proxy file as imported: who, when, which inputs (SHA-256), how many rows."""

    __tablename__ = IMPORTS
    __table_args__ = (
        CheckConstraint(_REGION_CHECK, name="region"),
        CheckConstraint(_STATUS_CHECK, name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    region: Mapped[str] = mapped_column(String)
    row_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String)
    vintage: Mapped[str] = mapped_column(String(MAX_ID))
    status: Mapped[str] = mapped_column(String(5))


class ProxyRow(Base):
    """One proxy value of an import (the PROXIES shape), in the file's order (``position``).

    No foreign key to the import: PostgreSQL checks one per copied row by a trigger, which
    doubled the time of a million-row COPY (measured 13.7 s against 6.8 s for the COPY alone;
    docs/design/monitoring-store.md). The rows are written only by :func:`import_proxies`, with
    the id of the import row it flushed in the same transaction, so none can point at a
    missing import. The only index is the key: an index on (region, sector, period) would cost
    the bulk load more than the reads gain (they read one import at a time)."""

    __tablename__ = "monitoring_proxies"

    import_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    region: Mapped[str] = mapped_column(String)
    period: Mapped[str] = mapped_column(String(10))  # 'YYYY-MM-DD' (daily) or 'YYYY-MM'
    sector: Mapped[str] = mapped_column(String)
    proxy: Mapped[str] = mapped_column(String)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String)


class FindingRow(Base):
    """One data-quality finding of an import, as the gate reported it (never a fix)."""

    __tablename__ = "monitoring_findings"

    import_id: Mapped[int] = mapped_column(
        ForeignKey(f"{IMPORTS}.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String)
    severity: Mapped[str] = mapped_column(String)
    sector: Mapped[str | None] = mapped_column(String, nullable=True)
    proxy: Mapped[str | None] = mapped_column(String, nullable=True)
    period: Mapped[str | None] = mapped_column(String, nullable=True)
    message: Mapped[str] = mapped_column(String)


class VintageRow(Base):
    """One release of monitored results: its id, method version, base inventory, status."""

    __tablename__ = VINTAGES
    __table_args__ = (CheckConstraint(_STATUS_CHECK, name="status"),)

    id: Mapped[str] = mapped_column(String(MAX_ID), primary_key=True)
    method_version: Mapped[str] = mapped_column(String)
    base_inventory: Mapped[str] = mapped_column(String)
    base_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(5))
    who: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supersedes: Mapped[str | None] = mapped_column(
        ForeignKey(f"{VINTAGES}.id"), nullable=True
    )  # the vintage this one revises, if any


class VintageValueRow(Base):
    """A vintage's monthly value of one region and sector, Mt CO2, with its band."""

    __tablename__ = "monitoring_values"
    __table_args__ = (CheckConstraint(_REGION_CHECK, name="region"),)

    vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"), primary_key=True)
    region: Mapped[str] = mapped_column(String, primary_key=True)
    sector: Mapped[str] = mapped_column(String, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 'YYYY-MM'
    value: Mapped[float] = mapped_column(Double)
    low: Mapped[float | None] = mapped_column(Double, nullable=True)
    high: Mapped[float | None] = mapped_column(Double, nullable=True)


class RevisionRow(Base):
    """How a vintage changed a value of an earlier one: a month ('YYYY-MM') or a year ('YYYY')
    of one region and sector, old and new in Mt CO2, change = new − old, change % of old
    (null when old is 0)."""

    __tablename__ = "monitoring_revisions"
    __table_args__ = (Index(None, "old_vintage"),)

    new_vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"), primary_key=True)
    old_vintage: Mapped[str] = mapped_column(ForeignKey(f"{VINTAGES}.id"))
    region: Mapped[str] = mapped_column(String, primary_key=True)
    sector: Mapped[str] = mapped_column(String, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    old: Mapped[float] = mapped_column(Double)
    new: Mapped[float] = mapped_column(Double)
    change: Mapped[float] = mapped_column(Double)
    change_pct: Mapped[float | None] = mapped_column(Double, nullable=True)
