"""Turn pandas/numpy results into plain JSON values (NaN becomes null, numpy scalars Python)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["json_ready"]


def json_ready(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` writes as strict JSON."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar → Python scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
