"""Benchmark: monitoring (issue 13, "Performance"). Prints figures; not a test.

(a) The daily series of one year for 17 regions × 10 sectors (goal ≤ 0.5 s): made-up daily
    proxies (ILLUSTRATIVE: random values, only their size and shape matter) of the base year and
    the year, on a made-up anchor inventory, through the engine the page and the CLI use —
    ``studies.monitoring.daily_from_proxies`` (proxies → kt CO2/day on the anchor) then
    ``monitored_series`` (the territorial view, the daily and monthly bands and totals).
    CPU time (``time.process_time``) of each run: best and median of ``--rounds``.
(b) The platform's monitoring page with 50 concurrent users over loopback (goal p95 ≤ 200 ms):
    ``peakzero serve`` as ``bench_platform.py`` starts it (``serving.serve``), the database
    seeded with ``peakzero monitor import`` (the real importer, QA gate and audit) of one
    illustrative proxies file per district; the city's page shows Beijing's shipped monitoring
    inputs (CEADs 2019 × the sourced ratios, Carbon Monitor timing), which is what the platform
    shows for the city until it has imports of its own. Users ask for the page, a period, the
    view without aviation and the JSON twin the charts read. The load generator shares the
    machine's two cores with the server: the figures are an upper bound.

``.venv/bin/python benchmarks/bench_monitoring.py [--rounds N] [--seconds S] [--skip-platform]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from environment import print_environment
from peakzero.codes import CITY, region_scopes
from peakzero.monitoring.sectors import monitored_sectors
from peakzero.studies.monitoring import MonitoringInputs, daily_from_proxies, monitored_series
from serving import Server, peakzero, percentiles, serve

YEAR, BASE_YEAR = 2024, 2019
SERIES_GOAL = 0.5  # s
PAGE_GOAL = 200.0  # ms, p95
USERS = 50
THINK = (0.5, 1.5)  # seconds between one user's requests, as bench_platform.py
PATHS = (
    "/monitoring",
    f"/monitoring?from={YEAR}-01&to={YEAR}-06",
    "/monitoring?aviation=false",
    "/api/v1/monitoring",
)
UNITS = {"gas_consumption": "m**3", "fuel_sales": "t", "passengers": "count", "flights": "count"}


# --- (a) the daily series -----------------------------------------------------------------------


def synthetic(regions: list[str], sectors: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ILLUSTRATIVE daily proxies of ``BASE_YEAR`` and ``YEAR`` for every region × sector (the
    sector's default proxy kind) and an anchor inventory of ``BASE_YEAR`` (Mt CO2): random
    numbers, not figures of any place."""
    rng = np.random.default_rng(13)
    kinds = {k: s.proxy for k, s in monitored_sectors().items()}
    days = pd.date_range(f"{BASE_YEAR}-01-01", f"{BASE_YEAR}-12-31").append(
        pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31")
    )
    keys = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"]).to_frame()
    rows = keys.loc[keys.index.repeat(len(days))].reset_index(drop=True)
    rows["period"] = np.tile(days.strftime("%Y-%m-%d").to_numpy(), len(keys))
    rows["proxy"] = rows["sector"].map(kinds)
    rows["value"] = rng.gamma(4.0, 25.0, len(rows))
    rows["unit"] = rows["proxy"].map(UNITS).fillna("dimensionless")
    anchor = keys.reset_index(drop=True).assign(
        year=BASE_YEAR, value=rng.uniform(0.1, 5.0, len(keys))
    )
    return rows[["region", "period", "sector", "proxy", "value", "unit"]], anchor


def one_series(proxies: pd.DataFrame, anchor: pd.DataFrame) -> int:
    """The year's daily series of every region and sector; the number of daily values."""
    daily, missing, base_year = daily_from_proxies(proxies, anchor)
    inputs = MonitoringInputs(
        region="17 regions",
        daily=daily,
        base_inventory="illustrative anchor",
        base_year=base_year,
        proxies_source="illustrative proxies (bench_monitoring.py)",
        missing=missing,
    )
    series = monitored_series(inputs, f"{YEAR}-01-01", f"{YEAR}-12-31")
    return int(series.daily["value"].notna().sum())


