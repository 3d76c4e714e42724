"""Near-real-time monitoring of a region, as figures: what the CLI, the report and the page show.

Inputs (:class:`MonitoringInputs`) are a region's daily emissions by monitored sector on an
inventory basis (CEADs by default, or a named inventory dataset of the store), built either from
proxies (a user's file or the store's imports, :func:`inputs_from_proxies`) or from Beijing's
shipped inputs (:func:`beijing_inputs`). The studies then return frozen results: the series with
bands (:func:`monitored_series`), year-on-year (:func:`yoy_study`), the nowcast with its
back-test (:func:`nowcast_study`), the QA findings (:func:`quality_study`), the comparison with
Carbon Monitor Cities (:func:`comparison_study`) and the revision when an inventory year arrives
(:func:`reconcile_study`).

One module per part:

- :mod:`.inputs` — the inputs: Beijing's shipped ones, a user's proxies, the store's imports;
- :mod:`.proxies` — daily emissions by sector from proxies on an inventory anchor;
- :mod:`.series` — the daily and monthly series with bands, in one view;
- :mod:`.yoy`, :mod:`.nowcast`, :mod:`.quality`, :mod:`.comparison`, :mod:`.reconcile` — the
  studies of the series;
- :mod:`.output` — a series as CSV, JSON and IAMC text;
- :mod:`.facts` — Beijing's monitoring in plain figures for the report and ``peakzero demo``.
"""

from peakzero.studies.monitoring.comparison import ComparisonStudy, comparison_study
from peakzero.studies.monitoring.inputs import (
    BEIJING,
    CEADS,
    MonitoringInputs,
    beijing_inputs,
    dataset_anchor_table,
    inputs_from_proxies,
    load_inputs,
    stored_proxies,
)
from peakzero.studies.monitoring.nowcast import NowcastStudy, nowcast_study
from peakzero.studies.monitoring.proxies import daily_from_proxies
from peakzero.studies.monitoring.quality import QualityStudy, quality_study
from peakzero.studies.monitoring.reconcile import ReconcileStudy, monthly_values, reconcile_study
from peakzero.studies.monitoring.series import MonitoredSeries, monitored_series
from peakzero.studies.monitoring.yoy import YoyStudy, yoy_study

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
