"""The QA gate's findings on PROXIES rows, as a study the CLI and the page show
(:func:`quality_study`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from peakzero.monitoring.findings import findings_frame
from peakzero.monitoring.quality import check_series

__all__ = ["QualityStudy", "quality_study"]


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
