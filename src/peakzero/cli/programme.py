"""``peakzero programme``: the innovation programme (创新行动方案) — areas, tasks, measures.

``init-db`` sets up the programme database (``peakzero.store``); ``show --db`` reads from it.
``export --format xlsx`` writes the programme as a bilingual workbook template and ``import``
checks such a workbook and stores it in the database (``peakzero.programme.excel``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.io.jsonify import to_json

if TYPE_CHECKING:
    from peakzero.programme.domain import Programme

# The programme package (and, for --db, SQLAlchemy) is imported inside the commands that use it,
# so that ``peakzero --help`` does not load it.

app = typer.Typer(
    help="The innovation programme (创新行动方案): areas, key tasks and the levers they move."
)


class ExportFormat(StrEnum):
    xlsx = "xlsx"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


# Where a command reads the programme from: a YAML file (default: the packaged Beijing one) or a
# database; shared by show and evaluate.
ProgrammeFile = Annotated[
    Path | None,
    typer.Option("--file", help="A programme YAML file of the same format (default: Beijing)."),
]
ProgrammeDatabase = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Read the programme from this database URL (set up by init-db) instead of a file.",
    ),
]


DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $PEAKZERO_DATABASE_URL, else "
        "~/.local/share/peakzero/peakzero.db).",
    ),
]
"""The database a command writes to (init-db, import) or reads its evaluations from."""


def read_programme(file: Path | None, db: str | None) -> Programme:
    """The programme of ``--file`` (default: the packaged one) or of the database ``--db``."""
    if db is not None and file is not None:
        msg = "give either --file or --db, not both"
        raise typer.BadParameter(msg)
    from peakzero.programme.default import load_programme

    return load_programme(file) if db is None else _stored(db)


@app.command("show")
def show_command(
    output_format: Annotated[
        ShowFormat,
        typer.Option("--format", help="table: areas, tasks, measures; json: the whole programme."),
    ] = ShowFormat.table,
    file: ProgrammeFile = None,
    db: ProgrammeDatabase = None,
) -> None:
    """Areas, the tasks of each area with kind and linked levers, and the measures."""
    from peakzero.programme.default import to_document

    programme = read_programme(file, db)
    if output_format is ShowFormat.json:
        typer.echo(to_json(to_document(programme)))
        return
    typer.echo("\n".join(_table(programme)))


def _table(p: Programme) -> list[str]:
    period = (
        f"{_date(p.start)} to {_date(p.end)}"
        if p.start is not None or p.end is not None
        else "not given"
    )
    stated = "" if p.stated_task_count is None else f" (the text states {p.stated_task_count})"
    unverified = sum(t.information == "unverified" for t in p.tasks)
    out = [
        f"{p.name_zh} · {p.name_en} [{p.code}]",
        f"period: {period}; {len(p.tasks)} tasks{stated}, {unverified} unverified",
    ]
    issuers = [o.name_zh for o in p.organisations if o.role == "issuer"]
    if issuers:
        out.append(f"issued by: {'; '.join(issuers)}")
    width = max((len(t.code) for t in p.tasks), default=4)
    for area in p.areas:
        out += ["", f"{area.code}: {area.name_zh} · {area.name_en}"]
        for task in p.tasks_in(area.code):
            levers = ", ".join(p.levers_of(task.code)) or "-"
            out.append(
                f"  {task.code:<{width}}  {task.kind:<20}  {task.information:<10}  "
                f"levers: {levers}  ({task.name_zh})"
            )
    out += ["", "measures:"]
    out += [f"  {m.code}: {m.name_zh} · {m.name_en}" for m in p.measures]
    return out


def _date(value: object) -> str:
    return "?" if value is None else str(value)


@app.command("init-db")
def init_db_command(
    db: DatabaseUrl = None,
) -> None:
    """Create or migrate the database, then load the default programme if it holds none."""
    from peakzero.programme.default import load_programme
    from peakzero.store import database, repository  # SQLAlchemy loads only when used

    url = database.database_url(db)
    with database.open_session(url, migrate=True) as session:
        codes = repository.list_programmes(session)
        if codes:
            typer.echo(
                f"{database.shown(url)}: schema up to date; it holds {', '.join(codes)} "
                "(nothing loaded)"
            )
            return
        programme = load_programme()
        who = repository.current_user()
        entries = repository.save_programme(session, programme, who)
    typer.echo(
        f"{database.shown(url)}: schema up to date; loaded the default programme "
        f"{programme.code} ({len(entries)} rows, audited as {who})"
    )


def _stored(url: str) -> Programme:
    """The programme a database holds (it must hold exactly one)."""
    from peakzero.store import database, repository

    with database.open_session(url, must_exist=True) as session:
        codes = repository.list_programmes(session)
        if not codes:
            msg = (
                f"{database.shown(url)} holds no programme yet; "
                "run `peakzero programme init-db --db URL` to load the default"
            )
            raise database.StoreError(msg)
        if len(codes) > 1:
            msg = (
                f"{database.shown(url)} holds several programmes ({', '.join(codes)}); "
                "this command reads a database holding exactly one"
            )
            raise database.StoreError(msg)
        return repository.load_programme(session, codes[0])


@app.command("export")
def export_command(
    output: Annotated[
        Path, typer.Option("--output", help="The workbook file to write (e.g. programme.xlsx).")
    ],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="xlsx: a bilingual (zh/en) Excel workbook.")
    ] = ExportFormat.xlsx,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Export the programme stored in this database (default: the packaged one).",
        ),
    ] = None,
) -> None:
    """Write the programme as a workbook template: one sheet per entity, ready to edit."""
    from peakzero.programme.default import load_programme
    from peakzero.programme.excel import export_workbook

    programme = load_programme() if db is None else _stored(db)
    export_workbook(programme, output)
    typer.echo(f"wrote {output} ({output_format.value}): programme {programme.code}")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A workbook written by `export` and edited.")],
    db: DatabaseUrl = None,
) -> None:
    """Check a workbook, then store its programme in one transaction (nothing on error)."""
    from peakzero.programme.excel import read_workbook
    from peakzero.store import database, repository

    programme = read_workbook(file)  # every problem is reported before the database is touched
    url = database.database_url(db)
    with database.open_session(url, migrate=True) as session:
        who = repository.current_user()
        entries = repository.save_programme(session, programme, who)  # one transaction
    summary = ", ".join(
        f"{sum(e.action == action for e in entries)} {done}" for action, done in _ACTIONS
    )
    typer.echo(
        f"{database.shown(url)}: imported programme {programme.code} from {file}: {summary} "
        f"rows (audited as {who})"
    )


_ACTIONS = (("insert", "inserted"), ("update", "updated"), ("delete", "deleted"))
