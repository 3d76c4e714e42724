"""Our series against an external estimate, Carbon Monitor Cities: a read export, or for Beijing
the shipped derived shapes (anomaly correlations only) — :func:`comparison_study`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from peakzero.errors import InputError, Problem
from peakzero.monitoring.compare import Comparison, compare
from peakzero.monitoring.method import DAILY_COLUMNS
from peakzero.monitoring.sectors import monitored_sectors
from peakzero.monitoring.views import apply_view
from peakzero.studies.monitoring.inputs import BEIJING, MonitoringInputs

if TYPE_CHECKING:
    from peakzero.monitoring.external import ExternalEstimate

__all__ = ["ComparisonStudy", "comparison_study"]


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
