"""Month labels of daily dates, fast: formatting each of a year's 62,000 daily rows with
``strftime`` took most of a 17-region series' time; a year has only 366 distinct days, so each
distinct day is formatted once and the labels spread back (the same strings)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["month_labels"]


def month_labels(dates: pd.Series) -> pd.Series:
    """``'YYYY-MM'`` of every date of ``dates`` (datetime64), with the same index."""
    codes, days = pd.factorize(dates, sort=False)  # NaT → code -1
    labels = pd.DatetimeIndex(days).strftime("%Y-%m").to_numpy(dtype=object)
    spread = np.full(len(codes), None, dtype=object)
    spread[codes >= 0] = labels[codes[codes >= 0]]
    dtype = dates.iloc[:0].dt.strftime("%Y-%m").dtype  # the dtype strftime itself gives
    return pd.Series(spread, index=dates.index, dtype=object).astype(dtype)
