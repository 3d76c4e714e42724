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
import zipfile
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from peakzero.errors import InputError, Problem, raise_if_any
from peakzero.io.output import write_atomic
from peakzero.programme import records
from peakzero.programme.checks import check_programme
from peakzero.programme.domain import (
    CALL_STATUSES,
    DECISIONS,
    INFORMATION,
    KINDS,
    KPI,
    ORGANISATION_ROLES,
    PERSON_ROLES,
    TRL_LEVELS,
    Acceptance,
    Area,
    Award,
    Bid,
    Call,
    KPIActual,
    Measure,
    Milestone,
    Organisation,
    Person,
    Programme,
    Race,
    RaceTeam,
    Readiness,
    ReviewScore,
    StageReview,
    Task,
    TaskMeasure,
    Team,
)

__all__ = ["FIRST_ROW", "SHEETS", "export_workbook", "read_workbook"]

_ENTITIES: dict[str, type[Any]] = {
    "areas": Area,
    "tasks": Task,
    "measures": Measure,
    "kpis": KPI,
    "milestones": Milestone,
    "organisations": Organisation,
    "teams": Team,
    "people": Person,
    "calls": Call,
    "bids": Bid,
    "review_scores": ReviewScore,
    "awards": Award,
    "races": Race,
    "race_teams": RaceTeam,
    "stage_reviews": StageReview,
    "acceptances": Acceptance,
    "task_measures": TaskMeasure,
    "kpi_actuals": KPIActual,
    "readiness": Readiness,
}
_HEAD = (
    "code",
    "name_zh",
    "name_en",
    "start",
    "end",
    "stated_task_count",
    "source",
)
SHEETS: dict[str, tuple[str, ...]] = {
    "programme": _HEAD,
    **{name: tuple(f.name for f in fields(cls)) for name, cls in _ENTITIES.items()},
}
"""Each sheet's columns (field names), in the order they are written."""
FIRST_ROW = 3
"""The first data row: row 1 holds the Chinese labels, row 2 the field names."""
_README = "README"
_ADDED_LATER = frozenset(("task_measures", "kpi_actuals", "readiness"))
"""Sheets a workbook exported by an earlier version lacks: read as empty when absent."""
_SERIALS = (1, 73_051)  # Excel's day numbers of 1900-01-01 to 2099-12-31
_LAST_ROW = 5000  # data validations cover the rows up to this one

