"""``peakzero inventory datasets``: named inventory datasets in the store, by region.

A thin shell over :mod:`peakzero.store.datasets` (the same functions the platform's pages and
API use): ``add`` stores a checked activity file for the city or a district, ``list`` and
``show`` read them back, ``delete`` removes one; every change is audited.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic

__all__ = ["app"]

# The store (SQLAlchemy) and the accounting engine (pandas) are imported inside the commands, so
# that ``peakzero --help`` loads neither.

app = typer.Typer(
    help="Named inventory datasets (清单数据集) of the city or a district, in the store.",
    no_args_is_help=True,
)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $PEAKZERO_DATABASE_URL, else "
        "~/.local/share/peakzero/peakzero.db).",
    ),
]
Region = Annotated[
    str,
    typer.Option(
        "--region",
        help="CN-BJ (the city) or a district: CN-BJ-110108, Haidian or 海淀区.",
        show_default=False,
    ),
]


class ShowFormat(StrEnum):
    csv = "csv"
    json = "json"
    iamc = "iamc"


@app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="Activity data, CSV or XLSX (long format).")],
    name: Annotated[str, typer.Option("--name", help="The dataset's name, unique per region.")],
    region: Region,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX activity file.")] = None,
    db: DatabaseUrl = None,
    who: Annotated[
        str | None, typer.Option("--who", help="Who stores it (default: the login name).")
    ] = None,
) -> None:
    """Check an activity file and store it as a named dataset of a region (nothing on error)."""
    from peakzero.store import database, datasets, repository

    user = who if who is not None else repository.current_user()
    with database.open_session(db, migrate=True) as session:
        stored = datasets.save_dataset(session, name, region, user, file, sheet=sheet)
    typer.echo(
        f"stored dataset {stored.name!r} of {stored.region}: {stored.row_count} rows, "
        f"sha256 {stored.sha256[:12]}…, audited as {stored.who}"
    )


@app.command("list")
def list_(
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="Only this region (code or name); repeat."),
    ] = None,
    db: DatabaseUrl = None,
) -> None:
    """The stored datasets: region, name, rows, who, when, SHA-256."""
    from peakzero.store import database, datasets

    regions = None if not region else [datasets.resolve_region(r) for r in region]
    with database.open_session(db, must_exist=True) as session:
        found = datasets.list_datasets(session, regions)
    if not found:
        typer.echo("no datasets", err=True)
    for item in found:
        typer.echo(
            f"{item.region}\t{item.name}\t{item.row_count}\t{item.who}\t"
            f"{item.created_at.isoformat(timespec='seconds')}\t{item.sha256}"
        )


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The dataset's name.", show_default=False)],
    region: Region,
    output_format: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            help="csv: the activity rows; json: the dataset and its rows; iamc: its inventory "
            "(default factors) as IAMC.",
        ),
    ] = ShowFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    db: DatabaseUrl = None,
) -> None:
    """One stored dataset, as its activity rows, as JSON or as its inventory in IAMC."""
    from peakzero.store import database, datasets

    code = datasets.resolve_region(region)
    with database.open_session(db, must_exist=True) as session:
        if output_format is ShowFormat.iamc:
            from peakzero.accounting.iamc import inventory_to_iamc
            from peakzero.io.iamc import to_wide

            inventory = datasets.dataset_inventory(session, name, code)
            text = str(to_wide(inventory_to_iamc(inventory)).to_csv(index=False))
        else:
            meta = datasets.get_dataset(session, name, code)
            rows = datasets.dataset_activity(session, name, code)
            if output_format is ShowFormat.csv:
                text = str(rows.to_csv(index=False))
            else:
                records = rows.astype(object).where(rows.notna(), None)
                document = {**meta.as_dict(), "rows": records.to_dict(orient="records")}
                text = to_json(document) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)


@app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="The dataset's name.", show_default=False)],
    region: Region,
    db: DatabaseUrl = None,
    who: Annotated[
        str | None, typer.Option("--who", help="Who deletes it (default: the login name).")
    ] = None,
) -> None:
    """Delete a stored dataset and its rows (audited)."""
    from peakzero.store import database, datasets, repository

    user = who if who is not None else repository.current_user()
    code = datasets.resolve_region(region)
    with database.open_session(db, must_exist=True) as session:
        gone = datasets.delete_dataset(session, name, code, user)
    typer.echo(f"deleted dataset {gone.name!r} of {gone.region}, audited as {user}")
