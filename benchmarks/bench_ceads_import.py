"""Time the import of the 23 provincial CEADs workbooks (goal: well under 5 s).

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_ceads_import.py``; the workbooks are
read from ``../shared/data/ceads`` (relative to the repository). Not a test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from environment import print_environment
from peakzero.accounting.ceads import read_ceads_workbooks

CEADS_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ceads"
GOAL_SECONDS = 5.0
ROUNDS = 3


def main() -> int:
    print_environment()
    # The 1997 file is spelt in lower case, so match names case-insensitively.
    paths = sorted(
        p for p in CEADS_DIR.glob("*.xlsx") if p.name.lower().startswith("emission_inventories")
    )
    if len(paths) != 23:
        print(f"bench_ceads_import: expected 23 workbooks in {CEADS_DIR}, found {len(paths)}")
        return 1
    best = float("inf")
    rows = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        data = read_ceads_workbooks(paths)
        best = min(best, time.perf_counter() - start)
        rows = len(data)
    region_years = len(data[["region", "year"]].drop_duplicates())
    verdict = "ok" if best < GOAL_SECONDS else f"SLOWER than the {GOAL_SECONDS:.0f} s goal"
    print(
        f"CEADs import: {len(paths)} workbooks, {region_years} region-years, {rows:,} rows "
        f"in {best:.2f} s (best of {ROUNDS}), {rows / best:,.0f} rows/s; {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
