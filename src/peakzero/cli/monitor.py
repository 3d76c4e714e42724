"""``peakzero monitor``: near-real-time monitoring of a region's emissions (issue 13).

A thin shell over :mod:`peakzero.studies.monitoring`: ``import`` checks proxy files and stores
them all-or-nothing; ``daily``, ``monthly``, ``yoy`` and ``nowcast`` show the monitored series;
``qa`` runs the gate; ``compare`` sets the series against a Carbon Monitor Cities file;
``reconcile`` rescales a monitored year to an arrived inventory year.

Proxies come from ``--proxies FILE`` when given, else from the store's imports of the region
(``--db``, or the default database if it exists), else — Beijing only — from the shipped inputs.
Where they came from is printed on stderr with every result.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from peakzero.io.jsonify import to_json

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from peakzero.studies.monitoring import MonitoredSeries, MonitoringInputs, ReconcileStudy

__all__ = ["app"]

# pandas, the engine and the store are imported inside the commands: `peakzero --help` stays fast.

app = typer.Typer(
    help="Near-real-time monitoring (近实时监测): import proxies, daily/monthly series, "
    "year-on-year, nowcast, QA, comparison and reconciliation.",
    no_args_is_help=True,
)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $PEAKZERO_DATABASE_URL, else "
        "~/.local/share/peakzero/peakzero.db).",
    ),
]
RegionOption = Annotated[
    str, typer.Option("--region", help="CN-BJ (the city) or a district code or name.")
]
ProxyFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--proxies", help="Read proxies from this file (CSV or XLSX) instead of the store; repeat."
    ),
]
Inventory = Annotated[
    str | None,
    typer.Option("--inventory", help="Anchor to this named inventory dataset (default CEADs)."),
]


class Status(StrEnum):
    flash = "flash"
    final = "final"


class Format(StrEnum):
    csv = "csv"
    json = "json"
    iamc = "iamc"


class Leap(StrEnum):
    include = "include"
    exclude = "exclude"
    rescale = "rescale"


class Basis(StrEnum):
    total = "total"
    per_calendar_day = "per_calendar_day"
    per_working_day = "per_working_day"


def _say(text: str) -> None:
    typer.echo(text, err=True)


def _region(text: str) -> str:
    from peakzero.store.datasets import resolve_region

    return resolve_region(text)


def _read_files(files: list[Path]) -> pd.DataFrame:
    """Every file read and checked; one InputError naming every problem of every file."""
    import pandas as pd

    from peakzero.errors import InputError, Problem
    from peakzero.monitoring.proxies import read_proxies

    frames = []
    problems: list[Problem] = []
    for path in files:
        try:
            frames.append(read_proxies(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return pd.concat(frames, ignore_index=True)


def _inputs(
    region: str, db: str | None, files: list[Path] | None, inventory: str | None
) -> MonitoringInputs:
    from peakzero.store import database
    from peakzero.store.database import StoreError
    from peakzero.studies.monitoring import load_inputs

    code = _region(region)
    if files:
        label = ", ".join(p.name for p in files)
        if inventory is None:
            inputs = load_inputs(code, proxies=_read_files(files), source=label)
        else:
            with database.open_session(db, must_exist=True) as session:
                inputs = load_inputs(
                    code,
                    session=session,
                    inventory=inventory,
                    proxies=_read_files(files),
                    source=label,
                )
    else:
        try:
            with database.open_session(db, must_exist=True) as session:
                inputs = load_inputs(code, session=session, inventory=inventory)
        except StoreError:
            if db is not None or inventory is not None:
                raise
            inputs = load_inputs(code)  # no store yet: Beijing's shipped inputs
    _say(
        f"{inputs.region}: proxies from {inputs.proxies_source}; "
        f"anchored to {inputs.base_inventory} {inputs.base_year}"
    )
    return inputs


def _emit(text: str, output: Path | None) -> None:
    from peakzero.io.output import write_text_atomic

    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        _say(f"wrote {output}")


def _shown_missing(series: MonitoredSeries) -> None:
    for row in series.missing.drop_duplicates(["sector", "reason"]).itertuples(index=False):
        _say(f"missing {row.sector} {row.year}: {row.reason}")


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Proxy files, CSV or XLSX (long format).")],
    region: Annotated[
        str | None,
        typer.Option("--region", help="The import's region (default: the files' only region)."),
    ] = None,
    db: DatabaseUrl = None,
    source: Annotated[str, typer.Option(help="Where the figures come from.")] = "user file",
    vintage: Annotated[
        str | None, typer.Option(help="The data's vintage, e.g. 2026-12-01 (default: today).")
    ] = None,
    status: Annotated[Status, typer.Option(help="flash (preliminary) or final.")] = Status.flash,
    who: Annotated[
        str | None, typer.Option("--who", help="Who imports (default: the login name).")
    ] = None,
) -> None:
    """Check proxy files, run the QA gate and store them all-or-nothing (exit 2 on bad input)."""
    import datetime as dt

    from peakzero.errors import InputError, Problem
    from peakzero.monitoring.findings import findings_frame
    from peakzero.monitoring.quality import check_series
    from peakzero.store import database, repository
    from peakzero.store import monitoring as store

    frames = {}
    problems: list[Problem] = []
    from peakzero.monitoring.proxies import read_proxies

    for path in files:
        _say(f"reading {path}")
        try:
            frames[path] = read_proxies(path)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    regions = sorted({r for f in frames.values() for r in f["region"]})
    if region is None and len(regions) > 1:
        msg = f"the files hold several regions ({', '.join(regions)}); give --region"
        raise InputError(Problem(files[0].name, msg, column="region", value=regions))
    code = _region(region) if region is not None else regions[0]
    found = {path: findings_frame(check_series(frame)) for path, frame in frames.items()}
    for path, findings in found.items():
        for row in findings.itertuples(index=False):
            _say(f"{path.name}: {row.severity} {row.code}: {row.message}")
    user = who if who is not None else repository.current_user()
    when = vintage or dt.date.today().isoformat()
    with database.open_session(db, migrate=True) as session:
        try:
            done = [
                store.import_proxies(
                    session,
                    frame,
                    found[path],
                    file_name=path.name,
                    sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                    who=user,
                    region=code,
                    source=source,
                    vintage=when,
                    status=status.value,
                    commit=False,
                )
                for path, frame in frames.items()
            ]
            session.commit()
        except BaseException:
            session.rollback()
            raise
    for item in done:
        typer.echo(
            f"stored import #{item.id} {item.file_name} of {item.region}: {item.row_count} rows, "
            f"{item.status} vintage {item.vintage}, sha256 {item.sha256[:12]}…, "
            f"audited as {item.who}"
        )


def _series_text(series: MonitoredSeries, scale: str, output_format: Format) -> str:
    from peakzero.studies.monitoring.output import series_csv, series_iamc, series_json

    if output_format is Format.csv:
        return series_csv(series, scale)
    if output_format is Format.json:
        return series_json(series, scale)
    return series_iamc(series, scale)


def _series_command(
    scale: str,
    region: str,
    start: str | None,
    end: str | None,
    view: str,
    aviation: bool,
    grid_factor: str | None,
    output_format: Format,
    output: Path | None,
    db: str | None,
    files: list[Path] | None,
    inventory: str | None,
) -> None:
    from peakzero.studies.monitoring import monitored_series

    inputs = _inputs(region, db, files, inventory)
    series = monitored_series(
        inputs, start, end, view=view, aviation=aviation, grid_factor=grid_factor
    )
    _shown_missing(series)
    _emit(_series_text(series, scale, output_format), output)


View = Annotated[str, typer.Option("--view", help="territorial (scope 1) or scope1+2.")]
GridFactor = Annotated[
    str | None,
    typer.Option(
        "--grid-factor", help="Electricity factor id for scope1+2 (e.g. mee-beijing-2022)."
    ),
]
Aviation = Annotated[
    bool, typer.Option("--aviation/--no-aviation", help="Count aviation (GPC II.4) or not.")
]
From = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
To = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (included).")]
OutputFormat = Annotated[
    Format,
    typer.Option("--format", help="csv, json or iamc (IAMC wide with pyam's `subannual` column)."),
]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
]


@app.command("daily")
def daily(
    region: RegionOption = "CN-BJ",
    start: From = None,
    end: To = None,
    view: View = "territorial",
    aviation: Aviation = True,
    grid_factor: GridFactor = None,
    output_format: OutputFormat = Format.csv,
    output: Output = None,
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    inventory: Inventory = None,
) -> None:
    """Daily emissions by sector with ±1σ bands (kt CO2/day)."""
    _series_command(
        "daily", region, start, end, view, aviation, grid_factor, output_format, output, db,
        proxies, inventory,
    )  # fmt: skip


@app.command("monthly")
def monthly(
    region: RegionOption = "CN-BJ",
    start: From = None,
    end: To = None,
    view: View = "territorial",
    aviation: Aviation = True,
    grid_factor: GridFactor = None,
    output_format: OutputFormat = Format.csv,
    output: Output = None,
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    inventory: Inventory = None,
) -> None:
    """Monthly emissions by sector with ±1σ bands (kt CO2 per month)."""
    _series_command(
        "monthly", region, start, end, view, aviation, grid_factor, output_format, output, db,
        proxies, inventory,
    )  # fmt: skip


@app.command("yoy")
def yoy(
    region: RegionOption = "CN-BJ",
    month: Annotated[str | None, typer.Option("--month", help="A month, YYYY-MM.")] = None,
    start: From = None,
    end: To = None,
    leap: Annotated[
        Leap, typer.Option("--leap", help="29 February: include, exclude, rescale.")
    ] = (Leap.exclude),
    basis: Annotated[Basis, typer.Option("--basis", help="What is compared.")] = Basis.total,
    view: View = "territorial",
    aviation: Aviation = True,
    grid_factor: GridFactor = None,
    output_format: Annotated[Format, typer.Option("--format", help="csv or json.")] = Format.csv,
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    inventory: Inventory = None,
) -> None:
    """Year-on-year change of a month or a day range, by sector and in total (basis stated)."""
    import pandas as pd

    from peakzero.errors import InputError, Problem
    from peakzero.studies.monitoring import yoy_study

    if (month is None) == (start is None or end is None):
        msg = "give either --month YYYY-MM or both --from and --to"
        raise InputError(Problem("monitor yoy", msg, column="month", value=month))
    inputs = _inputs(region, db, proxies, inventory)
    study = yoy_study(
        inputs,
        month if month is not None else str(start),
        None if month is not None else end,
        leap_day=leap.value,
        basis=basis.value,
        view=view,
        aviation=aviation,
        grid_factor=grid_factor,
    )
    if study.total is not None:
        _say(f"total of {', '.join(study.sectors)}: {study.total.statement}")
    else:
        _say("no sector has both periods: no total")
    if output_format is Format.json:
        document = {
            "region": study.region,
            "from": f"{study.start:%Y-%m-%d}",
            "to": f"{study.end:%Y-%m-%d}",
            "view": study.view,
            "base_inventory": study.base_inventory,
            "leap_day": leap.value,
            "basis": basis.value,
            "total": None
            if study.total is None
            else {
                "sectors": list(study.sectors),
                "current": study.total.current,
                "previous": study.total.previous,
                "change_pct": 100.0 * study.total.change,
                "statement": study.total.statement,
            },
            "by_sector": study.by_sector.astype(object)
            .where(study.by_sector.notna(), None)
            .to_dict(orient="records"),
        }
        typer.echo(to_json(document))
        return
    table = study.by_sector
    if study.total is not None:
        total = study.total
        row = pd.DataFrame(
            {
                "sector": ["total"],
                "current": [total.current],
                "previous": [total.previous],
                "change_pct": [100.0 * total.change],
                "statement": [total.statement],
            }
        )
        table = pd.concat([table, row], ignore_index=True)
    typer.echo(table.to_csv(index=False), nl=False)


@app.command("nowcast")
def nowcast(
    year: Annotated[int, typer.Option("--year", help="The year to nowcast.")],
    region: RegionOption = "CN-BJ",
    through: Annotated[
        str | None, typer.Option("--through", help="Last day used, YYYY-MM-DD (default: latest).")
    ] = None,
    output_format: Annotated[Format, typer.Option("--format", help="csv or json.")] = Format.csv,
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    inventory: Inventory = None,
) -> None:
    """Nowcast a year's emissions from its year to date, with the band and the back-test."""
    from peakzero.studies.monitoring import nowcast_study

    inputs = _inputs(region, db, proxies, inventory)
    _say("nowcasting …")
    study = nowcast_study(inputs, year, through=through)
    total = study.total
    band = (
        f"band {total['low']:.0f}–{total['high']:.0f}"
        if total["low"] == total["low"]  # NaN: one history year or no proxy uncertainty
        else "band unknown"
    )
    _say(
        f"{study.region} {year} through {study.through:%Y-%m-%d}: {total['estimate']:.0f} kt CO2 "
        f"({band}); sectors {', '.join(study.sectors)}"
    )
    if study.left_out:
        _say(f"left out (not every day known): {', '.join(study.left_out)}")
    table = study.table.assign(through=f"{study.through:%Y-%m-%d}")
    if output_format is Format.json:
        document = {
            "region": study.region,
            "year": year,
            "through": f"{study.through:%Y-%m-%d}",
            "unit": "kt CO2",
            "base_inventory": study.base_inventory,
            "left_out": list(study.left_out),
            "nowcast": table.astype(object).where(table.notna(), None).to_dict(orient="records"),
            "backtest": study.backtest.astype(object)
            .where(study.backtest.notna(), None)
            .to_dict(orient="records"),
        }
        typer.echo(to_json(document))
        return
    typer.echo(table.to_csv(index=False), nl=False)
    if not study.backtest.empty:
        typer.echo("")
        typer.echo(study.backtest.to_csv(index=False), nl=False)


