"""Read user tables (CSV or XLSX) as text, remembering where every row came from.

Values stay strings here; the engines' validators turn them into typed columns and report
problems with the file, line (or sheet and row) and column that users see in their editor.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from operator import index
from pathlib import Path
from typing import SupportsIndex

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from peakzero.errors import InputError, Problem

__all__ = ["Table", "read_table"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass(frozen=True)
class Table:
    """A user table as strings, with the source line of each row.

    ``lines[i]`` is the 1-based line (CSV, header = line 1) or spreadsheet row of ``frame.iloc[i]``.
    """

    frame: pd.DataFrame
    file: str
    lines: list[int]
    sheet: str | None = None

    def problem(
        self, row: SupportsIndex, column: str | None, message: str, value: object = None
    ) -> Problem:
        """A :class:`Problem` located at positional row ``row`` of this table."""
        return Problem(self.file, message, self.lines[index(row)], column, value, self.sheet)


def read_table(
    path: str | os.PathLike[str],
    required: Iterable[str],
    optional: Iterable[str] = (),
    sheet: str | None = None,
    numeric: Iterable[str] = ("year", "value"),
) -> Table:
    """Read a CSV or spreadsheet whose first row is a header; check the required columns.

    Column names are matched case-insensitively and stripped; extra columns are an error so that
    a misspelt optional column does not pass silently. Cells stay text, except that CSV columns
    named in ``numeric`` are parsed as numbers when every cell is one (fast path for big files;
    otherwise they stay text and the validators report the bad cells).

    Raises
    ------
    InputError
        If the file is missing or unreadable, or columns are missing or unknown.
    """
    file = str(path)
    source = Path(path)
    if not source.is_file():
        raise InputError(Problem(file, "file not found"))
    if source.suffix.lower() in _EXCEL_SUFFIXES:
        frame, lines, sheet_name = _read_workbook(source, sheet)
    else:
        (frame, lines), sheet_name = _read_csv(source, set(numeric)), None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    required_columns = list(required)
    allowed = [*required_columns, *optional]
    problems = [
        Problem(file, f"missing column '{c}'; the columns are: {', '.join(allowed)}", 1, c)
        for c in required_columns
        if c not in frame.columns
    ]
    problems += [
        Problem(file, f"unknown column '{c}'; the columns are: {', '.join(allowed)}", 1, c)
        for c in frame.columns
        if c not in allowed
    ]
    if problems:
        raise InputError([_in_sheet(p, sheet_name) for p in problems])
    return Table(frame.reset_index(drop=True), file, lines, sheet_name)


def _in_sheet(problem: Problem, sheet: str | None) -> Problem:
    return problem if sheet is None else Problem(**{**problem.__dict__, "sheet": sheet})


def _read_csv(path: Path, numeric: set[str]) -> tuple[pd.DataFrame, list[int]]:
    # UTF-8 first (with or without BOM); Chinese Excel saves CSV as GBK, a subset of GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            frame = _parse_csv(path, numeric, encoding)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(Problem(str(path), f"not a readable CSV file ({exc})")) from exc
    else:
        raise InputError(Problem(str(path), "not a readable CSV file (neither UTF-8 nor GBK)"))
    # Blank lines are read as empty rows so that line numbers stay right; then they are dropped.
    keep = ~(frame.isna() | (frame == "")).all(axis=1).to_numpy()
    if keep.all():
        return frame, list(range(2, len(frame) + 2))
    lines = [int(i) + 2 for i in np.flatnonzero(keep)]
    return frame[keep].reset_index(drop=True), lines


def _parse_csv(path: Path, numeric: set[str], encoding: str) -> pd.DataFrame:
    options = {"keep_default_na": False, "encoding": encoding, "skip_blank_lines": False}
    header = pd.read_csv(path, nrows=0, **options).columns  # type: ignore[call-overload]
    text = {name: str for name in header if str(name).strip().lower() not in numeric}
    return pd.read_csv(path, dtype=text, **options)  # type: ignore[call-overload]


def _read_workbook(path: Path, sheet: str | None) -> tuple[pd.DataFrame, list[int], str]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise InputError(Problem(str(path), f"not a readable workbook ({exc})")) from exc
    names = workbook.sheet_names
    name = sheet or names[0]
    if name not in names:
        msg = f"no sheet named {name!r}; the sheets are: {', '.join(names)}"
        raise InputError(Problem(str(path), msg))
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    if not rows:
        raise InputError(Problem(str(path), "the sheet is empty", sheet=name))
    header = [str(c) for c in rows[0]]
    body = [[_cell_text(c) for c in r] for r in rows[1:]]
    keep = [i for i, r in enumerate(body) if any(cell != "" for cell in r)]
    frame = pd.DataFrame([body[i] for i in keep], columns=header, dtype=str)
    return frame, [i + 2 for i in keep], name


def _cell_text(cell: object) -> str:
    # Spreadsheets store 2019 as 2019.0; keep integers integral so years and codes read cleanly.
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)
