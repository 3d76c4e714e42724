"""Import CEADs CO2 inventories (IPCC sectoral approach, Mt CO2) into peakzero's long format.

CEADs (China Emission Accounts and Datasets; Shan et al. 2018, *Sci Data* 5:170201 and later
releases) publishes one table per region and year: the 47 energy-balance sectors × 17 fossil
fuels, plus ``Scope 2 Heat``, ``Scope 2 Electricity``, ``Other Energy``, ``Process`` (cement) and
``Scope 1 Total``. Tables are found by structure (see :mod:`peakzero.accounting.ceads_layout`), so
provincial workbooks (``Beijing2019``), the national workbook (sheets ``1997`` … ``2019``) and
their varying spellings import alike; sheets without an inventory table are skipped and named. A
sheet named only by a year stands for the region its file name names (``Beijing_CO2_2019.xlsx``
→ ``CN-BJ``), or for China if the file name names no province.
Every imported table must add up to its own totals, otherwise nothing is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import itemgetter
from os import PathLike
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from peakzero import codes
from peakzero.accounting.ceads_layout import (
    SCOPE1_TOTAL,
    NotATable,
    SheetKey,
    TableLayout,
    column_letter,
    find_layout,
    sheet_key,
)
from peakzero.errors import InputError, Problem, raise_if_any

__all__ = [
    "CEADS_COLUMNS",
    "CEADS_UNIT",
    "CeadsImport",
    "SkippedSheet",
    "read_ceads",
    "read_ceads_workbooks",
]

CEADS_COLUMNS = ("region", "year", "sector", "fuel", "gas", "scope", "value", "unit")
CEADS_UNIT = "Mt CO2"
# Totals are stored with ~15 significant digits; 1e-6 Mt (1 t CO2) catches any real mismatch.
_TOLERANCE = 1e-6
_SCOPE2_KINDS = ("electricity", "heat")

FloatArray = npt.NDArray[np.float64]
Rows = Sequence[Sequence[object]]


@dataclass(frozen=True)
class SkippedSheet:
    """A sheet that holds no importable inventory table, and why."""

    file: str
    sheet: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.file} [{self.sheet}]: {self.reason}"


@dataclass(frozen=True)
class CeadsImport:
    """The imported inventory (columns :data:`CEADS_COLUMNS`) and the sheets left out."""

    data: pd.DataFrame
    skipped: tuple[SkippedSheet, ...]


@dataclass(frozen=True)
class _Table:
    key: SheetKey
    file: str
    sheet: str
    sectors: tuple[str, ...]
    fuels: tuple[str, ...]
    values: FloatArray  # sectors × fuels


@cache  # per fuel id of the packaged codelist: asked for every column of every sheet
def _scope(fuel: str) -> int:
    return 2 if codes.fuels()[fuel].get("kind") in _SCOPE2_KINDS else 1


def _number(cell: object) -> float | None:
    """The float of a numeric cell; empty cells are 0 and anything else is ``None``."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return 0.0
    # bool is an int subclass, and TRUE in an emission table is a defect, not 1 Mt.
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    return None


def _read_values(
    rows: Rows, layout: TableLayout, file: str, sheet: str
) -> tuple[FloatArray, list[Problem]]:
    """The total row then the sector rows, over the value columns then Scope 1 Total."""
    row_ids = (layout.total_row, *layout.sector_rows)
    col_ids = (*layout.value_cols, layout.total_col)
    width = max(col_ids) + 1
    block: list[Sequence[object]]
    if all(len(rows[r]) >= width for r in row_ids):
        # One C-level gather per row (calamine's rows are as wide as the sheet) instead of one
        # Python-level lookup per cell.
        gather = itemgetter(*col_ids)
        block = [gather(rows[r]) for r in row_ids]
    else:
        block = [[rows[r][c] if c < len(rows[r]) else "" for c in col_ids] for r in row_ids]
    # Fast path: CEADs files hold nothing but floats, so convert the whole block at once.
    if set(map(type, chain.from_iterable(block))) == {float}:
        return np.array(block, dtype=np.float64), []
    values = np.zeros((len(row_ids), len(col_ids)))
    headers = (*layout.headers, SCOPE1_TOTAL)
    problems = []
    for i, line in enumerate(block):
        for j, cell in enumerate(line):
            number = _number(cell)
            if number is None:
                column = f"{column_letter(col_ids[j])} ({headers[j]})"
                msg = "not a number"
                problems.append(Problem(file, msg, row_ids[i] + 1, column, cell, sheet))
            else:
                values[i, j] = number
    return values, problems


def _mismatch(actual: FloatArray, stated: FloatArray) -> npt.NDArray[np.bool_]:
    return ~np.isclose(actual, stated, rtol=_TOLERANCE, atol=_TOLERANCE)


