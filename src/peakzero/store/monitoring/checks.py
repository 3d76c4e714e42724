"""Every cell checked before anything is written: an import's proxies and findings, a vintage's
values and revisions. Each bad cell is one :class:`~peakzero.errors.Problem` naming the file (or
frame), line and column with the value; nothing is stored on any of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peakzero.codes import CITY
from peakzero.errors import InputError, Problem
from peakzero.programme.domain import REGIONS
from peakzero.store.database import StoreError
from peakzero.store.monitoring.tables import FINDING_COLUMNS, MAX_ID, PROXY_COLUMNS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MONTH",
    "PERIOD",
    "check_meta",
    "check_status",
    "check_vintage_id",
    "check_who",
    "checked_findings",
    "checked_proxies",
    "checked_records",
]

MONTH = r"\d{4}-(0[1-9]|1[0-2])"
"""A vintage value's month, ``YYYY-MM`` (a regular expression)."""
PERIOD = r"\d{4}(-(0[1-9]|1[0-2]))?"  # a revision's month or year


def check_who(who: str) -> None:
    """An audited change names who made it (StoreError: refused like a database refusal)."""
    if not who.strip():
        msg = "an audited change needs who made it; give a user name"
        raise StoreError(msg)


def check_status(status: str) -> None:
    if status not in STATUSES:
        msg = f"a status is one of: {', '.join(STATUSES)}"
        raise InputError(Problem("status", msg, value=status))


def check_vintage_id(vintage: str) -> None:
    if not vintage.strip() or len(vintage) > MAX_ID or vintage != vintage.strip():
        msg = f"a vintage id is 1 to {MAX_ID} characters, without spaces around it"
        raise InputError(Problem("vintage", msg, value=vintage))


def check_meta(region: str, status: str, vintage: str, file_name: str) -> None:
    if region not in REGIONS:
        msg = f"unknown region; give the city or a district: {', '.join(REGIONS)}"
        raise InputError(Problem(file_name, msg, column="region", value=region))
    check_status(status)
    check_vintage_id(vintage)


def _lines(frame: pd.DataFrame) -> list[int]:
    """The file's line of each row: the ``line`` column, else the row's place in a CSV of the
    frame (header on line 1)."""
    if "line" in frame.columns:
        return [int(x) for x in frame["line"].tolist()]
    return list(range(2, len(frame) + 2))


def checked_proxies(frame: pd.DataFrame, region: str, file_name: str) -> pd.DataFrame:
    """The proxies' columns, or InputError with one problem per missing column or bad cell."""
    import numpy as np
    import pandas as pd

    file = str(frame.attrs.get("file", file_name))
    missing = [c for c in PROXY_COLUMNS if c not in frame.columns]
    if missing:
        allowed = ", ".join(PROXY_COLUMNS)
        raise InputError(
            [
                Problem(file, f"missing column '{c}'; the columns are: {allowed}", 1, c)
                for c in missing
            ]
        )
    rows = frame.reset_index(drop=True)
    lines = _lines(rows)
    problems: list[Problem] = []
    out = pd.DataFrame(index=rows.index)
    for column in ("region", "period", "sector", "proxy", "unit"):
        text = rows[column].astype("string").str.strip().fillna("")
        for i in (text == "").to_numpy().nonzero()[0]:
            problems.append(Problem(file, "an empty cell; give a value", lines[i], column))
        out[column] = text.astype(object)
    for i in (~_is_period(out["period"]) & (out["period"] != "")).to_numpy().nonzero()[0]:
        msg = "not a day or a month; give YYYY-MM-DD (daily) or YYYY-MM (monthly)"
        problems.append(Problem(file, msg, lines[i], "period", rows["period"].iloc[i]))
    value = pd.to_numeric(rows["value"], errors="coerce").astype("float64")
    for i in (~np.isfinite(value.to_numpy())).nonzero()[0]:
        msg = "not a finite number; give the proxy's value as a number"
        problems.append(Problem(file, msg, lines[i], "value", rows["value"].iloc[i]))
    regions = list(REGIONS) if region == CITY else [region]
    for i in (~out["region"].isin(regions)).to_numpy().nonzero()[0]:
        msg = (
            f"an import of {region} holds rows of {region} only"
            if region != CITY
            else f"an import of {region} holds rows of the city or its districts"
        )
        problems.append(Problem(file, msg, lines[i], "region", rows["region"].iloc[i]))
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or "")))
    out["value"] = value
    return out[list(PROXY_COLUMNS)]


