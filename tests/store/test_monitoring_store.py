"""Monitoring in the store (``peakzero.store.monitoring``): migration 0010 up and down, proxy
imports through each backend's bulk path, audited and all or nothing, QA findings, vintages and
revisions with earlier vintages still readable. Each test runs on SQLite and, with
PEAKZERO_TEST_POSTGRES_URL, on PostgreSQL (tests/store/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from peakzero.errors import InputError
from peakzero.store.database import StoreError, alembic_config, make_engine, upgrade
from peakzero.store.models import AuditRow
from peakzero.store.monitoring import (
    FindingRow,
    ImportRow,
    MonitoringNotFoundError,
    ProxyRow,
    RevisionRow,
    VintageRow,
    VintageValueRow,
    bulk,
    import_findings,
    import_proxies,
    imports,
    list_imports,
    list_vintages,
    read_proxies,
    read_revisions,
    read_vintage,
    reconcile_vintage,
    save_vintage,
)

HAIDIAN = "CN-BJ-110108"
TABLES = {
    "monitoring_imports",
    "monitoring_proxies",
    "monitoring_findings",
    "monitoring_vintages",
    "monitoring_values",
    "monitoring_revisions",
}
META: dict[str, Any] = {
    "file_name": "proxies.csv",
    "sha256": "ab" * 32,
    "who": "alice",
    "region": "CN-BJ",
    "source": "State Grid Beijing (illustrative test rows)",
    "vintage": "2025-03-flash",
    "status": "flash",
}


def proxies(n: int = 5) -> pd.DataFrame:
    """``n`` proxy rows: daily and monthly periods, the city and a district, a value that only
    round-trips exactly if written with full precision, and a unit the CSV must quote."""
    days = pd.date_range("2025-01-01", periods=n, freq="D").strftime("%Y-%m-%d")
    frame = pd.DataFrame(
        {
            "region": ["CN-BJ", HAIDIAN] * (n // 2) + ["CN-BJ"] * (n % 2),
            "period": list(days),
            "sector": "I.1",
            "proxy": "gas_consumption",
            "value": np.arange(n) + 0.1 + 0.2,
            "unit": 'Mm3, "std"',
        }
    )
    frame.loc[0, "period"] = "2025-01"
    return frame


def findings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["missing_date", "negative"],
            "severity": ["warning", "error"],
            "sector": ["I.1", None],
            "proxy": ["gas_consumption", None],
            "period": ["2025-02-29", None],
            "message": ["no value for 2025-02-29", "a negative value"],
        }
    )


def counts(session: Session) -> dict[str, int]:
    kinds = {
        "imports": ImportRow,
        "proxies": ProxyRow,
        "findings": FindingRow,
        "vintages": VintageRow,
        "values": VintageValueRow,
        "revisions": RevisionRow,
        "audit": AuditRow,
    }
    return {k: session.scalar(select(func.count()).select_from(v)) or 0 for k, v in kinds.items()}


NOTHING = dict.fromkeys(
    ("imports", "proxies", "findings", "vintages", "values", "revisions", "audit"), 0
)

# --- migration -------------------------------------------------------------------------------


def test_migration_0010_up_and_down(db_url: str) -> None:
    upgrade(db_url, "0009")
    engine = make_engine(db_url)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(db_url)
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.begin() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
        names = set(inspect(engine).get_table_names())
        assert not TABLES & names
        assert {"inventory_datasets", "audit_log", "grid_runs"} <= names  # earlier tables stay
    finally:
        engine.dispose()


# --- imports ---------------------------------------------------------------------------------


def test_an_import_stores_rows_findings_and_its_audit_row(session: Session) -> None:
    frame = proxies()
    stored = import_proxies(session, frame, findings(), **META)
    assert (stored.region, stored.row_count, stored.status, stored.vintage) == (
        "CN-BJ",
        5,
        "flash",
        "2025-03-flash",
    )
    assert stored.created_at.tzinfo is not None
    assert list_imports(session) == (stored,)
    assert list_imports(session, [HAIDIAN]) == ()
    back = read_proxies(session, stored.id)
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert back["value"].to_list() == frame["value"].to_list()  # exact, not approximately
    found = import_findings(session, stored.id)
    assert found["code"].to_list() == ["missing_date", "negative"]
    assert found["sector"].to_list() == ["I.1", None]
    audit = session.scalars(select(AuditRow)).one()
    assert (audit.table_name, audit.key, audit.action, audit.who, audit.region) == (
        "monitoring_imports",
        f"CN-BJ/{stored.id}",
        "insert",
        "alice",
        "CN-BJ",
    )
    assert audit.after == stored.as_dict()
    with pytest.raises(MonitoringNotFoundError):
        read_proxies(session, stored.id + 1)


def test_the_bulk_path_of_each_backend_writes_every_chunk(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Binary COPY on PostgreSQL, executemany on SQLite, in pieces of CHUNK_ROWS."""
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 4)
    backend = session.get_bind().dialect.name
    used = "_copy" if backend == "postgresql" else "_executemany"
    other = "_executemany" if backend == "postgresql" else "_copy"
    calls: list[str] = []
    pieces: list[object] = []
    chunks = bulk._tuple_chunks
    path = getattr(bulk, used)

    def spy_chunks(import_id: int, rows: pd.DataFrame) -> Iterator[Iterator[tuple[Any, ...]]]:
        for piece in chunks(import_id, rows):
            pieces.append(piece)
            yield piece

    def spy_path(driver: Any, import_id: int, rows: pd.DataFrame) -> None:
        calls.append(type(driver).__module__)
        path(driver, import_id, rows)

    def unused(driver: Any, import_id: int, rows: pd.DataFrame) -> None:
        raise AssertionError(f"{other} is not {backend}'s bulk path")

    monkeypatch.setattr(bulk, "_tuple_chunks", spy_chunks)
    monkeypatch.setattr(bulk, used, spy_path)
    monkeypatch.setattr(bulk, other, unused)
    frame = proxies(10)
    stored = import_proxies(session, frame, None, **META)
    assert len(calls) == 1
    assert calls[0].startswith("psycopg" if backend == "postgresql" else "sqlite3")
    assert len(pieces) == 3  # 4 + 4 + 2 rows
    pd.testing.assert_frame_equal(read_proxies(session, stored.id), frame, check_dtype=False)
    positions = session.scalars(select(ProxyRow.position).order_by(ProxyRow.position)).all()
    assert list(positions) == list(range(10))


