"""The platform as a benchmark serves it: ``peakzero serve`` on a free loopback port with a
throwaway database and one API token, and the percentile line every load benchmark prints.

Shared by ``bench_platform.py`` (issue 12) and ``bench_monitoring.py`` (issue 13), so both
start the server the same way. Not a test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

NAME, PASSWORD = "bench", "benchmark password, throwaway"
Seed = Callable[[dict[str, str], str], None]
"""Fills the new database before the server starts: ``seed(env, db_url)``."""

# The command as installed next to this Python (the virtualenv's console script).
PEAKZERO = str(Path(sys.executable).with_name("peakzero"))
FIRST_RESPONSE_LIMIT = 30.0  # give up on a server that has not answered after this


def peakzero(*args: str, env: dict[str, str], stdin: str = "") -> str:
    command = [PEAKZERO, *args]
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`peakzero {' '.join(args)}` failed:\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    base: str
    token: str
    first_response: float  # seconds from the process start to its first HTTP answer


@contextmanager
def serve(workers: int, seed: Seed | None = None) -> Iterator[Server]:
    """``peakzero serve`` on a throwaway data folder (filled by ``seed`` first, if given),
    stopped (by its own id) on leaving."""
    folder = Path(tempfile.mkdtemp(prefix="peakzero-bench-"))
    env = {**os.environ, "PEAKZERO_DATA_DIR": str(folder)}
    db = f"sqlite:///{folder / 'peakzero.db'}"
    peakzero("users", "add", NAME, "--role", "city_planner", "--password-stdin", "--db", db,
              env=env, stdin=PASSWORD + "\n")  # fmt: skip
    token = peakzero("users", "token", "create", NAME, "--label", "bench", "--db", db, env=env)
    if seed is not None:
        seed(env, db)
    port = free_port()
    command = [PEAKZERO, "serve", "--port", str(port), "--db", db,
               "--workers", str(workers)]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        yield Server(base, token.splitlines()[0].strip(), first_response(base, start))
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def first_response(base: str, start: float) -> float:
    """Seconds until the server answers: connection attempts in a bounded loop, a refused one
    retried after 10 ms (the only pause, short against the 2 s goal)."""
    with httpx.Client(timeout=FIRST_RESPONSE_LIMIT) as client:
        while time.perf_counter() - start < FIRST_RESPONSE_LIMIT:
            try:
                client.get(base + "/api/v1/health")
                return time.perf_counter() - start
            except httpx.TransportError:
                time.sleep(0.01)
    raise SystemExit(f"no answer within {FIRST_RESPONSE_LIMIT:.0f} s")


def percentiles(what: str, times: list[float], wall: float, goal: float | None) -> str:
    ms = np.percentile(np.array(times) * 1000, [50, 95, 99]) if times else [np.nan] * 3
    verdict = ""
    if goal is not None:
        verdict = f"   goal p95 ≤ {goal:.0f} ms: {'met' if ms[1] <= goal else 'NOT met'}"
    return (
        f"  {what:<10} n={len(times):>6,}  p50 {ms[0]:7.1f} ms  p95 {ms[1]:7.1f} ms  "
        f"p99 {ms[2]:7.1f} ms  {len(times) / wall:7.1f} req/s{verdict}"
    )
