"""Near-real-time monitoring of a region, as figures: what the CLI, the report and the page show.

Inputs (:class:`MonitoringInputs`) are a region's daily emissions by monitored sector on an
inventory basis (CEADs by default, or a named inventory dataset of the store), built either from
proxies (a user's file or the store's imports, :func:`inputs_from_proxies`) or from Beijing's
shipped inputs (:func:`beijing_inputs`). The studies then return frozen results: the series with
bands (:func:`monitored_series`), year-on-year (:func:`yoy_study`), the nowcast with its
back-test (:func:`nowcast_study`), the QA findings (:func:`quality_study`), the comparison with
Carbon Monitor Cities (:func:`comparison_study`) and the revision when an inventory year arrives
(:func:`reconcile_study`).

From proxies the method (:mod:`peakzero.monitoring.method`) reduces to
``E_s(d) = A_s(y0) × P_s(d) / P_s(y0)``: the ratio P_s(y)/P_s(y0) times the share P_s(d)/P_s(y)
is P_s(d)/P_s(y0), which also holds for a year still running (no partial year is scaled up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.compare import Comparison, compare
from peakzero.monitoring.findings import findings_frame
from peakzero.monitoring.mapping import anchor
from peakzero.monitoring.method import DAILY_COLUMNS, daily_emissions, monthly
from peakzero.monitoring.nowcast import TOTAL, backtest, nowcast
from peakzero.monitoring.quality import check_series
from peakzero.monitoring.sectors import SCOPE2_ELECTRICITY, monitored_sectors
from peakzero.monitoring.shapes import calendar_weights, spread_monthly
from peakzero.monitoring.uncertainty import CONFIDENCE, band, total_band
from peakzero.monitoring.views import apply_view
from peakzero.monitoring.vintages import reconcile
from peakzero.monitoring.yoy import YoyResult, year_on_year

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from peakzero.monitoring.external import ExternalEstimate

__all__ = [
    "BEIJING",
    "CEADS",
    "ComparisonStudy",
    "MonitoredSeries",
    "MonitoringInputs",
    "NowcastStudy",
    "QualityStudy",
    "ReconcileStudy",
    "YoyStudy",
    "beijing_inputs",
    "comparison_study",
    "daily_from_proxies",
    "dataset_anchor_table",
    "inputs_from_proxies",
    "load_inputs",
    "monitored_series",
    "monthly_values",
    "nowcast_study",
    "quality_study",
    "reconcile_study",
    "stored_proxies",
    "yoy_study",
]

BEIJING = "CN-BJ"
CEADS = "CEADs"
"""The default base inventory: Beijing's packaged CEADs inventory (territorial scope 1)."""
MISSING_COLUMNS = ("region", "sector", "year", "reason")


@dataclass(frozen=True)
class MonitoringInputs:
    """A region's daily emissions by monitored sector (kt CO2/day) and where they come from.

    ``daily`` is a DAILY frame (NaN where a sector-year cannot be monitored); ``missing`` lists
    those sector-years with the reason (``region, sector, year, reason``); ``proxies`` the
    PROXIES rows they were built from (empty for Beijing's shipped inputs); ``electricity`` the
    purchased electricity (``date, region, value`` MWh/day) for the scope 1+2 view, if any.
    """

    region: str
    daily: pd.DataFrame
    base_inventory: str
    base_year: int
    proxies_source: str
    missing: pd.DataFrame
    proxies: pd.DataFrame = field(default_factory=pd.DataFrame)
    electricity: pd.DataFrame | None = None
    ratio_sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.daily["date"].min())

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day with any monitored value."""
        known = self.daily.loc[self.daily["value"].notna(), "date"]
        return pd.Timestamp(known.max() if not known.empty else self.daily["date"].max())


# --- inputs --------------------------------------------------------------------------------------


def beijing_inputs() -> MonitoringInputs:
    """Beijing's shipped inputs: CEADs 2019 × the sourced ratios, Carbon Monitor timing."""
    from peakzero.monitoring.beijing import beijing_daily, beijing_ratios

    ratios = beijing_ratios()
    daily = beijing_daily()
    years = sorted(set(daily["date"].dt.year))
    in_range = ratios[ratios["year"].isin(years)]
    gaps = in_range[in_range["ratio"].isna()]
    missing = pd.DataFrame(
        {
            "region": gaps["region"].astype(str),
            "sector": gaps["sector"].astype(str),
            "year": gaps["year"].astype(int),
            "reason": gaps["note"].fillna("no sourced ratio").astype(str),
        }
    ).reset_index(drop=True)
    base_year = int(ratios["base_year"].dropna().iloc[0]) if len(ratios) else 2019
    return MonitoringInputs(
        region=BEIJING,
        daily=daily,
        base_inventory=CEADS,
        base_year=base_year,
        proxies_source="Beijing's shipped inputs (data/monitoring/beijing_ratios.csv, "
        "cm_shapes_beijing.csv)",
        missing=missing,
        ratio_sources=in_range.reset_index(drop=True),
    )


