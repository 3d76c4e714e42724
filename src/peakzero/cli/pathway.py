"""``peakzero pathway``: technology pathways to 2060 (技术路径)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic

# The pathway engine (pandas, numpy) is imported inside each command, so that ``peakzero --help``
# and the other command groups do not load it.

app = typer.Typer(help="Technology pathways to 2060 (技术路径): scenarios, metrics, ensembles.")

Scenario = Annotated[str, typer.Option("--scenario", "-s", help="Scenario name or YAML file.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")]


class RunFormat(StrEnum):
    csv = "csv"
    iamc = "iamc"
    json = "json"


class JsonFormat(StrEnum):
    json = "json"
    table = "table"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)


def _json(document: object) -> str:
    return to_json(document) + "\n"


@app.command("list")
def list_command() -> None:
    """List the packaged scenarios and their parents."""
    from peakzero.pathways.scenarios import list_scenarios, load_scenario

    for info in list_scenarios():
        parent = info.parent or "-"
        typer.echo(f"{info.name:<16} parent {parent:<16} {info.name_en} · {info.name_zh}")
        typer.echo(f"{'':<16} {load_scenario(info.name).history_note}")


@app.command("run")
def run_command(
    scenario: Scenario,
    output_format: Annotated[
        RunFormat, typer.Option("--format", help="iamc/csv: IAMC wide table; json: long records.")
    ] = RunFormat.iamc,
    output: Output = None,
) -> None:
    """Run a scenario 2019-2060 and write its IAMC variables."""
    from peakzero.io.iamc import to_wide
    from peakzero.pathways.outputs import to_iamc
    from peakzero.pathways.run import run_pathway

    run = run_pathway(scenario)
    long = to_iamc(run)
    if output_format is RunFormat.json:
        document = {
            "scenario": run.scenario.inputs,
            "hash": run.scenario.hash,
            "data": long.to_dict(orient="records"),
        }
        _emit(_json(document), output)
    else:
        _emit(str(to_wide(long).to_csv(index=False)), output)


@app.command("summary")
def summary_command(
    scenario: Scenario,
    output_format: Annotated[JsonFormat, typer.Option("--format")] = JsonFormat.table,
) -> None:
    """Peak year and value, net-zero year, cumulative emissions and the scenario's targets."""
    from peakzero.pathways.metrics import format_figure, summarise
    from peakzero.pathways.run import run_pathway

    summary = summarise(run_pathway(scenario))
    if output_format is JsonFormat.json:
        _emit(_json(summary.as_dict()), None)
        return
    typer.echo(f"{summary.scenario}: peak {summary.peak_year} at {summary.peak_value:.2f} Mt CO2")
    zero = summary.net_zero_year or "not reached by 2060"
    typer.echo(f"  net zero: {zero}; cumulative 2020-2060: {summary.cumulative_2020_2060:.0f} Mt")
    typer.echo(f"  history: {summary.history}")
    for target in summary.targets:
        mark = {True: "met", False: "NOT met", None: "not judged"}[target.met]
        if target.input:
            mark = f"input, {mark}"
        note = f" ({target.note})" if target.note else ""
        value = format_figure(target.value, target.unit)
        goal = format_figure(target.target, target.unit, "")
        typer.echo(f"  {target.name}: {value} vs {goal} {target.unit} — {mark}{note}")


@app.command("ensemble")
def ensemble_command(
    scenario: Scenario,
    runs: Annotated[
        int | None,
        typer.Option(
            "--runs", help="Number of Monte Carlo runs [default: $PEAKZERO_ENSEMBLE_RUNS or 1000]."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same answer).")] = 0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of an existing Dask scheduler.")
    ] = None,
    output_format: Annotated[JsonFormat, typer.Option("--format")] = JsonFormat.table,
) -> None:
    """Monte Carlo: probability of peaking by 2030 and the peak-year distribution."""
    from peakzero.pathways.ensemble import run_ensemble

    result = run_ensemble(scenario, runs, seed, scheduler)
    if output_format is JsonFormat.json:
        _emit(_json(result.as_dict()), None)
        return
    quantiles = result.peak_year
    typer.echo(
        f"{result.scenario}: {result.runs} runs in {result.seconds:.2f} s; "
        f"P(peak by 2030) = {result.probability_peak_by_2030:.1%}; peak year "
        f"p5 {quantiles['p5']:.0f}, p50 {quantiles['p50']:.0f}, p95 {quantiles['p95']:.0f}; "
        f"{result.share_still_rising_in_2060:.1%} still rising in 2060"
    )


@app.command("compare")
def compare_command(
    first: Annotated[str, typer.Argument(help="Scenario A (name or file).")],
    second: Annotated[str, typer.Argument(help="Scenario B (name or file).")],
    output_format: Annotated[JsonFormat, typer.Option("--format")] = JsonFormat.table,
) -> None:
    """Compare two scenarios: headline metrics and key variables in 2030 and 2060."""
    from peakzero.studies.pathway_tables import compare

    comparison = compare(first, second)
    if output_format is JsonFormat.json:
        _emit(_json(comparison.as_dict()), None)
        return
    for label, summary in (("A", comparison.a), ("B", comparison.b)):
        zero = summary.net_zero_year or "-"
        typer.echo(
            f"{label} {summary.scenario}: peak {summary.peak_year} ({summary.peak_value:.2f} Mt), "
            f"net zero {zero}, cumulative {summary.cumulative_2020_2060:.0f} Mt"
        )
        typer.echo(f"  history: {summary.history}")
    for value in comparison.values:
        typer.echo(
            f"  {value.variable:<48} {value.year}: {value.a:9.2f} → {value.b:9.2f} "
            f"({value.b_minus_a:+.2f})"
        )


