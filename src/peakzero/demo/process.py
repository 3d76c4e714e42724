"""``peakzero demo`` as a child process on a free loopback port, until the block ends — how the
tests reach the real serve path with the demo database (no mock): the accounts and passwords
are read from what the command prints, as a person would read them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RunningDemo", "free_port", "running_demo"]

_ACCOUNT_LINE = "  demo-"


@dataclass(frozen=True)
class RunningDemo:
    """A demo platform that answers: its base URL, folder and printed accounts."""

    base: str
    folder: Path
    passwords: dict[str, str]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _passwords(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        if line.startswith(_ACCOUNT_LINE):
            name, password = line.split()
            found[name] = password
    return found


@contextmanager
def running_demo(
    folder: Path, *, env: Mapping[str, str] | None = None, timeout: float = 120.0
) -> Iterator[RunningDemo]:
    """Run ``peakzero demo --no-report`` on a free 127.0.0.1 port with its output in
    ``folder``; yield once ``/`` answers 200 (polled, at most ``timeout`` seconds, failing at
    once if the process exits); stop it with Ctrl-C's signal when the block ends.

    Raises
    ------
    RuntimeError
        If the process exits or does not answer in time (its output in the message).
    """
    port = free_port()
    log = folder / "demo.log"
    command = [
        sys.executable, "-m", "peakzero.cli", "demo", "--no-report",
        "--output", str(folder), "--port", str(port),
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait(process, base, timeout, log)
            yield RunningDemo(base, folder, _passwords(log.read_text(encoding="utf-8")))
        finally:
            process.send_signal(signal.SIGINT)  # what Ctrl-C sends
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait(process: subprocess.Popen[bytes], base: str, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=timeout) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass  # not listening yet
        try:
            process.wait(timeout=0.1)  # the pause between tries; returns if the process died
        except subprocess.TimeoutExpired:
            continue
        output = log.read_text(encoding="utf-8", errors="replace")
        msg = f"peakzero demo exited with status {process.returncode}:\n{output}"
        raise RuntimeError(msg)
    msg = f"peakzero demo did not answer within {timeout} s"
    raise RuntimeError(msg)
