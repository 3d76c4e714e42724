"""Find a CEADs inventory table in a sheet by its structure, and its region and year by name.

CEADs workbooks differ in sheet names, header spellings (``Raw Coal`` / ``Raw_Coal`` /
``CleanedCoal``) and total-row labels (``Total Consumption`` / ``TotalEmissions``), so a table is
recognised by what it contains: a header row naming the 17 CEADs fuels and ``Scope 1 Total``, and
rows naming the 47 energy-balance sectors plus one total row. Rows and columns are 0-based here;
messages add 1 to show spreadsheet rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from peakzero import codes
from peakzero.errors import InputError, Problem

__all__ = [
    "SCOPE1_TOTAL",
    "NotATable",
    "SheetKey",
    "TableLayout",
    "column_letter",
    "column_name",
    "file_regions",
    "find_layout",
    "sheet_key",
]

Rows = Sequence[Sequence[object]]

SCOPE1_TOTAL = "Scope 1 Total"
_SCOPE1_TOTAL_KEY = codes.normalise(SCOPE1_TOTAL)
_UNIT_KEY = codes.normalise("Mt CO2")
_COMBUSTION_KINDS = ("solid", "liquid", "gas")
# A header row with at least this many of the 17 fuels is a near miss, reported as such.
_NEAR_MISS = 9
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# File-name words: capitalised or lower-case words, upper-case runs, numbers, CJK runs and other
# letters; separators (spaces, ``_``, ``-``, ``.``) are left out.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[A-Z]*[a-z]+|[A-Z]+|\d+|[\u3400-\u9fff\uf900-\ufaff]+|[^\W\d_]+")
# A region name spans at most this many tokens (``新疆维吾尔自治区`` is 8 characters).
_MAX_NAME_TOKENS = 10


@dataclass(frozen=True)
class TableLayout:
    """Where the parts of one inventory table are (0-based rows and columns).

    ``value_cols``/``fuels``/``headers`` are aligned and ordered by fuel id; ``sector_rows`` and
    ``sectors`` are aligned and ordered by sector id, so the table reads out already sorted.
    """

    header_row: int
    label_col: int
    total_row: int
    total_col: int
    sector_rows: tuple[int, ...]
    sectors: tuple[str, ...]
    value_cols: tuple[int, ...]
    fuels: tuple[str, ...]
    headers: tuple[str, ...]


@dataclass(frozen=True)
class NotATable:
    """Why a sheet holds no inventory table."""

    reason: str


@dataclass(frozen=True)
class SheetKey:
    """The region (ISO 3166-2) and year one inventory sheet stands for."""

    region: str
    year: int


def column_letter(col: int) -> str:
    """Spreadsheet column letters of the 0-based column ``col`` (0 → ``A``, 26 → ``AA``)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_name(col: int, header: Sequence[object]) -> str:
    """A column for messages: its letters and header, e.g. ``L (Kerosene)``."""
    label = _text(header[col]) if col < len(header) else None
    return column_letter(col) + (f" ({label})" if label else "")


def _text(cell: object) -> str | None:
    return cell.strip() if isinstance(cell, str) and cell.strip() else None


# Labels repeat in every sheet (17 fuels, 47 sectors, a few totals and units, in 700 sheets of
# a workbook set), so each spelling is normalised and resolved once. The codelists are packaged
# and cached, so a label's answer never changes; the bound keeps odd files from growing it.
@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return codes.normalise(text)


@lru_cache(maxsize=4096)
def _fuel(text: str) -> str | None:
    return codes.fuels().resolve(text)


@lru_cache(maxsize=4096)
def _sector(text: str) -> str | None:
    return codes.energy_balance_sectors().resolve(text)


def _header_columns(row: Sequence[object]) -> tuple[dict[int, str], int | None]:
    """Columns of ``row`` that name a fuel (column → fuel id) and the Scope 1 Total column."""
    found: dict[int, str] = {}
    total_col = None
    for col, cell in enumerate(row):
        text = _text(cell)
        if text is None:
            continue
        if _key(text) == _SCOPE1_TOTAL_KEY:
            total_col = col
        elif (fuel := _fuel(text)) is not None:
            found[col] = fuel
    return found, total_col


def _required_fuels() -> frozenset[str]:
    return frozenset(f.id for f in codes.fuels().values() if f.get("kind") in _COMBUSTION_KINDS)


