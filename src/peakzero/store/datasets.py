"""Named inventory datasets: an activity file stored for one region, audited, all or nothing.

A dataset is an activity file (``region, year, sector, fuel, value, unit[, uncertainty]``, CSV
or XLSX; :mod:`peakzero.accounting.activity`) checked cell by cell and stored under a name that
is unique within its region — the city (``CN-BJ``) or one of its districts — with who stored it,
when, and the SHA-256 of the inputs. Its rows are kept in canonical ids with their values and
units as given, so that the inventory can be computed again with any factor set
(:func:`dataset_inventory`); storing the activity rather than one computed inventory keeps the
page's factor and view selectors meaningful.

Every list and get takes ``regions``: the regions the caller may see (``None``: all). It is how
the platform's access policy restricts a query — a district officer's are their districts — and
a dataset outside them is reported exactly like one that does not exist (the API answers 404,
not 403, so that names of other districts' datasets do not leak).

A save or delete is one transaction with its audit row (:class:`~peakzero.store.models.AuditRow`,
table ``inventory_datasets``, key ``region/name``, the dataset's metadata before and after): a
file with any defect stores nothing and raises :class:`~peakzero.errors.InputError` with one
problem per defect (file, line or sheet row, column, value, what is valid).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from peakzero import codes
from peakzero.errors import InputError, Problem
from peakzero.store.audit import add_audit
from peakzero.store.database import StoreError, translate_errors
from peakzero.store.models import DatasetLineRow, DatasetRow
from peakzero.store.repository import NOT_SET_UP_HINT, as_utc, session_url

# pandas and the accounting engine are imported where a dataset is read or computed: listing
# and getting datasets (the platform's routes import this module) must not load them at start.
if TYPE_CHECKING:
    import pandas as pd

    from peakzero.accounting.engine import Inventory

__all__ = [
    "MAX_NAME",
    "TABLE",
    "Dataset",
    "DatasetNotFoundError",
    "dataset_activity",
    "dataset_inventory",
    "delete_dataset",
    "get_dataset",
    "list_datasets",
    "resolve_region",
    "save_dataset",
]

TABLE = "inventory_datasets"
"""The table (and the audit log's ``table_name``) of datasets."""
MAX_NAME = 100
"""The longest dataset name, in characters."""
_FRAME = "<table>"  # the file name of an activity table given as a DataFrame


class DatasetNotFoundError(StoreError):
    """No dataset of that name and region, or none the caller may see (the API's 404)."""


@dataclass(frozen=True)
class Dataset:
    """A stored dataset's metadata: its name within its region, who stored it and when (UTC),
    the SHA-256 of the inputs, the file it came from and how many activity rows it holds."""

    name: str
    region: str
    who: str
    created_at: datetime
    sha256: str
    source: str
    row_count: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the time as ISO text)."""
        return {**asdict(self), "created_at": self.created_at.isoformat()}


def resolve_region(text: str) -> str:
    """The region code of ``text`` (a code, or the city's or a district's name in English or
    Chinese, e.g. ``海淀区``).

    Raises
    ------
    InputError
        If ``text`` is not the city or one of its districts.
    """
    found = codes.regions().resolve(text)
    scopes = codes.region_scopes()
    if found not in scopes:
        valid = ", ".join(f"{c} ({codes.regions()[c].name_en})" for c in scopes)
        msg = f"unknown region; give the city or a district: {valid}"
        raise InputError(Problem("region", msg, value=text))
    return found


def save_dataset(
    session: Session,
    name: str,
    region: str,
    who: str,
    activity: str | os.PathLike[str] | pd.DataFrame,
    *,
    sheet: str | None = None,
    commit: bool = True,
) -> Dataset:
    """Check ``activity`` (a CSV or XLSX file — its first sheet, or ``sheet`` — or a table with
    the activity columns as text) and store it as dataset ``name`` of ``region``, with one audit
    row, in one transaction.

    Raises
    ------
    InputError
        If the name or region is not valid, the file has any defect, a row's region is not the
        dataset's (a district's dataset holds that district's rows; the city's, the city's and
        its districts'), or the region already has a dataset of that name; nothing is stored.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is stored.
    """
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    label = name.strip()
    if not label or len(label) > MAX_NAME:
        msg = f"a dataset name is 1 to {MAX_NAME} characters"
        raise InputError(Problem("name", msg, value=name))
    code = resolve_region(region)
    data, file, digest = _checked(activity, sheet)
    _check_regions(data, code)
    url = session_url(session)
    try:
        with translate_errors(url, f"store dataset {label!r} in", NOT_SET_UP_HINT):
            if _find(session, label, code) is not None:
                msg = f"{code} already has a dataset of this name; delete it or pick another"
                raise InputError(Problem("name", msg, value=label))
            row = DatasetRow(
                name=label,
                region=code,
                who=who.strip(),
                created_at=datetime.now(UTC),
                sha256=digest,
                source=Path(file).name,
                row_count=len(data),
            )
            session.add(row)
            session.flush()
            session.execute(insert(DatasetLineRow), _lines(row.id, data))
            dataset = _dataset(row)
            _audit(session, dataset, "insert", None, dataset)
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return dataset


def list_datasets(session: Session, regions: Collection[str] | None = None) -> tuple[Dataset, ...]:
    """The stored datasets by region and name; only those of ``regions`` when given."""
    query = select(DatasetRow).order_by(DatasetRow.region, DatasetRow.name)
    if regions is not None:
        query = query.where(DatasetRow.region.in_(list(regions)))
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        return tuple(_dataset(row) for row in session.scalars(query))


def get_dataset(
    session: Session, name: str, region: str, regions: Collection[str] | None = None
) -> Dataset:
    """The dataset ``name`` of ``region``.

    Raises
    ------
    DatasetNotFoundError
        If there is none, or ``region`` is not among ``regions`` (told apart from none at all).
    """
    return _dataset(_visible(session, name, region, regions))


def dataset_activity(
    session: Session, name: str, region: str, regions: Collection[str] | None = None
) -> pd.DataFrame:
    """The dataset's activity rows: ``region, year, sector, fuel, value, unit, uncertainty``
    (canonical ids; uncertainty NaN where not given), in the file's order.

    Raises
    ------
    DatasetNotFoundError
        As :func:`get_dataset`.
    """
    import pandas as pd

    from peakzero.accounting.activity import ACTIVITY_COLUMNS, OPTIONAL_COLUMNS

    row = _visible(session, name, region, regions)
    columns = [*ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS]
    query = (
        select(*(getattr(DatasetLineRow, c) for c in columns))
        .where(DatasetLineRow.dataset == row.id)
        .order_by(DatasetLineRow.position)
    )
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        found = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in found], columns=columns)
    frame["uncertainty"] = frame["uncertainty"].astype("float64")
    return frame


def delete_dataset(
    session: Session,
    name: str,
    region: str,
    who: str,
    regions: Collection[str] | None = None,
    *,
    commit: bool = True,
) -> Dataset:
    """Delete the dataset ``name`` of ``region`` and its rows, audited, in one transaction.

    Raises
    ------
    DatasetNotFoundError
        As :func:`get_dataset`; nothing is deleted.
    StoreError
        If ``who`` is empty or the database refuses the change; nothing is deleted.
    """
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)
    try:
        row = _visible(session, name, region, regions)
        dataset = _dataset(row)
        with translate_errors(session_url(session), f"delete dataset {name!r} from"):
            # The rows go explicitly: SQLite enforces ON DELETE CASCADE only with its pragma.
            session.execute(delete(DatasetLineRow).where(DatasetLineRow.dataset == row.id))
            session.delete(row)
            _audit(session, dataset, "delete", dataset, None, who.strip())
            session.flush()
            if commit:
                session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return dataset


def dataset_inventory(
    session: Session,
    name: str,
    region: str,
    regions: Collection[str] | None = None,
    *,
    factors: str | os.PathLike[str] | None = None,
    grid_factor: str | None = None,
    heat_factor: str | None = None,
    gwp: str | None = None,
) -> Inventory:
    """The inventory (:class:`~peakzero.accounting.engine.Inventory`) of a stored dataset,
    computed with the named factors (the defaults of :func:`~peakzero.accounting.run_accounting`
    when not given).

    Raises
    ------
    DatasetNotFoundError
        As :func:`get_dataset`.
    InputError
        If the factor set lacks a factor the rows need.
    """
    from peakzero.accounting.activity import validate_activity
    from peakzero.accounting.engine import compute_inventory
    from peakzero.accounting.factors import load_factor_set, load_grid_factor
    from peakzero.accounting.run import DEFAULTS
    from peakzero.io.tables import Table

    rows = dataset_activity(session, name, region, regions)
    text = rows.astype(object).where(rows.notna(), "").astype(str)
    if rows["uncertainty"].isna().all():
        text = text.drop(columns="uncertainty")
    table = Table(text, f"dataset {region}/{name}", list(range(2, len(rows) + 2)))
    return compute_inventory(
        validate_activity(table),
        load_factor_set(factors or DEFAULTS["factors"]),
        load_grid_factor(grid_factor or DEFAULTS["grid_factor"], "electricity"),
        load_grid_factor(heat_factor or DEFAULTS["heat_factor"], "heat"),
        gwp or DEFAULTS["gwp"],
    )


# --- helpers -------------------------------------------------------------------------------------


def _checked(
    activity: str | os.PathLike[str] | pd.DataFrame, sheet: str | None
) -> tuple[pd.DataFrame, str, str]:
    """The validated activity, its file name and the SHA-256 of the inputs: the file's bytes,
    or a table's CSV (UTF-8, no index)."""
    import pandas as pd

    from peakzero.accounting.activity import (
        ACTIVITY_COLUMNS,
        OPTIONAL_COLUMNS,
        read_activity,
        validate_activity,
    )
    from peakzero.io.tables import Table

    if isinstance(activity, pd.DataFrame):
        frame = activity.reset_index(drop=True)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        text = frame.astype(object).where(frame.notna(), "").astype(str)
        digest = hashlib.sha256(text.to_csv(index=False).encode("utf-8")).hexdigest()
        file = str(activity.attrs.get("file", _FRAME))
        allowed = [*ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS]
        problems = [
            Problem(file, f"missing column '{c}'; the columns are: {', '.join(allowed)}", 1, c)
            for c in ACTIVITY_COLUMNS
            if c not in text.columns
        ]
        problems += [
            Problem(file, f"unknown column '{c}'; the columns are: {', '.join(allowed)}", 1, c)
            for c in text.columns
            if c not in allowed
        ]
        if problems:
            raise InputError(problems)
        lines = list(range(2, len(text) + 2))  # as a CSV of the table: the header is line 1
        return validate_activity(Table(text, file, lines)), file, digest
    file = str(activity)
    try:
        content = Path(activity).read_bytes()
    except OSError:
        raise InputError(Problem(file, "file not found or unreadable")) from None
    data = read_activity(activity, sheet)
    return data, file, hashlib.sha256(content).hexdigest()