def _check_totals(values: FloatArray, layout: TableLayout, file: str, sheet: str) -> list[Problem]:
    """Each sector's Scope 1 Total, each column total and the grand total must add up."""
    totals, body = values[0], values[1:]
    fuels = body[:, :-1]
    scope1 = np.array([_scope(f) == 1 for f in layout.fuels])
    total_col = f"{column_letter(layout.total_col)} ({SCOPE1_TOTAL})"
    problems = []
    row_sums = fuels[:, scope1].sum(axis=1)
    col_sums = fuels.sum(axis=0)
    grand = float(row_sums.sum())
    # One comparison for the three checks: isclose's own overhead outweighs its work on a
    # table this small, and a workbook set has hundreds of tables.
    mismatch = _mismatch(
        np.concatenate([row_sums, col_sums, [grand]]),
        np.concatenate([body[:, -1], totals[:-1], totals[-1:]]),
    )
    rows_off, cols_off = mismatch[: len(row_sums)], mismatch[len(row_sums) : -1]
    for i in np.flatnonzero(rows_off):
        msg = f"{SCOPE1_TOTAL} differs from the sum of the row's scope-1 columns ({row_sums[i]!r})"
        line = layout.sector_rows[i] + 1
        problems.append(Problem(file, msg, line, total_col, float(body[i, -1]), sheet))
    for j in np.flatnonzero(cols_off):
        column = f"{column_letter(layout.value_cols[j])} ({layout.headers[j]})"
        msg = f"total row differs from the sum of the 47 sectors ({col_sums[j]!r})"
        problems.append(Problem(file, msg, layout.total_row + 1, column, float(totals[j]), sheet))
    if mismatch[-1]:
        msg = (
            f"{SCOPE1_TOTAL} of the total row differs from the sum of all scope-1 cells ({grand!r})"
        )
        problems.append(
            Problem(file, msg, layout.total_row + 1, total_col, float(totals[-1]), sheet)
        )
    return problems


def _read_sheet(
    rows: Rows, file: str, sheet: str, key: SheetKey | NotATable
) -> _Table | SkippedSheet:
    """One sheet as a checked table, or why it is skipped; raises InputError if it is broken."""
    layout = find_layout(rows, file, sheet)
    if isinstance(layout, NotATable):
        return SkippedSheet(Path(file).name, sheet, layout.reason)
    if isinstance(key, NotATable):
        return SkippedSheet(Path(file).name, sheet, key.reason)
    values, problems = _read_values(rows, layout, file, sheet)
    raise_if_any(problems or _check_totals(values, layout, file, sheet))
    return _Table(key, file, sheet, layout.sectors, layout.fuels, values[1:, :-1])


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(Problem(str(path), f"cannot be read as an xlsx workbook ({exc})")) from exc


def _sheet_rows(workbook: CalamineWorkbook, file: str, sheet: str) -> Rows:
    """All cells from A1 on, so that row and column numbers match the spreadsheet's."""
    try:
        rows: Rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise InputError(Problem(file, f"sheet cannot be read ({exc})", sheet=sheet)) from exc
    return rows


def _read_workbook(
    path: Path, wanted: frozenset[str] | None
) -> tuple[list[_Table], list[SkippedSheet]]:
    file = str(path)
    tables: list[_Table] = []
    skipped: list[SkippedSheet] = []
    problems: list[Problem] = []
    with _open(path) as workbook:
        for sheet in workbook.sheet_names:
            key = sheet_key(sheet, path.stem)
            # Sheets named for a region that was not asked for are not even parsed.
            if wanted is not None and isinstance(key, SheetKey) and key.region not in wanted:
                continue
            try:
                result = _read_sheet(_sheet_rows(workbook, file, sheet), file, sheet, key)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if isinstance(result, SkippedSheet):
                skipped.append(result)
            else:
                tables.append(result)
    raise_if_any(problems)
    return tables, skipped


def _wanted_regions(regions: Iterable[str] | None) -> frozenset[str] | None:
    """The region ids asked for: codes or names (``Beijing``, ``北京``) resolved to ids."""
    if regions is None:
        return None
    resolved = {text: codes.regions().resolve(text) for text in regions}
    valid = codes.regions().describe()
    raise_if_any(
        Problem("regions", f"unknown region; valid: {valid}", value=text)
        for text, region in resolved.items()
        if region is None
    )
    return frozenset(r for r in resolved.values() if r is not None)


def _check_coverage(
    tables: list[_Table], wanted: frozenset[str] | None, paths: Sequence[Path]
) -> list[Problem]:
    """Each region-year once; each requested region present; at least one table."""
    problems = []
    seen: dict[SheetKey, _Table] = {}
    for table in tables:
        first = seen.setdefault(table.key, table)
        if first is not table:
            msg = (
                f"{table.key.region} {table.key.year} is imported twice: "
                f"also from {first.file} [sheet {first.sheet}]"
            )
            problems.append(Problem(table.file, msg, sheet=table.sheet))
    found = {t.key.region for t in tables}
    for region in sorted((wanted or frozenset()) - found):
        problems.append(Problem("regions", "no inventory table for this region", value=region))
    if not tables and not problems:
        where = str(paths[0]) if len(paths) == 1 else f"{len(paths)} files"
        problems.append(Problem(where, "no CEADs inventory table found"))
    return problems


