"""``peakzero demo``: the built-in Beijing run (what ``make demo`` calls), then the platform.

The offline report first; then, unless ``--no-serve``, the demo database is seeded
(:mod:`peakzero.demo`: one account per role with passwords printed here, an illustrative
programme and datasets) and served by ``peakzero serve``'s own code path until Ctrl-C.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peakzero.settings import DEFAULT_HOST, DEFAULT_PORT


def demo(
    output: Annotated[
        Path, typer.Option(help="Folder for the HTML report, data files and demo database.")
    ] = Path("build/demo"),
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve",
            help="After the report, serve the platform on the demo database until Ctrl-C.",
        ),
    ] = True,
    report: Annotated[
        bool,
        typer.Option("--report/--no-report", help="Write the offline report first."),
    ] = True,
    host: Annotated[
        str, typer.Option(help="Address to serve on: loopback only (demo accounts).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = DEFAULT_PORT,
) -> None:
    """Run the Beijing demo (inventory, pathways, programme, grid; an offline report), then
    serve the platform on a demo database with one account per role (passwords printed)."""
    if serve:
        from peakzero.demo.accounts import check_demo_target, demo_database_url

        check_demo_target(demo_database_url(output), host)  # refuse before the long report
    if report:
        _report(output)
    if serve:
        _serve(output, host, port)


def _serve(output: Path, host: str, port: int) -> None:
    """Seed the demo database, print the accounts, serve it (``peakzero serve``) until Ctrl-C."""
    from peakzero.cli.serve import serve
    from peakzero.demo.seed import seed_demo

    seeded = seed_demo(output, host)
    typer.echo(f"Demo database: {seeded.url} (illustrative programme records and datasets)")
    typer.echo("Demo accounts (new random passwords, printed only now; loopback only):")
    for name, password in seeded.passwords.items():
        typer.echo(f"  {name:<24} {password}")
    serve(host=host, port=port, db=seeded.url, workers=1)


def _report(output: Path) -> None:
    """The offline report and the figures it prints."""
    # The figures come from peakzero.studies (PyPSA loads only when the demo runs); this
    # command prints them by name.
    from peakzero.report.demo import run_demo
    from peakzero.studies.pathway_tables import outlook_table, priced_entries
    from peakzero.studies.programme import tasks_by_co2

    result = run_demo(output)
    facts = result.inventory
    peak = facts.peak
    typer.echo(f"Beijing territorial CO2 (CEADs): {facts.history.index.min()}–{peak.latest_year}")
    typer.echo(f"  peak {peak.year}: {peak.value:.2f} Mt CO2")
    typer.echo(
        f"  {peak.latest_year}: {peak.latest_value:.2f} Mt CO2 ({peak.change_since_peak:+.1%}), "
        f"without aviation {facts.peak_without_aviation.latest_value:.2f} Mt"
    )
    typer.echo(f"  {peak.latest_year} by fuel group:")
    for group, value in facts.latest_by_group.items():
        typer.echo(f"    {group:<12} {value:7.2f} Mt")
    typer.echo(f"  {peak.latest_year} by GPC sub-sector:")
    for row in facts.by_gpc.itertuples():
        typer.echo(f"    {row.code:<6} {row.name_en:<45} {row.co2:7.2f} Mt")
    for finding in facts.warnings:
        typer.echo(f"  QA warning: {finding.message} ({finding.year})")
    typer.echo(f"  QA: {facts.info_count} small cells drop to zero (info)")
    typer.echo(
        "Pathways to 2060 (assessment boundary: scope 1 energy CO2 + net imported electricity, "
        "Mt, peak over the record since 1997; Monte Carlo P(peak by 2030)):"
    )
    for o in outlook_table(result.pathways.summaries, result.pathways.ensembles):
        zero = o.net_zero_year or "-"
        typer.echo(
            f"  {o.scenario:<15} peak {o.peak_year} ({o.peak_mt:6.2f}), "
            f"net zero {zero}, P(peak by 2030) {o.probability_peak_by_2030:.0%}, "
            f"P(net zero by 2050) {o.probability_net_zero_by_2050:.0%}; {o.beside}"
        )
    curve = result.pathways.macc_plan
    typer.echo(
        f"Abatement cost (plan vs baseline, CNY/t CO2 levelised 2020-2060, {curve.basis} "
        f"costs; abated in {curve.year} on the {curve.scope} boundary, Mt):"
    )
    for entry in priced_entries(curve)[:8]:
        cost = entry.cost_per_t or 0.0  # priced: never None here
        typer.echo(f"  {entry.name_en[:44]:<44} {cost:9,.0f}  {entry.abated_mt:6.2f}")
    typer.echo("Programme: top tasks by CO2 moved in 2030 (plan scenario):")
    for task in tasks_by_co2(result.programme)[:5]:
        typer.echo(f"  {task.task:<32} {task.co2_2030_mt or 0.0:6.2f} Mt  ({task.status})")
    grid = result.grid
    typer.echo(f"Hourly grid ({grid.settings.scenario}; system cost, CO2, import peak):")
    for year in grid.summary:
        co2 = float("nan") if year.co2_mt is None else year.co2_mt
        typer.echo(
            f"  {year.year}: {year.system_cost_bn:6.2f} bn {year.currency}/yr, {co2:6.2f} Mt CO2, "
            f"import peak {year.import_peak_gw:5.1f} GW, {year.resolution_label}"
        )
    if result.monitoring is not None:
        for line in result.monitoring.summary():
            typer.echo(line)
    typer.echo(f"Report: {result.report}")