def _check_regions(data: pd.DataFrame, region: str) -> None:
    """A district's dataset holds that district's rows; the city's, the city's or a
    district's (so that a district officer's scope covers every row of their datasets)."""
    allowed = (region,) if region != codes.CITY else codes.region_scopes()
    wrong = ~data["region"].astype(str).isin(allowed)
    if not wrong.any():
        return
    file = str(data.attrs.get("file", _FRAME))
    what = (
        f"a dataset of {region} holds rows of {region} only"
        if region != codes.CITY
        else f"a dataset of {region} holds rows of the city or its districts"
    )
    raise InputError(
        [
            Problem(file, f"{what}; store the file under the rows' region", int(line), "region", r)
            for line, r in zip(data["line"][wrong], data["region"][wrong], strict=True)
        ]
    )


def _lines(dataset: int, data: pd.DataFrame) -> list[dict[str, Any]]:
    import pandas as pd

    uncertainty = data["uncertainty"].astype("float64")
    return [
        {
            "dataset": dataset,
            "position": position,
            "line": int(line),
            "region": str(region),
            "year": int(year),
            "sector": str(sector),
            "fuel": str(fuel),
            "value": float(value),
            "unit": str(unit),
            "uncertainty": None if pd.isna(u) else float(u),
        }
        for position, (line, region, year, sector, fuel, value, unit, u) in enumerate(
            zip(
                data["line"],
                data["region"],
                data["year"],
                data["sector"],
                data["fuel"],
                data["value"],
                data["unit"],
                uncertainty,
                strict=True,
            )
        )
    ]