def _assemble(tables: list[_Table]) -> pd.DataFrame:
    """The long table, built column-wise from at least one table.

    Tables are ordered by region and year and each lists its sectors and fuels in id order, so
    the rows come out sorted by region, year, sector and fuel without a sort.
    """
    tables = sorted(tables, key=lambda t: (t.key.region, t.key.year))
    sizes = [t.values.size for t in tables]
    labels = sorted({label for t in tables for label in (*t.sectors, *t.fuels)})
    number = {label: i for i, label in enumerate(labels)}
    # Sector, fuel and scope of each cell of a table, once per layout: the tables of a workbook
    # set share one (47 sectors × 17 fuels), and building them per table cost more than the rest.
    layouts: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[npt.NDArray[np.intp], ...]] = {}
    for t in tables:
        if (t.sectors, t.fuels) not in layouts:
            sector_ids = np.array([number[s] for s in t.sectors], dtype=np.intp)
            fuel_ids = np.array([number[f] for f in t.fuels], dtype=np.intp)
            layouts[t.sectors, t.fuels] = (
                np.repeat(sector_ids, len(t.fuels)),
                np.tile(fuel_ids, len(t.sectors)),
                np.tile(np.array([_scope(f) for f in t.fuels], dtype=np.int64), len(t.sectors)),
            )
    cells = [layouts[t.sectors, t.fuels] for t in tables]
    regions = [t.key.region for t in tables]
    return pd.DataFrame(
        {
            "region": _text_column(regions, np.repeat(np.arange(len(tables)), sizes)),
            "year": np.repeat(np.array([t.key.year for t in tables], dtype=np.int64), sizes),
            "sector": _text_column(labels, np.concatenate([c[0] for c in cells])),
            "fuel": _text_column(labels, np.concatenate([c[1] for c in cells])),
            "gas": "CO2",
            "scope": np.concatenate([c[2] for c in cells]),
            "value": np.concatenate([t.values.ravel() for t in tables]),
            "unit": CEADS_UNIT,
        }
    )


def _text_column(
    labels: Sequence[str], positions: npt.NDArray[np.intp]
) -> pd.api.extensions.ExtensionArray:
    """``labels[positions]`` as the text column pandas makes of Python strings (Arrow-backed
    ``str`` in pandas 3): converting a few labels and taking from them is several times faster
    than converting 700,000 Python strings one by one."""
    return pd.Series(np.array(labels, dtype=object)).array.take(positions)


def _drop_empty_series(data: pd.DataFrame) -> pd.DataFrame:
    """Drop (region, sector, fuel) series that are zero in every year; zeros in others stay."""
    nonzero = data["value"].ne(0.0)
    keep = nonzero.groupby([data["region"], data["sector"], data["fuel"]], sort=False).transform(
        "any"
    )
    return data.loc[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def read_ceads(
    paths: Sequence[str | PathLike[str]],
    regions: Iterable[str] | None = None,
    drop_empty_series: bool = False,
) -> CeadsImport:
    """Read CEADs inventory workbooks into the long format, with the sheets that were skipped.

    Parameters
    ----------
    paths
        CEADs ``.xlsx`` workbooks (provincial, national, or others with the same table layout).
    regions
        Only import these regions: ISO 3166-2 codes such as ``CN-BJ`` (``CN`` is China) or names
        that :func:`peakzero.codes.regions` resolves (``Beijing``, ``北京``).
    drop_empty_series
        Drop (region, sector, fuel) series that are exactly zero in every imported year. Zeros
        inside a series that is non-zero in some year are kept (QA flags such drops).

    Returns
    -------
    CeadsImport
        ``data`` with columns ``region, year, sector, fuel, gas, scope, value, unit`` (sectors
        ``EB01`` … ``EB47``, fuel ids of :func:`peakzero.codes.fuels`, gas ``CO2``, scope 1, or 2
        for purchased electricity and heat, unit ``Mt CO2``), sorted by region, year, sector and
        fuel; ``skipped`` names every sheet without an importable inventory table and why.

    Raises
    ------
    InputError
        With one problem per defect: a missing or unreadable file, an unknown or absent region, a
        non-numeric cell, a total that does not add up (within 1e-6 Mt), a broken table layout, or
        a region-year found in two sheets.
    """
    files = [Path(p) for p in paths]
    if not files:
        raise InputError(Problem("paths", "no CEADs workbook given"))
    raise_if_any(Problem(str(p), "file not found") for p in files if not p.is_file())
    wanted = _wanted_regions(regions)
    tables: list[_Table] = []
    skipped: list[SkippedSheet] = []
    problems: list[Problem] = []
    for path in files:
        try:
            found, passed_over = _read_workbook(path, wanted)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        tables += found
        skipped += passed_over
    raise_if_any(problems or _check_coverage(tables, wanted, files))
    data = _assemble(tables)
    if drop_empty_series:
        data = _drop_empty_series(data)
    return CeadsImport(data, tuple(skipped))


def read_ceads_workbooks(
    paths: Sequence[str | PathLike[str]],
    regions: Iterable[str] | None = None,
    drop_empty_series: bool = False,
) -> pd.DataFrame:
    """The data of :func:`read_ceads` alone (skipped sheets are not reported)."""
    return read_ceads(paths, regions, drop_empty_series).data