def _find_header(rows: Rows, file: str, sheet: str) -> tuple[int, dict[int, str], int] | NotATable:
    required = _required_fuels()
    best: tuple[int, frozenset[str], bool] = (-1, frozenset(), False)
    for r, row in enumerate(rows):
        found, total_col = _header_columns(row)
        present = required & set(found.values())
        if present == required and total_col is not None:
            return r, found, total_col
        if len(present) > len(best[1]):
            best = (r, frozenset(present), total_col is not None)
    reason = "not an inventory table (no header row with the 17 CEADs fuels and 'Scope 1 Total')"
    best_row, present, has_total = best
    if len(present) < _NEAR_MISS:
        return NotATable(reason)
    missing = sorted(str(codes.fuels()[f].get("ceads")) for f in required - present)
    missing += [] if has_total else [SCOPE1_TOTAL]
    if not has_total:
        # Fuel columns without Scope 1 Total: another CEADs table (e.g. energy use), not ours.
        return NotATable(f"{reason}; row {best_row + 1} lacks {', '.join(missing)}")
    msg = f"inventory header row lacks fuel columns: {', '.join(missing)}"
    raise InputError(Problem(file, msg, line=best_row + 1, sheet=sheet))


def _label_column(rows: Rows, header_row: int, first_value_col: int) -> int:
    """The column left of the values that names the most sectors (column A in CEADs files)."""
    best_col, best_hits = 0, -1
    for col in range(first_value_col):
        hits = sum(
            1
            for row in rows[header_row + 1 :]
            if col < len(row) and (t := _text(row[col])) and _sector(t)
        )
        if hits > best_hits:
            best_col, best_hits = col, hits
    return best_col


def _duplicate_problem(file: str, sheet: str, what: str, first: int, again: int) -> Problem:
    msg = f"{what} appears twice (also in row {first + 1})"
    return Problem(file, msg, line=again + 1, sheet=sheet)


def _check_columns(
    header: Sequence[object], found: dict[int, str], file: str, sheet: str, header_row: int
) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for col, fuel in found.items():
        if fuel in seen:
            msg = f"fuel column {fuel} appears twice (also column {column_letter(seen[fuel])})"
            problems.append(
                Problem(file, msg, header_row + 1, column_name(col, header), sheet=sheet)
            )
        seen.setdefault(fuel, col)
    return problems


def _check_units(
    rows: Rows, header_row: int, found: dict[int, str], file: str, sheet: str
) -> list[Problem]:
    """If the row under the header holds units (as in CEADs files), they must all be Mt CO2."""
    if header_row + 1 >= len(rows):
        return []
    header, row = rows[header_row], rows[header_row + 1]
    units = {c: _text(row[c]) for c in found if c < len(row)}
    if not units or any(u is None for u in units.values()):
        return []
    return [
        Problem(file, "unit is not Mt CO2", header_row + 2, column_name(c, header), u, sheet)
        for c, u in units.items()
        if _key(str(u)) != _UNIT_KEY
    ]


def _scan_rows(
    rows: Rows, header_row: int, label_col: int, file: str, sheet: str
) -> tuple[dict[str, int], list[int], list[Problem], list[tuple[int, str]]]:
    """Sector rows (sector → row), total rows, duplicate problems and unknown labels."""
    found: dict[str, int] = {}
    totals: list[int] = []
    problems: list[Problem] = []
    unknown: list[tuple[int, str]] = []
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        label = _text(row[label_col]) if label_col < len(row) else None
        if label is None:
            continue
        sector = _sector(label)
        if sector is None:
            if _key(label).startswith("total"):
                totals.append(r)
            else:
                unknown.append((r, label))
        elif sector in found:
            problems.append(_duplicate_problem(file, sheet, f"sector {sector}", found[sector], r))
        else:
            found[sector] = r
    return found, totals, problems, unknown


