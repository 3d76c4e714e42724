"""The one JSON writer of peakzero: every command and report that writes JSON goes through it.

:func:`json_ready` turns results into plain JSON values and :func:`to_json` writes them, always the
same way: non-ASCII text kept as it is (Chinese names stay readable), NaN and infinities as
``null`` (strict JSON that every parser reads), numpy and pandas scalars as Python numbers, dates
and times in ISO 8601, two-space indent.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

__all__ = ["json_ready", "to_json"]


def json_ready(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` writes as strict JSON."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if _is_missing(value):
        return None
    if isinstance(value, datetime | date | time):  # pandas' Timestamp is a datetime
        return value.isoformat()
    if getattr(value, "ndim", 0) and hasattr(value, "tolist"):
        return json_ready(value.tolist())  # a numpy array
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar → Python scalar
        if isinstance(value, datetime | date):  # numpy datetime64 gives a datetime
            return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (no final newline) in peakzero's one style.

    >>> print(to_json({"name_zh": "北京", "value": float("nan")}, indent=None))
    {"name_zh": "北京", "value": null}
    """
    return json.dumps(json_ready(value), ensure_ascii=False, indent=indent, allow_nan=False)


def _is_missing(value: object) -> bool:
    """pandas' NA and NaT; pandas is not imported for this (a value of it means it is loaded)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)
