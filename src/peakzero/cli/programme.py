"""``peakzero programme``: the innovation programme (创新行动方案) — areas, tasks, measures."""

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


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("show")
def show_command(
    output_format: Annotated[
        ShowFormat,
        typer.Option("--format", help="table: areas, tasks, measures; json: the whole programme."),
    ] = ShowFormat.table,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A programme YAML file of the same format (default: Beijing)."),
    ] = None,
) -> None:
    """Areas, the tasks of each area with kind and linked levers, and the measures."""
    programme = load_programme(file)
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
