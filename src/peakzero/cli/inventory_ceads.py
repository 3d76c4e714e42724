"""``peakzero inventory import-ceads``: CEADs workbooks to a long-format CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peakzero.io.output import write_text_atomic

__all__ = ["import_ceads"]


def import_ceads(
    files: Annotated[
        list[Path],
        typer.Argument(help="CEADs .xlsx workbooks (provincial or national).", show_default=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="CSV file to write (default: standard output)."),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            help="Import only this region (ISO 3166-2 code or name, e.g. CN-BJ, Beijing, 北京); "
            "repeat.",
        ),
    ] = None,
    drop_empty_series: Annotated[
        bool,
        typer.Option(
            "--drop-empty-series", help="Drop sector-fuel series that are zero in every year."
        ),
    ] = False,
) -> None:
    """Import CEADs CO2 inventories (Mt CO2, 47 sectors x 17 fuels) as long-format CSV.

    Columns: region, year, sector, fuel, gas, scope, value, unit. Sheets without an inventory
    table are skipped and named on standard error; any defect stops the import and no file is
    written.
    """
    from peakzero.accounting.ceads import read_ceads  # pandas and openpyxl: only when importing
    from peakzero.studies.inventory import region_year_count

    result = read_ceads(files, regions=region or None, drop_empty_series=drop_empty_series)
    for skipped in result.skipped:
        typer.echo(f"note: {skipped}", err=True)
    data = result.data
    # The whole CSV is built before anything is written, and written atomically.
    text = data.to_csv(index=False, lineterminator="\n")
    summary = f"{len(data)} rows, {region_year_count(data)} region-years"
    if output is None:
        typer.echo(text, nl=False)
        typer.echo(f"note: {summary}", err=True)
    else:
        write_text_atomic(output, text)
        typer.echo(f"note: wrote {summary} to {output}", err=True)
