"""The monitoring checks' findings: the house :class:`~peakzero.checks.Finding`, filled alike.

The reader (with ``strict=False``) and the data-quality gate report in the one shape every engine
uses, so a report, the CLI and the store list them with the accounting QA. Where a finding is
(sector, proxy, periods) and the numbers that triggered it go into ``detail`` under fixed keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from peakzero.checks import Finding, Severity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CODES", "FINDING_COLUMNS", "findings_frame", "monitoring_finding"]

FINDING_COLUMNS = ("code", "severity", "region", "sector", "proxy", "period", "year", "message")
"""The columns of :func:`findings_frame`: one row per finding, as a table or a store holds it."""

CODES: dict[str, str] = {
    # From the reader (every defective cell or row), severity error.
    "bad-region": "region not a code of the city or one of its districts",
    "bad-period": "period not a date YYYY-MM-DD or a month YYYY-MM",
    "mixed-granularity": "a series mixes daily and monthly periods",
    "unknown-sector": "sector not a monitored sector",
    "unknown-proxy": "proxy not a kind of the codelist",
    "bad-unit": "unit does not parse",
    "wrong-unit-dimension": "unit not of the proxy kind's dimension",
    "mixed-unit-basis": "a series mixes bases (e.g. volume and energy)",
    "non-numeric": "value not a finite number",
    "negative-value": "value below zero",
    "duplicate": "same region, period, sector and proxy twice",
    # From the gate on a series.
    "missing-dates": "dates (or months) missing inside the series' range",
    "copied-run": "a run of values exactly equal to a week or a year earlier",
    "month-boundary-jump": "a jump on the first day of a month far above the series' usual change",
    "incomplete-month": "the trailing month lacks days or falls far below a year earlier",
    "level-off-inventory": "an annual sum far from the inventory's level",
}
"""Every code a monitoring check reports and what it means (docs/methods/monitoring-quality.md)."""


def monitoring_finding(
    code: str,
    severity: Severity,
    message: str,
    *,
    region: str | None = None,
    sector: str | None = None,
    proxy: str | None = None,
    periods: Iterable[str] = (),
    year: int | None = None,
    numbers: Mapping[str, float | int] | None = None,
) -> Finding:
    """A :class:`~peakzero.checks.Finding` with the monitoring keys in ``detail``.

    ``detail`` holds ``sector``, ``proxy``, ``periods`` (the dates, months or ``first/last``
    ranges concerned, as text) and ``numbers`` (the values that triggered the finding).
    """
    if code not in CODES:
        msg = f"unknown monitoring finding code {code!r}; the codes are: {', '.join(CODES)}"
        raise ValueError(msg)
    detail = {
        "sector": sector,
        "proxy": proxy,
        "periods": list(periods),
        "numbers": dict(numbers or {}),
    }
    return Finding(code, severity, message, region, year, detail)


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table (:data:`FINDING_COLUMNS`); ``period`` joins a finding's periods
    with ``, `` (empty when it names none)."""
    import pandas as pd

    rows = [
        (
            f.check,
            f.severity,
            f.region,
            f.detail.get("sector"),
            f.detail.get("proxy"),
            ", ".join(f.detail.get("periods", [])) or None,
            f.year,
            f.message,
        )
        for f in findings
    ]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
