"""What the Monitoring page is asked to show: the accounting view (territorial scope 1 or scope
1+2 with a named grid factor, with or without aviation) and the period of its daily and monthly
charts (``from``/``to``: a date ``YYYY-MM-DD`` or a month ``YYYY-MM``).

Only checks and defaults live here; every figure is the study module's
(:mod:`peakzero.studies.monitoring` over :mod:`peakzero.monitoring.views`). Each bad choice is
one problem naming its query field, the value and what is allowed (the route answers 422).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peakzero.errors import InputError, Problem

if TYPE_CHECKING:  # pandas loads on first use, not when the app starts (issue 12)
    import pandas as pd

__all__ = [
    "DEFAULT_GRID_FACTOR",
    "VIEWS",
    "Choice",
    "Period",
    "check_choice",
    "electricity_factors",
    "period",
]

VIEWS = ("territorial", "scope1+2")
"""The accounting views of :mod:`peakzero.monitoring.views` the page offers."""
DEFAULT_GRID_FACTOR = "mee-beijing-2022"
"""The MEE/NBS Beijing factor of 2022 (verified in ``data/factors/grid.csv``): the city's own
published average, named wherever the scope 1+2 view is shown."""
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class Choice:
    """A checked view: ``view`` one of :data:`VIEWS`, ``aviation`` whether GPC II.4 counts,
    ``grid_factor`` the electricity factor id (used by ``scope1+2`` only)."""

    view: str = "territorial"
    aviation: bool = True
    grid_factor: str = DEFAULT_GRID_FACTOR

    @property
    def factor(self) -> str | None:
        """The grid factor the study functions take: the view's, or None for territorial."""
        return self.grid_factor if self.view == "scope1+2" else None


def electricity_factors() -> list[str]:
    """The ids of the packaged electricity factors (the grid factor choice)."""
    from peakzero.accounting.grid_factors import grid_factors

    return [f.id for f in grid_factors() if f.carrier == "electricity"]


def check_choice(view: str, aviation: bool, grid_factor: str) -> Choice:
    """The checked :class:`Choice`; :class:`InputError` naming each bad field."""
    problems: list[Problem] = []
    if view not in VIEWS:
        msg = f"unknown view; one of: {', '.join(VIEWS)}"
        problems.append(Problem("view", msg, column="view", value=view))
    factors = electricity_factors()
    if grid_factor not in factors:
        msg = f"unknown electricity factor id; one of: {', '.join(factors)}"
        problems.append(Problem("grid_factor", msg, column="grid_factor", value=grid_factor))
    if problems:
        raise InputError(problems)
    return Choice(view, aviation, grid_factor)


@dataclass(frozen=True)
class Period:
    """The first and last day of the daily and monthly charts (both included)."""

    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def label(self) -> tuple[str, str]:
        return f"{self.start:%Y-%m-%d}", f"{self.end:%Y-%m-%d}"


def _span(text: str, field: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day ``text`` names: a date ``YYYY-MM-DD`` (one day) or a month
    ``YYYY-MM`` (its days)."""
    import pandas as pd  # here, not at import: the app starts without pandas

    allowed = "a date YYYY-MM-DD or a month YYYY-MM"
    try:
        if _DAY.fullmatch(text):
            return pd.Timestamp(text), pd.Timestamp(text)
        if _MONTH.fullmatch(text):
            month = pd.Period(text, freq="M")
            return month.start_time.normalize(), month.end_time.normalize()
    except ValueError:
        pass
    raise InputError(Problem(field, f"not {allowed}", column=field, value=text))


def period(
    start: str | None, end: str | None, year: int, first: pd.Timestamp, last: pd.Timestamp
) -> Period:
    """The charts' period: ``from``/``to`` as given (a missing one: the start or end of
    ``year``), inside the monitored days ``first`` … ``last``.

    Raises
    ------
    InputError
        A bound that is neither a date nor a month, outside the monitored days, or ``from``
        after ``to`` — each naming its field.
    """
    import pandas as pd

    problems: list[Problem] = []
    days = f"{first:%Y-%m-%d} … {last:%Y-%m-%d}"
    bounds = {}
    for field, text, default, at_end in (
        ("from", start, pd.Timestamp(year, 1, 1), False),
        ("to", end, pd.Timestamp(year, 12, 31), True),
    ):
        if text is None or not text.strip():
            bounds[field] = min(max(default, first), last)
            continue
        try:
            low, high = _span(text.strip(), field)
        except InputError as error:
            problems += error.problems
            continue
        if high < first or low > last:
            msg = f"outside the monitored days; the series runs {days}"
            problems.append(Problem(field, msg, column=field, value=text))
        # A month that overhangs the data is kept to its monitored days.
        shown = min(high, last) if at_end else max(low, first)
        bounds[field] = shown
    if not problems and bounds["from"] > bounds["to"]:
        msg = f"the end is before the start ({bounds['from']:%Y-%m-%d}); give from ≤ to"
        problems.append(Problem("to", msg, column="to", value=end or f"{bounds['to']:%Y-%m-%d}"))
    if problems:
        raise InputError(problems)
    return Period(bounds["from"], bounds["to"])