_SHEET_ZH = {
    "programme": "方案",
    "areas": "重点任务方面",
    "tasks": "重点任务",
    "measures": "保障措施",
    "kpis": "关键指标",
    "milestones": "里程碑节点",
    "organisations": "单位",
    "teams": "团队",
    "people": "人员",
    "calls": "揭榜挂帅榜单",
    "bids": "揭榜申请",
    "review_scores": "评审打分",
    "awards": "揭榜立项",
    "races": "赛马",
    "race_teams": "赛马团队",
    "stage_reviews": "阶段评审",
    "acceptances": "结题验收",
    "task_measures": "任务保障措施",
    "kpi_actuals": "指标实际值",
    "readiness": "技术成熟度",
}
_LABELS = {
    "code": "代码",
    "id": "标识",
    "name": "名称",
    "name_zh": "中文名称",
    "name_en": "英文名称",
    "quote": "原文引文",
    "start": "开始日期",
    "end": "结束日期",
    "stated_task_count": "文本所述任务数",
    "source": "来源",
    "area": "方面代码",
    "task": "任务代码",
    "kind": "类型",
    "information": "信息核实",
    "unit": "单位",
    "lever": "路径杠杆",
    "baseline": "基准值",
    "baseline_year": "基准年",
    "target_2025": "2025年目标",
    "target_2030": "2030年目标",
    "planned": "计划日期",
    "deliverable": "交付成果",
    "acceptance_criteria": "验收标准",
    "kpi": "指标代码",
    "kpi_target": "指标目标值",
    "funding_cny": "资金（元）",
    "role": "角色",
    "organisation": "单位标识",
    "team": "团队标识",
    "challenge": "榜单需求",
    "status": "状态",
    "requirements": "揭榜要求",
    "deadline": "截止日期",
    "call": "榜单代码",
    "submitted": "提交日期",
    "bid": "申请代码",
    "reviewer": "评审专家",
    "criterion": "评审指标",
    "score": "得分",
    "max_score": "满分",
    "awarded": "立项日期",
    "stages": "阶段数",
    "race": "赛马代码",
    "stage": "阶段",
    "decided": "决定日期",
    "decision": "决定",
    "reason": "理由",
    "accepted": "验收日期",
    "measure": "保障措施代码",
    "measured": "测量日期",
    "value": "实际值",
    "assessed": "评估日期",
    "trl": "技术成熟度等级（1-9）",
}
_DATES = frozenset(
    (
        "start",
        "end",
        "planned",
        "deadline",
        "submitted",
        "awarded",
        "decided",
        "accepted",
        "measured",
        "assessed",
    )
)
_INTEGERS = frozenset(("stated_task_count", "baseline_year", "stages", "stage", "trl"))
_WHOLE_RANGES = {"baseline_year": (1900, 2100), "trl": TRL_LEVELS}
_NUMBERS = frozenset(
    (
        "baseline",
        "target_2025",
        "target_2030",
        "kpi_target",
        "funding_cny",
        "score",
        "max_score",
        "value",
    )
)
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("tasks", "kind"): KINDS,
    ("tasks", "information"): INFORMATION,
    ("organisations", "role"): ORGANISATION_ROLES,
    ("people", "role"): PERSON_ROLES,
    ("calls", "status"): CALL_STATUSES,
    ("stage_reviews", "decision"): DECISIONS,
}
_LINKS = {
    "area": "areas",
    "task": "tasks",
    "kpi": "kpis",
    "organisation": "organisations",
    "team": "teams",
    "call": "calls",
    "bid": "bids",
    "reviewer": "people",
    "race": "races",
    "measure": "measures",
}
"""Columns that name an entity of another sheet (whose code or id is in its column A)."""
_NOT_NEGATIVE = frozenset(("funding_cny", "max_score", "score"))


# --- writing -------------------------------------------------------------------------------------


def export_workbook(programme: Programme, path: str | os.PathLike[str]) -> None:
    """Write ``programme`` as a workbook template to ``path`` (all at once, or not at all)."""
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = _README
    _write_readme(readme)
    head = {name: getattr(programme, name) for name in _HEAD}
    _write_sheet(book.create_sheet("programme"), "programme", [head])
    for name in _ENTITIES:
        rows = [{f: getattr(item, f) for f in SHEETS[name]} for item in getattr(programme, name)]
        _write_sheet(book.create_sheet(name), name, rows)
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
    lines += [(f"{_SHEET_ZH[name]} · {name}", ", ".join(cols)) for name, cols in SHEETS.items()]
    lines += [("", ""), ("允许取值 · allowed values", "")]
    lines += [
        (f"{sheet_}.{field}", ", ".join(allowed)) for (sheet_, field), allowed in _CHOICES.items()
    ]
    for row in lines:
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 100


def _write_sheet(sheet: Worksheet, name: str, rows: list[dict[str, Any]]) -> None:
    columns = SHEETS[name]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for number, field in enumerate(columns, start=1):
        label = sheet.cell(row=1, column=number, value=_LABELS.get(field, field))
        key = sheet.cell(row=2, column=number, value=field)
        for heading in (label, key):
            heading.font, heading.fill = bold, fill
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 14 if field in _DATES | _INTEGERS else 24
    for offset, row in enumerate(rows):
        for number, field in enumerate(columns, start=1):
            value = row[field]
            cell = sheet.cell(row=FIRST_ROW + offset, column=number)
            if value is None:
                continue
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                cell.number_format = "@"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _validations(sheet, name, columns)


