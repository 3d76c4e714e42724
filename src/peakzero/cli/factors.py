"""``peakzero factors``: the reference factor sets (emission factors, grid factors, GWPs)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.io.jsonify import to_json

if TYPE_CHECKING:
    from peakzero.accounting.factors import FactorSetInfo, GridFactor

# The factor tables (pandas, pint) are imported inside the commands, so that ``peakzero --help``
# does not load them.

app = typer.Typer(help="Reference factor sets with provenance.", no_args_is_help=True)

_GWP_COLUMNS = ("metric", "gas", "value", "unit", "source", "status", "note")
# Columns shown by the table format (csv and json carry every column).
_SHOWN = {
    "combustion": ("fuel", "parameter", "gpc", "value", "unit", "status", "source", "note"),
    "grid": (
        "id",
        "carrier",
        "data_year",
        "region",
        "scope_type",
        "value",
        "unit",
        "status",
        "source",
    ),
    "gwp": ("gas", "value", "unit", "status", "source", "note"),
}
# Columns of the grid and heat factor table of ``factors list``.
_LISTED_GRID = ("id", "carrier", "data_year", "scope_type", "value", "unit", "status")


class ListFormat(StrEnum):
    """Output formats of ``factors list``."""

    table = "table"
    json = "json"


class ShowFormat(StrEnum):
    """Output formats of ``factors show``."""

    table = "table"
    csv = "csv"
    json = "json"


@app.command("list")
def list_sets(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.table,
) -> None:
    """List the factor sets (combustion factors, grid and heat factors, GWP metrics), then each
    grid and heat factor id (what --grid-factor and --heat-factor take)."""
    from peakzero.accounting.factors import grid_factors, list_factor_sets

    sets = list_factor_sets()
    grid = grid_factors()
    if fmt is ListFormat.json:
        payload = {
            "sets": [asdict(info) for info in sets],
            "grid_factors": [asdict(factor) for factor in grid],
        }
        typer.echo(to_json(payload))
        return
    columns = ("id", "kind", "version", "name_en", "name_zh")
    grid_rows = [[getattr(factor, c) for c in _LISTED_GRID] for factor in grid]
    typer.echo(
        "Factor sets\n\n"
        + _table(columns, [[getattr(info, c) for c in columns] for info in sets])
        + "\n\nGrid and heat factors (ids for --grid-factor and --heat-factor)\n\n"
        + _table(_LISTED_GRID, grid_rows)
    )


@app.command("show")
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="A set id (see 'factors list'), a grid factor id such as mee-north-china-2022, "
            "or a GWP metric such as AR5."
        ),
    ],
    fmt: Annotated[
        ShowFormat, typer.Option("--format", help="table, csv (reusable as a factor file) or json.")
    ] = ShowFormat.table,
) -> None:
    """Show one set (metadata, then each value with unit, source and status) or one grid factor."""
    from peakzero.accounting.factors import GridFactor, lookup_factor

    found = lookup_factor(ref)
    if isinstance(found, GridFactor):
        _show_grid_factor(found, fmt)
        return
    columns, rows = _rows_of(found)
    if fmt is ShowFormat.csv:
        typer.echo(_csv(columns, rows), nl=False)
    elif fmt is ShowFormat.json:
        payload = {"set": asdict(found), "rows": rows}
        typer.echo(to_json(payload))
    else:
        header = _fields(asdict(found))
        shown = _SHOWN[found.kind]
        typer.echo(header + "\n\n" + _table(shown, [[r[c] for c in shown] for r in rows]))


def _rows_of(info: FactorSetInfo) -> tuple[Sequence[str], list[dict[str, object]]]:
    """The columns and rows of a set, values as numbers."""
    from peakzero.accounting.factors import FACTOR_COLUMNS, grid_factors, load_factor_set
    from peakzero.accounting.grid_factors import GRID_COLUMNS
    from peakzero.accounting.gwp import gwp_rows

    if info.kind == "combustion":
        table = load_factor_set(info.id).table
        # Columns selected by name, not read by their position in the table.
        records = table[list(FACTOR_COLUMNS)].to_dict(orient="records")
        return FACTOR_COLUMNS, [{str(key): value for key, value in r.items()} for r in records]
    if info.kind == "grid":
        return GRID_COLUMNS, [asdict(factor) for factor in grid_factors()]
    rows: list[dict[str, object]] = [
        {**row, "value": float(row["value"])} for row in gwp_rows() if row["metric"] == info.id
    ]
    return _GWP_COLUMNS, rows


def _show_grid_factor(factor: GridFactor, fmt: ShowFormat) -> None:
    from peakzero.accounting.grid_factors import GRID_COLUMNS

    row = asdict(factor)
    if fmt is ShowFormat.csv:
        typer.echo(_csv(GRID_COLUMNS, [row]), nl=False)
    elif fmt is ShowFormat.json:
        typer.echo(to_json({**row, "t_co2_per_mwh": factor.t_co2_per_mwh}))
    else:
        typer.echo(_fields({**row, "t_co2_per_mwh": factor.t_co2_per_mwh}))


def _text(value: object) -> str:
    """A cell as text; floats keep every digit they were published with."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([_width(c), *(_width(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def _fields(record: Mapping[str, object]) -> str:
    width = max(len(key) for key in record)
    return "\n".join(f"{key:<{width}}  {_text(value)}" for key, value in record.items())


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_text(row[c]) for c in columns] for row in rows)
    return out.getvalue()