def test_a_failure_midway_leaves_no_rows_and_no_audit(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 2)
    original = bulk._tuple_chunks

    def breaks(import_id: int, rows: pd.DataFrame) -> Iterator[Iterator[tuple[Any, ...]]]:
        pieces = original(import_id, rows)
        yield next(pieces)  # the first piece is written …
        raise RuntimeError("the disk is full")  # … then the load fails

    monkeypatch.setattr(bulk, "_tuple_chunks", breaks)
    with pytest.raises(RuntimeError, match="disk is full"):
        import_proxies(session, proxies(6), findings(), **META)
    assert counts(session) == NOTHING
    monkeypatch.setattr(bulk, "_tuple_chunks", original)
    import_proxies(session, proxies(6), findings(), **META)  # the session is still usable
    assert counts(session)["proxies"] == 6


def test_the_audit_row_is_in_the_imports_transaction(session: Session) -> None:
    import_proxies(session, proxies(), findings(), **META, commit=False)
    assert counts(session)["audit"] == 1
    assert counts(session)["proxies"] == 5
    session.rollback()  # the caller's transaction goes: the audit row goes with it
    assert counts(session) == NOTHING


def test_a_failure_after_the_rows_rolls_back_everything(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuses(*args: object, **kwargs: object) -> None:
        raise StoreError("the audit log refused the row")

    monkeypatch.setattr(imports, "audit_insert", refuses)
    with pytest.raises(StoreError, match="refused"):
        import_proxies(session, proxies(), findings(), **META)
    assert counts(session) == NOTHING


def test_bad_input_names_each_cell_and_stores_nothing(session: Session) -> None:
    frame = proxies().astype({"value": object})
    frame.loc[1, "value"] = "n/a"
    frame.loc[2, "sector"] = " "
    frame.loc[3, "region"] = "CN-SH"
    frame.loc[4, "period"] = "2025-02-30"
    frame.loc[0, "unit"] = None
    with pytest.raises(InputError) as info:
        import_proxies(session, frame, None, **META)
    assert [(p.line, p.column) for p in info.value.problems] == [
        (2, "unit"),
        (3, "value"),
        (4, "sector"),
        (5, "region"),
        (6, "period"),
    ]
    assert "2025-02-30" in str(info.value)
    # A district's import holds that district's rows only.
    with pytest.raises(InputError, match=f"an import of {HAIDIAN} holds rows of {HAIDIAN}"):
        import_proxies(session, proxies(), None, **{**META, "region": HAIDIAN})
    blank = findings()
    blank.loc[1, "message"] = None
    with pytest.raises(InputError, match="a finding has a code, a severity and a message"):
        import_proxies(session, proxies(), blank, **META)
    with pytest.raises(InputError, match="missing column 'unit'"):
        import_proxies(session, proxies().drop(columns="unit"), None, **META)
    with pytest.raises(InputError, match="a status is one of: flash, final"):
        import_proxies(session, proxies(), None, **{**META, "status": "draft"})
    with pytest.raises(StoreError, match="who"):
        import_proxies(session, proxies(), None, **{**META, "who": " "})
    assert counts(session) == NOTHING


# --- vintages --------------------------------------------------------------------------------

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


def flash() -> pd.DataFrame:
    i1 = np.arange(1.0, 13.0)
    return pd.DataFrame(
        {
            "region": "CN-BJ",
            "sector": ["I.1"] * 12 + ["II.1"] * 12,
            "month": MONTHS * 2,
            "value": [*i1, *[1.0] * 12],
            "low": [*(0.9 * i1), *[np.nan] * 12],
            "high": [*(1.1 * i1), *[np.nan] * 12],
        }
    )


VINTAGE: dict[str, Any] = {
    "method_version": "0.1",
    "base_inventory": "CEADs",
    "base_year": 2019,
    "source": "peakzero monitor (test)",
    "who": "bob",
}


def test_a_revision_keeps_the_earlier_vintage_readable(session: Session) -> None:
    first = save_vintage(session, flash(), vintage="2024-flash", status="flash", **VINTAGE)
    inventory = pd.DataFrame(
        {"region": "CN-BJ", "sector": ["I.1", "II.1"], "year": 2024, "value": [156.0, 9.0]}
    )
    second, revisions = reconcile_vintage(
        session,
        "2024-flash",
        inventory,
        vintage="2024-final",
        base_inventory="CEADs 2024",
        base_year=2024,
        who="carol",
    )
    assert (second.status, second.supersedes, second.base_year) == ("final", "2024-flash", 2024)
    assert second.source == VINTAGE["source"]  # the old vintage's unless given
    assert list_vintages(session) == (first, second)
    before = read_vintage(session, "2024-flash")
    pd.testing.assert_frame_equal(
        before.sort_values(["sector", "month"], ignore_index=True),
        flash().sort_values(["sector", "month"], ignore_index=True),
        check_dtype=False,
    )
    assert before.attrs["vintage"]["status"] == "flash"
    after = read_vintage(session, "2024-final")
    assert after.attrs["vintage"]["id"] == "2024-final"
    sums = after.groupby("sector")["value"].sum()
    assert sums["I.1"] == pytest.approx(156.0, abs=1e-9)
    assert sums["II.1"] == pytest.approx(9.0, abs=1e-9)
    stored = read_revisions(session, "2024-final")
    assert (stored["old_vintage"] == "2024-flash").all()
    assert len(stored) == 26
    year = stored[stored["period"] == "2024"].set_index("sector")
    assert year.loc[["I.1"], ["old", "new", "change", "change_pct"]].to_numpy().tolist()[0] == [
        78.0,
        156.0,
        78.0,
        100.0,
    ]
    assert year.loc["II.1", "change_pct"] == pytest.approx(-25.0)
    assert len(revisions) == len(stored)
    assert read_revisions(session, "2024-flash").empty
    audits = session.scalars(select(AuditRow).order_by(AuditRow.id)).all()
    assert [(a.table_name, a.key, a.who) for a in audits] == [
        ("monitoring_vintages", "2024-flash", "bob"),
        ("monitoring_vintages", "2024-final", "carol"),
    ]


def test_a_vintage_is_never_replaced_and_bad_values_store_nothing(session: Session) -> None:
    save_vintage(session, flash(), vintage="v1", status="flash", **VINTAGE)
    before = counts(session)
    with pytest.raises(InputError, match="never replaced"):
        save_vintage(session, flash(), vintage="v1", status="final", **VINTAGE)
    twice = pd.concat([flash(), flash().iloc[[3]]], ignore_index=True)
    with pytest.raises(InputError, match="repeats an earlier row"):
        save_vintage(session, twice, vintage="v2", status="flash", **VINTAGE)
    bad = flash().astype({"value": object})
    bad.loc[1, "region"] = "CN-SH"
    bad.loc[2, "month"] = "2024-13"
    bad.loc[3, "value"] = "x"
    bad.loc[4, "low"] = np.inf
    with pytest.raises(InputError) as info:
        save_vintage(session, bad, vintage="v2", status="flash", **VINTAGE)
    assert [(p.line, p.column) for p in info.value.problems] == [
        (3, "region"),
        (4, "month"),
        (5, "value"),
        (6, "low"),
    ]
    with pytest.raises(InputError, match="supersedes"):
        save_vintage(session, flash(), vintage="v2", status="final", revisions=flash(), **VINTAGE)
    with pytest.raises(MonitoringNotFoundError):
        save_vintage(session, flash(), vintage="v2", status="final", supersedes="v0", **VINTAGE)
    with pytest.raises(MonitoringNotFoundError):
        read_vintage(session, "v0")
    assert counts(session) == before
