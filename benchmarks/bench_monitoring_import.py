"""Time the import of 1,000,000 proxy rows into SQLite and PostgreSQL (goals: ≤ 20 s, ≤ 10 s).

Run with ``.venv/bin/python benchmarks/bench_monitoring_import.py [ROWS]``. SQLite is a new
file in a temporary folder; PostgreSQL is a new database on the server of
``PEAKZERO_TEST_POSTGRES_URL`` (``url=$(.ci/postgres.sh)`` starts a throwaway one; stop it with
``.ci/postgres.sh stop DIR``), skipped when that is not set. The time is one
:func:`~peakzero.store.monitoring.import_proxies` call: checking every cell, the bulk load
(COPY / executemany), the QA findings, the audit row and the commit. Not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from environment import print_environment
from peakzero.codes import region_scopes
from peakzero.store.database import make_engine, upgrade
from peakzero.store.monitoring import ProxyRow, import_proxies
from peakzero.testing import POSTGRES_TEST_ENV, fresh_database

ROWS = 1_000_000
GOALS = {"sqlite": 20.0, "postgresql": 10.0}
SECTORS = ("I.1", "I.2", "I.3", "I.4.4", "II.1", "II.4")


def proxies(n: int) -> pd.DataFrame:
    """``n`` daily rows of the city and its districts: made up, only their size matters."""
    rng = np.random.default_rng(13)
    days = pd.date_range("2000-01-01", periods=n // (17 * len(SECTORS)) + 1, freq="D")
    regions = region_scopes()
    return pd.DataFrame(
        {
            "region": np.resize(np.repeat(regions, len(SECTORS)), n),
            "period": np.repeat(days.strftime("%Y-%m-%d").to_numpy(), 17 * len(SECTORS))[:n],
            "sector": np.resize(SECTORS, n),
            "proxy": "electricity_consumption",
            "value": rng.gamma(2.0, 50.0, n),
            "unit": "MWh",
        }
    )


def run(backend: str, url: str, frame: pd.DataFrame) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            start = time.perf_counter()
            stored = import_proxies(
                session,
                frame,
                None,
                file_name="bench.csv",
                sha256="0" * 64,
                who="bench",
                region="CN-BJ",
                source="benchmark (made-up rows)",
                vintage="bench",
                status="flash",
            )
            took = time.perf_counter() - start
            count = session.scalar(select(func.count()).select_from(ProxyRow))
        assert count == len(frame) == stored.row_count
        goal = GOALS[backend]
        verdict = "ok" if took <= goal else f"SLOWER than the {goal:.0f} s goal"
        print(
            f"{backend}: {len(frame):,} proxy rows in {took:.2f} s, "
            f"{len(frame) / took:,.0f} rows/s (goal ≤ {goal:.0f} s); {verdict}"
        )
    finally:
        engine.dispose()


def main() -> int:
    print_environment()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    frame = proxies(n)
    with tempfile.TemporaryDirectory() as folder:
        for backend in ("sqlite", "postgresql"):
            with fresh_database(backend, Path(folder)) as url:
                if url is None:
                    print(f"{backend}: skipped, {POSTGRES_TEST_ENV} is not set")
                    continue
                run(backend, url, frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