def _is_period(text: pd.Series) -> pd.Series:
    """Whether each text is a real day 'YYYY-MM-DD' or month 'YYYY-MM' (not 2025-02-30)."""
    import pandas as pd

    day = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()
    month = pd.to_datetime(text, format="%Y-%m", errors="coerce").notna()
    return (day & (text.str.len() == 10)) | (month & (text.str.len() == 7))


def checked_findings(findings: pd.DataFrame | None, file_name: str) -> list[dict[str, Any]]:
    """The findings as dicts (an empty cell is None), or InputError naming each missing column
    and each empty code, severity or message."""
    if findings is None or len(findings) == 0:
        return []
    what = f"{file_name} (QA findings)"
    required = ("code", "severity", "message")
    missing = [c for c in required if c not in findings.columns]
    if missing:
        raise InputError([Problem(what, f"missing column '{c}'", 1, c) for c in missing])
    rows = findings.reset_index(drop=True)
    found = [
        {c: _cell(rows[c].iloc[i]) if c in rows.columns else None for c in FINDING_COLUMNS}
        for i in range(len(rows))
    ]
    problems = [
        Problem(what, "an empty cell; a finding has a code, a severity and a message", i + 2, c)
        for i, f in enumerate(found)
        for c in required
        if f[c] is None
    ]
    if problems:
        raise InputError(problems)
    return found


def _cell(x: object) -> str | None:
    """A finding's text cell: None for an empty or missing one (None, NaN, pd.NA)."""
    import pandas as pd

    if x is None or x is pd.NA or (isinstance(x, float) and x != x):
        return None
    text = str(x).strip()
    return text or None


def checked_records(
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    optional: tuple[str, ...],
    what: str,
    period: str,
) -> list[dict[str, Any]]:
    """``frame``'s rows as dicts of plain values (NaN → None in ``optional`` columns), or
    InputError naming each missing column, region outside the city, empty sector, ``period``
    cell not matching its pattern (a regular expression), non-number and repeated key — the key
    being (region, sector, ``period``), the frame's first three columns."""
    import numpy as np
    import pandas as pd

    key = columns[:3]
    missing = [c for c in columns if c not in frame.columns and c not in optional]
    if missing:
        allowed = ", ".join(columns)
        raise InputError(
            [
                Problem(what, f"missing column '{c}'; the columns are: {allowed}", 1, c)
                for c in missing
            ]
        )
    rows = frame.reset_index(drop=True).copy()
    for c in optional:
        if c not in rows.columns:
            rows[c] = float("nan")
    text = {c: rows[c].astype("string").str.strip().fillna("") for c in key}
    checks = (
        ("region", ~text["region"].isin(REGIONS), f"not a region; one of: {', '.join(REGIONS)}"),
        ("sector", text["sector"] == "", "an empty cell; give the sector"),
        (key[2], ~text[key[2]].str.fullmatch(period), f"not a period of the form {period}"),
    )
    problems = [
        Problem(what, msg, int(i) + 2, c, rows[c].iloc[i])
        for c, bad, msg in checks
        for i in bad.to_numpy().nonzero()[0]
    ]
    for c in columns[3:]:
        values = pd.to_numeric(rows[c], errors="coerce").astype("float64")
        bad = ~np.isfinite(values.to_numpy())
        if c in optional:
            bad &= rows[c].notna().to_numpy()
        problems += [
            Problem(what, "not a finite number", int(i) + 2, c, rows[c].iloc[i])
            for i in bad.nonzero()[0]
        ]
        rows[c] = values
    for c in key:
        rows[c] = text[c].astype(object)
    repeated = rows.duplicated(list(key), keep="first")
    problems += [
        Problem(
            what,
            f"({', '.join(key)}) repeats an earlier row",
            int(i) + 2,
            key[2],
            rows[key[2]].iloc[i],
        )
        for i in repeated.to_numpy().nonzero()[0]
    ]
    if problems:
        raise InputError(
            sorted(problems, key=lambda p: (p.line or 0, columns.index(p.column or key[0])))
        )
    out = rows[list(columns)].astype(object).where(rows[list(columns)].notna(), None)
    return [dict(zip(columns, r, strict=True)) for r in out.itertuples(index=False, name=None)]