def _chosen_proxy(proxies: pd.DataFrame) -> pd.DataFrame:
    """One proxy kind per (region, sector): the sector's default kind if given, else the first."""
    sectors = monitored_sectors()
    default = proxies["sector"].map({k: s.proxy for k, s in sectors.items()})
    preferred = proxies.assign(_rank=np.where(proxies["proxy"].eq(default), 0, 1))
    best = preferred.sort_values(["_rank", "proxy"]).drop_duplicates(["region", "sector"])
    keys = ["region", "sector", "proxy"]
    chosen = proxies.merge(best[keys], on=keys)
    return chosen


def _daily_proxy(proxies: pd.DataFrame) -> pd.DataFrame:
    """Daily values of every series: daily rows as given, monthly rows spread over their days."""
    is_day = proxies["period"].astype(str).str.len().eq(10)
    days = proxies[is_day]
    parts = [
        pd.DataFrame(
            {
                "date": pd.to_datetime(days["period"]),
                "region": days["region"],
                "sector": days["sector"],
                "proxy": days["proxy"],
                "value": days["value"].astype(float),
            }
        )
    ]
    months = proxies[~is_day]
    if not months.empty:
        starts = pd.to_datetime(months["period"], format="%Y-%m")
        every = pd.date_range(starts.min(), starts.max() + pd.offsets.MonthEnd(0), freq="D")
        spread = spread_monthly(
            months[["region", "sector", "proxy", "period", "value"]], calendar_weights(every)
        )
        parts.append(spread[["date", "region", "sector", "proxy", "value"]])
    return pd.concat(parts, ignore_index=True)


