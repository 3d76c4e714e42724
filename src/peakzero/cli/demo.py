"""``peakzero demo``: the built-in Beijing run (what ``make demo`` calls)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    output: Annotated[Path, typer.Option(help="Folder for the HTML report and data files.")] = Path(
        "build/demo"
    ),
) -> None:
    """Run the Beijing demo: inventory history and peak, latest mix; write an offline report."""
    from peakzero.report.demo import run_demo  # imports PyPSA: only when the demo runs

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
    latest = facts.by_group_history.T[peak.latest_year]
    for group, value in latest[latest != 0].sort_values(ascending=False).items():
        typer.echo(f"    {group:<12} {value:7.2f} Mt")
    typer.echo(f"  {peak.latest_year} by GPC sub-sector:")
    for row in facts.by_gpc.itertuples():
        typer.echo(f"    {row.code:<6} {row.name_en:<45} {row.co2:7.2f} Mt")
    warnings = [f for f in facts.findings if f.severity == "warning"]
    for finding in warnings:
        typer.echo(f"  QA warning: {finding.message} ({finding.year})")
    typer.echo(f"  QA: {len(facts.findings) - len(warnings)} small cells drop to zero (info)")
    typer.echo("Pathways to 2060 (territorial CO2, Mt; Monte Carlo P(peak by 2030)):")
    for summary, ensemble in zip(result.pathways.summaries, result.pathways.ensembles, strict=True):
        zero = summary.net_zero_year or "-"
        typer.echo(
            f"  {summary.scenario:<15} peak {summary.peak_year} ({summary.peak_value:6.2f}), "
            f"net zero {zero}, P(peak by 2030) {ensemble.probability_peak_by_2030:.0%}"
        )
    curve = result.pathways.macc_plan
    typer.echo(
        f"Abatement cost (plan vs baseline, CNY/t CO2 levelised 2020-2060; "
        f"abated in {curve.year}, Mt):"
    )
    for entry in [e for e in curve.entries if e.cost_per_t is not None][:8]:
        typer.echo(f"  {entry.name_en[:44]:<44} {entry.cost_per_t:9,.0f}  {entry.abated_mt:6.2f}")
    moved = sorted(
        (t for t in result.programme.tasks if t.co2_2030_mt),
        key=lambda t: t.co2_2030_mt or 0.0,
        reverse=True,
    )
    typer.echo("Programme: top tasks by CO2 moved in 2030 (plan scenario):")
    for task in moved[:5]:
        typer.echo(f"  {task.task:<32} {task.co2_2030_mt:6.2f} Mt  ({task.status})")
    grid = result.grid
    typer.echo(f"Hourly grid ({grid.settings.scenario}; system cost, CO2, import peak):")
    for row in grid.summary.itertuples(index=False):
        typer.echo(
            f"  {row.year}: {row[1]:6.2f} bn EUR/yr, {row[2]:6.2f} Mt CO2, import peak "
            f"{row[3]:5.1f} GW, {row[6]}"
        )
    typer.echo(f"Report: {result.report}")
