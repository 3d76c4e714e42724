"""``peakzero inventory``: emissions accounting (碳排放核算) and CEADs import."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Emissions accounting (碳排放核算): compute inventories, import CEADs.",
    no_args_is_help=True,
)
