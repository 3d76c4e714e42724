"""Named inventory datasets (``peakzero.store.datasets``): stored per region with who, when and
the inputs' hash, read back through a region filter, audited, and all or nothing. Each test runs
on SQLite and, with PEAKZERO_TEST_POSTGRES_URL, on PostgreSQL (tests/store/conftest.py)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from peakzero.codes import CITY
from peakzero.errors import InputError
from peakzero.programme import load_programme
from peakzero.store.database import StoreError, alembic_config, make_engine, upgrade
from peakzero.store.datasets import (
    DatasetNotFoundError,
    dataset_activity,
    dataset_inventory,
    delete_dataset,
    get_dataset,
    list_datasets,
    resolve_region,
    save_dataset,
)
from peakzero.store.models import AuditRow, DatasetLineRow, DatasetRow
from peakzero.store.repository import audit_trail, save_programme
from peakzero.store.repository import load_programme as load_stored

HAIDIAN, CHAOYANG = "CN-BJ-110108", "CN-BJ-110105"
HEADER = "region,year,sector,fuel,value,unit\n"


def activity(tmp_path: Path, region: str = CITY, name: str = "activity.csv") -> Path:
    path = tmp_path / name
    path.write_text(
        HEADER
        + f"{region},2019,EB46,gasoline,1,万吨\n"
        + f"{region},2019,EB39,natural_gas,2,亿立方米\n"
        + f"{region},2020,EB44,electricity,1,亿千瓦时\n",
        encoding="utf-8",
    )
    return path


def counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(DatasetRow)) or 0,
        session.scalar(select(func.count()).select_from(DatasetLineRow)) or 0,
        session.scalar(select(func.count()).select_from(AuditRow)) or 0,
    )


def test_save_then_get_gives_who_when_hash_and_rows(session: Session, tmp_path: Path) -> None:
    path = activity(tmp_path)
    stored = save_dataset(session, " 2019 ", "Beijing", "alice", path)
    assert (stored.name, stored.region, stored.who, stored.row_count) == (
        "2019",
        CITY,
        "alice",
        3,
    )
    assert stored.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert stored.source == "activity.csv"
    assert stored.created_at.tzinfo is not None
    assert get_dataset(session, "2019", CITY) == stored
    rows = dataset_activity(session, "2019", CITY)
    assert list(rows.columns) == [
        "region",
        "year",
        "sector",
        "fuel",
        "value",
        "unit",
        "uncertainty",
    ]
    assert rows[["sector", "fuel", "value"]].values.tolist() == [
        ["EB46", "gasoline", 1.0],
        ["EB39", "natural_gas", 2.0],
        ["EB44", "electricity", 1.0],
    ]
    assert rows["uncertainty"].isna().all()


def test_the_inventory_is_computed_from_the_stored_rows(session: Session, tmp_path: Path) -> None:
    from peakzero.accounting.run import run_accounting

    path = activity(tmp_path)
    save_dataset(session, "2019", CITY, "alice", path)
    again = dataset_inventory(session, "2019", CITY).emissions
    direct = run_accounting(path).inventory.emissions
    assert again["value"].sum() == pytest.approx(direct["value"].sum(), rel=1e-12)
    assert len(again) == len(direct)


def test_the_region_filter_is_the_scope_of_every_list_and_get(
    session: Session, tmp_path: Path
) -> None:
    save_dataset(session, "2019", CITY, "city", activity(tmp_path))
    save_dataset(session, "2019", HAIDIAN, "hd", activity(tmp_path, HAIDIAN, "hd.csv"))
    save_dataset(session, "2019", "朝阳区", "cy", activity(tmp_path, CHAOYANG, "cy.csv"))
    assert [(d.region, d.name) for d in list_datasets(session)] == [
        (CITY, "2019"),
        (CHAOYANG, "2019"),
        (HAIDIAN, "2019"),
    ]
    assert [d.region for d in list_datasets(session, [HAIDIAN])] == [HAIDIAN]
    assert list_datasets(session, []) == ()
    assert get_dataset(session, "2019", HAIDIAN, [HAIDIAN]).who == "hd"
    # Another district's dataset reads exactly like one that does not exist (404, not 403).
    with pytest.raises(DatasetNotFoundError) as hidden:
        get_dataset(session, "2019", CHAOYANG, [HAIDIAN])
    with pytest.raises(DatasetNotFoundError) as missing:
        get_dataset(session, "2018", HAIDIAN, [HAIDIAN])
    assert str(hidden.value).replace(CHAOYANG, "X").replace("2019", "N") == str(
        missing.value
    ).replace(HAIDIAN, "X").replace("2018", "N")
    with pytest.raises(DatasetNotFoundError):
        dataset_activity(session, "2019", CHAOYANG, [HAIDIAN])
    with pytest.raises(DatasetNotFoundError):
        delete_dataset(session, "2019", CHAOYANG, "hd", [HAIDIAN])
    assert len(list_datasets(session)) == 3


def test_a_name_is_unique_within_its_region(session: Session, tmp_path: Path) -> None:
    save_dataset(session, "2019", CITY, "alice", activity(tmp_path))
    before = counts(session)
    with pytest.raises(InputError, match="already has a dataset of this name"):
        save_dataset(session, "2019", CITY, "bob", activity(tmp_path))
    assert counts(session) == before


def test_a_bad_file_stores_nothing_and_names_each_cell(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "CN-BJ,2019,EB46,gasolinx,1,万吨\nCN-BJ,20x9,EB46,diesel_oil,1,万吨\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        save_dataset(session, "bad", CITY, "alice", bad)
    found = [(p.file, p.line, p.column, p.value) for p in caught.value.problems]
    assert (str(bad), 2, "fuel", "gasolinx") in found
    assert (str(bad), 3, "year", "20x9") in found
    assert "allowed" in caught.value.problems[0].message
    assert counts(session) == (0, 0, 0)


def test_a_districts_dataset_holds_only_its_districts_rows(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        save_dataset(session, "2019", HAIDIAN, "hd", activity(tmp_path, CHAOYANG))
    assert {(p.line, p.column, p.value) for p in caught.value.problems} == {
        (2, "region", CHAOYANG),
        (3, "region", CHAOYANG),
        (4, "region", CHAOYANG),
    }
    # The city's dataset may hold its districts' rows (a city-wide file by district).
    save_dataset(session, "by district", CITY, "city", activity(tmp_path, CHAOYANG))
    with pytest.raises(InputError, match="rows of the city or its districts"):
        save_dataset(session, "shanghai", CITY, "city", activity(tmp_path, "CN-SH"))
    assert counts(session)[0] == 1


@pytest.mark.parametrize(
    ("name", "region", "message"),
    [
        ("", CITY, "a dataset name is 1 to 100 characters"),
        ("x" * 101, CITY, "a dataset name is 1 to 100 characters"),
        ("2019", "CN-SH", "unknown region; give the city or a district: CN-BJ (Beijing)"),
        ("2019", "Atlantis", "CN-BJ-110108 (Haidian)"),
    ],
)
def test_a_bad_name_or_region_stores_nothing(
    session: Session, tmp_path: Path, name: str, region: str, message: str
) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        save_dataset(session, name, region, "alice", activity(tmp_path))
    assert counts(session) == (0, 0, 0)


def test_who_is_required(session: Session, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="who made it"):
        save_dataset(session, "2019", CITY, " ", activity(tmp_path))
    assert counts(session) == (0, 0, 0)


def test_a_table_is_stored_like_a_file(session: Session) -> None:
    frame = pd.DataFrame(
        {
            "Region": [HAIDIAN, HAIDIAN],
            "year": ["2019", "2020"],
            "sector": ["EB46", "EB46"],
            "fuel": ["gasoline", "gasoline"],
            "value": ["1", "2"],
            "unit": ["万吨", "万吨"],
            "uncertainty": ["5", ""],
        }
    )
    stored = save_dataset(session, "upload", HAIDIAN, "hd", frame)
    assert (stored.source, stored.row_count) == ("<table>", 2)
    rows = dataset_activity(session, "upload", HAIDIAN)
    assert rows["uncertainty"].tolist()[0] == 5.0
    assert pd.isna(rows["uncertainty"].tolist()[1])
    with pytest.raises(InputError) as caught:
        save_dataset(session, "broken", HAIDIAN, "hd", frame.assign(value=["1", "-2"]))
    assert [(p.file, p.line, p.column) for p in caught.value.problems] == [("<table>", 3, "value")]
    with pytest.raises(InputError, match="missing column 'unit'"):
        save_dataset(session, "short", HAIDIAN, "hd", frame.drop(columns="unit"))


def test_saves_and_deletes_are_audited_with_their_region(session: Session, tmp_path: Path) -> None:
    stored = save_dataset(session, "2019", HAIDIAN, "hd", activity(tmp_path, HAIDIAN))
    gone = delete_dataset(session, "2019", HAIDIAN, "boss", [HAIDIAN])
    assert gone == stored
    assert counts(session)[:2] == (0, 0)
    inserted, deleted = audit_trail(session)
    assert (inserted.action, inserted.table, inserted.key, inserted.who, inserted.region) == (
        "insert",
        "inventory_datasets",
        f"{HAIDIAN}/2019",
        "hd",
        HAIDIAN,
    )
    assert inserted.before is None
    assert inserted.after == stored.as_dict()
    assert (deleted.action, deleted.who, deleted.region, deleted.after) == (
        "delete",
        "boss",
        HAIDIAN,
        None,
    )
    assert deleted.before == stored.as_dict()
    assert inserted.programme == ""  # a dataset belongs to no programme
    with pytest.raises(DatasetNotFoundError):
        get_dataset(session, "2019", HAIDIAN)


def test_a_failure_in_the_database_stores_nothing(
    engine: Engine, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import peakzero.store.datasets as datasets

    lines = datasets._lines

    def broken(dataset: int, data: pd.DataFrame) -> list[dict[str, object]]:
        rows = lines(dataset, data)
        rows[-1]["value"] = None  # the last row breaks NOT NULL after the others went in
        return rows

    monkeypatch.setattr(datasets, "_lines", broken)
    with pytest.raises(StoreError):
        save_dataset(session, "2019", CITY, "alice", activity(tmp_path))
    with Session(engine) as fresh:
        assert counts(fresh) == (0, 0, 0)


def test_a_programme_save_audits_the_region_of_tasks(session: Session) -> None:
    programme = load_programme()
    first = programme.tasks[0]
    moved = dataclasses.replace(
        programme,
        tasks=(dataclasses.replace(first, region=HAIDIAN), *programme.tasks[1:]),
    )
    save_programme(session, programme, "alice")
    (change,) = save_programme(session, moved, "bob")
    assert (change.table, change.key, change.region) == ("tasks", first.code, HAIDIAN)
    assert change.before is not None and change.before["region"] == CITY
    assert load_stored(session, programme.code).tasks[0].region == HAIDIAN
    areas = [e for e in audit_trail(session) if e.table == "areas"]
    assert areas and all(e.region is None for e in areas)


def test_migration_0006_makes_stored_tasks_the_citys_and_goes_back(db_url: str) -> None:
    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO programmes (code, name_zh, name_en) VALUES ('p', '甲', 'P')")
            )
            connection.execute(
                text(
                    "INSERT INTO areas (programme, code, position, name_zh, name_en) "
                    "VALUES ('p', 'a', 0, '甲', 'A')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO tasks (programme, code, position, area, name_zh, name_en, "
                    "kind, information) VALUES ('p', 't', 0, 'a', '甲', 'T', 'platform', "
                    "'unverified')"
                )
            )
        upgrade(db_url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT region FROM tasks")).scalar_one() == CITY
        with engine.begin() as connection, pytest.raises(DBAPIError, match=r"(?i)check"):
            connection.execute(text("UPDATE tasks SET region = 'CN-SH'"))
        names = set(inspect(engine).get_table_names())
        assert {"inventory_datasets", "inventory_dataset_rows"} <= names
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
            connection.commit()
        inspector = inspect(engine)
        assert "inventory_datasets" not in inspector.get_table_names()
        assert "region" not in {c["name"] for c in inspector.get_columns("tasks")}
        assert "region" not in {c["name"] for c in inspector.get_columns("audit_log")}
        with engine.connect() as connection:  # the stored task survived down and up
            assert connection.execute(text("SELECT code FROM tasks")).scalar_one() == "t"
    finally:
        engine.dispose()


def test_resolve_region_takes_codes_and_names() -> None:
    assert resolve_region("海淀区") == resolve_region("Haidian") == HAIDIAN
    assert resolve_region("CN-BJ") == CITY


def test_a_workbook_is_stored_and_its_bad_cell_named_by_sheet_and_row(
    session: Session, tmp_path: Path
) -> None:
    import openpyxl

    path = tmp_path / "activity.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2019"
    sheet.append(["region", "year", "sector", "fuel", "value", "unit"])
    sheet.append([HAIDIAN, 2019, "EB46", "gasoline", 1, "万吨"])
    sheet.append([HAIDIAN, 2019, "EB46", "diesel_oil", "lots", "万吨"])
    book.save(path)
    with pytest.raises(InputError) as caught:
        save_dataset(session, "2019", HAIDIAN, "hd", path, sheet="2019")
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.line, problem.column, problem.value) == (
        "2019",
        3,
        "value",
        "lots",
    )
    assert counts(session) == (0, 0, 0)
    sheet.delete_rows(3)
    book.save(path)
    stored = save_dataset(session, "2019", HAIDIAN, "hd", path)
    assert (stored.source, stored.row_count) == ("activity.xlsx", 1)
    assert stored.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