def _validations(sheet: Worksheet, name: str, columns: tuple[str, ...]) -> None:
    for number, field in enumerate(columns, start=1):
        letter = get_column_letter(number)
        cells = f"{letter}{FIRST_ROW}:{letter}{_LAST_ROW}"
        allowed = _CHOICES.get((name, field))
        rule: DataValidation | None = None
        target = _LINKS.get(field)
        if target is not None and target != name:
            # The codes of the other sheet; a warning only, so that a code can be typed before
            # the row it names is added (the import checks the link either way).
            source = f"{target}!$A${FIRST_ROW}:$A${_LAST_ROW}"
            rule = DataValidation(type="list", formula1=f"={source}", errorStyle="warning")
            message = f"a {field} of sheet {target} (column A)"
        elif allowed is not None:
            rule = DataValidation(type="list", formula1=f'"{",".join(allowed)}"')
            message = f"one of {', '.join(allowed)}"
        elif field in _INTEGERS:
            low, high = _WHOLE_RANGES.get(field, (0, 10_000))
            rule = DataValidation(
                type="whole", operator="between", formula1=str(low), formula2=str(high)
            )
            message = f"a whole number {low}-{high}"
        elif field in _NOT_NEGATIVE:
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            message = "a number of at least 0"
        elif field in _DATES:
            rule = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1900,1,1)",
                formula2="DATE(2100,12,31)",
            )
            message = "a date YYYY-MM-DD"
        if rule is None:
            continue
        rule.allow_blank = True
        rule.error, rule.errorTitle = f"{field} must be {message}", field
        rule.prompt, rule.promptTitle = message, field
        rule.showErrorMessage = rule.showInputMessage = True
        rule.add(cells)
        sheet.add_data_validation(rule)


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
    sheets = _read_sheets(file)
    problems: list[Problem] = []
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, columns in SHEETS.items():
        grid = sheets.get(name)
        if grid is None and name in _ADDED_LATER:
            tables[name] = []  # a workbook exported before these sheets existed
            continue
        if grid is None:
            msg = f"the workbook lacks the sheet {name!r}; export a template to see its layout"
            problems.append(Problem(file, msg, sheet=name))
            tables[name] = []
            continue
        tables[name] = _table(file, name, columns, grid, problems)
    for name in sheets:
        if name not in SHEETS and name != _README:
            msg = f"unknown sheet; use {', '.join(SHEETS)} (and {_README})"
            problems.append(Problem(file, msg, sheet=name, value=name))
    raise_if_any(problems)
    return _build(file, tables)


