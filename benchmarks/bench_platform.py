"""Benchmark: the platform over loopback (issue 12, "Performance").

Starts ``peakzero serve`` on a free 127.0.0.1 port with a throwaway database (one user, made
with ``peakzero users add``, and an API token from ``peakzero users token create``), then:

- the first response after the process starts (goal ≤ 2 s);
- 50 concurrent users, each loading the pages (/, /inventory, /pathways, /programme) and
  sending the explorer's recompute (POST /api/v1/pathways/run with moved levers, 2019-2060),
  with a short pause between requests as a person moving a slider makes them (goals: recompute
  p95 ≤ 50 ms, pages p95 ≤ 200 ms); then the same 50 users with no pause, the server's
  throughput when saturated;
- the 1,000-run ensemble after a slider change (POST /api/v1/pathways/ensemble; goal ≤ 0.5 s).

Prints figures; not a test. ``.venv/bin/python benchmarks/bench_platform.py [--seconds S]
[--workers N]``. The load generator runs on the same machine (its two cores are shared with the
server), so the figures are an upper bound on what a separate client would see.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import numpy as np

from environment import print_environment
from serving import Server, percentiles, serve

USERS = 50
PAGES = ("/", "/inventory", "/pathways", "/programme")
# Levers a person moves (id → (low, high) of the values tried, inside the catalogue's ranges).
LEVERS = {"ccus_mt": (0.0, 40.0), "nev_share": (0.3, 1.0)}
THINK = (0.5, 1.5)  # seconds between one user's requests: a person, not a load generator


@dataclass
class Timings:
    pages: list[float] = field(default_factory=list)
    recompute: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # why: a status or an error


def _failures(timings: Timings) -> str:
    """How many requests failed, and why (a status or a transport error's name)."""
    total = sum(timings.failures.values())
    why = ", ".join(f"{reason} × {n}" for reason, n in timings.failures.most_common())
    return f"{total} ({why})" if total else "0"


def _moved(rng: random.Random) -> dict[str, float]:
    return {key: round(rng.uniform(low, high), 2) for key, (low, high) in LEVERS.items()}


async def _user(
    client: httpx.AsyncClient, seed: int, until: float, think: bool, timings: Timings
) -> None:
    """One user: a page, then a few slider moves (each a recompute), again until ``until``."""
    rng = random.Random(seed)
    while time.perf_counter() < until:
        for kind in ("page", "recompute", "recompute", "recompute"):
            if think:
                await asyncio.sleep(rng.uniform(*THINK))
            start = time.perf_counter()
            try:
                if kind == "page":
                    response = await client.get(rng.choice(PAGES))
                else:
                    body = {"scenario": "plan", "levers": _moved(rng)}
                    response = await client.post("/api/v1/pathways/run", json=body)
                failed = "" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.TransportError as error:  # a timeout: counted, and timed as what it cost
                failed = type(error).__name__
            elapsed = time.perf_counter() - start
            if failed:
                timings.failures[failed] += 1
            (timings.pages if kind == "page" else timings.recompute).append(elapsed)


async def load(server: Server, seconds: float, think: bool) -> tuple[Timings, float]:
    """``USERS`` users for ``seconds``; their timings and the wall time they took."""
    timings = Timings()
    limits = httpx.Limits(max_connections=USERS, max_keepalive_connections=USERS)
    headers = {"Authorization": f"Bearer {server.token}", "Accept-Language": "zh-CN"}
    async with httpx.AsyncClient(
        base_url=server.base, headers=headers, limits=limits, timeout=60
    ) as client:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_user(client, n, until, think, timings) for n in range(USERS)))
        return timings, time.perf_counter() - start


def ensemble(server: Server, rounds: int) -> list[float]:
    """Seconds of the 1,000-run ensemble, each after a different slider change."""
    rng = random.Random(12)
    headers = {"Authorization": f"Bearer {server.token}"}
    out = []
    with httpx.Client(base_url=server.base, headers=headers, timeout=60) as client:
        for _ in range(rounds):
            body = {"scenario": "plan", "levers": _moved(rng)}
            client.post("/api/v1/pathways/run", json=body)  # the slider change itself
            start = time.perf_counter()
            response = client.post("/api/v1/pathways/ensemble", json=body)
            out.append(time.perf_counter() - start)
            response.raise_for_status()
    return out


def _ready(server: Server) -> float:
    """Seconds until the overview (computed in the background at start) is served, then one
    request of each kind (the first of each does one-off work: the programme saved into the new
    database, the engine's imports and caches). The load starts after, so that it measures
    requests and not the start's own work."""
    start = time.perf_counter()
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.base, headers=headers, timeout=300) as client:
        client.get("/api/v1/overview").raise_for_status()
        elapsed = time.perf_counter() - start
        for path in PAGES:
            client.get(path).raise_for_status()
        body = {"scenario": "plan", "levers": _moved(random.Random(0))}
        for path in ("/api/v1/pathways/run", "/api/v1/pathways/ensemble"):
            client.post(path, json=body).raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="The platform over loopback (issue 12).")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each load run")
    # One worker, `serve`'s default: each worker computes its own overview at start and warms
    # its own caches, and the two cores are shared with the load generator.
    parser.add_argument("--workers", type=int, default=1, help="`peakzero serve --workers`")
    parser.add_argument("--rounds", type=int, default=5, help="ensembles timed")
    args = parser.parse_args()
    print_environment(("fastapi", "uvicorn", "httpx"))
    with serve(args.workers) as server:
        limit = "met" if server.first_response <= 2 else "NOT met"
        print(
            f"first response after `peakzero serve` started ({args.workers} workers): "
            f"{server.first_response:.2f} s   (goal ≤ 2 s: {limit})"
        )
        ready = _ready(server)
        print(f"overview ready (computed in the background at start): +{ready:.1f} s")
        for think, title in ((True, "pausing 0.5-1.5 s"), (False, "no pause (saturated)")):
            timings, wall = asyncio.run(load(server, args.seconds, think))
            print(
                f"{USERS} concurrent users, {title}, {wall:.0f} s, failures {_failures(timings)}:"
            )
            print(percentiles("pages", timings.pages, wall, 200 if think else None))
            print(percentiles("recompute", timings.recompute, wall, 50 if think else None))
        seconds = ensemble(server, args.rounds)
        best, worst = min(seconds), max(seconds)
        print(
            f"1,000-run ensemble after a slider change: best {best:.2f} s, median "
            f"{float(np.median(seconds)):.2f} s, worst {worst:.2f} s of {args.rounds}   "
            f"(goal ≤ 0.5 s: {'met' if np.median(seconds) <= 0.5 else 'NOT met'} by the median)"
        )
    end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {end} (the load generator itself is part of it)")


if __name__ == "__main__":
    main()