class WedgeMethod(StrEnum):
    take_one_out = "take-one-out"
    shapley = "shapley"


@app.command("wedges")
def wedges_command(
    scenario: Scenario,
    reference: Annotated[str, typer.Option("--reference", help="Scenario to compare with.")] = (
        "baseline"
    ),
    variable: Annotated[
        str, typer.Option("--variable", help="Emissions variable measured.")
    ] = "Emissions|CO2",
    output_format: Annotated[
        RunFormat, typer.Option("--format", help="csv or json: all years; iamc: as csv.")
    ] = RunFormat.csv,
    output: Output = None,
    method: Annotated[
        WedgeMethod,
        typer.Option(
            "--method",
            help="take-one-out: each lever taken out of the target, plus an interaction row; "
            "shapley: Shapley values from sampled orders, adding up to the gap exactly, with "
            "their standard error.",
        ),
    ] = WedgeMethod.take_one_out,
    orders: Annotated[
        int, typer.Option("--orders", help="Shapley: sampled orders (even; antithetic pairs).")
    ] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Shapley: seed of the sampled orders.")] = 0,
) -> None:
    """What each lever removes against the reference scenario, per year (Mt CO2/yr)."""
    from peakzero.pathways.scenarios import load_scenario

    # Say on stderr what the reference is (the frozen baseline is a counterfactual).
    typer.echo(f"reference {reference}: {load_scenario(reference).history_note}", err=True)
    if method is WedgeMethod.shapley:
        from peakzero.pathways.shapley import shapley_wedges

        found = shapley_wedges(scenario, reference, variable, orders, seed)
        typer.echo(
            f"Shapley wedges from {found.orders} sampled orders (seed {found.seed}) of "
            f"{len(found.players)} levers and drivers; each year's wedges add up to reference "
            f"minus target; largest standard error {found.largest_standard_error:.3f} Mt CO2/yr",
            err=True,
        )
        table = found.table
    else:
        from peakzero.pathways.wedges import wedges

        table = wedges(scenario, reference, variable)
    if output_format is RunFormat.json:
        _emit(_json(table.to_dict(orient="records")), output)
    else:
        _emit(str(table.to_csv(index=False)), output)


@app.command("decompose")
def decompose_command(
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Scenario name or YAML file.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Beijing's recorded change (2011-2019) instead.")
    ] = False,
    start: Annotated[int | None, typer.Option("--start", help="First year of the period.")] = None,
    end: Annotated[int | None, typer.Option("--end", help="Last year of the period.")] = None,
) -> None:
    """LMDI decomposition of territorial CO2 change: population, GDP per head, energy per GDP,
    CO2 per energy (Mt CO2), as JSON: of a scenario (default 2019-2030) or, with --history, of
    Beijing's recorded change (default 2011-2019)."""
    from peakzero.studies.pathways import decomposition

    if (scenario is None) == (not history):
        typer.echo("Error: give either --scenario NAME or --history", err=True)
        raise typer.Exit(2)
    _emit(_json(decomposition(None if history else str(scenario), start, end)), None)


class MaccFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command("macc")
def macc_command(
    scenario: Scenario,
    reference: Annotated[str, typer.Option("--reference", help="Scenario to compare with.")] = (
        "baseline"
    ),
    year: Annotated[int, typer.Option("--year", help="Year of the bars' widths.")] = 2030,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            help="consumption: net CO2 + imported electricity and hydrogen; territorial: net CO2.",
        ),
    ] = "consumption",
    costs: Annotated[
        Path | None,
        typer.Option("--costs", help="CSV of costs replacing packaged ones (same columns)."),
    ] = None,
    output_format: Annotated[
        MaccFormat, typer.Option("--format", help="csv (one row per lever) or json.")
    ] = MaccFormat.csv,
    output: Output = None,
) -> None:
    """Marginal abatement cost curve (CNY/t CO2) from the model's own runs: each lever taken
    out of the scenario, its discounted extra cost over its discounted abatement, 2020-2060."""
    from peakzero.pathways.cost_data import load_cost_data
    from peakzero.pathways.macc import SCOPES, macc
    from peakzero.pathways.run import YEARS
    from peakzero.studies.pathway_tables import macc_table

    if scope not in SCOPES:
        typer.echo(f"Error: --scope must be one of {', '.join(SCOPES)}, not {scope!r}", err=True)
        raise typer.Exit(2)
    data = load_cost_data(YEARS, costs) if costs is not None else None
    curve = macc(scenario, reference, year, scope, data)
    if output_format is MaccFormat.json:
        _emit(_json(curve.as_dict()), output)
        return
    _emit(macc_table(curve).to_csv(index=False), output)
