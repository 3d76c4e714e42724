"""Small typed helpers for pandas building blocks used across engines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["categorical"]


def categorical(codes: Any, categories: Sequence[Any]) -> pd.Categorical:
    """A categorical from integer ``codes`` (−1 = missing) into ``categories``."""
    positions = np.asarray(codes, dtype=np.int64)
    return pd.Categorical.from_codes(positions, categories=pd.Index(list(categories)))
