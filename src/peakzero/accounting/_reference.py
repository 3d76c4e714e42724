"""Reading and checking the reference tables in ``peakzero/data/factors`` (private helpers).

The packaged tables and the factor files users pass share one reader, so that a packaged row and a
user row are held to the same rules (a source, a parseable unit, a status) and every problem can be
reported with its file, line and column.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from importlib.resources import files

from peakzero.errors import Problem, ReferenceDataError

__all__ = [
    "STATUSES",
    "Row",
    "check_required",
    "check_status",
    "package_file",
    "packaged_text",
    "parse_number",
    "raise_reference",
    "read_rows",
]

# The research labels (../shared/research/emission-data.md §0) collapse to three statuses:
# VERIFIED-FILE / -PAGE / -2SRC -> verified, SECONDARY-REPO -> secondary, MEMORY -> uncertain.
STATUSES = ("verified", "secondary", "uncertain")

Row = tuple[int, dict[str, str]]
"""A data row with the 1-based line it starts on (the header is line 1)."""


def package_file(name: str) -> str:
    """How a packaged factor file is named in messages."""
    return f"peakzero/data/factors/{name}"


def packaged_text(name: str) -> str:
    """The text of a packaged factor file.

    Raises
    ------
    ReferenceDataError
        If the file is missing from the installed package.
    """
    path = files("peakzero") / "data" / "factors" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"{package_file(name)} cannot be read: {exc}"
        raise ReferenceDataError(msg) from exc


def read_rows(
    text: str, file: str, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV text as stripped strings keyed by column, with structural problems.

    Missing ``required`` columns are reported (and no rows returned, since no row can be checked);
    missing ``optional`` columns read as empty. Blank lines are skipped but still counted, so line
    numbers match what an editor shows.
    """
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        expected = ", ".join([*required, *optional])
        return [], [
            Problem(file, f"missing column; the header must name: {expected}", 1, name)
            for name in missing
        ]
    rows: list[Row] = []
    problems: list[Problem] = []
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
    return rows, problems


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
