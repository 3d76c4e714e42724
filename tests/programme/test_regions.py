"""A region on tasks and KPI actuals (revision 0006): the city unless a district is named, read
from YAML and Excel with a bad code placed at its line or cell, older workbooks still read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from peakzero.codes import CITY, region_scopes
from peakzero.errors import InputError
from peakzero.programme import load_programme
from peakzero.programme.domain import REGIONS, KPIActual, Task
from peakzero.programme.excel import SHEETS, export_workbook, read_workbook
from peakzero.records import declared
from peakzero.records.schema import model_of, to_record

HAIDIAN = "CN-BJ-110108"

PROGRAMME = """\
programme: {code: test, name_zh: 测试, name_en: Test}
areas:
  - {code: a1, name_zh: 甲, name_en: Area one}
tasks:
  - {code: t1, area: a1, name_zh: 任务一, name_en: Task one, kind: technology,
     information: unverified, region: CN-BJ-110108,
     kpis: [{code: t1.k, name_zh: 指标, name_en: KPI, unit: "%"}]}
  - {code: t2, area: a1, name_zh: 任务二, name_en: Task two, kind: platform,
     information: unverified}
kpi_actuals:
  - {kpi: t1.k, measured: 2025-12-31, value: 3, region: CN-BJ-110108}
  - {kpi: t1.k, measured: 2024-12-31, value: 2}
"""


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_regions_are_the_city_and_its_sixteen_districts() -> None:
    assert region_scopes() == REGIONS
    assert REGIONS[0] == CITY == "CN-BJ"
    assert len(REGIONS) == 17
    assert all(code.startswith("CN-BJ-1101") for code in REGIONS[1:])


def test_the_default_programme_is_all_the_citys() -> None:
    programme = load_programme()
    assert programme.tasks  # so that the check below says something
    assert {task.region for task in programme.tasks} == {CITY}


def test_a_region_is_read_from_yaml_and_defaults_to_the_city(tmp_path: Path) -> None:
    programme = load_programme(written(tmp_path, PROGRAMME))
    assert [task.region for task in programme.tasks] == [HAIDIAN, CITY]
    assert [a.region for a in programme.actuals_of("t1.k")] == [CITY, HAIDIAN]


@pytest.mark.parametrize(
    ("before", "after", "path", "line"),
    [
        ("region: CN-BJ-110108,", "region: CN-BJ-999999,", "tasks.0.region", 6),
        ("value: 3, region: CN-BJ-110108", "value: 3, region: Haidian", "kpi_actuals.0.region", 11),
    ],
)
def test_a_bad_region_in_yaml_is_named_at_its_key_and_line(
    tmp_path: Path, before: str, after: str, path: str, line: int
) -> None:
    assert before in PROGRAMME
    with pytest.raises(InputError) as caught:
        load_programme(written(tmp_path, PROGRAMME.replace(before, after)))
    (problem,) = caught.value.problems
    assert (problem.column, problem.line) == (path, line)
    assert problem.value == after.split("region: ")[1].rstrip(",")
    assert "region must be one of CN-BJ, CN-BJ-110101" in problem.message


def test_regions_survive_the_workbook_and_a_bad_one_is_placed_at_its_cell(
    tmp_path: Path,
) -> None:
    programme = load_programme(written(tmp_path, PROGRAMME))
    path = tmp_path / "programme.xlsx"
    export_workbook(programme, path)
    assert read_workbook(path) == programme
    book = openpyxl.load_workbook(path)
    sheet = book["tasks"]
    column = SHEETS["tasks"].index("region") + 1
    assert sheet.cell(row=2, column=column).value == "region"
    rules = [
        r for r in sheet.data_validations.dataValidation if r.formula1 and "CN-BJ" in r.formula1
    ]
    assert rules and all(code in rules[0].formula1 for code in REGIONS)  # a drop-down
    sheet.cell(row=4, column=column).value = "朝阳"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.line, problem.column, problem.value) == (
        "tasks",
        4,
        "region",
        "朝阳",
    )
    assert "[sheet tasks], row 4, column 'region'" in str(problem)


def test_a_workbook_from_before_the_regions_still_reads_as_the_citys(tmp_path: Path) -> None:
    programme = load_programme(written(tmp_path, PROGRAMME))
    path = tmp_path / "programme.xlsx"
    export_workbook(programme, path)
    book = openpyxl.load_workbook(path)
    for sheet in ("tasks", "kpi_actuals"):
        book[sheet].delete_cols(SHEETS[sheet].index("region") + 1)
    book.save(path)
    older = read_workbook(path)
    assert {t.region for t in older.tasks} == {CITY}
    assert {a.region for a in older.kpi_actuals} == {CITY}
    assert older == dataclasses.replace(
        programme,
        tasks=tuple(dataclasses.replace(t, region=CITY) for t in programme.tasks),
        kpi_actuals=tuple(dataclasses.replace(a, region=CITY) for a in programme.kpi_actuals),
    )


def test_the_declaration_gives_the_api_model_its_allowed_regions_and_default() -> None:
    kind = declared(KPIActual)
    field = kind.field("region")
    assert (field.required, field.default, field.spec.allowed, field.spec.added) == (
        False,
        CITY,
        REGIONS,
        "0006",
    )
    model = model_of(kind)
    schema = model.model_json_schema()["properties"]["region"]
    assert CITY in str(schema) and HAIDIAN in str(schema)
    given = model.model_validate({"kpi": "k", "measured": "2025-01-01", "value": 1})
    assert to_record(kind, given).region == CITY
    with pytest.raises(ValueError, match="region"):
        model.model_validate({"kpi": "k", "measured": "2025-01-01", "value": 1, "region": "CN-SH"})
    assert declared(Task).field("region").default == CITY


def test_a_choice_default_must_be_allowed() -> None:
    from peakzero.records import choice

    with pytest.raises(ValueError, match="not one of the allowed values"):
        choice(("a", "b"), "甲", "x", default="c")