@app.command("qa")
def qa(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Proxy files to check (default: the store's).")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Only this region's stored imports.")
    ] = None,
    db: DatabaseUrl = None,
) -> None:
    """Run the QA gate on given files or on the stored proxies; exit 1 if it finds an error."""
    import pandas as pd

    from peakzero.monitoring.findings import findings_frame
    from peakzero.monitoring.proxies import read_proxies
    from peakzero.store import database
    from peakzero.store import monitoring as store
    from peakzero.studies.monitoring import QualityStudy, quality_study, stored_proxies

    studies = []
    if files:
        for path in files:
            _say(f"checking {path}")
            # Row defects become error findings here (the import refuses them instead).
            frame, found = read_proxies(path, strict=False)
            gate = quality_study(frame, source=path.name)
            rows = pd.concat([findings_frame(found), gate.findings], ignore_index=True)
            studies.append(QualityStudy(rows, path.name))
    else:
        with database.open_session(db, must_exist=True) as session:
            imports = store.list_imports(session)
            codes = [_region(region)] if region else sorted({i.region for i in imports})
            for code in codes:
                rows, label = stored_proxies(session, code)
                if not rows.empty:
                    studies.append(quality_study(rows, source=f"{code}: {label}"))
    if not studies:
        _say("no proxies to check")
        return
    errors = 0
    for study in studies:
        typer.echo(f"{study.source}: {study.errors} errors, {study.warnings} warnings")
        for row in study.findings.itertuples(index=False):
            typer.echo(f"  {row.severity} {row.code}: {row.message}")
        errors += study.errors
    if errors:
        raise typer.Exit(1)


