"""What a benchmark ran on: Python, the libraries that set the speed, and the machine.

Every benchmark prints this first, because its figures mean little without it: pandas 3 made
text columns Arrow strings (a conversion that once took most of the accounting time), and this
machine's two cores are shared, so the load average is part of the reading.
"""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version

# The libraries the benchmarked code spends its time in.
LIBRARIES = ("peakzero", "numpy", "pandas", "pyarrow", "python-calamine", "scipy")


def describe(extra: tuple[str, ...] = ()) -> str:
    """One line per topic: the versions, then the machine and its load when the run started."""
    found = []
    for name in (*LIBRARIES, *extra):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"python {platform.python_version()}, {', '.join(found)}\n"
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load} (1, 5, 15 min)"
    )


def print_environment(extra: tuple[str, ...] = ()) -> None:
    """Print :func:`describe` before a benchmark's figures."""
    print(describe(extra))
