"""month_labels gives exactly what ``dt.strftime("%Y-%m")`` gives (values, NaT, dtype, index)."""

from __future__ import annotations

import pandas as pd

from peakzero.monitoring.periods import month_labels


def test_same_as_strftime() -> None:
    days = pd.Series(
        pd.to_datetime(["2024-02-29", "NaT", "2023-12-31", "2024-02-29", "2025-01-01"]),
        index=[5, 3, 9, 1, 0],
    )
    pd.testing.assert_series_equal(month_labels(days), days.dt.strftime("%Y-%m"))
    empty = days.iloc[:0]
    pd.testing.assert_series_equal(month_labels(empty), empty.dt.strftime("%Y-%m"))