def daily_from_proxies(
    proxies: pd.DataFrame, anchor_table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Daily emissions by sector from PROXIES rows on an inventory anchor.

    ``anchor_table`` holds the inventory by monitored sector (``region, sector, year, value`` in
    Mt CO2, several years allowed). The base year y0 is the latest inventory year every series
    covers whole; a series without a whole y0 gives NaN days, listed in the returned ``missing``.
    Monthly rows are spread over their days in equal parts (calendar shape).

    Returns ``(daily, missing, base_year)``.
    """
    scope1 = {k for k, s in monitored_sectors().items() if s.scope == 1}
    chosen = _chosen_proxy(proxies[proxies["sector"].isin(scope1)])
    if chosen.empty:
        msg = "no proxy of a scope-1 monitored sector; use one of " + ", ".join(sorted(scope1))
        raise InputError(Problem("proxies", msg, column="sector"))
    days = _daily_proxy(chosen)
    days["year"] = days["date"].dt.year
    per_year = days.groupby(["region", "sector", "year"]).agg(
        value=("value", "sum"), n=("value", "size")
    )
    length = pd.Series(per_year.index.get_level_values("year")).map(
        lambda y: 366 if pd.Timestamp(year=y, month=12, day=31).dayofyear == 366 else 365
    )
    whole = per_year[per_year["n"].to_numpy() >= length.to_numpy()]
    years = sorted(set(anchor_table["year"].astype(int)))
    covered = [y for y in years if y in set(whole.index.get_level_values("year"))]
    base_year = covered[-1] if covered else years[-1]
    base = anchor(anchor_table, base_year)
    p0 = whole.xs(base_year, level="year")["value"] if covered else pd.Series(dtype=float)
    keys = pd.MultiIndex.from_frame(days[["region", "sector"]])
    shape = days.assign(value=days["value"].to_numpy() / p0.reindex(keys).to_numpy())
    known = set(base["sector"]) & set(shape["sector"])
    no_anchor = sorted(set(shape["sector"]) - known)
    shape = shape[shape["sector"].isin(known)]
    ratios = shape[["region", "sector", "year"]].drop_duplicates().assign(ratio=1.0)
    daily = daily_emissions(base, ratios, shape[list(DAILY_COLUMNS)], normalise=False)
    pairs = chosen[["region", "sector"]].drop_duplicates()
    no_base = pairs[~pd.MultiIndex.from_frame(pairs).isin(p0.index)]
    missing = pd.concat(
        [
            pd.DataFrame(
                {
                    "region": no_base["region"],
                    "sector": no_base["sector"],
                    "year": base_year,
                    "reason": f"the proxy does not cover the whole base year {base_year}",
                }
            ),
            pd.DataFrame(
                {
                    "region": chosen["region"].iloc[0],
                    "sector": no_anchor,
                    "year": base_year,
                    "reason": "no inventory for this sector in the base year",
                }
            ),
        ],
        ignore_index=True,
    )
    return daily, missing[list(MISSING_COLUMNS)], base_year


def _electricity(proxies: pd.DataFrame) -> pd.DataFrame | None:
    rows = proxies[
        proxies["sector"].eq(SCOPE2_ELECTRICITY) & proxies["proxy"].eq("electricity_consumption")
    ]
    if rows.empty:
        return None
    days = _daily_proxy(rows)
    return days[["date", "region", "value"]].reset_index(drop=True)


def dataset_anchor_table(session: Session, name: str, region: str) -> pd.DataFrame:
    """A named inventory dataset of the store by monitored sector (``region, sector, year,
    value`` Mt CO2; territorial scope 1, CO2)."""
    from peakzero.store.datasets import dataset_inventory

    emissions = dataset_inventory(session, name, region).emissions
    rows = emissions[emissions["scope"].eq(1) & emissions["gas"].eq("CO2")]
    return pd.DataFrame(
        {
            "region": rows["region"].astype(str),
            "sector": rows["gpc"].astype(str),
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float) / 1e6,  # t → Mt
        }
    ).reset_index(drop=True)


def _ceads_table() -> pd.DataFrame:
    from peakzero.monitoring.mapping import _totals  # the default anchor's own table
    from peakzero.studies.beijing import beijing_inventory

    emissions = beijing_inventory().emissions
    rows = emissions[emissions["scope"].eq(1) & emissions["gas"].eq("CO2")]
    frame = pd.DataFrame(
        {
            "region": rows["region"].astype(str),
            "sector": rows["gpc"].astype(str),
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float) / 1e6,
        }
    )
    return _totals(frame)


def inputs_from_proxies(
    proxies: pd.DataFrame,
    region: str,
    *,
    inventory: pd.DataFrame | None = None,
    base_inventory: str = CEADS,
    source: str = "proxies",
) -> MonitoringInputs:
    """Monitoring inputs of ``region`` from PROXIES rows (a file or the store's imports).

    ``inventory`` is the anchor table by monitored sector (``region, sector, year, value``, Mt
    CO2); ``None`` takes Beijing's packaged CEADs inventory.
    """
    rows = proxies[proxies["region"].eq(region)]
    if rows.empty:
        held = sorted(set(proxies["region"]))
        msg = f"no proxies of this region; the proxies hold {', '.join(held) or 'none'}"
        raise InputError(Problem(source, msg, column="region", value=region))
    table = _ceads_table() if inventory is None else inventory
    table = table[table["region"].eq(region)]
    if table.empty:
        msg = f"no {base_inventory} inventory of this region to anchor to"
        raise InputError(Problem(base_inventory, msg, column="region", value=region))
    daily, missing, base_year = daily_from_proxies(rows, table)
    return MonitoringInputs(
        region=region,
        daily=daily,
        base_inventory=base_inventory,
        base_year=base_year,
        proxies_source=source,
        missing=missing,
        proxies=rows.reset_index(drop=True),
        electricity=_electricity(rows),
    )


def stored_proxies(session: Session, region: str) -> tuple[pd.DataFrame, str]:
    """Every stored import of ``region`` as one PROXIES frame (a later import's row wins over an
    earlier one for the same period, sector and proxy), and a label naming the imports."""
    from peakzero.store import monitoring as store

    imports = store.list_imports(session, [region])
    if not imports:
        return pd.DataFrame(columns=["region", "period", "sector", "proxy", "value", "unit"]), ""
    frames = [store.read_proxies(session, item.id) for item in imports]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.drop_duplicates(["region", "period", "sector", "proxy"], keep="last")
    label = "stored imports " + ", ".join(f"#{i.id} {i.file_name}" for i in imports)
    return rows.reset_index(drop=True), label


def load_inputs(
    region: str = BEIJING,
    *,
    session: Session | None = None,
    inventory: str | None = None,
    proxies: pd.DataFrame | None = None,
    source: str = "proxies",
) -> MonitoringInputs:
    """The inputs a command or page asks for: ``proxies`` if given, else the store's imports of
    ``region``, else (Beijing only) the shipped inputs. ``inventory`` names a dataset of the
    store as the anchor (default CEADs)."""
    table = None
    base = CEADS
    if inventory is not None:
        if session is None:
            msg = "a named inventory dataset needs the store (--db)"
            raise InputError(Problem("inventory", msg, column="inventory", value=inventory))
        table, base = dataset_anchor_table(session, inventory, region), inventory
    if proxies is None and session is not None:
        proxies, source = stored_proxies(session, region)
        if proxies.empty:
            proxies = None
    if proxies is not None:
        return inputs_from_proxies(
            proxies, region, inventory=table, base_inventory=base, source=source
        )
    if region == BEIJING and inventory is None:
        return beijing_inputs()
    msg = "no proxies for this region: import some with `peakzero monitor import`"
    raise InputError(Problem("proxies", msg, column="region", value=region))


# --- series --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoredSeries:
    """Daily and monthly emissions by sector with bands (kt CO2), in one view.

    ``daily``: ``date, region, sector, value, sigma, low, high`` (kt CO2/day); ``monthly``:
    ``region, sector, period, value, sigma, low, high`` (kt CO2 per month); ``daily_total`` and
    ``monthly_total`` sum the sectors (σ in quadrature; NaN when a sector is missing).
    """

    region: str
    start: pd.Timestamp
    end: pd.Timestamp
    view: str
    aviation: bool
    grid_factor: str | None
    gases: str
    base_inventory: str
    base_year: int
    proxies_source: str
    daily: pd.DataFrame
    monthly: pd.DataFrame
    daily_total: pd.DataFrame
    monthly_total: pd.DataFrame
    missing: pd.DataFrame
    confidence: str = CONFIDENCE
    unit_daily: str = "kt CO2/day"
    unit_monthly: str = "kt CO2"

    @property
    def sectors(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.daily["sector"])))

    def describe(self) -> dict[str, object]:
        """What the series counts, for a header or a JSON document."""
        return {
            "region": self.region,
            "from": f"{self.start:%Y-%m-%d}",
            "to": f"{self.end:%Y-%m-%d}",
            "view": self.view,
            "aviation": "included" if self.aviation else "excluded (GPC II.4)",
            "grid_factor": self.grid_factor,
            "gases": self.gases,
            "base_inventory": f"{self.base_inventory} {self.base_year}",
            "proxies": self.proxies_source,
            "band": f"±1σ, confidence {self.confidence}",
        }


def _day(value: str | dt.date | pd.Timestamp | None, default: pd.Timestamp) -> pd.Timestamp:
    return default if value is None else pd.Timestamp(value)


def _total(banded: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum of the sectors; NaN (never a partial sum) where any sector is missing."""
    out = total_band(banded, by)
    gaps = banded["value"].isna().groupby([banded[k] for k in by]).any()
    unknown = gaps.reindex(pd.MultiIndex.from_frame(out[by])).to_numpy()
    out.loc[unknown, ["value", "sigma", "low", "high"]] = np.nan
    return out


def monitored_series(
    inputs: MonitoringInputs,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    view: str = "territorial",
    aviation: bool = True,
    grid_factor: str | None = None,
    correlation: float = 1.0,
) -> MonitoredSeries:
    """The daily and monthly series of ``inputs`` from ``start`` to ``end`` (both included).

    ``view``: ``territorial`` (scope 1) or ``scope1+2`` (with ``grid_factor``, an electricity
    factor id, and electricity proxies); ``aviation=False`` leaves out GPC II.4.
    ``correlation``: ρ between daily errors within a month (1: fully correlated, the cautious
    default).
    """
    first = _day(start, inputs.first_day)
    last = _day(end, pd.Timestamp(inputs.daily["date"].max()))
    if last < first:
        msg = f"the end is before the start ({first:%Y-%m-%d})"
        raise InputError(Problem("period", msg, column="to", value=f"{last:%Y-%m-%d}"))
    shown = apply_view(
        inputs.daily, view, aviation, electricity=inputs.electricity, grid_factor=grid_factor
    )
    data = shown.data[shown.data["date"].between(first, last)].reset_index(drop=True)
    if data.empty:
        msg = (
            f"no monitored days in this period; the series runs {inputs.first_day:%Y-%m-%d}"
            f" … {pd.Timestamp(inputs.daily['date'].max()):%Y-%m-%d}"
        )
        raise InputError(Problem("period", msg, column="from", value=f"{first:%Y-%m-%d}"))
    daily = band(data, "daily")
    by_month = band(data, "monthly", correlation)
    years = set(range(first.year, last.year + 1))
    missing = inputs.missing[inputs.missing["year"].isin(years)].reset_index(drop=True)
    return MonitoredSeries(
        region=inputs.region,
        start=first,
        end=last,
        view=shown.view,
        aviation=shown.aviation,
        grid_factor=shown.grid_factor,
        gases=shown.gases,
        base_inventory=inputs.base_inventory,
        base_year=inputs.base_year,
        proxies_source=inputs.proxies_source,
        daily=daily,
        monthly=by_month,
        daily_total=_total(daily, ["date", "region"]),
        monthly_total=_total(by_month, ["region", "period"]),
        missing=missing,
    )


# --- year-on-year --------------------------------------------------------------------------------


@dataclass(frozen=True)
class YoyStudy:
    """Year-on-year of a period: the total of the sectors both periods have, and each sector.

    ``total`` is ``None`` when no sector has both periods; ``by_sector``: ``sector, current,
    previous, change_pct, statement`` (NaN with the reason in ``statement`` where a sector
    lacks a period); ``sectors`` are the sectors the total sums.
    """

    region: str
    start: pd.Timestamp
    end: pd.Timestamp
    total: YoyResult | None
    by_sector: pd.DataFrame
    sectors: tuple[str, ...]
    view: str
    base_inventory: str


def _yoy_or_reason(
    daily: pd.DataFrame, start: str, end: str | None, leap_day: str, basis: str
) -> YoyResult | str:
    try:
        return year_on_year(daily, start, end, leap_day=leap_day, basis=basis)  # type: ignore[arg-type]
    except InputError as exc:
        return str(exc).splitlines()[0]


def yoy_study(
    inputs: MonitoringInputs,
    start: str,
    end: str | None = None,
    *,
    leap_day: str = "exclude",
    basis: str = "total",
    view: str = "territorial",
    aviation: bool = True,
    grid_factor: str | None = None,
) -> YoyStudy:
    """Year-on-year of the month ``start`` (``YYYY-MM``) or the days ``start``…``end``.

    Each sector is compared alone; the total sums the sectors with every day of both periods
    (the others are named, never filled in). ``leap_day`` and ``basis`` as
    :func:`peakzero.monitoring.yoy.year_on_year`.
    """
    shown = apply_view(
        inputs.daily, view, aviation, electricity=inputs.electricity, grid_factor=grid_factor
    ).data
    known = shown[shown["value"].notna()]
    rows = []
    usable = []
    first_result: YoyResult | None = None
    for sector in sorted(set(shown["sector"])):  # a handful of sectors, not days
        result = _yoy_or_reason(known[known["sector"].eq(sector)], start, end, leap_day, basis)
        if isinstance(result, YoyResult):
            usable.append(sector)
            first_result = first_result or result
            rows.append(
                (sector, result.current, result.previous, 100.0 * result.change, result.statement)
            )
        else:
            reasons = inputs.missing.loc[inputs.missing["sector"].eq(sector), "reason"]
            why = f"missing: {reasons.iloc[-1]}" if len(reasons) else result
            rows.append((sector, np.nan, np.nan, np.nan, why))
    total: YoyResult | None = None
    if usable:
        total_or = _yoy_or_reason(known[known["sector"].isin(usable)], start, end, leap_day, basis)
        total = total_or if isinstance(total_or, YoyResult) else None
    columns = ["sector", "current", "previous", "change_pct", "statement"]
    period_start = (
        first_result.current_start
        if first_result
        else pd.Timestamp(start if end else start + "-01")
    )
    period_end = (
        first_result.current_end
        if first_result
        else (pd.Timestamp(end) if end else period_start + pd.offsets.MonthEnd(0))
    )
    return YoyStudy(
        region=inputs.region,
        start=period_start,
        end=period_end,
        total=total,
        by_sector=pd.DataFrame(rows, columns=columns),
        sectors=tuple(usable),
        view=view,
        base_inventory=f"{inputs.base_inventory} {inputs.base_year}",
    )


# --- nowcast -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NowcastStudy:
    """The nowcast of a year (``table``: one row per series and ``total``, kt CO2) and the
    back-test of past years (``backtest``: error in % by year, month and series)."""

    region: str
    year: int
    through: pd.Timestamp
    table: pd.DataFrame
    backtest: pd.DataFrame
    sectors: tuple[str, ...]
    left_out: tuple[str, ...]
    base_inventory: str

    @property
    def total(self) -> pd.Series:
        """The total's row: ``estimate, low, high`` (kt CO2) and the rest."""
        row = self.table[self.table["series"].eq(TOTAL)].iloc[0]
        return pd.Series(row)


def nowcast_study(
    inputs: MonitoringInputs,
    year: int,
    *,
    through: str | dt.date | None = None,
    exclude_years: Sequence[int] = (),
    proxy_uncertainty: dict[str, float] | None = None,
) -> NowcastStudy:
    """Nowcast ``year`` from its year to date, with the back-test of the complete past years.

    Only sectors with a value on every day from their history's first year through ``year``'s
    last known day take part; the others are named in ``left_out``.
    """
    scope1 = apply_view(inputs.daily, "territorial").data
    scope1 = scope1[scope1["date"].dt.year.le(year)]
    years = scope1["date"].dt.year
    known = scope1["value"].notna().groupby([scope1["sector"], years]).all()
    known_now = known.xs(year, level=1) if year in set(years) else pd.Series(dtype=bool)
    sectors = tuple(sorted(str(s) for s, ok in known_now.items() if ok))
    past = known[known.index.get_level_values(1) < year].unstack(0)
    past = past.reindex(columns=list(sectors))
    history = [int(y) for y, ok in past.all(axis=1).items() if ok] if sectors else []
    left_out = tuple(sorted(set(scope1["sector"]) - set(sectors)))
    if not sectors or not history:
        msg = (
            f"no sector has every day of {year} so far and of a complete earlier year;"
            " nothing to nowcast"
        )
        raise InputError(Problem(inputs.proxies_source, msg, column="year", value=year))
    data = scope1[
        scope1["sector"].isin(sectors) & years.isin([*history, year]) & scope1["value"].notna()
    ]
    table = nowcast(
        data,
        year,
        through=through,
        exclude_years=exclude_years,
        proxy_uncertainty=proxy_uncertainty,
        source=inputs.proxies_source,
    )
    tested = backtest(data[data["date"].dt.year.lt(year)], exclude_years=exclude_years)
    return NowcastStudy(
        region=inputs.region,
        year=year,
        through=pd.Timestamp(table["through"].iloc[0]),
        table=table.reset_index(drop=True),
        backtest=tested,
        sectors=sectors,
        left_out=left_out,
        base_inventory=f"{inputs.base_inventory} {inputs.base_year}",
    )


# --- quality -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityStudy:
    """The QA gate's findings (``code, severity, region, sector, proxy, period, year,
    message``)."""

    findings: pd.DataFrame
    source: str

    @property
    def errors(self) -> int:
        return int(self.findings["severity"].eq("error").sum())

    @property
    def warnings(self) -> int:
        return int(self.findings["severity"].eq("warning").sum())

    @property
    def passed(self) -> bool:
        """No error (warnings are shown, they do not stop an import)."""
        return self.errors == 0


def quality_study(proxies: pd.DataFrame, *, source: str = "proxies") -> QualityStudy:
    """Run the QA gate (:func:`peakzero.monitoring.quality.check_series`) on PROXIES rows."""
    return QualityStudy(findings_frame(check_series(proxies)), source)


# --- comparison ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonStudy:
    """Our series against an external estimate (Carbon Monitor Cities).

    ``levels`` is ``False`` when the external series is the shipped derived shapes (shares of
    each year): then only the anomaly correlations mean something and ``annual`` is left empty.
    ``by_construction`` names the comparison sectors whose daily timing in our series IS the
    external shape (their correlation is 1 by construction, not a check).
    """

    region: str
    comparison: Comparison
    external: str
    levels: bool
    by_construction: tuple[str, ...]
    note: str

    @property
    def correlation(self) -> pd.DataFrame:
        return self.comparison.correlation

    @property
    def annual(self) -> pd.DataFrame:
        return self.comparison.annual if self.levels else self.comparison.annual.iloc[0:0]


def comparison_study(
    inputs: MonitoringInputs,
    external: ExternalEstimate | None = None,
    *,
    daily_baseline: str = "month",
) -> ComparisonStudy:
    """Compare ``inputs`` with ``external`` (a read Carbon Monitor Cities file) or, for Beijing
    without one, with the shipped derived shapes (anomaly correlations only)."""
    from peakzero.monitoring.external import sector_map

    ours = apply_view(inputs.daily, "territorial").data
    ours = ours[ours["value"].notna()]
    shaped = inputs.proxies.empty  # the shipped inputs take Carbon Monitor's timing
    if external is None:
        if inputs.region != BEIJING:
            msg = "only Beijing has shipped Carbon Monitor shapes; give an exported file"
            raise InputError(Problem("external", msg, column="region", value=inputs.region))
        from peakzero.monitoring.beijing import beijing_cm_shapes

        shapes = beijing_cm_shapes()
        theirs = shapes.rename(columns={"share": "value"})[list(DAILY_COLUMNS)]
        label = (
            "Carbon Monitor Cities, shipped derived shapes (data/monitoring/cm_shapes_beijing.csv)"
        )
        levels = False
        note = (
            "shapes only: the shipped file holds each year's daily shares, so levels and "
            "year-on-year are not compared; put the raw export in ../shared/data/monitoring "
            "(or give it to `peakzero monitor compare FILE`) for levels"
        )
    else:
        theirs = external.daily[list(DAILY_COLUMNS)]
        label = f"Carbon Monitor Cities, {external.file}"
        levels = True
        note = external.scope
    result = compare(ours, theirs, sector_map=sector_map(), daily_baseline=daily_baseline)  # type: ignore[arg-type]
    by_construction: tuple[str, ...] = ()
    if shaped:
        cm = {s.id for s in monitored_sectors().values() if s.shape == "carbon_monitor"}
        by_construction = tuple(
            sorted(label_ for label_, ids in result.groups.items() if set(ids) & cm)
        )
    return ComparisonStudy(inputs.region, result, label, levels, by_construction, note)


# --- vintages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconcileStudy:
    """The monitored months of ``year`` rescaled to an arrived inventory year: ``reconciled``
    (``region, sector, month, value`` kt CO2) and ``revisions`` (``region, sector, period, old,
    new, change, change_pct``)."""

    region: str
    year: int
    inventory: str
    reconciled: pd.DataFrame
    revisions: pd.DataFrame
    unit: str = "kt CO2"


def monthly_values(inputs: MonitoringInputs, year: int) -> pd.DataFrame:
    """The monitored months of ``year`` in the vintage shape (``region, sector, month, value``,
    kt CO2), sectors with a whole year only."""
    daily = apply_view(inputs.daily, "territorial").data
    daily = daily[daily["date"].dt.year.eq(year)]
    whole = daily.groupby("sector")["value"].transform(lambda s: s.notna().all())
    months = monthly(daily[whole.astype(bool)])
    return months.rename(columns={"period": "month"})[["region", "sector", "month", "value"]]


def reconcile_study(
    inputs: MonitoringInputs, year: int, inventory: pd.DataFrame, *, name: str
) -> ReconcileStudy:
    """Rescale the monitored months of ``year`` to ``inventory`` (``region, sector, year,
    value`` Mt CO2 by monitored sector) and return the revision table."""
    months = monthly_values(inputs, year)
    if months.empty:
        msg = f"no sector is monitored on every day of {year}; nothing to reconcile"
        raise InputError(Problem(inputs.proxies_source, msg, column="year", value=year))
    annual = inventory[inventory["year"].astype(int).eq(year)]
    if annual.empty:
        msg = f"the inventory {name!r} has no figure for this year"
        raise InputError(Problem(name, msg, column="year", value=year))
    annual = annual.assign(value=annual["value"].astype(float) * 1000.0)[  # Mt → kt
        ["region", "sector", "year", "value"]
    ]
    reconciled, revisions = reconcile(months, annual)
    return ReconcileStudy(inputs.region, year, name, reconciled, revisions)
