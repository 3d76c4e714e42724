"""Declared records as Excel sheets: a bilingual template to fill in, and its reader.

Each record type is one sheet with a two-line header — the Chinese label in row 1, the field
name in row 2 (the one the reader uses) — and one record per row from :data:`FIRST_ROW`, with the
data validation its declaration implies where Excel supports it: a drop-down of the allowed
values or of the codes of the sheet a field refers to, whole numbers within their range, numbers
at least their lower bound, dates. Reading turns each non-empty row into the mapping the YAML
reader expects (:func:`read_table`) and places the reader's key-path problems at sheet, row and
column (:func:`placed`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from peakzero.errors import InputError, Problem
from peakzero.records.declare import FieldSpec, RecordType

__all__ = ["FIRST_ROW", "placed", "read_sheets", "read_table", "write_sheet"]

FIRST_ROW = 3
"""The first data row: row 1 holds the Chinese labels, row 2 the field names."""
_SERIALS = (1, 73_051)  # Excel's day numbers of 1900-01-01 to 2099-12-31
_LAST_ROW = 5000  # data validations cover the rows up to this one
_DATE_RANGE = ("DATE(1900,1,1)", "DATE(2100,12,31)")


# --- writing -------------------------------------------------------------------------------------


def write_sheet(sheet: Worksheet, kind: RecordType, rows: Sequence[Any]) -> None:
    """Write ``rows`` (records of ``kind``, or mappings by field name) under the two-line header."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for number, declared in enumerate(kind.fields, start=1):
        label = sheet.cell(row=1, column=number, value=declared.spec.zh)
        key = sheet.cell(row=2, column=number, value=declared.name)
        for heading in (label, key):
            heading.font, heading.fill = bold, fill
        narrow = declared.spec.kind in ("date", "integer")
        sheet.column_dimensions[get_column_letter(number)].width = 14 if narrow else 24
    for offset, row in enumerate(rows):
        for number, declared in enumerate(kind.fields, start=1):
            value = row[declared.name] if isinstance(row, dict) else getattr(row, declared.name)
            if value is None:
                continue
            cell = sheet.cell(row=FIRST_ROW + offset, column=number)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                cell.number_format = "@"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = f"A{FIRST_ROW}"
    for number, declared in enumerate(kind.fields, start=1):
        made = _validation(kind.table, declared.name, declared.spec)
        if made is None:
            continue
        rule, message = made
        letter = get_column_letter(number)
        rule.allow_blank = True
        rule.error, rule.errorTitle = f"{declared.name} must be {message}", declared.name
        rule.prompt, rule.promptTitle = message, declared.name
        rule.showErrorMessage = rule.showInputMessage = True
        rule.add(f"{letter}{FIRST_ROW}:{letter}{_LAST_ROW}")
        sheet.add_data_validation(rule)


def _validation(table: str, name: str, spec: FieldSpec) -> tuple[DataValidation, str] | None:
    if spec.kind == "ref" and spec.target is not None and spec.target != table:
        # The codes of the other sheet; a warning only, so that a code can be typed before the
        # row it names is added (the import checks the link either way).
        source = f"{spec.target}!$A${FIRST_ROW}:$A${_LAST_ROW}"
        rule = DataValidation(type="list", formula1=f"={source}", errorStyle="warning")
        return rule, f"a {name} of sheet {spec.target} (column A)"
    if spec.kind == "choice":
        rule = DataValidation(type="list", formula1=f'"{",".join(spec.allowed)}"')
        return rule, f"one of {', '.join(spec.allowed)}"
    if spec.kind == "integer" and spec.low is not None and spec.high is not None:
        low, high = int(spec.low), int(spec.high)
        rule = DataValidation(
            type="whole", operator="between", formula1=str(low), formula2=str(high)
        )
        return rule, f"a whole number {low}-{high}"
    least = spec.low if spec.low is not None else spec.floor
    if spec.kind == "number" and least is not None:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=f"{least:g}")
        return rule, f"a number of at least {least:g}"
    if spec.kind == "date":
        rule = DataValidation(
            type="date", operator="between", formula1=_DATE_RANGE[0], formula2=_DATE_RANGE[1]
        )
        return rule, "a date YYYY-MM-DD"
    return None


