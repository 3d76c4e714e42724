"""Benchmark: the server's CPU per page request (issue 12, "Performance": pages p95 ≤ 200 ms).

Starts ``peakzero serve`` on a free 127.0.0.1 port with a database like ``bench_platform.py``'s
(one ``city_planner``, the programme saved on first use) or the demo's (``--demo``: the
illustrative programme, datasets and districts of ``peakzero.demo``), then asks for each page
one request at a time and reads the server process's own CPU time (``/proc/PID/stat``: user +
system) before and after: the client's work is not counted, and other processes' load moves
the figure less than wall time.

- *cached*: the same page again, nothing changed since it was built;
- *cold*: each request after a change to the store (an audit row written, as every write
  through the platform writes one), so the page's view is built again (the Overview reads no
  database: its page stays kept).

Prints figures; not a test. ``.venv/bin/python benchmarks/bench_pages.py [--demo]
[--requests N]``. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from environment import print_environment

PAGES = (
    "/api/v1/me",  # the floor: the framework and the token's look-up, no view
    "/",
    "/inventory",
    "/programme",
    "/monitoring",
    "/api/v1/inventory",
    "/api/v1/programme",
)
PEAKZERO = str(Path(sys.executable).with_name("peakzero"))
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    base: str
    pid: int
    url: str  # the database
    headers: dict[str, str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _database(folder: Path, demo: bool) -> tuple[str, str]:
    """The database's URL and an API token of its city planner."""
    from peakzero.accounts import create_token
    from peakzero.accounts.users import add_user
    from peakzero.store.database import open_session

    if demo:
        from peakzero.demo.seed import seed_demo

        url, name = seed_demo(folder, "127.0.0.1").url, "demo-city-planner"
    else:
        url, name = f"sqlite:///{folder / 'peakzero.db'}", "bench"
    with open_session(url, migrate=True) as db:
        if not demo:
            add_user(db, name, "benchmark password, throwaway", ["city_planner"], who="bench")
        token = create_token(db, name, who="bench").token
    return url, token


@contextmanager
def serve(demo: bool) -> Iterator[Server]:
    """``peakzero serve`` on a throwaway data folder, stopped (by its own id) on leaving."""
    folder = Path(tempfile.mkdtemp(prefix="peakzero-bench-pages-"))
    env = {**os.environ, "PEAKZERO_DATA_DIR": str(folder)}
    url, token = _database(folder, demo)
    port = _free_port()
    command = [PEAKZERO, "serve", "--port", str(port), "--db", url]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "zh-CN"}
    try:
        _wait(base)
        yield Server(base, process.pid, url, headers)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def _wait(base: str) -> None:
    with httpx.Client(timeout=300) as client:
        for _ in range(3000):
            try:
                client.get(base + "/api/v1/overview").raise_for_status()  # computed at start
                return
            except httpx.TransportError:
                time.sleep(0.01)
    raise SystemExit("the server did not answer")


def _cpu(pid: int) -> float:
    """Seconds of CPU (user + system) process ``pid`` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _change(url: str) -> None:
    """A change to the store as every write through the platform makes one: an audit row."""
    from peakzero.store.audit import add_audit
    from peakzero.store.database import open_session

    with open_session(url) as db:
        add_audit(db, action="insert", table="benchmark", key="cold", who="bench",
                  before=None, after={}, region=None)  # fmt: skip
        db.commit()


def per_request(server: Server, path: str, requests: int, cold: bool) -> float:
    """Milliseconds of the server's CPU per request of ``path``."""
    spent = 0.0
    with httpx.Client(base_url=server.base, headers=server.headers, timeout=60) as client:
        client.get(path).raise_for_status()  # the first of each: one-off work
        for _ in range(requests):
            if cold:
                _change(server.url)
            start = _cpu(server.pid)
            client.get(path).raise_for_status()
            spent += _cpu(server.pid) - start
    return 1000 * spent / requests


def main() -> None:
    parser = argparse.ArgumentParser(description="Server CPU per page request (issue 12).")
    parser.add_argument("--demo", action="store_true", help="the demo database")
    parser.add_argument("--requests", type=int, default=60, help="requests per figure")
    args = parser.parse_args()
    print_environment(("fastapi", "uvicorn", "jinja2", "babel"))
    with serve(args.demo) as server:
        print(f"server CPU per request, {'demo' if args.demo else 'benchmark'} database, "
              f"{args.requests} requests each (clock tick {1000 / TICK:.0f} ms):")  # fmt: skip
        for path in PAGES:
            cached = per_request(server, path, args.requests, cold=False)
            cold = per_request(server, path, max(args.requests // 4, 5), cold=True)
            print(f"  {path:<20} cached {cached:6.1f} ms   cold {cold:6.1f} ms")
    end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {end}")


if __name__ == "__main__":
    main()
