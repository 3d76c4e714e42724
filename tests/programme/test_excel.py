"""The programme as an Excel workbook: export, edit, import (``peakzero.programme.excel``)."""

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy.orm import Session

from peakzero.errors import InputError, Problem
from peakzero.programme import (
    Acceptance,
    Award,
    Bid,
    Call,
    KPIActual,
    Milestone,
    Organisation,
    Person,
    Programme,
    Race,
    RaceTeam,
    Readiness,
    ReviewScore,
    StageReview,
    TaskMeasure,
    Team,
    load_programme,
)
from peakzero.programme.excel import FIRST_ROW, SHEETS, export_workbook, read_workbook
from peakzero.store import repository
from peakzero.store.database import make_engine, upgrade


def filled() -> Programme:
    """The default programme with dates, milestones' neighbours, a call and a race."""
    p = load_programme()
    t1, t2 = p.tasks[0].code, p.tasks[1].code
    return dataclasses.replace(
        p,
        start=date(2022, 1, 1),
        end=date(2030, 12, 31),
        organisations=(*p.organisations, Organisation("o1", "机构", "Org", "lead_unit")),
        teams=(
            Team("team-a", "甲队", t1, "o1"),
            Team("team-b", "乙队", t1),
            Team("team-c", "丙", t2),
        ),
        people=(Person("r1", "评审一", "reviewer"), Person("r2", "评审二", "reviewer")),
        calls=(Call("c1", t2, "=100 MW storage", "awarded", "≥ 90 %", date(2024, 3, 1)),),
        bids=(
            Bid("b1", "c1", team="team-c", submitted=date(2024, 2, 20)),
            Bid("b2", "c1", None, "o1"),
        ),
        review_scores=(
            ReviewScore("b1", "r1", "technical route", 38.5, 40),
            ReviewScore("b2", "r2", "cost", 0, 40),
        ),
        awards=(Award("c1", "b1", date(2024, 4, 1), 5e6),),
        races=(Race("r-fc", t1, 2),),
        race_teams=(RaceTeam("r-fc", "team-a"), RaceTeam("r-fc", "team-b")),
        stage_reviews=(
            StageReview("r-fc", 1, "team-a", date(2024, 6, 30), "increase", "ahead on power"),
            StageReview("r-fc", 1, "team-b", date(2024, 6, 30), "stop", "durability missed"),
        ),
        acceptances=(Acceptance(t1, "team-a", date(2026, 1, 15), "r-fc"),),
        milestones=(
            Milestone("m1", t1, date(2024, 12, 31), funding_cny=2e6, accepted=date(2025, 1, 10)),
        ),
        task_measures=(TaskMeasure(t1, p.measures[0].code),),
        kpi_actuals=(KPIActual(p.kpis[0].code, date(2024, 12, 31), 1234.5, "监测 report"),),
        readiness=(Readiness(t1, date(2024, 6, 1), 6, "panel"),),
    )


def exported(tmp_path: Path, programme: Programme | None = None) -> Path:
    path = tmp_path / "programme.xlsx"
    export_workbook(programme or filled(), path)
    return path