def find_layout(rows: Rows, file: str, sheet: str) -> TableLayout | NotATable:
    """Locate the inventory table of a sheet by its structure.

    Parameters
    ----------
    rows
        The sheet's cells from A1 on (python-calamine ``to_python(skip_empty_area=False)``).
    file, sheet
        Where the rows come from, for messages.

    Returns
    -------
    TableLayout or NotATable
        The table's layout, or why the sheet holds none (no fuel header, or no sector rows).

    Raises
    ------
    InputError
        If the sheet is a broken inventory table: a header with 'Scope 1 Total' but not all the
        fuels, sectors missing or repeated, no or several total rows, a repeated fuel column or a
        unit other than Mt CO2.
    """
    header = _find_header(rows, file, sheet)
    if isinstance(header, NotATable):
        return header
    header_row, found, total_col = header
    label_col = _label_column(rows, header_row, min(found))
    by_sector, totals, problems, unknown = _scan_rows(rows, header_row, label_col, file, sheet)
    if not by_sector:
        return NotATable("not an inventory table (fuel columns but no rows of the 47 sectors)")
    problems += _check_columns(rows[header_row], found, file, sheet, header_row)
    problems += _check_units(rows, header_row, found, file, sheet)
    missing = [s for s in codes.energy_balance_sectors() if s not in by_sector]
    if missing:
        shown = "; ".join(f"row {r + 1}: {label!r}" for r, label in unknown[:5]) or "none"
        msg = f"sector rows missing: {', '.join(missing)} (unrecognised row labels: {shown})"
        problems.append(Problem(file, msg, sheet=sheet))
    if len(totals) != 1:
        rows_text = ", ".join(str(r + 1) for r in totals) or "none"
        msg = f"expected one total row (label starting with 'Total'), found rows: {rows_text}"
        problems.append(Problem(file, msg, sheet=sheet))
    if problems:
        raise InputError(problems)
    by_fuel = sorted((fuel, col) for col, fuel in found.items())
    ordered = sorted(by_sector.items())
    return TableLayout(
        header_row=header_row,
        label_col=label_col,
        total_row=totals[0],
        total_col=total_col,
        sector_rows=tuple(r for _, r in ordered),
        sectors=tuple(s for s, _ in ordered),
        value_cols=tuple(c for _, c in by_fuel),
        fuels=tuple(f for f, _ in by_fuel),
        headers=tuple(str(rows[header_row][c]).strip() for _, c in by_fuel),
    )


def _file_tokens(file_stem: str) -> list[str | None]:
    """Words of a file name (``InnerMongolia`` → ``Inner``, ``Mongolia``) and single CJK
    characters; numbers become ``None`` so that no region name spans them."""
    tokens: list[str | None] = []
    for part in _TOKEN.findall(file_stem):
        if part.isdigit():
            tokens.append(None)
        elif _CJK.fullmatch(part):
            tokens.extend(part)  # no spaces between Chinese words: each character is a token
        else:
            tokens.append(part)
    return tokens


# Keyed on a user's file name, but a pure function of that name (and the packaged codelist), so
# an edited file cannot make it stale; bounded so that a server reading many files stays flat.
@lru_cache(maxsize=4096)
def file_regions(file_stem: str) -> tuple[str, ...]:
    """Regions a file name names, in order: ``Beijing_CO2_2019`` → ``("CN-BJ",)``.

    Words are matched spelling-insensitively against the ids, English and Chinese names,
    aliases and CEADs names of :func:`peakzero.codes.regions`, longest run of words first
    (``Inner_Mongolia``, ``内蒙古自治区``); numbers never match.
    """
    regions = codes.regions()
    tokens = _file_tokens(file_stem)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            words = tokens[i : i + n]
            if None in words:
                continue
            region = regions.resolve("".join(w for w in words if w is not None))
            if region is not None:
                if region not in found:
                    found.append(region)
                i += n
                break
        else:
            i += 1
    return tuple(found)


def _region_from_file(file_stem: str) -> str | NotATable:
    """The region of a sheet named only by a year: the one region the file name names, else
    China if it names no province (a national file, or ``China`` / ``national``)."""
    regions = codes.regions()
    named = [r for r in file_regions(file_stem) if regions[r].get("level") != "nation"]
    if not named:
        return "CN"
    if len(named) == 1:
        return named[0]
    shown = ", ".join(f"{r} ({regions[r].name_en})" for r in named)
    return NotATable(
        f"sheet name gives only the year and the file name names several regions ({shown}): "
        "rename the sheet (e.g. Beijing2019) or the file"
    )


def sheet_key(sheet: str, file_stem: str) -> SheetKey | NotATable:
    """Region and year of an inventory sheet from its name (``Beijing2019``).

    A sheet name without a year takes the year from the file name if that has exactly one. A
    sheet named only by a year (``2019``) takes the region from the file name: the one region
    it names (``Beijing_CO2_2019.xlsx`` → ``CN-BJ``), China (``CN``) if it names no province,
    and no region if it names several.

    Returns
    -------
    SheetKey or NotATable
        The key, or why the sheet cannot stand for one region-year (e.g. a summary).
    """
    years = _YEAR.findall(sheet)
    if len(years) > 1:
        return NotATable(f"sheet name spans several years ({', '.join(years)}): a summary")
    if not years:
        years = _YEAR.findall(file_stem)
        if len(years) != 1:
            return NotATable("inventory table, but neither sheet nor file name gives one year")
    name = _YEAR.sub(" ", sheet).strip(" _-.")
    if not name:
        region: str | NotATable | None = _region_from_file(file_stem)
    else:
        region = codes.regions().resolve(name)
    if region is None:
        return NotATable(f"inventory table, but {name!r} is not a known region (a summary?)")
    if isinstance(region, NotATable):
        return region
    return SheetKey(region, int(years[0]))
