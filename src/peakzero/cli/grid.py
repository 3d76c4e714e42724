"""``peakzero grid``: the hourly energy system of a pathway year (PyPSA, solved with HiGHS)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from peakzero.grid.profiles_contract import Profiles

__all__ = ["app"]

app = typer.Typer(
    help="Hourly energy system: electricity, district heat and hydrogen of a pathway year.",
    no_args_is_help=True,
)


class Resolution(StrEnum):
    default = "default"
    full = "full"


class GridFormat(StrEnum):
    json = "json"
    iamc = "iamc"


Scenario = Annotated[
    str,
    typer.Option(
        "--scenario", help="A pathway scenario: a packaged name (pathway list) or a YAML file."
    ),
]
Year = Annotated[
    int, typer.Option("--year", min=2019, max=2060, help="The pathway year, 2019-2060.")
]
Co2Limit = Annotated[
    float | None,
    typer.Option("--co2-limit", min=0, help="Cap on the year's CO2 of every emitter, Mt."),
]
Window = Annotated[
    str | None,
    typer.Option(
        "--window",
        help="Model only COUNT hours from hour FIRST of the year, as FIRST:COUNT (e.g. 312:168, "
        "the week from 14 January); each hour then stands for 8760/COUNT hours of the year.",
    ),
]
ProfilesFile = Annotated[
    Path | None,
    typer.Option(
        "--profiles",
        help="Measured hourly series (CSV: time with +08:00 and columns 'name [unit]'); the "
        "columns not given come from Beijing's climate.",
    ),
]


def _progress(message: str) -> None:
    """A line on the terminal while long work runs; nothing when standard error is piped."""
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def _window(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    first, _, count = text.partition(":")
    if not (first.isdigit() and count.isdigit()) or int(count) < 1:
        msg = f"{text!r} is not FIRST:COUNT; give e.g. 312:168 (whole hours, COUNT at least 1)"
        raise typer.BadParameter(msg, param_hint="--window")
    return int(first), int(count)


def _profiles(path: Path | None, year: int) -> Profiles:
    from peakzero.grid.profiles import beijing_profiles, load_profiles

    return beijing_profiles(year) if path is None else load_profiles(path, year)


@app.command("run")
def run_command(
    scenario: Scenario,
    year: Year,
    resolution: Annotated[
        Resolution,
        typer.Option(
            "--resolution",
            help="default: the year in tsam segments (fast, its measured error reported); full: "
            "all 8,760 hours.",
        ),
    ] = Resolution.default,
    output_format: Annotated[
        GridFormat,
        typer.Option(
            "--format", help="json: the results; iamc: IAMC wide CSV (one column per year)."
        ),
    ] = GridFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file instead of the terminal.")
    ] = None,
    co2_limit: Co2Limit = None,
    window: Window = None,
    profiles: ProfilesFile = None,
) -> None:
    """Build the network of a scenario year, solve capacities and dispatch, print the results."""
    from peakzero.grid.inputs import grid_inputs
    from peakzero.grid.network import GridOptions, build_network
    from peakzero.grid.solve import solve
    from peakzero.io.iamc import to_wide
    from peakzero.io.jsonify import to_json
    from peakzero.io.output import write_text_atomic

    inputs = grid_inputs(scenario, year)
    shapes = _profiles(profiles, year)
    _progress(f"solving the {scenario} {year} grid at {resolution.value} resolution with HiGHS…")
    options = GridOptions(co2_limit_mt=co2_limit, hours=_window(window))
    result = solve(build_network(inputs, shapes, options=options), resolution=resolution.value)
    _progress(f"solved in {result.seconds:.1f} s")
    if output_format is GridFormat.json:
        text = to_json(result.as_dict()) + "\n"
    else:
        text = to_wide(result.to_iamc()).to_csv(index=False)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"wrote {output} ({output_format.value})", err=True)
    for message in result.messages:  # load shed at the value of lost load: say so, always
        typer.echo(f"warning: {message}", err=True)


@app.command("export")
def export_command(
    scenario: Scenario,
    year: Year,
    output: Annotated[
        Path, typer.Option("--output", help="The netCDF file to write (e.g. beijing-2030.nc).")
    ],
    co2_limit: Co2Limit = None,
    window: Window = None,
    profiles: ProfilesFile = None,
) -> None:
    """Write the full-resolution network as a PyPSA netCDF file that plain PyPSA can optimise."""
    from peakzero.grid.inputs import grid_inputs
    from peakzero.grid.netcdf import export_network
    from peakzero.grid.network import GridOptions, build_network

    options = GridOptions(co2_limit_mt=co2_limit, hours=_window(window))
    network = build_network(grid_inputs(scenario, year), _profiles(profiles, year), options=options)
    export_network(network, output)
    typer.echo(f"wrote {output}: {len(network.snapshots)} snapshots, plain PyPSA can optimise it")
