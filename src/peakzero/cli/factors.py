"""``peakzero factors``: the reference factor sets (emission factors, grid factors, GWPs)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Reference factor sets with provenance.", no_args_is_help=True)
