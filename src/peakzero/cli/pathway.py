"""``peakzero pathway``: technology pathways to 2060 (技术路径)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.io.jsonify import to_json
from peakzero.io.output import write_text_atomic

if TYPE_CHECKING:
    from peakzero.studies.corridor import CorridorFacts

# The pathway engine (pandas, numpy) is imported inside each command, so that ``peakzero --help``
# and the other command groups do not load it.

app = typer.Typer(help="Technology pathways to 2060 (技术路径): scenarios, metrics, ensembles.")

Scenario = Annotated[str, typer.Option("--scenario", "-s", help="Scenario name or YAML file.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")]


class Boundary(StrEnum):
    assessment = "assessment"
    territorial = "territorial"
    consumption = "consumption"


BoundaryOption = Annotated[
    Boundary,
    typer.Option(
        "--boundary",
        help="assessment: scope 1 energy CO2 + net imported electricity × the grid factor "
        "(China's provincial assessment); territorial: CEADs scope 1; consumption: territorial "
        "+ non-green imported electricity + grey hydrogen.",
    ),
]
GridFactorOption = Annotated[
    str,
    typer.Option(
        "--grid-factor",
        help="Factor of net imported electricity on the assessment boundary: average (MEE North "
        "China grid average), residual (green imports at zero, the rest at a residual mix), a "
        "number in t/MWh or a factor id (peakzero factors list).",
    ),
]


def _factor(text: str) -> str | float:
    """The --grid-factor as boundaries.grid_factor takes it (checked there)."""
    try:
        return float(text)
    except ValueError:
        return text


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
    gwp: Annotated[
        str,
        typer.Option(
            "--gwp", help="GWP metric of Emissions|Kyoto Gases: AR5GWP100 (default), AR6GWP100 …"
        ),
    ] = "AR5GWP100",
) -> None:
    """Run a scenario 2019-2060 and write its IAMC variables."""
    from peakzero.io.iamc import to_wide
    from peakzero.pathways.outputs import to_iamc
    from peakzero.pathways.run import run_pathway

    run = run_pathway(scenario, gwp_metric=gwp)
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
    boundary: BoundaryOption = Boundary.assessment,
    factor: GridFactorOption = "average",
) -> None:
    """Peak year and value over the record and the projection on the chosen boundary (the
    others beside it), net-zero year, cumulative emissions, the scenario's targets and the
    import-corridor check (warnings on stderr)."""
    from peakzero.pathways.metrics import format_figure, summarise
    from peakzero.pathways.run import run_pathway
    from peakzero.studies.corridor import corridor_facts

    summary = summarise(run_pathway(scenario), boundary.value, _factor(factor))
    corridor = corridor_facts([scenario])
    for finding in corridor.findings:
        typer.echo(f"warning: {finding.message}", err=True)
    if output_format is JsonFormat.json:
        document = {**summary.as_dict(), "import_corridor": _corridor_json(corridor)}
        _emit(_json(document), None)
        return
    typer.echo(
        f"{summary.scenario}: peak {summary.peak_year} at {summary.peak_value:.2f} Mt CO2 "
        f"({summary.boundary} boundary, record and projection)"
    )
    for shown in summary.boundaries:
        where = "recorded" if shown.peak_in_history else "projected"
        since = f"record from {shown.history_from}" if shown.history_from else "projection only"
        levels = ", ".join(f"{y} {v:.1f}" for y, v in shown.values.items())
        factor_note = f"; factor {shown.grid_factor}" if shown.grid_factor else ""
        typer.echo(
            f"  {shown.boundary:<12} peak {shown.peak_year} ({where}) {shown.peak_value:7.2f} Mt; "
            f"peaked by 2030: {'yes' if shown.peaked_by_2030 else 'no'}; {levels} "
            f"[{since}{factor_note}]"
        )
    zero = summary.net_zero_year or "not reached by 2060"
    typer.echo(
        f"  net zero ({summary.net_zero_basis}): {zero}; cumulative 2020-2060 on the "
        f"{summary.boundary} boundary: {summary.cumulative_2020_2060:.0f} Mt"
    )
    typer.echo(f"  history: {summary.history}")
    for target in summary.targets:
        mark = {True: "met", False: "NOT met", None: "not judged"}[target.met]
        if target.input:
            mark = f"input, {mark}"
        note = f" ({target.note})" if target.note else ""
        value = format_figure(target.value, target.unit)
        goal = format_figure(target.target, target.unit, "")
        typer.echo(f"  {target.name}: {value} vs {goal} {target.unit} — {mark}{note}")
    typer.echo(_corridor_line(corridor))
    typer.echo(
        "  (deterministic (central inputs): one run; `pathway ensemble` gives the spread, "
        "P(met) and the ensemble median)"
    )


def _corridor_json(corridor: CorridorFacts) -> dict[str, object]:
    table = corridor.table.drop(columns="scenario")
    return {
        "corridor_gw": float(table["corridor_gw"].iloc[0]),
        "years": table.drop(columns="corridor_gw").to_dict(orient="records"),
        "findings": [f.as_dict() for f in corridor.findings],
    }


def _corridor_line(corridor: CorridorFacts) -> str:
    """One line: the annual import-peak estimate in 2030 and 2060 and its highest, against the
    corridor."""
    table = corridor.table
    peaks = dict(zip(table["year"].astype(int), table["import_peak_gw"].astype(float), strict=True))
    shown = ", ".join(f"{y} {peaks[y]:.1f} GW" for y in (2030, 2060) if y in peaks)
    top = max(peaks, key=lambda year: peaks[year])
    over = int(table["exceeded"].sum())
    verdict = f"exceeded in {over} year(s)" if over else "within it every year"
    return (
        f"  import corridor {float(table['corridor_gw'].iloc[0]):g} GW: import peak (annual "
        f"estimate) {shown}; highest {peaks[top]:.1f} GW in {top} — {verdict}"
    )


Variable = Annotated[
    str | None,
    typer.Option(
        "--variable",
        help="An emission variable to take the peak (over the projection only) and the "
        "quantiles on, instead of --boundary.",
    ),
]


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
    boundary: BoundaryOption = Boundary.assessment,
    factor: GridFactorOption = "average",
    variable: Variable = None,
) -> None:
    """Monte Carlo: P(peak by 2030) (the maximum up to 2030 not exceeded later, over the record
    and the projection), the peak-year spread, per target P(met), P(net zero by 2050 and 2060)
    and emission quantiles per year (json), beside the deterministic run."""
    from peakzero.pathways.ensemble import HEADLINE_YEAR, run_ensemble

    result = run_ensemble(
        scenario, runs, seed, scheduler, boundary.value, _factor(factor), variable
    )
    if output_format is JsonFormat.json:
        _emit(_json(result.as_dict()), None)
        return
    quantiles = result.peak_year
    basis = (
        result.variable
        if result.boundary is None
        else f"{result.boundary} boundary"
        + (f", factor {result.grid_factor}" if result.boundary == "assessment" else "")
    )
    typer.echo(
        f"{result.scenario} ({basis}): {result.runs} runs in {result.seconds:.2f} s; "
        f"P(peak by 2030) = {result.probability_peak_by_2030:.1%}; peak year "
        f"p5 {quantiles['p5']:.0f}, p50 {quantiles['p50']:.0f}, p95 {quantiles['p95']:.0f}; "
        f"{result.share_still_rising_in_2060:.1%} still rising in 2060"
    )
    zero = ", ".join(f"by {y} {p:.1%}" for y, p in result.probability_net_zero_by.items())
    typer.echo(f"  P(net zero): {zero}")
    column = result.emissions["years"].index(HEADLINE_YEAR)
    spread = ", ".join(f"p{q} {result.emissions[f'p{q}'][column]:.2f}" for q in (5, 25, 50, 75, 95))
    typer.echo(f"  {result.variable} in {HEADLINE_YEAR}, {result.emissions['unit']}: {spread}")
    for row in (result.deterministic, result.median):
        zero_year = row["net_zero_year"]
        typer.echo(
            f"  {row['label']:<32} peak {row['peak_year']:.0f}, {HEADLINE_YEAR} "
            f"{row[f'emissions_{HEADLINE_YEAR}']:.2f} Mt, net zero "
            f"{'not by 2060' if zero_year is None else f'{zero_year:.0f}'}"
        )
    for target in result.targets:
        chance = "not judged" if target.probability_met is None else f"{target.probability_met:.1%}"
        mark = {True: "met", False: "NOT met", None: "not judged"}[target.deterministic_met]
        typer.echo(
            f"  {target.name}: P(met) {chance}; deterministic {mark}"
            + (" (input)" if target.input else "")
        )


@app.command("sensitivity")
def sensitivity_command(
    scenario: Scenario,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            help="Base samples N, a power of 2: N x (inputs + 2) runs [default: 1024, ~10 s].",
        ),
    ] = 1024,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the scrambled Sobol sequence.")] = 0,
    year: Annotated[int, typer.Option("--year", help="Peak by this year; emissions in it.")] = 2030,
    output_format: Annotated[JsonFormat, typer.Option("--format")] = JsonFormat.table,
    boundary: BoundaryOption = Boundary.assessment,
    factor: GridFactorOption = "average",
    variable: Variable = None,
    top: Annotated[int, typer.Option("--top", help="Table: inputs shown per output.")] = 10,
    correlated: Annotated[
        bool,
        typer.Option(
            "--correlated",
            help="Draw the correlated inputs (correlations.csv) through the ensemble's copula "
            "and give them one index together as a group.",
        ),
    ] = False,
) -> None:
    """Sobol indices (first order and total, with 95 % intervals) naming the uncertain levers,
    drivers and parameters that drive P(peak by YEAR) and emissions in YEAR."""
    from peakzero.pathways.sensitivity import pathway_sensitivity

    found = pathway_sensitivity(
        scenario, samples, seed, variable, year, correlated, boundary.value, _factor(factor)
    )
    if output_format is JsonFormat.json:
        _emit(_json(found.as_dict()), None)
        return
    how = (
        "correlated inputs through the copula, indexed together"
        if found.correlated
        else "inputs drawn independently (Sobol indices need it; the ensemble's correlations "
        "are not applied: --correlated indexes them as a group)"
    )
    typer.echo(
        f"{found.scenario}: Sobol indices from {found.runs:,} runs ({found.samples} base samples, "
        f"seed {found.seed}) in {found.seconds:.1f} s; {how}"
    )
    kinds = {k: v.split(":")[0] for k, v in found.kinds.items()}
    for name, kind in found.kinds.items():
        if kind.startswith("group"):
            typer.echo(f"  {name} = {kind.split(': ', 1)[1]}")
    for output in found.outputs:
        typer.echo(f"{output.name}: mean {output.mean:.4g}, variance {output.variance:.4g}")
        if output.note:
            typer.echo(f"  {output.note}")
        if not output.indices:
            continue
        typer.echo(f"  {'input':<28} {'kind':<9} {'first order':>16} {'total':>16}")
        for index in output.indices[:top]:
            typer.echo(
                f"  {index.input:<28} {kinds[index.input]:<9} "
                f"{index.first:>7.3f} ± {index.first_confidence:<6.3f} "
                f"{index.total:>7.3f} ± {index.total_confidence:<6.3f}"
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
            f"{label} {summary.scenario}: peak {summary.peak_year} ({summary.peak_value:.2f} Mt, "
            f"{summary.boundary} boundary), "
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
    boundary: Annotated[
        Boundary | None,
        typer.Option(
            "--boundary",
            help="Measure on a boundary instead of --variable: assessment (average factor), "
            "territorial or consumption.",
        ),
    ] = None,
) -> None:
    """What each lever removes against the reference scenario, per year (Mt CO2/yr)."""
    from peakzero.pathways.boundaries import BOUNDARY_VARIABLES, describe_variable

    if boundary is not None:
        variable = BOUNDARY_VARIABLES[boundary.value]
    typer.echo(f"Wedges of {variable} ({describe_variable(variable)})", err=True)
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


class CostBasis(StrEnum):
    resource = "resource"
    paid = "paid"


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
            help="Emission boundary of the abatement: territorial (energy and industrial "
            "processes), net (+ AFOLU and removals), consumption (territorial + imported "
            "electricity and hydrogen) or assessment (scope 1 energy + net imported "
            "electricity at the average grid factor).",
        ),
    ] = "territorial",
    basis: Annotated[
        CostBasis,
        typer.Option(
            "--basis",
            help="resource: fuels before tax, electricity delivered (with T&D) before VAT; "
            "paid: prices as quoted (fuels with taxes, electricity at the generation tariff).",
        ),
    ] = CostBasis.resource,
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
    out of the scenario, its discounted extra cost over its discounted abatement, 2020-2060.
    Levers that do not abate in the year are listed apart, without a cost."""
    from peakzero.pathways.cost_data import load_cost_data
    from peakzero.pathways.macc import SCOPES, macc
    from peakzero.pathways.run import YEARS
    from peakzero.studies.pathway_tables import macc_table

    if scope not in SCOPES:
        typer.echo(f"Error: --scope must be one of {', '.join(SCOPES)}, not {scope!r}", err=True)
        raise typer.Exit(2)
    data = load_cost_data(YEARS, costs) if costs is not None else None
    curve = macc(scenario, reference, year, scope, data, basis=basis.value)
    typer.echo(f"MACC on the {scope} boundary: {' + '.join(curve.emissions)}", err=True)
    if output_format is MaccFormat.json:
        _emit(_json(curve.as_dict()), output)
        return
    _emit(macc_table(curve).to_csv(index=False), output)
