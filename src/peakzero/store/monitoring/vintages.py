"""Vintages: monitored results as released, never changed; a reconciliation to a new inventory
stores a new vintage that supersedes the old one, with its revision table, in one audited
transaction (the arithmetic is :func:`peakzero.monitoring.vintages.reconcile`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peakzero.errors import InputError, Problem
from peakzero.store.database import translate_errors
from peakzero.store.monitoring.checks import (
    MONTH,
    PERIOD,
    check_status,
    check_vintage_id,
    check_who,
    checked_records,
)
from peakzero.store.monitoring.records import (
    Vintage,
    audit_insert,
    get_vintage,
    transaction,
    vintage_record,
)
from peakzero.store.monitoring.tables import (
    REVISION_COLUMNS,
    VALUE_COLUMNS,
    VINTAGES,
    RevisionRow,
    VintageRow,
    VintageValueRow,
)
from peakzero.store.repository import NOT_SET_UP_HINT, session_url

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["list_vintages", "read_revisions", "read_vintage", "reconcile_vintage", "save_vintage"]


def save_vintage(
    session: Session,
    values: pd.DataFrame,
    *,
    vintage: str,
    method_version: str,
    base_inventory: str,
    base_year: int,
    source: str,
    status: str,
    who: str,
    revisions: pd.DataFrame | None = None,
    supersedes: str | None = None,
    commit: bool = True,
) -> Vintage:
    """Store monthly ``values`` (``region, sector, month, value[, low, high]``, Mt CO2) as the
    new vintage ``vintage``, with the ``revisions`` from ``supersedes`` (the frame
    :func:`peakzero.monitoring.vintages.reconcile` returns) and one audit row, in one
    transaction. Earlier vintages are left as they are.

    Raises
    ------
    InputError
        If the id is empty, too long or taken, the status is not flash or final, a column is
        missing, a value is not a number, or a (region, sector, month) repeats; nothing is
        stored.
    MonitoringNotFoundError
        If ``supersedes`` names no stored vintage.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is stored.
    """
    check_who(who)
    check_vintage_id(vintage)
    check_status(status)
    if revisions is not None and supersedes is None:
        msg = "revisions need the vintage they revise; give supersedes"
        raise InputError(Problem("supersedes", msg))
    rows = checked_records(values, VALUE_COLUMNS, ("low", "high"), "values", MONTH)
    changes = (
        []
        if revisions is None
        else checked_records(revisions, REVISION_COLUMNS, ("change_pct",), "revisions", PERIOD)
    )
    with transaction(session, f"store vintage {vintage!r} in", commit=commit):
        if session.get(VintageRow, vintage) is not None:
            msg = "a vintage of this id is stored; vintages are never replaced, pick a new id"
            raise InputError(Problem("vintage", msg, value=vintage))
        if supersedes is not None:
            get_vintage(session, supersedes)
        row = VintageRow(
            id=vintage,
            method_version=method_version,
            base_inventory=base_inventory,
            base_year=int(base_year),
            source=source,
            status=status,
            who=who.strip(),
            created_at=datetime.now(UTC),
            supersedes=supersedes,
        )
        session.add(row)
        session.flush()
        if rows:
            session.execute(insert(VintageValueRow), [{"vintage": vintage, **r} for r in rows])
        if changes:
            session.execute(
                insert(RevisionRow),
                [{"new_vintage": vintage, "old_vintage": supersedes, **r} for r in changes],
            )
        done = vintage_record(row)
        audit_insert(session, VINTAGES, vintage, done.who, done.as_dict(), None)
    return done


def reconcile_vintage(
    session: Session,
    old: str,
    annual_inventory: pd.DataFrame,
    *,
    vintage: str,
    base_inventory: str,
    base_year: int,
    who: str,
    source: str | None = None,
    method_version: str | None = None,
    status: str = "final",
    commit: bool = True,
) -> tuple[Vintage, pd.DataFrame]:
    """Reconcile vintage ``old``'s months to ``annual_inventory``
    (:func:`peakzero.monitoring.vintages.reconcile`) and store the result as the new vintage
    ``vintage`` with its revision table, in one audited transaction; ``old`` stays readable.
    The source and method version are ``old``'s unless given.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``old``.
    InputError, StoreError
        As :func:`~peakzero.monitoring.vintages.reconcile` and :func:`save_vintage`.
    """
    from peakzero.monitoring.vintages import reconcile

    before = get_vintage(session, old)
    values = read_vintage(session, old)
    reconciled, revisions = reconcile(values, annual_inventory)
    stored = save_vintage(
        session,
        reconciled,
        vintage=vintage,
        method_version=method_version or before.method_version,
        base_inventory=base_inventory,
        base_year=base_year,
        source=source or before.source,
        status=status,
        who=who,
        revisions=revisions,
        supersedes=old,
        commit=commit,
    )
    return stored, revisions


def list_vintages(session: Session) -> tuple[Vintage, ...]:
    """The stored vintages, oldest first."""
    query = select(VintageRow).order_by(VintageRow.created_at, VintageRow.id)
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(vintage_record(row) for row in session.scalars(query))


def read_vintage(
    session: Session, vintage: str, regions: Collection[str] | None = None
) -> pd.DataFrame:
    """A vintage's monthly values (``region, sector, month, value, low, high``, Mt CO2; a
    missing band is NaN) by region, sector and month; only ``regions`` when given. The frame's
    ``attrs`` hold the vintage's metadata (:meth:`Vintage.as_dict`), so that every value read
    carries its source, vintage and status.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``vintage``.
    """
    import pandas as pd

    meta = get_vintage(session, vintage)
    columns = [getattr(VintageValueRow, c) for c in VALUE_COLUMNS]
    query = (
        select(*columns)
        .where(VintageValueRow.vintage == vintage)
        .order_by(VintageValueRow.region, VintageValueRow.sector, VintageValueRow.month)
    )
    if regions is not None:
        query = query.where(VintageValueRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        found = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in found], columns=list(VALUE_COLUMNS))
    for column in ("value", "low", "high"):
        frame[column] = frame[column].astype("float64")
    frame.attrs["vintage"] = meta.as_dict()
    return frame


def read_revisions(session: Session, vintage: str) -> pd.DataFrame:
    """The revisions vintage ``vintage`` made (``region, sector, period, old, new, change,
    change_pct``, with ``old_vintage``): months then years, by region and sector.

    Raises
    ------
    MonitoringNotFoundError
        If there is no vintage ``vintage``.
    """
    import pandas as pd

    get_vintage(session, vintage)
    names = ("old_vintage", *REVISION_COLUMNS)
    query = (
        select(*(getattr(RevisionRow, c) for c in names))
        .where(RevisionRow.new_vintage == vintage)
        .order_by(RevisionRow.region, RevisionRow.sector, RevisionRow.period)
    )
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        found = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in found], columns=list(names))
    for column in ("old", "new", "change", "change_pct"):
        frame[column] = frame[column].astype("float64")
    return frame
