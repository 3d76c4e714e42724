"""Reading and checking reference tables: long CSV rows with a value, unit, source and status.

The packaged tables (factors, pathway costs and history, grid technologies) and the files users
pass share one reader, so that a packaged row and a user row are held to the same rules (a source,
a parseable unit, a status) and every problem can be reported with its file, line and column.
It sits in the kernel (``io``) because accounting, pathways and the grid all read such tables.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from peakzero.errors import Problem, ReferenceDataError
from peakzero.io.packaged import data_name, data_text

if TYPE_CHECKING:
    from _csv import Reader

__all__ = [
    "STATUSES",
    "Row",
    "check_required",
    "check_status",
    "decode_csv",
    "package_file",
    "packaged_text",
    "parse_number",
    "raise_reference",
    "read_rows",
]

# The one provenance status list of every reference table. The research labels
# (../shared/research/emission-data.md §0) collapse to three statuses:
# VERIFIED-FILE / -PAGE / -2SRC -> verified, SECONDARY-REPO -> secondary, MEMORY -> uncertain.
STATUSES = ("verified", "secondary", "uncertain")

Row = tuple[int, dict[str, str]]
"""A data row with the 1-based line it starts on (the header is line 1)."""


def package_file(name: str) -> str:
    """How a packaged factor file is named in messages."""
    return data_name("factors", name)


def packaged_text(name: str) -> str:
    """The text of a packaged factor file (:func:`~peakzero.io.packaged.data_text`).

    Raises
    ------
    ReferenceDataError
        If the file is missing from the installed package.
    """
    return data_text("factors", name)


def decode_csv(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """The text of a user's CSV file (UTF-8, with or without BOM, else GBK/GB18030).

    Spreadsheet programs on Chinese Windows save CSV as GBK; GB18030 is its superset. A workbook,
    another binary file or text in neither encoding gives a problem (and no text) instead.
    """
    what = next((name for sig, name in _SIGNATURES if data.startswith(sig)), None)
    if what is None and b"\x00" in data:
        what = "a binary file"
    if what is not None:
        msg = f"not a CSV text file (it looks like {what}); save it as CSV UTF-8 (comma-separated)"
        return "", [Problem(file, msg)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError as exc:
        line = len(re.split(rb"\r\n|\r|\n", data[: exc.start]))
        msg = (
            f"neither UTF-8 nor GBK/GB18030 text (byte {data[exc.start]:#04x}); "
            "save it as CSV UTF-8 (comma-separated)"
        )
        return "", [Problem(file, msg, line)]


# Leading bytes of files that are often passed by mistake for a CSV file.
_SIGNATURES = (
    (b"PK\x03\x04", "an Excel .xlsx workbook or another ZIP archive"),
    (b"\xd0\xcf\x11\xe0", "an Excel .xls workbook"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)


def read_rows(
    text: str, file: str, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV text as stripped strings keyed by column, with structural problems.

    Missing ``required`` columns are reported (and no rows returned, since no row can be checked);
    missing ``optional`` columns read as empty. Blank lines are skipped but still counted, so line
    numbers match what an editor shows. Line endings may be LF, CRLF or CR; text the CSV reader
    cannot parse gives one problem at its line and no rows.
    """
    # newline=None: universal newlines, so that CR-only files (old Mac Excel) read too.
    reader = csv.reader(io.StringIO(text, newline=None))
    rows: list[Row] = []
    problems: list[Problem] = []
    try:
        _read(reader, file, required, optional, rows, problems)
    except csv.Error as exc:
        msg = f"not readable as CSV ({exc}); save it as CSV UTF-8 (comma-separated)"
        return [], [*problems, Problem(file, msg, reader.line_num or None)]
    return rows, problems


def _read(
    reader: Reader,
    file: str,
    required: Sequence[str],
    optional: Sequence[str],
    rows: list[Row],
    problems: list[Problem],
) -> None:
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        expected = ", ".join([*required, *optional])
        msg = f"missing column; the header must name: {expected}"
        problems += [Problem(file, msg, 1, name) for name in missing]
        return
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(field.strip() for field in record):
            continue
        if len(record) > len(header) and any(f.strip() for f in record[len(header) :]):
            # Usually an unquoted comma inside a source or note.
            msg = (
                f"line has {len(record)} fields but the header has {len(header)}; "
                "put fields that contain commas in double quotes"
            )
            problems.append(Problem(file, msg, start))
            continue
        values = dict(zip(header, (field.strip() for field in record), strict=False))
        rows.append((start, {name: values.get(name, "") for name in (*required, *optional)}))


def parse_number(text: str) -> float | None:
    """A finite float, or ``None`` if ``text`` is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_required(
    file: str, line: int, row: dict[str, str], columns: Iterable[str]
) -> list[Problem]:
    """One problem per column of ``columns`` that is empty in ``row``."""
    hints = {
        "source": "cite the document, table and address the value comes from",
        "unit": "give the unit the value is published in",
        "status": f"use one of {', '.join(STATUSES)}",
    }
    return [
        Problem(file, f"{name} is empty; {hints.get(name, 'a value is required')}", line, name)
        for name in columns
        if not row.get(name)
    ]


def check_status(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    """A problem if the (non-empty) status is not one of :data:`STATUSES`."""
    status = row.get("status", "")
    if status and status not in STATUSES:
        msg = f"unknown status; use one of {', '.join(STATUSES)}"
        return [Problem(file, msg, line, "status", status)]
    return []


def raise_reference(problems: Sequence[Problem]) -> None:
    """Raise :class:`ReferenceDataError` listing ``problems`` if there are any."""
    if problems:
        msg = "broken packaged reference data:\n" + "\n".join(str(p) for p in problems)
        raise ReferenceDataError(msg)
