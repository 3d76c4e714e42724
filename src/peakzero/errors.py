"""One exception family for peakzero.

Every message names where the problem is (file, line or cell, column), the offending value and
what would be valid, so that the CLI can print it without a traceback and exit with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["InputError", "PeakzeroError", "Problem", "ReferenceDataError", "raise_if_any"]


class PeakzeroError(Exception):
    """Base class of every error peakzero raises on purpose."""


class ReferenceDataError(PeakzeroError):
    """A reference table (factors, codelists) is missing, malformed or lacks provenance."""


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input file.

    ``line`` is the 1-based line of a CSV file counting the header as line 1, or the spreadsheet
    row for a workbook (``sheet`` is then set).
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: object = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f" [sheet {self.sheet}]"
        if self.line is not None:
            where += f", {'row' if self.sheet is not None else 'line'} {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = "" if self.value is None else f" (value {_display(self.value)})"
        return f"{where}: {self.message}{shown}"


def _display(value: object) -> str:
    """A cell as the user typed it: text quoted, numbers plain (no numpy reprs, no ``.0``)."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str):
        value = item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


class InputError(PeakzeroError):
    """User input that cannot be used; carries one :class:`Problem` per defect."""

    def __init__(self, problems: Sequence[Problem] | Problem) -> None:
        found = (problems,) if isinstance(problems, Problem) else tuple(problems)
        # In reading order: by file, sheet and line (stable, so checks keep their order per line).
        self.problems: tuple[Problem, ...] = tuple(
            sorted(found, key=lambda p: (p.file, p.sheet or "", p.line or 0))
        )
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise :class:`InputError` if ``problems`` is not empty."""
    found = list(problems)
    if found:
        raise InputError(found)