def bench_series(rounds: int) -> None:
    regions = region_scopes()
    sectors = [k for k, s in monitored_sectors().items() if s.scope == 1][:10]
    proxies, anchor = synthetic(regions, sectors)
    seconds, values = [], 0
    for _ in range(rounds):
        start = time.process_time()
        values = one_series(proxies, anchor)
        seconds.append(time.process_time() - start)
    median = statistics.median(seconds)
    print(
        f"(a) daily series of {YEAR}: {len(regions)} regions × {len(sectors)} sectors "
        f"({values:,} daily values, from {len(proxies):,} illustrative proxy rows)\n"
        f"    CPU time best {min(seconds):.3f} s, median {median:.3f} s of {rounds}   "
        f"(goal ≤ {SERIES_GOAL} s: {'met' if median <= SERIES_GOAL else 'NOT met'} by the median)"
    )


# --- (b) the monitoring page ----------------------------------------------------------------------


def seed(env: dict[str, str], db: str) -> None:
    """One ILLUSTRATIVE monthly proxies file per district, stored by the real importer."""
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="peakzero-bench-proxies-") as folder:
        for region in region_scopes():
            if region == CITY:
                continue  # the city keeps Beijing's shipped inputs (see the module docstring)
            lines = ["region,period,sector,proxy,value,unit"] + [
                f"{region},{y}-{m:02d},II.1,fuel_sales,{rng.uniform(80, 120):.1f},t"
                for y in range(BASE_YEAR, YEAR + 1)
                for m in range(1, 13)
            ]
            path = Path(folder) / f"{region} illustrative.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            peakzero("monitor", "import", str(path), "--region", region, "--db", db,
                     "--source", "illustrative (bench)", "--who", "bench", env=env)  # fmt: skip


async def _user(client: httpx.AsyncClient, n: int, until: float, think: bool) -> list[float]:
    rng, times = random.Random(n), []
    while time.perf_counter() < until:
        if think:
            await asyncio.sleep(rng.uniform(*THINK))
        start = time.perf_counter()
        response = await client.get(rng.choice(PATHS))
        response.raise_for_status()
        times.append(time.perf_counter() - start)
    return times


async def load(server: Server, seconds: float, think: bool) -> tuple[list[float], float]:
    limits = httpx.Limits(max_connections=USERS, max_keepalive_connections=USERS)
    headers = {"Authorization": f"Bearer {server.token}", "Accept-Language": "zh-CN"}
    async with httpx.AsyncClient(
        base_url=server.base, headers=headers, limits=limits, timeout=60
    ) as client:
        start = time.perf_counter()
        until = start + seconds
        found = await asyncio.gather(*(_user(client, n, until, think) for n in range(USERS)))
        return [t for times in found for t in times], time.perf_counter() - start


def _first_requests(server: Server) -> list[tuple[str, float]]:
    """Each path once before the load: the first computes the figures the page then keeps."""
    headers = {"Authorization": f"Bearer {server.token}"}
    out = []
    with httpx.Client(base_url=server.base, headers=headers, timeout=300) as client:
        for path in PATHS:
            start = time.perf_counter()
            client.get(path).raise_for_status()
            out.append((path, time.perf_counter() - start))
    return out


def bench_page(seconds: float) -> None:
    start = time.perf_counter()
    with serve(1, seed) as server:
        print(f"(b) server with seeded imports ready in {time.perf_counter() - start:.1f} s")
        for path, took in _first_requests(server):
            print(f"    first {path}: {took * 1000:.0f} ms")
        for think, title in ((True, "pausing 0.5-1.5 s"), (False, "no pause (saturated)")):
            times, wall = asyncio.run(load(server, seconds, think))
            print(f"    {USERS} concurrent users, {title}, {wall:.0f} s:")
            print("  " + percentiles("monitoring", times, wall, PAGE_GOAL if think else None))


def main() -> None:
    parser = argparse.ArgumentParser(description="Monitoring benchmarks (issue 13).")
    parser.add_argument("--rounds", type=int, default=7, help="runs of the daily series")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load run")
    parser.add_argument("--skip-platform", action="store_true", help="only (a)")
    args = parser.parse_args()
    print_environment(("fastapi", "uvicorn", "httpx"))
    bench_series(args.rounds)
    if not args.skip_platform:
        bench_page(args.seconds)
    end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {end} (the load generator itself is part of it)")


if __name__ == "__main__":
    main()
