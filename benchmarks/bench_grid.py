"""Benchmark: the Beijing 2030 network (plan scenario) solved by peakzero's default and by a
plain full-resolution ``pypsa.Network.optimize()`` with HiGHS (issue 4's goal: at least 10x
faster with at most 2 % difference in system cost).

Prints figures; not a test, and not run by ``make test``. Takes minutes (the plain solve is the
slow part). ``.venv/bin/python benchmarks/bench_grid.py [--segments N] [--calibrate]``.

``--calibrate`` also solves the network with peakzero's full resolution (HiPO) and writes the
measured error of the default resolution to ``src/peakzero/data/grid/aggregation.csv``, which
``solve`` reports as its ``aggregation_error``.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import sys
import time
from pathlib import Path
from typing import Any

from environment import print_environment
from peakzero.grid.aggregation import (
    CALIBRATION_COLUMNS,
    CALIBRATION_FILE,
    Calibration,
    calibration,
)
from peakzero.grid.inputs import grid_inputs
from peakzero.grid.network import build_network
from peakzero.grid.solve import DEFAULT_SEGMENTS, measure_aggregation_error, solve


def _profiles(year: int) -> tuple[Any, str]:
    """Beijing's climate profiles when :mod:`peakzero.grid.profiles` exists, else the tests'
    stand-in shapes (said so in the output)."""
    try:
        module = importlib.import_module("peakzero.grid.profiles")
    except ModuleNotFoundError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "grid"))
        from grid_standin import standin_profiles

        note = "the tests' stand-in sinusoids (peakzero.grid.profiles is not there yet)"
        print(f"profiles: {note}")
        return standin_profiles(year), note
    print("profiles: peakzero.grid.profiles.beijing_profiles")
    return module.beijing_profiles(year), "peakzero.grid.profiles.beijing_profiles"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=DEFAULT_SEGMENTS)
    parser.add_argument("--calibrate", action="store_true", help="measure and write the error")
    args = parser.parse_args()
    print_environment(("pypsa", "linopy", "highspy", "tsam"))
    start = time.perf_counter()
    profiles, note = _profiles(2030)
    network = build_network(grid_inputs("plan", 2030), profiles)
    build = time.perf_counter() - start
    print(f"network: {len(network.snapshots)} snapshots, built in {build:.1f} s")

    start = time.perf_counter()
    default = solve(network.copy(), segments=args.segments)
    fast = time.perf_counter() - start
    print(
        f"peakzero default ({default.snapshots} segments, HiPO, incl. aggregation): {fast:.1f} s,"
        f" objective {default.objective:,.0f} CNY/yr; packaged error figure: "
        f"{default.aggregation_error} ({default.aggregation_note})"
    )
    if args.calibrate:
        check = measure_aggregation_error(network, args.segments, profiles_note=note)
        print(
            f"peakzero full (HiPO): {check.full_seconds:.1f} s, objective "
            f"{check.full_objective:,.0f} CNY/yr; default vs full: "
            f"{100 * check.relative_error:+.2f} %"
        )
        _write(check)
    plain = network.copy()
    start = time.perf_counter()
    status, condition = plain.optimize(solver_name="highs")
    slow = time.perf_counter() - start
    # PyPSA's own objective is in the network's currency (EUR, that of its cost data); peakzero
    # reports CNY at the packaged rate, so the comparison converts one to the other.
    plain_cny = plain.objective * default.eur_cny
    print(
        f"plain pypsa.Network.optimize() with HiGHS: {slow:.1f} s, {status}/{condition}, "
        f"objective {plain.objective:,.0f} EUR/yr = {plain_cny:,.0f} CNY/yr"
    )
    difference = (default.objective - plain_cny) / plain_cny
    print(f"speed ratio: {slow / fast:.1f}x   (goal >= 10x)")
    print(f"system-cost difference: {100 * difference:+.2f} %   (goal within 2 %)")


def _write(check: Calibration) -> None:
    """Replace the row of this number of segments in the packaged calibration file."""
    path = Path(__file__).resolve().parents[1] / "src/peakzero/data/grid" / CALIBRATION_FILE
    rows = [c.row() for s, c in sorted(calibration().items()) if s != check.segments]
    rows = sorted([*rows, check.row()], key=lambda row: int(row["segments"]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CALIBRATION_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