def _find(session: Session, name: str, region: str) -> DatasetRow | None:
    query = select(DatasetRow).where(DatasetRow.name == name, DatasetRow.region == region)
    return session.scalars(query).one_or_none()


def _visible(
    session: Session, name: str, region: str, regions: Collection[str] | None
) -> DatasetRow:
    with translate_errors(session_url(session), "read from", NOT_SET_UP_HINT):
        row = None
        if regions is None or region in regions:
            row = _find(session, name.strip(), region)
    if row is None:
        msg = f"no dataset {name!r} of region {region}; `peakzero inventory datasets list`"
        raise DatasetNotFoundError(msg)
    return row


def _dataset(row: DatasetRow) -> Dataset:
    return Dataset(
        row.name,
        row.region,
        row.who,
        as_utc(row.created_at),
        row.sha256,
        row.source,
        row.row_count,
    )


def _audit(
    session: Session,
    dataset: Dataset,
    action: str,
    before: Dataset | None,
    after: Dataset | None,
    who: str | None = None,
) -> None:
    add_audit(
        session,
        action=action,
        table=TABLE,
        key=f"{dataset.region}/{dataset.name}",
        who=who or dataset.who,
        before=None if before is None else before.as_dict(),
        after=None if after is None else after.as_dict(),
        region=dataset.region,
    )
