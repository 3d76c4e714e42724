"""The Inventory page's one view (:func:`inventory_view`), its downloads and its upload.

The figures come from the accounting engine: the packaged CEADs inventory of Beijing
(:func:`peakzero.accounting.builtin.beijing_inventory`) or a stored, named dataset
(:func:`peakzero.store.datasets.dataset_inventory`, computed with the chosen factor set), in the
chosen view (:func:`peakzero.accounting.views.view_totals`) with or without aviation, checked by
:func:`peakzero.accounting.qa.check_time_series`. Access: the datasets a principal may see are
``accounts.visible_regions(principal, "inventory.datasets")``; one dataset outside them is 404.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from peakzero import __version__, codes
from peakzero.accounts import authorize, visible, visible_regions
from peakzero.api.deps import Principal
from peakzero.errors import InputError, Problem
from peakzero.store.datasets import (
    Dataset,
    DatasetNotFoundError,
    dataset_inventory,
    get_dataset,
    list_datasets,
    resolve_region,
    save_dataset,
)

# pandas and the accounting engine are imported in the functions that compute (about 0.4 s of
# CPU at import): the platform's routes import this module, and ``peakzero serve`` must answer
# before they are loaded (the overview's warm-up loads them in the background right after).
if TYPE_CHECKING:
    from peakzero.accounting.engine import Inventory
    from peakzero.accounting.factors import FactorSetInfo
    from peakzero.accounting.grid_factors import GridFactor

__all__ = [
    "FORMATS",
    "DatasetInfo",
    "InventoryView",
    "Source",
    "download",
    "inventory_view",
    "readable_regions",
    "resolve_source",
    "upload",
    "upload_regions",
]

RESOURCE = "inventory.datasets"
CEADS = "CEADs"
FORMATS = ("csv", "iamc", "xlsx")
Format = Literal["csv", "iamc", "xlsx"]
MT = 1e6  # t per Mt


class DatasetInfo(BaseModel):
    """A stored dataset's metadata (who stored it, when, the inputs' SHA-256)."""

    name: str
    region: str
    who: str
    created_at: datetime
    sha256: str
    source: str
    row_count: int
    illustrative: bool  # the demo's illustrative data (peakzero.demo), not official figures

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetInfo:
        from peakzero.demo import dataset_is_illustrative

        fields = {k: getattr(dataset, k) for k in cls.model_fields if k != "illustrative"}
        return cls(**fields, illustrative=dataset_is_illustrative(dataset.source))


class YearTotal(BaseModel):
    year: int
    co2: float  # Mt CO2
    co2e: float  # Mt CO2e


class Part(BaseModel):
    code: str
    name: str
    co2: float  # Mt CO2
    share: float  # of the year's total


class Uncertainty(BaseModel):
    """IPCC Approach 1 uncertainty of a year's view total (Mt CO2e, 95 % interval)."""

    year: int
    total: float
    uncertainty_pct: float | None
    lower: float | None
    upper: float | None
    covered_share: float


class FindingInfo(BaseModel):
    check: str
    severity: str
    message: str
    region: str | None
    year: int | None


class Choice(BaseModel):
    id: str
    name: str


class InventoryView(BaseModel):
    """What the Inventory page and ``/api/v1/inventory`` show."""

    source: str  # "CEADs" or "dataset"
    dataset: DatasetInfo | None
    region: str
    view: str
    aviation: bool
    views: list[Choice]
    factor_set: str
    factor_sets: list[Choice]
    electricity_factor: str
    electricity_factors: list[Choice]
    heat_factor: str
    gwp_metric: str
    unit: str
    year: int | None
    years: list[int]
    history: list[YearTotal]
    by_sector: list[Part]
    by_fuel: list[Part]
    uncertainty: list[Uncertainty]  # datasets only (CEADs carries no activity data)
    findings: list[FindingInfo]
    info_count: int
    datasets: list[DatasetInfo]
    upload_regions: list[Choice]
    illustrative: bool  # the shown or a listed dataset is the demo's illustrative data


@dataclass(frozen=True)
class Source:
    """An inventory and where it came from (the packaged CEADs data or a dataset)."""

    inventory: Inventory
    dataset: Dataset | None
    region: str


def readable_regions(principal: Principal) -> Collection[str] | None:
    """The regions whose datasets ``principal`` may read (``None``: all; empty: none)."""
    if not authorize(principal, "read", RESOURCE).allowed:
        return frozenset()
    return visible_regions(principal, RESOURCE)


