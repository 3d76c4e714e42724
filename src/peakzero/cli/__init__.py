"""The ``peakzero`` command line: a thin Typer shell over the library.

Each command group lives in its own module. Errors of the :class:`~peakzero.errors.PeakzeroError`
family are printed without a traceback and end the process with status 2.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from peakzero.cli import (
    demo,
    factors,
    grid,
    inventory,
    monitor,
    pathway,
    programme,
    programme_evaluate,  # noqa: F401  (adds evaluate to programme.app)
    serve,
    users,
)
from peakzero.errors import PeakzeroError

__all__ = ["app", "main"]


class _PeakzeroGroup(TyperGroup):
    """Root group that turns peakzero errors into a message on stderr and exit status 2."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer vendors click)
        try:
            return super().invoke(ctx)
        except PeakzeroError as exc:
            text = str(exc)
            typer.echo(f"error:\n{text}" if "\n" in text else f"error: {text}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="peakzero",
    cls=_PeakzeroGroup,
    help="peakzero — count, plan and steer a megacity to carbon peak and neutrality "
    "(碳达峰碳中和). Beijing is built in.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(factors.app, name="factors")
app.add_typer(inventory.app, name="inventory")
app.add_typer(pathway.app, name="pathway")
app.add_typer(grid.app, name="grid")
app.add_typer(programme.app, name="programme")
app.add_typer(users.app, name="users")
app.add_typer(monitor.app, name="monitor")
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


def _print_version(value: bool) -> None:
    if value:
        from peakzero import __version__

        typer.echo(f"peakzero {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """peakzero — count, plan and steer a megacity to carbon peak and neutrality (碳达峰碳中和)."""


def main() -> None:
    """Console-script entry point."""
    app()