def _read_sheets(file: str) -> dict[str, list[tuple[Any, ...]]]:
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "cannot be read" if isinstance(exc, OSError) else "is not an .xlsx workbook"
        msg = f"{reason}; give a workbook exported by `peakzero programme export --format xlsx`"
        raise InputError(Problem(file, msg)) from None
    try:
        grids = {}
        for sheet in book.worksheets:
            if isinstance(sheet, ReadOnlyWorksheet):
                sheet.reset_dimensions()  # other writers may record wrong dimensions
            grids[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        return grids
    finally:
        book.close()


def _table(
    file: str,
    name: str,
    columns: tuple[str, ...],
    grid: list[tuple[Any, ...]],
    problems: list[Problem],
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {field: cell}) of each non-empty data row; header defects are problems."""
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
    for field in columns:
        if field not in positions:
            msg = f"row 2 lacks the column {field!r}; row 2 holds the field names"
            problems.append(Problem(file, msg, 2, field, None, name))
    rows = []
    for number, values in enumerate(grid[FIRST_ROW - 1 :], start=FIRST_ROW):
        entry = {
            field: _cell(field, values[at] if at < len(values) else None)
            for field, at in positions.items()
        }
        if any(value is not None for value in entry.values()):
            rows.append((number, entry))
    return rows


def _cell(field: str, value: Any) -> Any:
    """A cell as the YAML reader expects it: None when empty, dates as dates, codes as text."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if value is None or isinstance(value, bool):
        return value
    if field in _DATES:
        if isinstance(value, int | float) and _SERIALS[0] <= value < _SERIALS[1]:
            # A date typed into a cell without a date format reaches us as Excel's day number.
            value = from_excel(value)
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            return value.date()
        return value
    if isinstance(value, datetime | date):
        return value
    if field in _INTEGERS:
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if field in _NUMBERS:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _build(file: str, tables: dict[str, list[tuple[int, dict[str, Any]]]]) -> Programme:
    r = records.FieldReader(file, {})
    built = records.Collected()
    rows: dict[str, list[int]] = {name: [number for number, _ in tables[name]] for name in SHEETS}

    head: dict[str, Any] = {}
    heads = tables["programme"]
    if not heads:
        msg = "the programme sheet needs one row (from row 3): the programme's code and names"
        r.problems.append(Problem(file, msg, FIRST_ROW, None, None, "programme"))
    else:
        head = heads[0][1]
        for number, _ in heads[1:]:
            msg = "the programme sheet holds one programme; remove this row"
            r.problems.append(Problem(file, msg, number, None, None, "programme"))
        head = r.entry(head, "programme", records.PROGRAMME_FIELDS, "programme") or {}

    readers = {
        "areas": records.read_area,
        "tasks": records.read_task,
        "measures": records.read_measure,
        "organisations": records.read_organisation,
        "teams": records.read_team,
        "people": records.read_person,
        **records.SECTION_READERS,
    }
    for name in _ENTITIES:
        for index, (_number, entry) in enumerate(tables[name]):
            where = f"{name}.{index}"
            if name in ("kpis", "milestones"):
                _child(r, name, dict(entry), where, built)
            else:
                readers[name](r, entry, where, built)

    programme = Programme(
        code=r.code(head, "programme", "code") or "",
        name_zh=r.text(head, "programme", "name_zh") or "",
        name_en=r.text(head, "programme", "name_en") or "",
        start=r.date(head, "programme", "start"),
        end=r.date(head, "programme", "end"),
        stated_task_count=r.integer(head, "programme", "stated_task_count", 1, 10_000),
        source=r.text(head, "programme", "source"),
        **{name: tuple(getattr(built, name)) for name in _ENTITIES},
    )
    built.paths["programme"] = ["programme"]
    first_rows = {**rows, "programme": [heads[0][0] if heads else FIRST_ROW]}
    for defect in check_programme(programme):
        where = built.paths[defect.entity][defect.index]
        message = defect.message
        if defect.first is not None:
            first = built.paths[defect.entity][defect.first]
            message += f" (first given in row {_row_of(first, first_rows)})"
        r.add(f"{where}.{defect.field}", message, defect.value)
    raise_if_any(_placed(file, r.problems, first_rows))
    return programme


def _child(r: Any, name: str, entry: dict[str, Any], where: str, built: Any) -> None:
    """A KPI or milestone row: its ``task`` column stands for the YAML's nesting under a task."""
    what = "a KPI" if name == "kpis" else "a milestone"
    task = r.code(entry, where, "task")
    entry.pop("task", None)
    if task is None:
        r.add(f"{where}.task", f"{what} lacks task (the code of its task)")
        built = records.Collected()  # checked, but not kept
    read = records.read_kpi if name == "kpis" else records.read_milestone
    read(r, entry, where, task or "", built)


def _row_of(path: str, rows: dict[str, list[int]]) -> int:
    parts = path.split(".")
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return rows[parts[0]][index]


def _placed(file: str, problems: list[Problem], rows: dict[str, list[int]]) -> list[Problem]:
    """The reader's problems, from key paths (``tasks.3.area``) to sheet, row and column."""
    placed = []
    for problem in problems:
        if problem.sheet is not None or problem.column is None:
            placed.append(problem)
            continue
        parts = problem.column.split(".")
        sheet = parts[0]
        if sheet == "programme":
            column = parts[1] if len(parts) > 1 else None
        else:
            column = parts[2] if len(parts) > 2 else None
        row = _row_of(problem.column, rows)
        placed.append(Problem(file, problem.message, row, column, problem.value, sheet))
    return placed