def upload_regions(principal: Principal) -> list[str]:
    """The regions ``principal`` may store datasets for, the city first."""
    if not authorize(principal, "write", RESOURCE).allowed:
        return []
    seen = visible(principal, RESOURCE, "write")
    return [c for c in codes.region_scopes() if seen.everything or c in seen.regions]


def resolve_source(
    session: Session,
    principal: Principal,
    region: str | None,
    name: str | None,
    factors: str | None,
    grid_factor: str | None = None,
) -> Source:
    """The packaged CEADs inventory (no ``name``), or dataset ``name`` of ``region`` computed
    with ``factors``.

    Raises
    ------
    DatasetNotFoundError
        If the dataset does not exist or ``principal`` may not read it (the API's 404).
    """
    from peakzero.accounting.builtin import beijing_inventory

    if not name:
        return Source(inventory=beijing_inventory(), dataset=None, region=codes.CITY)
    code = (region or codes.CITY).strip()
    decision = authorize(principal, "read", RESOURCE, owner_region=code)
    regions = readable_regions(principal)
    if not decision.allowed or code not in codes.region_scopes():
        msg = f"no dataset {name!r} of region {code}"
        raise DatasetNotFoundError(msg)
    dataset = get_dataset(session, name, code, regions)
    inventory = dataset_inventory(
        session, name, code, regions, factors=factors, grid_factor=grid_factor
    )
    return Source(inventory=inventory, dataset=dataset, region=code)


def check_choices(
    view: str, factors: str | None, grid_factor: str | None
) -> tuple[list[FactorSetInfo], list[GridFactor]]:
    """Refuse an unknown view, combustion factor set or electricity factor (each named with
    what is valid); the combustion sets and electricity factors on offer."""
    from peakzero.accounting.factors import list_factor_sets
    from peakzero.accounting.grid_factors import grid_factors
    from peakzero.accounting.views import VIEWS

    if view not in VIEWS:
        msg = f"unknown view; choose one of: {', '.join(VIEWS)}"
        raise InputError(Problem("view", msg, value=view))
    sets = [s for s in list_factor_sets() if s.kind == "combustion"]
    if factors and factors not in {s.id for s in sets}:
        msg = f"unknown factor set; choose one of: {', '.join(s.id for s in sets)}"
        raise InputError(Problem("factors", msg, value=factors))
    grids = [g for g in grid_factors() if g.carrier == "electricity"]
    if grid_factor and grid_factor not in {g.id for g in grids}:
        msg = f"unknown electricity factor; choose one of: {', '.join(g.id for g in grids)}"
        raise InputError(Problem("grid_factor", msg, value=grid_factor))
    return sets, grids


def inventory_view(
    session: Session,
    principal: Principal,
    locale: str,
    *,
    view: str = "territorial",
    aviation: bool = True,
    factors: str | None = None,
    grid_factor: str | None = None,
    region: str | None = None,
    name: str | None = None,
    year: int | None = None,
) -> InventoryView:
    """THE view of the Inventory page: the chosen source in the chosen view and factor set."""
    from peakzero.accounting.engine import Inventory
    from peakzero.accounting.qa import check_time_series
    from peakzero.accounting.views import VIEWS, view_totals

    sets, grids = check_choices(view, factors, grid_factor)
    zh = locale.startswith("zh")
    source = resolve_source(session, principal, region, name, factors, grid_factor)
    inventory = source.inventory
    emissions = inventory.emissions
    if (emissions["region"] == source.region).any():
        emissions = emissions[emissions["region"] == source.region]
    own = Inventory(
        emissions,
        inventory.activity,
        inventory.factor_set,
        inventory.electricity_factor,
        inventory.heat_factor,
        inventory.gwp_metric,
    )
    totals = view_totals(own, view, aviation).groupby("year")[["co2", "co2e"]].sum()
    history = [
        YearTotal(year=int(str(y)), co2=float(co2) / MT, co2e=float(co2e) / MT)
        for y, co2, co2e in zip(totals.index, totals["co2"], totals["co2e"], strict=True)
    ]
    years = [h.year for h in history]
    if year is not None and year not in years:
        msg = "no data for this year; choose one of the inventory's years"
        raise InputError(Problem("year", msg, value=year))
    chosen = year if year is not None else (years[-1] if years else None)
    gpc_names = codes.gpc_sectors()
    fuels = codes.fuels()
    findings = check_time_series(own.emissions)
    warnings = [f for f in findings if f.severity != "info"]
    datasets = [DatasetInfo.of(d) for d in list_datasets(session, readable_regions(principal))]
    shown = DatasetInfo.of(source.dataset) if source.dataset else None
    return InventoryView(
        source="dataset" if source.dataset else CEADS,
        dataset=shown,
        illustrative=any(d.illustrative for d in (*datasets, *([shown] if shown else []))),
        region=source.region,
        view=view,
        aviation=aviation,
        views=[Choice(id=v, name=v) for v in VIEWS],
        factor_set=inventory.factor_set,
        factor_sets=[Choice(id=s.id, name=s.name_zh if zh else s.name_en) for s in sets],
        electricity_factor=inventory.electricity_factor,
        electricity_factors=[
            Choice(id=g.id, name=f"{g.id} ({g.value:g} {g.unit}, {g.publisher})") for g in grids
        ],
        heat_factor=inventory.heat_factor,
        gwp_metric=inventory.gwp_metric,
        unit="Mt CO2",
        year=chosen,
        years=years,
        history=history,
        by_sector=_parts(own, view, aviation, chosen, "gpc", gpc_names, zh),
        by_fuel=_parts(own, view, aviation, chosen, "fuel", fuels, zh),
        uncertainty=_uncertainty(own, view, aviation) if source.dataset else [],
        findings=[
            FindingInfo(
                check=f.check,
                severity=f.severity,
                message=f.message,
                region=f.region,
                year=f.year,
            )
            for f in warnings
        ],
        info_count=len(findings) - len(warnings),
        datasets=datasets,
        upload_regions=[
            Choice(id=c, name=codes.regions()[c].name_zh if zh else codes.regions()[c].name_en)
            for c in upload_regions(principal)
        ],
    )