# --- reading -------------------------------------------------------------------------------------


def read_sheets(file: str, hint: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values by row; ``hint`` says what workbook to give instead of a bad one.

    Raises
    ------
    InputError
        If the file cannot be read or is not an .xlsx workbook.
    """
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "cannot be read" if isinstance(exc, OSError) else "is not an .xlsx workbook"
        raise InputError(Problem(file, f"{reason}; {hint}")) from None
    try:
        grids = {}
        for sheet in book.worksheets:
            if isinstance(sheet, ReadOnlyWorksheet):
                sheet.reset_dimensions()  # other writers may record wrong dimensions
            grids[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        return grids
    finally:
        book.close()


def read_table(
    file: str,
    kind: RecordType,
    grid: list[tuple[Any, ...]],
    problems: list[Problem],
    since: str = "0001",
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {field: cell}) of each non-empty data row; header defects are problems.

    ``since`` is the schema revision of the oldest workbooks to read: an optional field added
    after it may lack its column (such a workbook was exported before the field existed) and is
    then read as empty.
    """
    name, columns = kind.table, kind.names
    header = grid[1] if len(grid) > 1 else ()
    positions: dict[str, int] = {}
    for number, raw in enumerate(header):
        field = raw.strip() if isinstance(raw, str) else raw
        if field is None or field == "":
            continue
        if field not in columns:
            msg = f"unknown column in row 2 (the field names); use {', '.join(columns)}"
            problems.append(Problem(file, msg, 2, get_column_letter(number + 1), field, name))
        elif field in positions:
            msg = "the column is given twice in row 2; give each field once"
            problems.append(Problem(file, msg, 2, field, field, name))
        else:
            positions[field] = number
    for declared in kind.fields:
        field = declared.name
        later = not declared.required and declared.spec.added > since
        if field not in positions and not later:
            msg = f"row 2 lacks the column {field!r}; row 2 holds the field names"
            problems.append(Problem(file, msg, 2, field, None, name))
    rows = []
    for number, values in enumerate(grid[FIRST_ROW - 1 :], start=FIRST_ROW):
        entry = {
            field: _cell(kind.field(field).spec, values[at] if at < len(values) else None)
            for field, at in positions.items()
        }
        if any(value is not None for value in entry.values()):
            rows.append((number, entry))
    return rows


def _cell(spec: FieldSpec, value: Any) -> Any:
    """A cell as the YAML reader expects it: None when empty, dates as dates, codes as text."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if value is None or isinstance(value, bool):
        return value
    if spec.kind == "date":
        if isinstance(value, int | float) and _SERIALS[0] <= value < _SERIALS[1]:
            # A date typed into a cell without a date format reaches us as Excel's day number.
            value = from_excel(value)
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            return value.date()
        return value
    if isinstance(value, datetime | date):
        return value
    if spec.kind == "integer":
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if spec.kind == "number":
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_of(path: str, rows: dict[str, list[int]]) -> int:
    """The sheet row of a key path (``tasks.3.area``: the fourth data row of sheet tasks)."""
    parts = path.split(".")
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return rows[parts[0]][index]


def placed(file: str, problems: list[Problem], rows: dict[str, list[int]]) -> list[Problem]:
    """The reader's problems, from key paths (``tasks.3.area``) to sheet, row and column.

    ``rows`` gives each sheet's data rows in the order read; a path without an index (the
    sheet of one record, e.g. the programme's) is at its sheet's first row.
    """
    out = []
    for problem in problems:
        if problem.sheet is not None or problem.column is None:
            out.append(problem)
            continue
        parts = problem.column.split(".")
        indexed = len(parts) > 1 and parts[1].isdigit()
        column = (
            (parts[2] if len(parts) > 2 else None)
            if indexed
            else (parts[1] if len(parts) > 1 else None)
        )
        row = row_of(problem.column, rows)
        out.append(Problem(file, problem.message, row, column, problem.value, parts[0]))
    return out
