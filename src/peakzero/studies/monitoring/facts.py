"""Beijing's monitoring in plain figures, as the offline report and ``peakzero demo`` show them.

Every part that cannot be computed from the shipped inputs is kept with its reason (never
filled in): a sector-year without a sourced ratio, a year-on-year without both periods, a
nowcast without a complete earlier year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peakzero.errors import PeakzeroError
from peakzero.studies.monitoring.comparison import ComparisonStudy, comparison_study
from peakzero.studies.monitoring.inputs import MonitoringInputs, beijing_inputs
from peakzero.studies.monitoring.nowcast import NowcastStudy, nowcast_study
from peakzero.studies.monitoring.series import MonitoredSeries, monitored_series
from peakzero.studies.monitoring.yoy import YoyStudy, yoy_study

__all__ = ["EXPORTS", "MonitoringFacts", "beijing_monitoring_facts", "export_files"]

EXPORTS = Path("..") / "shared" / "data" / "monitoring"
"""Where the raw Carbon Monitor Cities exports are looked for (never committed; see its README)."""


@dataclass(frozen=True)
class MonitoringFacts:
    """Beijing's monitored series and what was or was not computed from it (with reasons)."""

    inputs: MonitoringInputs
    series: MonitoredSeries
    yoy: YoyStudy | None
    yoy_month: str
    nowcast: NowcastStudy | None
    nowcast_reason: str | None
    comparison: ComparisonStudy | None
    comparison_reason: str | None
    exports: tuple[str, ...]

    @property
    def annual(self) -> pd.DataFrame:
        """Sector × year sums (kt CO2); NaN where a sector-year is not monitored."""
        frame = self.series.monthly.assign(year=self.series.monthly["period"].str[:4].astype(int))
        groups = frame.groupby(["sector", "year"])["value"]
        whole = groups.count() == groups.size()
        return groups.sum(min_count=1).where(whole).unstack("year")

    def summary(self) -> list[str]:
        """A few lines for ``peakzero demo``."""
        known = self.annual.notna().sum().sum()
        lines = [
            f"monitoring: {self.series.region} {self.series.start:%Y}–{self.series.end:%Y} on "
            f"{self.series.base_inventory} {self.series.base_year}, {known} of "
            f"{self.annual.size} sector-years monitored (the rest missing, with reasons)"
        ]
        if self.yoy is not None and self.yoy.total is not None:
            lines.append(
                f"  year-on-year {self.yoy_month} ({', '.join(self.yoy.sectors)}): "
                f"{100 * self.yoy.total.change:+.1f} %"
            )
        else:
            lines.append(f"  year-on-year {self.yoy_month}: no sector has both periods")
        if self.nowcast is not None:
            lines.append(
                f"  nowcast {self.nowcast.year} through {self.nowcast.through:%Y-%m-%d} "
                f"({', '.join(self.nowcast.sectors)}): "
                f"{self.nowcast.total['estimate']:.0f} kt CO2"
            )
        else:
            lines.append(f"  nowcast: {self.nowcast_reason}")
        if self.comparison is not None:
            r = self.comparison.correlation.dropna(subset=["monthly_r"])
            shown = ", ".join(
                f"{s} {v:.2f}" for s, v in zip(r["sector"], r["monthly_r"], strict=True)
            )
            what = "levels and shapes" if self.comparison.levels else "shapes only"
            lines.append(f"  vs Carbon Monitor Cities ({what}): monthly r {shown}")
        else:
            lines.append(f"  vs Carbon Monitor Cities: {self.comparison_reason}")
        return lines


def export_files(folder: Path = EXPORTS) -> tuple[Path, ...]:
    """The raw Carbon Monitor Cities exports in ``folder`` (none when it is absent)."""
    return tuple(sorted(folder.glob("carbon-monitor-CITIES*.xlsx"))) if folder.is_dir() else ()


def _first_line(exc: PeakzeroError) -> str:
    return str(exc).splitlines()[0]


def _comparison(
    inputs: MonitoringInputs, exports: Sequence[Path]
) -> tuple[ComparisonStudy | None, str | None]:
    from peakzero.monitoring.external import read_external

    try:
        external = None
        if exports:
            read = [read_external(path) for path in exports]
            daily = pd.concat([r.daily for r in read], ignore_index=True)
            daily = daily.drop_duplicates(["date", "region", "sector"], keep="last")
            names = ", ".join(path.name for path in exports)
            external = dataclasses.replace(read[0], daily=daily, file=names)
        return comparison_study(inputs, external), None
    except PeakzeroError as exc:
        return None, _first_line(exc)


def beijing_monitoring_facts(
    exports: Sequence[Path] | None = None, inputs: MonitoringInputs | None = None
) -> MonitoringFacts:
    """Beijing's monitored years by sector, year-on-year of the latest month, the nowcast of
    the latest year and the comparison with Carbon Monitor Cities (levels only with the raw
    exports: ``exports``, default those found in :data:`EXPORTS`)."""
    inputs = inputs or beijing_inputs()
    found = export_files() if exports is None else tuple(exports)
    series = monitored_series(inputs)
    last = inputs.last_day
    month = f"{last:%Y-%m}" if last.is_month_end else f"{last - pd.offsets.MonthEnd(1):%Y-%m}"
    try:
        yoy: YoyStudy | None = yoy_study(inputs, month)
    except PeakzeroError:
        yoy = None
    try:
        nowcast: NowcastStudy | None = nowcast_study(inputs, last.year)
        reason = None
    except PeakzeroError as exc:
        nowcast, reason = None, _first_line(exc)
    comparison, why = _comparison(inputs, found)
    return MonitoringFacts(
        inputs=inputs,
        series=series,
        yoy=yoy,
        yoy_month=month,
        nowcast=nowcast,
        nowcast_reason=reason,
        comparison=comparison,
        comparison_reason=why,
        exports=tuple(path.name for path in found),
    )