def _parts(
    inventory: Inventory,
    view: str,
    aviation: bool,
    year: int | None,
    by: str,
    names: codes.Codelist,
    zh: bool,
) -> list[Part]:
    """The year's view total by ``by`` (``gpc`` or ``fuel``), largest first, named."""
    from peakzero.accounting.views import view_totals

    if year is None:
        return []
    # The year's rows only: the totals are sums per year, and the whole record cost most of a
    # page's time (two of these per request).
    rows = inventory.emissions
    table = view_totals(
        replace(inventory, emissions=rows[rows["year"] == year]), view, aviation, by=(by,)
    )
    sums = table[table["year"] == year].groupby(by)["co2"].sum()
    sums = sums[sums != 0].sort_values(ascending=False)
    total = float(sums.sum()) or 1.0
    lang = "zh" if zh else "en"
    return [
        Part(
            code=str(code),
            name=names[str(code)].label(lang) if str(code) in names else str(code),
            co2=float(value) / MT,
            share=float(value) / total,
        )
        for code, value in sums.items()
    ]


def _uncertainty(inventory: Inventory, view: str, aviation: bool) -> list[Uncertainty]:
    from peakzero.accounting.uncertainty import total_uncertainty

    table = total_uncertainty(inventory, view, aviation)
    sums = table.groupby("year", as_index=False).agg(
        total=("total", "sum"),
        lower=("lower", "sum"),
        upper=("upper", "sum"),
        pct=("uncertainty_pct", "max"),
        covered=("covered_share", "min"),
    )
    columns = ["year", "total", "pct", "lower", "upper", "covered"]
    return [
        Uncertainty(
            year=int(year),
            total=float(total) / MT,
            uncertainty_pct=_number(pct),
            lower=None if _number(lower) is None else float(lower) / MT,
            upper=None if _number(upper) is None else float(upper) / MT,
            covered_share=float(covered),
        )
        for year, total, pct, lower, upper, covered in sums[columns].itertuples(index=False)
    ]


def _number(value: Any) -> float | None:
    """``value`` as a float, None when missing (NaN)."""
    import pandas as pd

    return None if pd.isna(value) else float(value)


# --- upload --------------------------------------------------------------------------------------


