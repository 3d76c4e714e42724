"""The programme as an Excel workbook: a bilingual (zh/en) template to fill in, and its reader.

:func:`export_workbook` writes one sheet per entity (``programme``, ``areas``, ``tasks``, …,
``acceptances``; :data:`SHEETS`) plus a ``README`` sheet. Each entity sheet has a two-line header
— the Chinese label in row 1, the field name in row 2 (the one the reader uses) — and one entity
per row from row 3, with data validation where Excel supports it (lists of allowed values,
whole numbers, non-negative numbers, dates).

:func:`read_workbook` reads such a workbook with the same field rules as the YAML reader
(:mod:`peakzero.programme.default`) and the same cross-entity checks
(:func:`~peakzero.programme.checks.check_programme`). It checks everything before returning
and raises one :class:`~peakzero.errors.InputError` with one problem per defect, each naming the
sheet, the row, the column (the field name), the value and what is allowed.
"""

from __future__ import annotations

import io
import os
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from peakzero.errors import Problem, raise_if_any
from peakzero.io.output import write_atomic
from peakzero.programme.domain import PROGRAMME, RECORDS, Programme
from peakzero.programme.records import Collected, place_defects, read_head, read_record
from peakzero.records.reading import FieldReader
from peakzero.records.workbook import (
    FIRST_ROW,
    placed,
    read_sheets,
    read_table,
    row_of,
    write_sheet,
)

__all__ = ["FIRST_ROW", "SHEETS", "export_workbook", "read_workbook"]

_KINDS = (PROGRAMME, *RECORDS)
SHEETS: dict[str, tuple[str, ...]] = {
    "programme" if kind is PROGRAMME else kind.table: kind.names for kind in _KINDS
}
"""Each sheet's columns (field names), in the order they are written."""
_README = "README"
_FIRST_WORKBOOK = "0002"
"""The schema revision of the first exported workbooks: the sheets of record types and the
columns of optional fields added after it may be absent (a workbook exported by an earlier
version) and are then read as empty."""


# --- writing -------------------------------------------------------------------------------------


def export_workbook(
    programme: Programme, path: str | os.PathLike[str], *, notice: str | None = None
) -> None:
    """Write ``programme`` as a workbook template to ``path`` (all at once, or not at all);
    ``notice``, when given, heads the README sheet in bold (e.g. that the records are
    illustrative)."""
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = _README
    _write_readme(readme)
    if notice:
        readme.insert_rows(1)
        readme["A1"] = notice
        readme["A1"].font = Font(bold=True, color="C00000")
    write_sheet(book.create_sheet("programme"), PROGRAMME, [programme])
    for kind in RECORDS:
        write_sheet(book.create_sheet(kind.table), kind, getattr(programme, kind.table))
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    write_atomic(path, lambda temporary: temporary.write_bytes(data))


def _write_readme(sheet: Worksheet) -> None:
    lines = [
        ("创新行动方案数据模板 · Innovation programme workbook template", ""),
        ("", ""),
        (
            "每个工作表对应一类数据；第1行为中文标签，第2行为字段名（导入时读取），第3行起每行一条。",
            "One sheet per entity; row 1 holds the Chinese label, row 2 the field name (what "
            "the import reads); from row 3, one entry per row.",
        ),
        (
            "实体之间以代码或标识相互引用（例如任务的 area 为方面代码）。",
            "Entries refer to each other by code or id (a task's `area` is an area code, a "
            "KPI's `task` a task code, an award's `bid` a bid code of the same call).",
        ),
        (
            "空单元格表示未知。日期格式为 YYYY-MM-DD。下拉列表列出允许的取值。",
            "An empty cell means not known. Dates are YYYY-MM-DD. Drop-down lists give the "
            "allowed values.",
        ),
        (
            "导入时先检查全部内容；如有错误，逐条列出工作表、行和列，数据库不作任何更改。",
            "The import checks everything first; on error it lists each problem by sheet, row "
            "and column and changes nothing in the database.",
        ),
        (
            "命令：peakzero programme import 文件 --db URL",
            "Command: peakzero programme import FILE --db URL",
        ),
        ("", ""),
        ("工作表 · sheet", "字段 · fields"),
    ]
    lines += [(f"{kind.zh} · {name}", ", ".join(kind.names)) for name, kind in _sheets()]
    lines += [("", ""), ("允许取值 · allowed values", "")]
    lines += [
        (f"{name}.{f.name}", ", ".join(f.spec.allowed))
        for name, kind in _sheets()
        for f in kind.fields
        if f.spec.kind == "choice"
    ]
    for row in lines:
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 100


def _sheets() -> list[tuple[str, Any]]:
    return [("programme" if kind is PROGRAMME else kind.table, kind) for kind in _KINDS]


# --- reading -------------------------------------------------------------------------------------


def read_workbook(path: str | os.PathLike[str]) -> Programme:
    """The programme a workbook written by :func:`export_workbook` (and edited) holds.

    Raises
    ------
    InputError
        If the file cannot be read as a workbook, or has defects: one problem per defect, naming
        the sheet, the row, the column (field name), the value and what is allowed.
    """
    file = str(path)
    hint = "give a workbook exported by `peakzero programme export --format xlsx`"
    sheets = read_sheets(file, hint)
    problems: list[Problem] = []
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, kind in _sheets():
        grid = sheets.get(name)
        if grid is None and kind.added > _FIRST_WORKBOOK:
            tables[name] = []  # a workbook exported before these sheets existed
            continue
        if grid is None:
            msg = f"the workbook lacks the sheet {name!r}; export a template to see its layout"
            problems.append(Problem(file, msg, sheet=name))
            tables[name] = []
            continue
        tables[name] = read_table(file, kind, grid, problems, _FIRST_WORKBOOK)
    for name in sheets:
        if name not in SHEETS and name != _README:
            msg = f"unknown sheet; use {', '.join(SHEETS)} (and {_README})"
            problems.append(Problem(file, msg, sheet=name, value=name))
    raise_if_any(problems)
    return _build(file, tables)


def _build(file: str, tables: dict[str, list[tuple[int, dict[str, Any]]]]) -> Programme:
    r = FieldReader(file, {})
    built = Collected()
    rows: dict[str, list[int]] = {name: [number for number, _ in tables[name]] for name in SHEETS}

    head: dict[str, Any] = {}
    heads = tables["programme"]
    if not heads:
        msg = "the programme sheet needs one row (from row 3): the programme's code and names"
        r.problems.append(Problem(file, msg, FIRST_ROW, None, None, "programme"))
    else:
        for number, _ in heads[1:]:
            msg = "the programme sheet holds one programme; remove this row"
            r.problems.append(Problem(file, msg, number, None, None, "programme"))
        head = read_head(r, heads[0][1])
    for kind in RECORDS:
        # Nested records (KPIs, milestones) are rows of their own sheet with their parent's
        # code in a column, so every sheet is read flat.
        for index, (_number, entry) in enumerate(tables[kind.table]):
            read_record(r, kind, entry, f"{kind.table}.{index}", built)

    programme = built.programme(head)
    rows["programme"] = [heads[0][0] if heads else FIRST_ROW]
    place_defects(r, programme, built, lambda path: f"in row {row_of(path, rows)}")
    raise_if_any(placed(file, r.problems, rows))
    return programme
