"""Derive the shipped daily shapes from Carbon Monitor Cities XLSX exports.

    python -m peakzero.monitoring.derive_shapes /work/shared/data/monitoring/*.xlsx

writes ``data/monitoring/cm_shapes_beijing.csv``: for each Carbon Monitor sector and year, each
day's share of the year (Σ = 1), never the levels (which disagree with the inventory by tens of
percent, monitoring.md §2.1). A day absent from the export (the export drops 29 February) is
filled with the mean of its neighbours before normalising and marked ``filled`` = 1.

The table is found by its structure (a header row naming ``city``, ``date`` and ``sector`` and a
value column), not by the file or sheet name; dates are day-first text (``01/01/2021``) and the
footer lines (source, export date) are not data. Cite: Huo, D. et al. (2022) *Carbon Monitor
Cities*, Sci Data 9, 533; Liu, Z. et al. (2020) Nat Commun 11, 5172.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from peakzero.errors import InputError, Problem, raise_if_any

__all__ = ["SHAPE_FILE", "derive_shapes", "read_cm_export"]

SHAPE_FILE = Path(__file__).resolve().parents[1] / "data" / "monitoring" / "cm_shapes_beijing.csv"
_HEADER = ("city", "date", "sector")


def _table(rows: list[list[Any]], file: str, sheet: str) -> pd.DataFrame | None:
    for index, row in enumerate(rows[:20]):
        names = [str(cell).strip().casefold() for cell in row]
        if all(name in names for name in _HEADER) and len(names) >= 4:
            value_col = next(i for i, n in enumerate(names) if n not in _HEADER and n)
            body = pd.DataFrame(rows[index + 1 :])
            frame = pd.DataFrame(
                {
                    "city": body[names.index("city")].astype(str).str.strip(),
                    "date": pd.to_datetime(
                        body[names.index("date")].astype(str), format="%d/%m/%Y", errors="coerce"
                    ),
                    "sector": body[names.index("sector")].astype(str).str.strip(),
                    "value": pd.to_numeric(body[value_col], errors="coerce"),
                    "raw": body[value_col],
                    "line": range(index + 2, index + 2 + len(body)),
                }
            )
            frame.attrs["where"] = (file, sheet, chr(ord("A") + value_col))
            return frame
    return None


def read_cm_export(paths: Sequence[Path], city: str) -> pd.DataFrame:
    """One city's rows of Carbon Monitor Cities XLSX exports: ``date, sector, value`` (kt/day).

    Rows without a date (footer lines, blank rows) are skipped; a dated row of the city whose
    value is not a number is an error.

    Raises
    ------
    InputError
        No table in a file, or a bad value (file, sheet, line named).
    """
    frames, problems = [], []
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        found = [
            t
            for name in book.sheet_names
            if (t := _table(book.get_sheet_by_name(name).to_python(), path.name, name)) is not None
        ]
        if not found:
            problems.append(Problem(path.name, "no sheet with columns city, date, sector, value"))
        for table in found:
            rows = table[table["date"].notna() & table["city"].eq(city)]
            file, sheet, column = table.attrs["where"]
            problems += [
                Problem(file, "not a number", int(line), column, raw, sheet)
                for line, raw in zip(
                    rows.loc[rows["value"].isna(), "line"],
                    rows.loc[rows["value"].isna(), "raw"],
                    strict=True,
                )
            ]
            frames.append(rows[["date", "sector", "value"]])
    raise_if_any(problems)
    data = pd.concat(frames, ignore_index=True)
    if data.empty:
        raise InputError(
            Problem(", ".join(p.name for p in paths), "no rows", column="city", value=city)
        )
    return data.drop_duplicates(["date", "sector"], keep="last")


def derive_shapes(series: pd.DataFrame, region: str) -> pd.DataFrame:
    """Shares of each year per sector, every calendar day present (gaps filled and marked)."""
    wide = series.pivot(index="date", columns="sector", values="value").sort_index()
    days = pd.date_range(wide.index.min(), wide.index.max(), freq="D", name="date")
    wide = wide.reindex(days)
    filled = wide.isna()
    # Linear in time between the neighbours: for one missing day, the mean of the two.
    wide = wide.interpolate(method="time", limit_area="inside")
    shares = wide / wide.groupby(days.year).transform("sum")
    share = shares.stack()
    long = pd.DataFrame({"share": share.to_numpy()}, index=share.index).reset_index()
    long["filled"] = filled.stack().reindex(share.index).astype(int).to_numpy()
    long.insert(0, "region", region)
    long["share"] = long["share"].round(12)
    return long.sort_values(["sector", "date"]).reset_index(drop=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: the XLSX files, then ``--city``, ``--region`` and ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--city", default="Beijing")
    parser.add_argument("--region", default="CN-BJ")
    parser.add_argument("--out", type=Path, default=SHAPE_FILE)
    args = parser.parse_args(argv)
    shapes = derive_shapes(read_cm_export(args.files, args.city), args.region)
    shapes.to_csv(args.out, index=False, date_format="%Y-%m-%d", lineterminator="\n")
    print(f"wrote {len(shapes)} rows to {args.out}")


if __name__ == "__main__":
    main()
