"""``peakzero inventory``: emissions accounting (碳排放核算) and CEADs import."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.cli.inventory_ceads import import_ceads
from peakzero.cli.inventory_datasets import app as datasets_app
from peakzero.errors import InputError, Problem
from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic

if TYPE_CHECKING:
    from peakzero.accounting.run import AccountingRun

# The accounting engine (pandas, pint) is imported inside the command, so that ``peakzero --help``
# does not load it. Its defaults are therefore repeated here for the options' help;
# tests/cli/test_root.py checks that they equal peakzero.accounting.run.DEFAULTS.
DEFAULTS = {
    "factors": "cn-gbt2589-provincial-2011",
    "grid_factor": "mee-north-china-2022",
    "heat_factor": "cn-heat-default",
}

app = typer.Typer(
    help="Emissions accounting (碳排放核算): compute inventories, import CEADs.",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    csv = "csv"
    json = "json"
    iamc = "iamc"


@app.command("compute")
def compute(
    activity: Annotated[Path, typer.Argument(help="Activity data, CSV or XLSX (long format).")],
    factors: Annotated[
        str, typer.Option(help="Factor set id (see `peakzero factors list`) or a factor CSV.")
    ] = DEFAULTS["factors"],
    grid_factor: Annotated[str, typer.Option(help="Electricity factor id for scope 2.")] = DEFAULTS[
        "grid_factor"
    ],
    heat_factor: Annotated[str, typer.Option(help="Heat factor id for scope 2.")] = DEFAULTS[
        "heat_factor"
    ],
    gwp: Annotated[str, typer.Option(help="GWP metric: SAR, AR4, AR5 or AR6.")] = "AR5",
    supply: Annotated[
        Path | None,
        typer.Option(help="Supply data for the reference approach (region,year,fuel,flow,...)."),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX activity file.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="csv: emissions; json: summary; iamc.")
    ] = OutputFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 2, nothing written) if QA raises a warning."),
    ] = False,
) -> None:
    """Compute emissions (scope 1, 2, process; CO2, CH4, N2O) from activity data."""
    from peakzero.accounting.run import run_accounting
    from peakzero.checks import at_least

    run = run_accounting(activity, factors, grid_factor, heat_factor, gwp, supply, sheet)
    # Strict mode by the library's rule (checks.at_least), but the warnings are printed first and
    # the refusal names the activity file, as every input error of the CLI does.
    warnings = at_least(run.findings, "warning")
    for finding in warnings:
        typer.echo(f"warning: {finding.region} {finding.year}: {finding.message}", err=True)
    notes = len(run.findings) - len(warnings)
    if notes:
        typer.echo(f"note: {notes} informational QA finding(s); --format json lists them", err=True)
    if strict and warnings:
        msg = f"{len(warnings)} QA warning(s) in strict mode; nothing written"
        raise InputError(Problem(str(activity), msg))
    text = _render(run, output_format)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)


def _render(run: AccountingRun, output_format: OutputFormat) -> str:
    from peakzero.accounting.iamc import inventory_to_iamc
    from peakzero.io.iamc import to_wide
    from peakzero.studies.inventory import emissions_table

    inventory = run.inventory
    if output_format is OutputFormat.iamc:
        return str(to_wide(inventory_to_iamc(inventory)).to_csv(index=False))
    table = emissions_table(inventory)
    if output_format is OutputFormat.csv:
        return str(table.to_csv(index=False))
    document = {**run.summary(), "emissions": table.to_dict(orient="records")}
    return to_json(document) + "\n"


app.command("import-ceads")(import_ceads)
app.add_typer(datasets_app, name="datasets")