def edit(path: Path, sheet: str, row: int, **cells: Any) -> None:
    """Set cells of one row (by field name, as row 2 names the columns)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    columns = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    for field, value in cells.items():
        ws.cell(row=row, column=columns[field]).value = value
    book.save(path)


def problems(path: Path) -> list[tuple[str | None, int | None, str | None, object]]:
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    return [(p.sheet, p.line, p.column, p.value) for p in caught.value.problems]


def stored(url: str, programme: Programme) -> tuple[repository.AuditEntry, ...]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return repository.save_programme(session, programme, "tester")
    finally:
        engine.dispose()


def test_the_workbook_has_the_sheets_headers_and_a_readme(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(tmp_path))
    assert book.sheetnames == ["README", *SHEETS]
    tasks = book["tasks"]
    assert [c.value for c in tasks[2]] == list(SHEETS["tasks"])
    assert tasks["A1"].value == "代码"
    assert tasks.cell(row=FIRST_ROW, column=1).value == load_programme().tasks[0].code
    assert "import" in " ".join(str(c.value) for row in book["README"].iter_rows() for c in row)
    # A challenge that starts with '=' stays text, not a formula.
    assert book["calls"]["C3"].value == "=100 MW storage"
    assert book["calls"]["C3"].data_type == "s"


def test_round_trip_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    upgrade(url)
    original = filled()
    assert len(stored(url, original)) > 0
    engine = make_engine(url)
    with Session(engine) as session:
        from_db = repository.load_programme(session, original.code)
    engine.dispose()
    path = exported(tmp_path, from_db)
    again = read_workbook(path)
    assert again == original
    assert stored(url, again) == ()  # no audit row: nothing changed


def test_one_edited_cell_is_exactly_one_change(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    upgrade(url)
    original = filled()
    stored(url, original)
    path = exported(tmp_path, original)
    edit(path, "tasks", FIRST_ROW + 1, name_en="A renamed task")
    changed = read_workbook(path)
    task = dataclasses.replace(original.tasks[1], name_en="A renamed task")
    tasks = (original.tasks[0], task, *original.tasks[2:])
    assert changed == dataclasses.replace(original, tasks=tasks)
    (entry,) = stored(url, changed)
    assert (entry.action, entry.table, entry.key) == ("update", "tasks", task.code)
    assert entry.before is not None and entry.after is not None
    assert {k for k in entry.after if entry.after[k] != entry.before[k]} == {"name_en"}


@pytest.mark.parametrize(
    ("sheet", "row", "cells", "expected"),
    [
        ("tasks", 3, {"area": "nowhere"}, ("tasks", 3, "area", "nowhere")),
        ("tasks", 5, {"code": "hydrogen"}, ("tasks", 5, "code", "hydrogen")),
        ("race_teams", 4, {"race": None, "team": None}, ("races", 3, "code", "r-fc")),
        ("awards", 3, {"bid": "b9"}, ("awards", 3, "bid", "b9")),
        (
            "stage_reviews",
            5,
            {
                "race": "r-fc",
                "stage": 2,
                "team": "team-b",
                "decided": date(2025, 6, 30),
                "decision": "continue",
            },
            ("stage_reviews", 5, "decision", "continue"),
        ),
        ("kpis", 3, {"unit": "GW"}, ("kpis", 3, "unit", "GW")),
        (
            "milestones",
            3,
            {"code": "m1", "task": "hydrogen", "planned": date(2031, 1, 1)},
            ("milestones", 3, "planned", "2031-01-01"),
        ),
        ("tasks", 3, {"kind": "gadget"}, ("tasks", 3, "kind", "gadget")),
        ("races", 3, {"stages": "two"}, ("races", 3, "stages", "two")),
        ("readiness", 3, {"trl": 10}, ("readiness", 3, "trl", 10)),
        ("kpi_actuals", 3, {"kpi": "no.such"}, ("kpi_actuals", 3, "kpi", "no.such")),
        ("task_measures", 3, {"measure": "nope"}, ("task_measures", 3, "measure", "nope")),
        ("kpi_actuals", 3, {"value": "many"}, ("kpi_actuals", 3, "value", "many")),
    ],
)
def test_each_bad_cell_is_a_problem_at_its_sheet_row_and_column(
    tmp_path: Path, sheet: str, row: int, cells: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    path = exported(tmp_path)
    edit(path, sheet, row, **cells)
    found = problems(path)
    assert expected in found
    assert all(sheet is not None and line is not None for sheet, line, _, _ in found)


def test_a_problem_reads_sheet_row_and_column(tmp_path: Path) -> None:
    path = exported(tmp_path)
    edit(path, "tasks", 5, code="hydrogen")
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    (duplicate,) = [p for p in caught.value.problems if p.column == "code" and p.sheet == "tasks"]
    text = str(duplicate)
    assert "[sheet tasks], row 5, column 'code'" in text
    assert "first given in row 3" in text
    assert "(value 'hydrogen')" in text


def test_header_and_sheet_defects(tmp_path: Path) -> None:
    path = exported(tmp_path)
    book = openpyxl.load_workbook(path)
    book["areas"]["B2"] = "title"
    book.create_sheet("extra")
    del book["measures"]
    book.save(path)
    found = problems(path)
    assert ("areas", 2, "B", "title") in found
    assert ("areas", 2, "name_zh", None) in found
    assert ("extra", None, None, "extra") in found
    assert ("measures", None, None, None) in found


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert caught.value.problems == (
        Problem(
            str(path),
            "is not an .xlsx workbook; give a workbook exported by "
            "`peakzero programme export --format xlsx`",
        ),
    )


def test_a_bad_last_row_loads_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    upgrade(url)
    original = filled()
    stored(url, original)
    path = exported(tmp_path, original)
    edit(path, "tasks", FIRST_ROW, name_en="changed")  # a good edit first …
    last = FIRST_ROW + len(original.acceptances) - 1
    edit(path, "acceptances", last, team="ghost")  # … and a bad one in the last row
    assert ("acceptances", last, "team", "ghost") in problems(path)
    engine = make_engine(url)
    with Session(engine) as session:
        assert repository.load_programme(session, original.code) == original
        trail = repository.audit_trail(session)
    engine.dispose()
    assert {e.change for e in trail} and len({e.change for e in trail}) == 1


def test_list_fields_have_data_validation(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(tmp_path))
    expected = {
        ("tasks", "kind"): "technology",
        ("tasks", "information"): "verified",
        ("organisations", "role"): "issuer",
        ("people", "role"): "principal_investigator",
        ("calls", "status"): "open",
        ("stage_reviews", "decision"): "stop",
    }
    for (sheet, field), allowed in expected.items():
        ws = book[sheet]
        letter = openpyxl.utils.get_column_letter(SHEETS[sheet].index(field) + 1)
        rules = [v for v in ws.data_validations.dataValidation if f"{letter}{FIRST_ROW}" in v.sqref]
        assert [v.type for v in rules] == ["list"], (sheet, field)
        assert allowed in rules[0].formula1
    kinds = {
        (sheet, field): [
            v.type
            for v in book[sheet].data_validations.dataValidation
            if f"{openpyxl.utils.get_column_letter(SHEETS[sheet].index(field) + 1)}3" in v.sqref
        ]
        for sheet, field in [("races", "stages"), ("awards", "funding_cny"), ("calls", "deadline")]
    }
    assert kinds == {
        ("races", "stages"): ["whole"],
        ("awards", "funding_cny"): ["decimal"],
        ("calls", "deadline"): ["date"],
    }


def test_link_columns_offer_the_codes_of_the_sheet_they_name(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(tmp_path))
    (rule,) = [v for v in book["tasks"].data_validations.dataValidation if "B3" in v.sqref]
    assert (rule.type, rule.formula1, rule.errorStyle) == ("list", "=areas!$A$3:$A$5000", "warning")
    (rule,) = [v for v in book["awards"].data_validations.dataValidation if "B3" in v.sqref]
    assert rule.formula1 == "=bids!$A$3:$A$5000"


def test_a_date_typed_as_an_excel_day_number_is_read_as_that_date(tmp_path: Path) -> None:
    path = exported(tmp_path)
    edit(path, "readiness", 3, assessed=45444)  # Excel's day number of 2024-06-01
    assert read_workbook(path).readiness[0].assessed == date(2024, 6, 1)


def test_a_workbook_from_before_a_field_and_its_sheets_still_imports(tmp_path: Path) -> None:
    """A workbook exported at revision 0002 lacks the 0003 sheets and milestones.accepted."""
    programme = filled()
    path = exported(tmp_path, programme)
    book = openpyxl.load_workbook(path)
    for sheet in ("task_measures", "kpi_actuals", "readiness"):
        del book[sheet]
    milestones = book["milestones"]
    milestones.delete_cols(SHEETS["milestones"].index("accepted") + 1)
    book.save(path)
    assert programme.milestones[0].accepted is not None  # so its loss below is seen
    older = dataclasses.replace(
        programme,
        milestones=tuple(dataclasses.replace(m, accepted=None) for m in programme.milestones),
        task_measures=(),
        kpi_actuals=(),
        readiness=(),
    )
    assert read_workbook(path) == older
    book = openpyxl.load_workbook(path)
    book["tasks"].delete_cols(SHEETS["tasks"].index("quote") + 1)  # a 0001 field stays required
    book.save(path)
    assert ("tasks", 2, "quote", None) in problems(path)


def test_scores_are_validated_as_not_negative_in_the_template(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(tmp_path))
    for field in ("score", "max_score"):
        letter = openpyxl.utils.get_column_letter(SHEETS["review_scores"].index(field) + 1)
        rules = book["review_scores"].data_validations.dataValidation
        (rule,) = [v for v in rules if f"{letter}{FIRST_ROW}" in v.sqref]
        assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
