"""``peakzero programme``: the innovation programme (创新行动方案) — areas, tasks, measures.

``init-db`` sets up the programme database (``peakzero.store``); ``show --db`` reads from it.
``export --format xlsx`` writes the programme as a bilingual workbook template and ``import``
checks such a workbook and stores it in the database (``peakzero.programme.excel``).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peakzero.programme.default import load_programme, to_document
from peakzero.programme.domain import Programme

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


def _programme(file: Path | None, db: str | None) -> Programme:
    if db is not None and file is not None:
        msg = "give either --file or --db, not both"
        raise typer.BadParameter(msg)
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
    programme = _programme(file, db)
    if output_format is ShowFormat.json:
        typer.echo(json.dumps(to_document(programme), ensure_ascii=False, indent=2))
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
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: $PEAKZERO_DATABASE_URL, else "
            "~/.local/share/peakzero/peakzero.db).",
        ),
    ] = None,
) -> None:
    """Create or migrate the database, then load the default programme if it holds none."""
    from sqlalchemy.orm import Session  # the database libraries load only when used

    from peakzero.store import database, repository

    url = database.database_url(db)
    engine = database.make_engine(url)
    try:
        database.upgrade(engine)
        with Session(engine) as session:
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
    finally:
        engine.dispose()
    typer.echo(
        f"{database.shown(url)}: schema up to date; loaded the default programme "
        f"{programme.code} ({len(entries)} rows, audited as {who})"
    )


def _stored(url: str) -> Programme:
    """The programme a database holds (it must hold exactly one)."""
    from sqlalchemy.orm import Session

    from peakzero.store import database, repository

    engine = database.make_engine(url, must_exist=True)
    try:
        with Session(engine) as session:
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
    finally:
        engine.dispose()


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
    from peakzero.programme.excel import export_workbook

    programme = load_programme() if db is None else _stored(db)
    export_workbook(programme, output)
    typer.echo(f"wrote {output} ({output_format.value}): programme {programme.code}")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A workbook written by `export` and edited.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: $PEAKZERO_DATABASE_URL, else "
            "~/.local/share/peakzero/peakzero.db).",
        ),
    ] = None,
) -> None:
    """Check a workbook, then store its programme in one transaction (nothing on error)."""
    from sqlalchemy.orm import Session

    from peakzero.programme.excel import read_workbook
    from peakzero.store import database, repository

    programme = read_workbook(file)  # every problem is reported before the database is touched
    url = database.database_url(db)
    engine = database.make_engine(url)
    try:
        database.upgrade(engine)
        who = repository.current_user()
        with Session(engine) as session:
            entries = repository.save_programme(session, programme, who)  # one transaction
    finally:
        engine.dispose()
    summary = ", ".join(
        f"{sum(e.action == action for e in entries)} {done}" for action, done in _ACTIONS
    )
    typer.echo(
        f"{database.shown(url)}: imported programme {programme.code} from {file}: {summary} "
        f"rows (audited as {who})"
    )


_ACTIONS = (("insert", "inserted"), ("update", "updated"), ("delete", "deleted"))


class EvaluateFormat(StrEnum):
    json = "json"
    csv = "csv"


_EVALUATE_COLUMNS = (
    "task",
    "area",
    "status",
    "reasons",
    "score",
    "schedule_variance_days",
    "kpi_attainment",
    "funding_released_vs_planned",
    "trl",
    "trl_gained",
    "co2_2030_mt",
    "co2_2030_mt_low",
    "co2_2030_mt_high",
    "peak_shift_years",
    "levers",
    "measures",
)


@app.command("evaluate")
def evaluate_command(
    as_of: Annotated[
        str, typer.Option("--as-of", help="The review date, YYYY-MM-DD (e.g. 2026-06-30).")
    ],
    output_format: Annotated[
        EvaluateFormat,
        typer.Option(
            "--format",
            help="json: the evaluation with its rules and roll-ups; csv: one row per task.",
        ),
    ] = EvaluateFormat.json,
    scenario: Annotated[
        str,
        typer.Option(
            "--scenario",
            help="The pathway scenario the tasks' emission impacts are measured in (a packaged "
            "name or a scenario YAML file); without a task, its levers follow baseline.",
        ),
    ] = "plan",
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Scoring rules (YAML, the format of the packaged data/programme/scoring.yaml); "
            "default: the packaged rules. They are stored in the result.",
        ),
    ] = None,
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            min=0,
            help="Monte Carlo draws for the 5-95 % spread of each task's 2030 impact (0: none).",
        ),
    ] = 500,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the Monte Carlo draws (0 or more).")
    ] = 0,
    file: ProgrammeFile = None,
    db: ProgrammeDatabase = None,
) -> None:
    """Evaluate each task at a review date: schedule, KPIs, funding, readiness, emission impact
    with its spread, status; roll-ups by area and measure; races side by side."""
    import csv
    import io
    from datetime import date

    from peakzero.programme.evaluation import evaluate, load_rules

    try:
        if len(as_of) != 10 or as_of[4] != "-" or as_of[7] != "-":
            raise ValueError(as_of)  # fromisoformat also takes 20260630 and 2026-W26
        day = date.fromisoformat(as_of)
    except ValueError:
        msg = f"{as_of!r} is not a date; use YYYY-MM-DD"
        raise typer.BadParameter(msg, param_hint="--as-of") from None
    scoring = load_rules(rules) if rules is not None else None
    programme = _programme(file, db)
    document = evaluate(programme, day, scoring, scenario, runs, seed).as_dict()
    if output_format is EvaluateFormat.json:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_EVALUATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in document["tasks"]:
        row = {key: entry[key] for key in _EVALUATE_COLUMNS}
        row["reasons"] = "; ".join(entry["reasons"])
        row["levers"] = " ".join(entry["levers"])
        row["measures"] = " ".join(entry["measures"])
        writer.writerow(row)
    typer.echo(buffer.getvalue(), nl=False)