@app.command("compare")
def compare(
    file: Annotated[
        Path | None,
        typer.Argument(help="A Carbon Monitor Cities export (default: Beijing's shipped shapes)."),
    ] = None,
    region: RegionOption = "CN-BJ",
    output_format: Annotated[Format, typer.Option("--format", help="csv or json.")] = Format.csv,
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    inventory: Inventory = None,
) -> None:
    """Compare the monitored series with an external estimate (correlations; levels with a
    raw export)."""
    from peakzero.monitoring.external import read_external
    from peakzero.studies.monitoring import comparison_study

    inputs = _inputs(region, db, proxies, inventory)
    external = None
    if file is not None:
        _say(f"reading {file}")
        external = read_external(file)
    study = comparison_study(inputs, external)
    _say(f"against {study.external}: {study.note}")
    if study.by_construction:
        _say(
            "correlation 1 by construction (our timing is Carbon Monitor's shape): "
            + ", ".join(study.by_construction)
        )
    if output_format is Format.json:
        document = {
            "region": study.region,
            "external": study.external,
            "levels": study.levels,
            "note": study.note,
            "by_construction": list(study.by_construction),
            "correlation": study.correlation.to_dict(orient="records"),
            "annual": study.annual.to_dict(orient="records"),
        }
        typer.echo(to_json(document))
        return
    typer.echo(study.correlation.to_csv(index=False), nl=False)
    if study.levels:
        typer.echo("")
        typer.echo(study.annual.to_csv(index=False), nl=False)


