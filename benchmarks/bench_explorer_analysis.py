"""Benchmark: the explorer's wedges and MACC after a slider change (each a new scenario: no cache).

Prints figures; not a test. ``.venv/bin/python benchmarks/bench_explorer_analysis.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from environment import print_environment
from peakzero.api.pathways_analysis import (
    PAGE_ORDERS,
    MaccRequest,
    WedgesRequest,
    macc_view,
    wedges_view,
)

SLIDES = 15  # distinct positions of the CCUS slider, each a cache miss


def _timed(compute: Callable[[float], object], values: np.ndarray) -> np.ndarray:
    seconds = []
    for value in values:
        start = time.perf_counter()
        compute(float(value))
        seconds.append(time.perf_counter() - start)
    return np.array(seconds) * 1000


def _print(what: str, ms: np.ndarray) -> None:
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(f"{what}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms ({ms.size} requests)")


def main() -> None:
    print_environment()
    macc_view(MaccRequest(scenario="plan"))  # warm: imports, scenario files, cost data
    wedges_view(WedgesRequest(scenario="plan"))
    values = np.linspace(1, 40, SLIDES)
    for orders in (PAGE_ORDERS, 200):
        ms = _timed(
            lambda v, o=orders: wedges_view(
                WedgesRequest(scenario="plan", levers={"ccus_mt": v}, orders=o)
            ),
            values,
        )
        error = wedges_view(WedgesRequest(scenario="plan", orders=orders)).largest_standard_error
        _print(f"Shapley wedges, {orders} orders (largest error {error:.2f} Mt CO2/yr)", ms)
    hit = _timed(
        lambda v: wedges_view(WedgesRequest(scenario="plan", levers={"ccus_mt": v})), values
    )
    _print("the same wedges again (cache)", hit)
    _print(
        "MACC, resource costs",
        _timed(lambda v: macc_view(MaccRequest(scenario="plan", levers={"ccus_mt": v})), values),
    )


if __name__ == "__main__":
    main()
