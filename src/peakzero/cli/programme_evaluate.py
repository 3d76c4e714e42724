"""``peakzero programme evaluate`` and ``programme evaluations``: the dynamic evaluation of the
programme at a review date, and the evaluations stored in a database."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.cli.programme import (
    DatabaseUrl,
    ProgrammeDatabase,
    ProgrammeFile,
    app,
    read_programme,
)
from peakzero.io.jsonify import to_json

if TYPE_CHECKING:
    from peakzero.programme.evaluation import Evaluation

__all__ = ["evaluate_command", "evaluations_command"]


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
        int | None,
        typer.Option(
            "--runs",
            min=0,
            help="Monte Carlo draws for the 5-95 % spread of each task's 2030 impact (0: none) "
            "[default: $PEAKZERO_IMPACT_RUNS or 500].",
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the Monte Carlo draws (0 or more).")
    ] = 0,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Store the evaluation in the database of --db (with who and when), to compare "
            "with later ones; `programme evaluations` lists them.",
        ),
    ] = False,
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
    if save and db is None:
        msg = "--save stores the evaluation in the database of --db; give --db URL"
        raise typer.BadParameter(msg, param_hint="--save")
    scoring = load_rules(rules) if rules is not None else None
    programme = read_programme(file, db)
    result = evaluate(programme, day, scoring, scenario, runs, seed)
    if save and db is not None:
        ident = _save(db, result)
        typer.echo(f"stored evaluation {ident} of {result.programme} as of {as_of}", err=True)
    document = result.as_dict()
    if output_format is EvaluateFormat.json:
        typer.echo(to_json(document))
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


def _save(url: str, result: Evaluation) -> int:
    from peakzero.store import database, repository
    from peakzero.store.evaluations import save_evaluation

    with database.open_session(url, must_exist=True) as session:
        return save_evaluation(session, result, repository.current_user())


@app.command("evaluations")
def evaluations_command(
    db: DatabaseUrl = None,
    show: Annotated[
        int | None,
        typer.Option("--show", help="Print the stored evaluation with this id as JSON."),
    ] = None,
) -> None:
    """The evaluations stored with `evaluate --save`: id, review date, when, who, scenario and
    status counts — or one of them in full."""
    from peakzero.store import database
    from peakzero.store.evaluations import list_evaluations, load_evaluation

    url = database.database_url(db)
    with database.open_session(url, must_exist=True) as session:
        if show is not None:
            document = load_evaluation(session, show)
            typer.echo(to_json(document))
            return
        stored = list_evaluations(session)
    if not stored:
        typer.echo(f"{database.shown(url)}: no stored evaluation yet (evaluate --save --db URL)")
        return
    for entry in stored:
        counts = ", ".join(f"{status} {n}" for status, n in sorted(entry.status_counts.items()))
        typer.echo(
            f"{entry.id}\t{entry.programme}\tas of {entry.as_of.isoformat()}\t"
            f"{entry.at.isoformat(timespec='seconds')}\t{entry.who}\t{entry.scenario}\t{counts}"
        )