@app.command("reconcile")
def reconcile(
    year: Annotated[int, typer.Option("--year", help="The inventory year that arrived.")],
    inventory: Annotated[
        str, typer.Option("--inventory", help="The named inventory dataset of that year.")
    ],
    region: RegionOption = "CN-BJ",
    db: DatabaseUrl = None,
    proxies: ProxyFiles = None,
    output_format: Annotated[Format, typer.Option("--format", help="csv or json.")] = Format.csv,
    vintage: Annotated[
        str | None,
        typer.Option("--vintage", help="Store the reconciled months as this new vintage id."),
    ] = None,
    supersedes: Annotated[
        str | None,
        typer.Option(
            "--supersedes",
            help="The vintage it revises (with --vintage); stored first from the monitored "
            "months when absent.",
        ),
    ] = None,
    who: Annotated[
        str | None, typer.Option("--who", help="Who stores it (default: the login name).")
    ] = None,
) -> None:
    """Rescale the monitored months of a year to an arrived inventory year: the new vintage
    and the revision table (the monitored series stays anchored to its base inventory).
    With ``--vintage`` and ``--supersedes`` both vintages and the revisions are stored."""
    from peakzero.store import database
    from peakzero.studies.monitoring import (
        dataset_anchor_table,
        load_inputs,
        reconcile_study,
    )

    code = _region(region)
    with database.open_session(db, must_exist=True) as session:
        table = dataset_anchor_table(session, inventory, code)
        if proxies:
            inputs = load_inputs(code, proxies=_read_files(proxies), source="files")
        else:
            inputs = load_inputs(code, session=session)
        _say(f"{inputs.region}: proxies from {inputs.proxies_source}")
        study = reconcile_study(inputs, year, table, name=inventory)
        if vintage is not None:
            _store_vintages(session, inputs, study, table, vintage, supersedes, who)
    if output_format is Format.json:
        document = {
            "region": study.region,
            "year": year,
            "inventory": inventory,
            "unit": study.unit,
            "reconciled": study.reconciled.to_dict(orient="records"),
            "revisions": study.revisions.to_dict(orient="records"),
        }
        typer.echo(to_json(document))
        return
    typer.echo(study.revisions.to_csv(index=False), nl=False)


