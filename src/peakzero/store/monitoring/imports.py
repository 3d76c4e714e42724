"""Proxy imports: one proxy file with its QA findings stored in one audited transaction (all or
nothing; the rows through :mod:`~peakzero.store.monitoring.bulk`), and read back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peakzero.store.database import translate_errors
from peakzero.store.monitoring.bulk import bulk_insert
from peakzero.store.monitoring.checks import (
    check_meta,
    check_who,
    checked_findings,
    checked_proxies,
)
from peakzero.store.monitoring.records import (
    ProxyImport,
    audit_insert,
    get_import,
    import_record,
    transaction,
)
from peakzero.store.monitoring.tables import (
    FINDING_COLUMNS,
    IMPORTS,
    PROXY_COLUMNS,
    FindingRow,
    ImportRow,
    ProxyRow,
)
from peakzero.store.repository import NOT_SET_UP_HINT, session_url

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["import_findings", "import_proxies", "list_imports", "read_proxies"]


def import_proxies(
    session: Session,
    frame: pd.DataFrame,
    findings: pd.DataFrame | None,
    *,
    file_name: str,
    sha256: str,
    who: str,
    region: str,
    source: str,
    vintage: str,
    status: str,
    commit: bool = True,
) -> ProxyImport:
    """Store the proxies ``frame`` (PROXIES shape; an optional ``line`` column names the file's
    lines in problems) and the QA ``findings`` (``code, severity, sector, proxy, period,
    message``) as one import of ``region``, with its audit row, in one transaction.

    Raises
    ------
    InputError
        If a column is missing, a cell is empty, a period is not a real day or month, a value
        is not a finite number, a status is not flash or final, a finding lacks its code,
        severity or message, or a row's region is not the import's (a district's import holds
        that district's rows; the city's, the city's or its districts'); nothing is stored.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is stored.
    """
    check_who(who)
    check_meta(region, status, vintage, file_name)
    rows = checked_proxies(frame, region, file_name)
    found = checked_findings(findings, file_name)
    with transaction(session, f"import {file_name!r} into", commit=commit):
        row = ImportRow(
            file_name=file_name,
            sha256=sha256,
            who=who.strip(),
            created_at=datetime.now(UTC),
            region=region,
            row_count=len(rows),
            source=source,
            vintage=vintage,
            status=status,
        )
        session.add(row)
        session.flush()
        bulk_insert(session, row.id, rows)
        if found:
            session.execute(
                insert(FindingRow),
                [{"import_id": row.id, "position": i, **f} for i, f in enumerate(found)],
            )
        done = import_record(row)
        audit_insert(session, IMPORTS, f"{region}/{done.id}", done.who, done.as_dict(), region)
    return done


def list_imports(
    session: Session, regions: Collection[str] | None = None
) -> tuple[ProxyImport, ...]:
    """The stored imports, oldest first; only those of ``regions`` when given."""
    query = select(ImportRow).order_by(ImportRow.id)
    if regions is not None:
        query = query.where(ImportRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(import_record(row) for row in session.scalars(query))


def read_proxies(session: Session, import_id: int) -> pd.DataFrame:
    """An import's proxies in the PROXIES shape, in the file's order.

    Raises
    ------
    MonitoringNotFoundError
        If there is no import ``import_id``.
    """
    import pandas as pd

    found = _import_rows(session, import_id, ProxyRow, PROXY_COLUMNS)
    frame = pd.DataFrame(found, columns=list(PROXY_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    return frame


def import_findings(session: Session, import_id: int) -> pd.DataFrame:
    """An import's QA findings (``code, severity, sector, proxy, period, message``), in the
    order the gate reported them; empty cells are None.

    Raises
    ------
    MonitoringNotFoundError
        If there is no import ``import_id``.
    """
    import pandas as pd

    found = _import_rows(session, import_id, FindingRow, FINDING_COLUMNS)
    # object columns: pandas would otherwise infer text columns whose empty cells read as NaN
    return pd.DataFrame(found, columns=list(FINDING_COLUMNS), dtype=object)


def _import_rows(
    session: Session,
    import_id: int,
    row_type: type[ProxyRow] | type[FindingRow],
    columns: Sequence[str],
) -> list[tuple[Any, ...]]:
    """The ``columns`` of import ``import_id``'s rows of ``row_type``, in the stored order;
    MonitoringNotFoundError if there is no such import."""
    get_import(session, import_id)
    selected = [getattr(row_type, c) for c in columns]
    query = select(*selected).where(row_type.import_id == import_id).order_by(row_type.position)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return [tuple(r) for r in session.execute(query).all()]
