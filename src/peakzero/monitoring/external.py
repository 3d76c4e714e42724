"""Carbon Monitor Cities daily estimates, read as an external comparator.

Two layouts are read, each recognised by its header row wherever it stands (any sheet, any row,
any column), never by the file's name:

* ``published``: the CSV files of the dataset (Huo et al. 2022), columns ``city, country, date,
  sector, value (KtCO2 per day), timestamp``;
* ``website``: the export of cities.carbonmonitor.org, columns ``city, date, sector, ktCO2 per
  day``, day-first text dates (``01/01/2021``) and footer lines naming the source and the export
  date, which are kept as metadata, not read as data.

Values are kt CO2 per day, territorial scope 1, CO2 only, in Carbon Monitor's own sectors; the
packaged table ``data/monitoring/carbon_monitor_sectors.csv`` maps them to GPC sub-sectors for
comparisons (:mod:`peakzero.monitoring.compare`). See ``docs/methods/monitoring-external.md``.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from python_calamine import CalamineWorkbook

from peakzero import codes
from peakzero.errors import InputError, Problem, ReferenceDataError
from peakzero.io.packaged import data_name, data_text
from peakzero.io.reference import decode_csv

__all__ = [
    "CITATION",
    "CM_SECTORS",
    "SCOPE",
    "UNIT",
    "ExternalEstimate",
    "carbon_monitor_sectors",
    "read_external",
    "sector_map",
]

UNIT = "kt CO2/day"
SCOPE = (
    "territorial scope 1, CO2 only (fossil fuel and cement), in Carbon Monitor's own sectors, "
    "not aligned with GPC or CRF"
)
CITATION = (
    "Liu, Z. et al. (2020) Near-real-time monitoring of global CO2 emissions reveals the effects "
    "of the COVID-19 pandemic, Nat Commun 11, 5172; Huo, D. et al. (2022) Carbon Monitor Cities "
    "near-real-time daily estimates of CO2 emissions from 1500 cities worldwide, Sci Data 9, 533"
)
# Carbon Monitor's sector names, and the spellings of them met in its files and code (GRACED
# grids spell ``GroundTransportation`` and ``DomesticAviation``).
CM_SECTORS = (
    "Power",
    "Industry",
    "Ground Transport",
    "Residential",
    "Aviation",
    "Domestic Aviation",
    "International Aviation",
)
_SECTOR_SPELLINGS = {
    **{codes.normalise(name): name for name in CM_SECTORS},
    "groundtransportation": "Ground Transport",
}
_LAYOUT_COLUMNS = {
    "published": ("city", "country", "date", "sector", "value", "timestamp"),
    "website": ("city", "date", "sector", "ktCO2 per day"),
}
_REQUIRED = ("city", "date", "sector", "value")
_HEADER_SCAN = 100  # rows searched for the header in each sheet
_DATES_ALLOWED = "a day-first date dd/mm/yyyy, an ISO date yyyy-mm-dd or yyyymmdd"
_DATE_FORMS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}(?: 00:00:00)?"), "%Y-%m-%d"),
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
    (re.compile(r"\d{8}"), "%Y%m%d"),
)
_ORDINAL = re.compile(r"(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
_SECTORS_FILE = ("monitoring", "carbon_monitor_sectors.csv")


@dataclass(frozen=True)
class ExternalEstimate:
    """A Carbon Monitor Cities series and what is known about it.

    ``daily`` is a DAILY frame: ``date`` (datetime64[ns]), ``region`` (``CN-BJ`` for Beijing,
    the file's name for other cities), ``sector`` (Carbon Monitor's name, see
    :data:`CM_SECTORS`) and ``value`` in :data:`UNIT`. ``vintage`` is the export date the footer
    names (``None`` when the file does not say, as the published CSV does not); ``notes`` are
    the footer and title lines as written.
    """

    daily: pd.DataFrame
    file: str
    layout: str
    sheets: tuple[str, ...]
    source: str
    vintage: date | None
    notes: tuple[str, ...] = ()
    cities: Mapping[str, str] = field(default_factory=dict)
    unit: str = UNIT
    scope: str = SCOPE
    citation: str = CITATION


@dataclass(frozen=True)
class _Header:
    row: int  # 0-based row of the header in the grid
    columns: dict[str, int]  # role -> 0-based column
    names: dict[str, str]  # role -> header text as written
    layout: str


def read_external(path: str | Path) -> ExternalEstimate:
    """Read a Carbon Monitor Cities file in the published CSV or the website's XLSX layout.

    The table is found by its header row (``city``, ``date``, ``sector`` and a value column
    named ``value…`` or ``ktCO2…``; ``country`` makes it the published layout) in any sheet;
    every sheet holding such a table is read. Dates are read as ``dd/mm/yyyy`` (Carbon Monitor
    writes slashed dates day-first, never month-first), ``yyyy-mm-dd``, ``yyyymmdd`` or a date
    cell. Lines below the data are the footer: a date among them is the export date, the first
    other text the source; they and any title lines above the header are kept, never read as
    data. The ``timestamp`` column is not used (the date is).

    Raises
    ------
    InputError
        If no table is found, or with one problem per bad cell (city, date, sector, value), so
        that nothing half-read is returned.
    """
    file = str(path)
    source = Path(path)
    if not source.is_file():
        raise InputError(Problem(file, "file not found"))
    grids = _workbook_grids(source) if _is_workbook(source) else [(None, _csv_grid(source))]
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    footers: list[str] = []
    titles: list[str] = []
    layouts: list[str] = []
    sheets: list[str] = []
    near: list[Problem] = []
    for sheet, grid in grids:
        header = _find_header(grid, file, sheet, near)
        if header is None:
            continue
        frame, found, above, below = _read_table(grid, header, file, sheet)
        if frame.empty and not found:
            msg = "the table has a header but no data rows"
            found = [Problem(file, msg, header.row + 1, header.names["date"], sheet=sheet)]
        frames.append(frame)
        problems += found
        titles += above
        footers += below
        layouts.append(header.layout)
        if sheet is not None:
            sheets.append(sheet)
    if not frames:
        raise InputError(near or [Problem(file, _no_table_message())])
    if problems:
        raise InputError(problems)
    daily = pd.concat(frames, ignore_index=True)
    cities = _regions([str(c) for c in daily["region"].unique()])
    daily["region"] = daily["region"].map(cities)
    daily = daily.sort_values(["region", "sector", "date"], ignore_index=True)
    vintage, source_text, rest = _metadata(footers)
    return ExternalEstimate(
        daily=daily[["date", "region", "sector", "value"]],
        file=file,
        layout=", ".join(dict.fromkeys(layouts)),
        sheets=tuple(sheets),
        source=source_text or "Carbon Monitor Cities",
        vintage=vintage,
        notes=(*titles, *rest),
        cities=cities,
    )


def carbon_monitor_sectors() -> pd.DataFrame:
    """The packaged mapping of Carbon Monitor sectors to GPC sub-sectors, one row per pair.

    Raises
    ------
    ReferenceDataError
        If a row names a sector outside :data:`CM_SECTORS`, a GPC id outside the codelist, or
        lacks a source or status.
    """
    return _sector_table().copy()


@cache
def _sector_table() -> pd.DataFrame:
    name = data_name(*_SECTORS_FILE)
    table = pd.read_csv(io.StringIO(data_text(*_SECTORS_FILE)), dtype=str, keep_default_na=False)
    gpc = codes.gpc_sectors()
    bad = [
        f"line {i + 2}: {row.cm_sector!r} / {row.gpc!r}"
        for i, row in enumerate(table.itertuples())
        if row.cm_sector not in CM_SECTORS
        or row.gpc not in gpc
        or not row.source
        or row.status not in ("verified", "secondary", "uncertain")
    ]
    if bad:
        msg = f"{name}: unknown sector, GPC id, source or status at {'; '.join(bad)}"
        raise ReferenceDataError(msg)
    return table


def sector_map() -> dict[str, tuple[str, ...]]:
    """Carbon Monitor sector -> the GPC sub-sectors it is compared with (packaged table)."""
    table = carbon_monitor_sectors()
    return {str(s): tuple(g["gpc"]) for s, g in table.groupby("cm_sector", sort=False)}


def _is_workbook(path: Path) -> bool:
    # By content, not by name: an export renamed to .csv is still a workbook (ZIP or OLE2).
    with path.open("rb") as stream:
        start = stream.read(4)
    return start in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def _workbook_grids(path: Path) -> list[tuple[str | None, pd.DataFrame]]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise InputError(Problem(str(path), f"not a readable workbook ({exc})")) from exc
    grids: list[tuple[str | None, pd.DataFrame]] = []
    for name in workbook.sheet_names:
        # skip_empty_area=False keeps row 0 = spreadsheet row 1, so messages name real rows.
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        grids.append((name, pd.DataFrame(rows, dtype=object)))
    return grids


def _csv_grid(path: Path) -> pd.DataFrame:
    """The CSV file as a grid of text cells, row i = line i + 1.

    The header is looked for in the first lines with the csv module (title lines may have fewer
    fields than the table); the table below it is read by pandas, which holds a published file
    of a million rows as compact string columns rather than Python lists.
    """
    text, problems = decode_csv(path.read_bytes(), str(path))
    if problems:
        raise InputError(problems)
    head = pd.DataFrame(
        list(itertools.islice(csv.reader(io.StringIO(text, newline=None)), _HEADER_SCAN)),
        dtype=object,
    )
    header = _find_header(head, str(path), None, [])
    if header is None:
        return head  # the caller reports what is missing
    width = int(head.iloc[header.row].notna().sum())
    try:
        body = pd.read_csv(
            io.StringIO(text),
            header=None,
            skiprows=header.row + 1,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,  # blank lines stay rows, so row i is still line i + 1
        )
    except pd.errors.EmptyDataError:
        body = pd.DataFrame(columns=range(width), dtype=object)
    except pd.errors.ParserError as exc:
        msg = f"not a readable CSV table ({exc}); every line has at most {width} fields"
        raise InputError(Problem(str(path), msg)) from exc
    above = head.iloc[: header.row + 1].astype(str)  # string columns throughout: no object cast
    return pd.concat([above, body], ignore_index=True)


def _role(cell: object) -> str | None:
    key = codes.normalise(str(cell))
    if key in ("city", "country", "date", "sector", "timestamp"):
        return key
    if key.startswith("date"):  # a header may name the format: ``date (dd/mm/yyyy)``
        return "date"
    if key.startswith("value") or "co2" in key:
        return "value"
    return None


def _find_header(
    grid: pd.DataFrame, file: str, sheet: str | None, near: list[Problem]
) -> _Header | None:
    best: tuple[int, int, list[str]] | None = None
    for r, row in enumerate(grid.head(_HEADER_SCAN).itertuples(index=False)):
        roles: dict[str, int] = {}
        names: dict[str, str] = {}
        for c, cell in enumerate(row):
            role = _role(cell) if isinstance(cell, str) else None
            if role is not None and role not in roles:
                roles[role], names[role] = c, str(cell).strip()
        matched = [k for k in _REQUIRED if k in roles]
        if len(matched) == len(_REQUIRED):
            _check_unit(names["value"], file, sheet, r)
            layout = "published" if "country" in roles else "website"
            return _Header(r, roles, names, layout)
        if len(matched) >= 2 and (best is None or len(matched) > best[1]):
            best = (r, len(matched), [k for k in _REQUIRED if k not in roles])
    if best is not None:
        missing = ", ".join(best[2])
        msg = f"a header row lacks the column(s) {missing}; {_no_table_message()}"
        near.append(Problem(file, msg, best[0] + 1, sheet=sheet))
    return None


def _check_unit(name: str, file: str, sheet: str | None, row: int) -> None:
    key = codes.normalise(name)
    if "co2" in key and "ktco2" not in key:
        allowed = "'value (KtCO2 per day)' or 'ktCO2 per day'"
        msg = f"the value column must be in kt CO2 per day: {allowed}"
        raise InputError(Problem(file, msg, row + 1, name, name, sheet))


def _no_table_message() -> str:
    layouts = "; ".join(f"{k}: {', '.join(v)}" for k, v in _LAYOUT_COLUMNS.items())
    return f"no Carbon Monitor Cities table found; the header must name the columns ({layouts})"


def _text(column: pd.Series) -> pd.Series:
    """Cells as stripped text, empty for a missing cell (a no-op cast for CSV string columns)."""
    return column.fillna("").astype(str).str.strip()


def _read_table(
    grid: pd.DataFrame, header: _Header, file: str, sheet: str | None
) -> tuple[pd.DataFrame, list[Problem], list[str], list[str]]:
    body = grid.iloc[header.row + 1 :].reset_index(drop=True)
    lines = np.arange(len(body)) + header.row + 2  # 1-based line or spreadsheet row
    texts = [_text(body.iloc[:, c]) for c in range(body.shape[1])]
    text = {role: texts[c] for role, c in header.columns.items() if role in _REQUIRED}
    data_like = (text["date"] != "") | (text["sector"] != "") | (text["value"] != "")
    last = int(np.flatnonzero(data_like.to_numpy())[-1]) if data_like.any() else -1
    # Notes: title lines above the header; footer lines (source, export date) below the data.
    titles, footer = _notes(grid.iloc[: header.row]), _notes(body.iloc[last + 1 :])
    keep = np.zeros(len(body), dtype=bool)
    keep[: last + 1] = np.logical_or.reduce([(t != "").to_numpy()[: last + 1] for t in texts])
    raw = {role: body.iloc[keep, header.columns[role]].reset_index(drop=True) for role in text}
    rows = {role: column[keep].reset_index(drop=True) for role, column in text.items()}
    at = lines[keep]
    problems: list[Problem] = []

    def report(role: str, bad: npt.NDArray[np.bool_], message: str) -> None:
        for i in np.flatnonzero(bad):
            value = raw[role].iloc[i]
            problems.append(Problem(file, message, int(at[i]), header.names[role], value, sheet))

    report("city", (rows["city"] == "").to_numpy(), "the city is empty; name the city")
    dates = _dates(rows["date"])
    report("date", dates.isna().to_numpy(), f"not a date; use {_DATES_ALLOWED}")
    sector = _resolved(rows["sector"], lambda s: _SECTOR_SPELLINGS.get(codes.normalise(s)))
    allowed = ", ".join(CM_SECTORS)
    report("sector", sector.isna().to_numpy(), f"unknown sector; use one of {allowed}")
    value = pd.to_numeric(rows["value"], errors="coerce").astype("float64")
    bad_value = ~np.isfinite(value.to_numpy())
    report("value", bad_value, f"not a number; give {UNIT} as a finite number")
    frame = pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "region": rows["city"],
            "sector": sector.astype(str),
            "value": value,
        }
    )
    return frame, problems, titles, footer


def _resolved(text: pd.Series, resolve: Callable[[str], object]) -> pd.Series:
    """``resolve`` applied to each distinct text once (a file repeats a few spellings or dates);
    ``None`` where it gives ``None``."""
    positions, distinct = pd.factorize(text)
    found = [resolve(str(t)) for t in distinct]
    return pd.Series(np.asarray([*found, None], dtype=object)[positions])


def _notes(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return []
    cells = _text(pd.Series(frame.to_numpy().ravel(), dtype=object))
    return [str(t) for t in cells[cells != ""]]


def _dates(text: pd.Series) -> pd.Series:
    parsed = _resolved(text, _parse_date)
    return pd.to_datetime(parsed).astype("datetime64[ns]")


def _parse_date(text: str) -> datetime | None:
    # Date cells arrive as date objects, printed ISO (with a midnight time for datetimes).
    for pattern, form in _DATE_FORMS:
        if pattern.fullmatch(text):
            try:
                return datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form)
            except ValueError:
                return None
    return None


def _regions(cities: Sequence[str]) -> dict[str, str]:
    # Only the platform's city gets a code: a Carbon Monitor city (functional urban area or
    # administrative area) need not match a province code, so other cities keep their name.
    regions = codes.regions()
    return {c: codes.CITY if regions.resolve(c) == codes.CITY else c for c in cities}


def _metadata(notes: Sequence[str]) -> tuple[date | None, str | None, list[str]]:
    vintage: date | None = None
    source: str | None = None
    rest: list[str] = []
    for note in notes:
        when = _note_date(note)
        if when is not None and vintage is None:
            vintage = when
        elif when is None and source is None:
            source = note
        else:
            rest.append(note)
    return vintage, source, rest


def _note_date(text: str) -> date | None:
    plain = _ORDINAL.sub(r"\1", text.strip())
    for form in ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(plain, form).date()
        except ValueError:
            continue
    return None