def _store_vintages(
    session: Session,
    inputs: MonitoringInputs,
    study: ReconcileStudy,
    table: pd.DataFrame,
    vintage: str,
    supersedes: str | None,
    who: str | None,
) -> None:
    """Store the monitored months as ``supersedes`` (when not stored yet) and the reconciled
    ones as ``vintage`` with the revisions, in Mt CO2 as the store keeps vintages."""
    from peakzero import __version__
    from peakzero.errors import InputError, Problem
    from peakzero.store import monitoring as store
    from peakzero.store import repository
    from peakzero.studies.monitoring import monthly_values

    if supersedes is None:
        msg = "a new vintage revises an earlier one; give --supersedes ID"
        raise InputError(Problem("monitor reconcile", msg, column="supersedes", value=vintage))
    user = who if who is not None else repository.current_user()
    stored = {v.id for v in store.list_vintages(session)}
    if supersedes not in stored:
        months = monthly_values(inputs, study.year)
        store.save_vintage(
            session,
            months.assign(value=months["value"] / 1000.0),  # kt → Mt
            vintage=supersedes,
            method_version=__version__,
            base_inventory=inputs.base_inventory,
            base_year=inputs.base_year,
            source=inputs.proxies_source,
            status="flash",
            who=user,
            commit=False,
        )
        _say(f"vintage {supersedes} (monitored months of {study.year})")
    done, _ = store.reconcile_vintage(
        session,
        supersedes,
        table[table["year"].eq(study.year)],
        vintage=vintage,
        base_inventory=study.inventory,
        base_year=study.year,
        who=user,
        commit=False,
    )
    session.commit()  # both vintages and the revisions, or nothing
    _say(f"stored vintage {done.id} superseding {supersedes}, audited as {done.who}")