def upload(
    session: Session,
    principal: Principal,
    name: str,
    region: str,
    filename: str,
    content: bytes,
) -> Dataset:
    """Store an uploaded activity file as dataset ``name`` of ``region`` (audited, all or
    nothing).

    Raises
    ------
    InputError
        One problem per defect: a missing field, a region outside ``principal``'s scope, every
        defect of the file (file, line or row, column, value, what is valid); nothing is stored.
    """
    problems = []
    if not name.strip():
        problems.append(Problem("name", "give the dataset a name"))
    if not region.strip():
        problems.append(Problem("region", "choose a region"))
    base = Path(filename.replace("\\", "/")).name.strip()
    if not base or not content:
        problems.append(Problem("file", "choose an activity file (CSV or XLSX)"))
    elif Path(base).suffix.lower() not in (".csv", ".xlsx"):
        problems.append(Problem(base, "the file must be CSV (.csv) or Excel (.xlsx)"))
    if problems:
        raise InputError(problems)
    code = resolve_region(region)
    allowed = upload_regions(principal)
    if code not in allowed:
        msg = f"you may store datasets for: {', '.join(allowed) or 'no region'}"
        raise InputError(Problem("region", msg, value=region))
    with tempfile.TemporaryDirectory(prefix="peakzero-upload-") as folder:
        path = Path(folder) / base
        path.write_bytes(content)
        return save_dataset(session, name, code, principal.name, path)


# --- downloads -----------------------------------------------------------------------------------


def download(
    source: Source, view: str, aviation: bool, fmt: Format, who: str
) -> tuple[bytes, str, str]:
    """The source's inventory as ``fmt``: (content, media type, file name)."""
    from peakzero.accounting.iamc import inventory_to_iamc
    from peakzero.io.iamc import to_wide
    from peakzero.studies.inventory import emissions_table

    inventory = source.inventory
    stem = (
        f"inventory-{source.region}-{source.dataset.name}"
        if source.dataset
        else f"inventory-{source.region}-ceads"
    )
    # ASCII only: a header is Latin-1, and a Chinese dataset name would fail the answer (500).
    stem = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_" for c in stem)
    if fmt == "csv":
        text = emissions_table(inventory).to_csv(index=False)
        return text.encode("utf-8"), "text/csv; charset=utf-8", f"{stem}.csv"
    if fmt == "iamc":
        scenario = source.dataset.name if source.dataset else "CEADs"
        wide = to_wide(inventory_to_iamc(inventory, scenario=scenario))
        return (
            wide.to_csv(index=False).encode("utf-8"),
            "text/csv; charset=utf-8",
            f"{stem}-iamc.csv",
        )
    return _xlsx(source, view, aviation, who), XLSX, f"{stem}.xlsx"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def settings_rows(source: Source, view: str, aviation: bool, who: str) -> list[tuple[str, str]]:
    """What a download was made of, by whom and when (the XLSX's settings sheet)."""
    inventory = source.inventory
    dataset = source.dataset
    return [
        ("source", "dataset" if dataset else "CEADs (packaged, Beijing 1997-2019)"),
        ("region", source.region),
        ("dataset", dataset.name if dataset else ""),
        ("dataset stored by", dataset.who if dataset else ""),
        ("dataset stored at (UTC)", dataset.created_at.isoformat() if dataset else ""),
        ("inputs sha256", dataset.sha256 if dataset else ""),
        *_illustrative_row(dataset),
        ("view", view),
        ("aviation", "with" if aviation else "without"),
        ("factor set", inventory.factor_set),
        ("electricity factor", inventory.electricity_factor),
        ("heat factor", inventory.heat_factor),
        ("gwp metric", inventory.gwp_metric),
        ("downloaded by", who),
        ("downloaded at (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("peakzero version", __version__),
    ]


def _illustrative_row(dataset: Dataset | None) -> list[tuple[str, str]]:
    """A row saying the dataset is the demo's illustrative data, when it is."""
    from peakzero.demo import ILLUSTRATIVE, dataset_is_illustrative

    if dataset is None or not dataset_is_illustrative(dataset.source):
        return []
    return [("illustrative", f"{ILLUSTRATIVE} (示例数据，非官方)")]


def _xlsx(source: Source, view: str, aviation: bool, who: str) -> bytes:
    import pandas as pd
    from openpyxl import Workbook

    from peakzero.accounting.views import VIEWS, view_totals
    from peakzero.studies.inventory import emissions_table

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "settings"
    sheet.append(("setting", "value"))
    for row in settings_rows(source, view, aviation, who):
        sheet.append(row)
    totals = pd.concat(
        [view_totals(source.inventory, v, a) for v in VIEWS for a in (True, False)],
        ignore_index=True,
    )
    for title, frame in (("views", totals), ("emissions", emissions_table(source.inventory))):
        out = book.create_sheet(title)
        out.append([str(c) for c in frame.columns])
        for values in frame.itertuples(index=False):
            out.append([_cell(v) for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str):
        value = item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value
