"""Record types declared once: what the declaration yields (reader, workbook, table, model, page).

The record type ``Sample`` below is a test fixture, not part of peakzero's data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from sqlalchemy import Date, Double, Integer, MetaData, String, Text

from peakzero.errors import Problem
from peakzero.programme.domain import PROGRAMME, RECORDS, KPIActual, Readiness, Task
from peakzero.programme.reference import PAGE, programme_reference
from peakzero.records import (
    RecordType,
    choice,
    code,
    day,
    declared,
    integer,
    label,
    number,
    record,
    ref,
    text,
)
from peakzero.records.reading import FieldReader, build, complete, read_values
from peakzero.records.schema import model_of, to_record
from peakzero.records.workbook import FIRST_ROW, placed, read_table, write_sheet
from peakzero.store.declared import Owner, table_of
from peakzero.store.models import ROWS

REPO = Path(__file__).resolve().parents[2]


@record("samples", zh="样本", en="samples", noun="a sample", key=("code",))
class Sample:
    """A test record type with one field of each kind (illustrative, not peakzero data)."""

    code: str = code("代码", "code")
    name: str = label("名称", "name")
    colour: str = choice(("red", "blue"), "颜色", "colour")
    parent: str | None = ref("samples", "上级", "parent", default=None)
    mass: float | None = number("质量", "mass", unit="t", low=0, default=None)
    count: int | None = integer("数量", "count", low=1, high=9, default=None)
    seen: date | None = day("日期", "seen on", default=None)
    note: str | None = text("备注", "note", default=None)


SAMPLE = declared(Sample)


def read(raw: object) -> tuple[dict[str, object] | None, list[Problem]]:
    r = FieldReader("f.yaml", {"samples.0": 7})
    values = read_values(r, SAMPLE, raw, "samples.0")
    return values, r.problems


def test_a_good_entry_reads_into_its_record() -> None:
    raw = {
        "code": "s-1",
        "name": "one",
        "colour": "red",
        "mass": 2,
        "count": 3,
        "seen": "2025-01-02",
    }
    values, problems = read(raw)
    assert problems == [] and values is not None and complete(SAMPLE, values)
    assert build(SAMPLE, values) == Sample("s-1", "one", "red", None, 2.0, 3, date(2025, 1, 2))


@pytest.mark.parametrize(
    ("raw", "column", "words"),
    [
        ({"code": "s 1", "name": "n", "colour": "red"}, "samples.0.code", "must be a code"),
        ({"code": "s", "name": "n", "colour": "green"}, "samples.0.colour", "one of red, blue"),
        ({"code": "s", "name": "n", "colour": "red", "mass": -1}, "samples.0.mass", "at least 0"),
        ({"code": "s", "name": "n", "colour": "red", "count": 10}, "samples.0.count", "1-9"),
        (
            {"code": "s", "name": "n", "colour": "red", "seen": "2025-13-01"},
            "samples.0.seen",
            "date",
        ),
        ({"code": "s", "name": "n", "colour": "red", "size": 1}, "samples.0.size", "unknown key"),
        ({"name": "n", "colour": "red"}, "samples.0", "a sample lacks code"),
    ],
)
def test_each_defect_is_placed_at_its_key_path(raw: object, column: str, words: str) -> None:
    _, problems = read(raw)
    (problem,) = problems
    assert problem.column == column and words in problem.message and problem.line == 7


def test_a_missing_name_or_wrong_choice_keeps_the_record_a_missing_code_does_not() -> None:
    values, _ = read({"code": "s", "colour": "green"})
    assert values is not None and complete(SAMPLE, values)
    assert build(SAMPLE, values).name == "" and build(SAMPLE, values).colour == "green"
    values, _ = read({"code": "s", "name": "n"})
    assert values is not None and build(SAMPLE, values).colour == ""
    values, _ = read({"name": "n", "colour": "red"})
    assert values is not None and not complete(SAMPLE, values)


def test_a_declaration_names_only_its_own_fields() -> None:
    with pytest.raises(TypeError, match="'serial' is not a declared field"):

        @record("bad", zh="坏", en="bad", noun="a bad one", key=("serial",))
        class Bad:
            code: str = code("代码", "code")

    with pytest.raises(TypeError, match="not a record type"):
        declared(Problem)


def test_the_workbook_sheet_round_trips_and_validates_as_declared(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = [Sample("s-1", "one", "red", None, 2.5, 3, date(2025, 1, 2), "x")]
    write_sheet(sheet, SAMPLE, rows)
    assert [c.value for c in sheet[1]] == [f.spec.zh for f in SAMPLE.fields]
    assert [c.value for c in sheet[2]] == list(SAMPLE.names)
    rules = {
        str(v.sqref): (v.type, v.formula1, v.formula2)
        for v in sheet.data_validations.dataValidation
    }
    assert rules[f"C{FIRST_ROW}:C5000"] == ("list", '"red,blue"', None)
    assert rules[f"E{FIRST_ROW}:E5000"] == ("decimal", "0", None)
    assert rules[f"F{FIRST_ROW}:F5000"] == ("whole", "1", "9")
    assert f"D{FIRST_ROW}:D5000" not in rules  # a link to its own sheet gets no drop-down
    book.save(tmp_path / "s.xlsx")
    read_back = load_workbook(tmp_path / "s.xlsx").active
    assert read_back is not None
    grid = [tuple(r) for r in read_back.iter_rows(values_only=True)]
    problems: list[Problem] = []
    ((number, entry),) = read_table("s.xlsx", SAMPLE, grid, problems)
    values, found = read(entry)
    assert problems == found == [] and number == FIRST_ROW
    assert values is not None and build(SAMPLE, values) == rows[0]


def test_problems_move_from_key_paths_to_sheet_row_and_column() -> None:
    problem = Problem("s.xlsx", "bad", column="samples.1.mass", value=-1)
    (moved,) = placed("s.xlsx", [problem], {"samples": [3, 5]})
    assert (moved.sheet, moved.line, moved.column) == ("samples", 5, "mass")


def test_the_table_follows_the_declaration() -> None:
    metadata = MetaData()
    with pytest.raises(ValueError, match="needs an owner"):
        table_of(SAMPLE, metadata, None, {"samples": "code"})
    owned = table_of(
        SAMPLE, MetaData(), Owner("programme", "programmes", "code"), {"samples": "code"}
    )
    assert [c.name for c in owned.columns] == ["programme", "code", "position", *SAMPLE.names[1:]]
    kinds = {c.name: type(c.type) for c in owned.columns}
    assert kinds["name"] is Text and kinds["colour"] is String and kinds["mass"] is Double
    assert kinds["count"] is Integer and kinds["seen"] is Date
    assert not owned.c.colour.nullable and owned.c.mass.nullable
    links = {tuple(fk.column_keys) for fk in owned.foreign_key_constraints}
    assert ("programme", "parent") in links


@pytest.mark.parametrize("kind", RECORDS, ids=lambda k: k.table)
def test_every_programme_table_holds_its_declared_fields(kind: RecordType) -> None:
    assert kind in RECORDS
    table = ROWS[kind.table].__table__
    names = [c.name for c in table.columns]
    assert names[: len(kind.key) + 2] == ["programme", *kind.key, "position"]
    assert set(names) == {"programme", "position", *kind.names}
    for item in kind.fields:
        assert table.c[item.name].nullable is (not item.required)


def test_the_api_model_checks_what_the_declaration_says() -> None:
    model = model_of(declared(KPIActual))
    good = model.model_validate({"kpi": "k-1", "measured": "2025-06-30", "value": 0.5})
    assert to_record(declared(KPIActual), good) == KPIActual("k-1", date(2025, 6, 30), 0.5)
    for bad in (
        {"kpi": "k-1", "measured": "2025-06-31", "value": 0.5},
        {"kpi": "k 1", "measured": "2025-06-30", "value": 0.5},
        {"kpi": "k-1", "measured": "2025-06-30", "value": float("nan")},
        {"kpi": "k-1", "measured": "2025-06-30", "value": 1, "extra": 1},
        {"kpi": "k-1", "measured": "2025-06-30", "value": "1e3"},  # the readers refuse text
        {"kpi": "k-1", "measured": "2025-06-30", "value": True},
        {"kpi": "k-1", "measured": 20250630, "value": 0.5},  # not a Unix time either
    ):
        with pytest.raises(ValidationError):
            model.model_validate(bad)
    stripped = model.model_validate({"kpi": " k-1 ", "measured": "2025-06-30", "value": 1})
    assert to_record(declared(KPIActual), stripped).kpi == "k-1"  # as the readers strip text
    readiness = model_of(declared(Readiness))
    with pytest.raises(ValidationError):
        readiness.model_validate({"task": "t", "assessed": "2025-01-01", "trl": True})
    schema = model_of(declared(Task)).model_json_schema()
    assert schema["properties"]["kind"]["enum"] == list(declared(Task).field("kind").spec.allowed)
    assert schema["properties"]["area"]["x-refers-to"] == "areas"
    assert schema["properties"]["name_zh"]["x-label-zh"] == "中文名称"
    assert set(schema["required"]) == {f.name for f in declared(Task).fields if f.required}


def test_the_reference_page_is_current() -> None:
    page = (REPO / PAGE).read_text(encoding="utf-8")
    assert page == programme_reference(), "run `make docs` to regenerate the reference page"
    for kind in (PROGRAMME, *RECORDS):
        assert f"## `{kind.table}`" in page
