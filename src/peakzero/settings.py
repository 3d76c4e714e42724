"""Run settings of peakzero in one object, read from ``PEAKZERO_*`` environment variables.

The order of precedence is that of the house (docs/design/kernel.md): the defaults here <
the environment < an argument or a CLI flag. The environment is read when :func:`settings` is
called, not at import, so a long-running process and a test's ``monkeypatch.setenv`` see a change.

==============================  ==================================================  ===========
variable                        meaning                                             default
==============================  ==================================================  ===========
``PEAKZERO_DATABASE_URL``       the store's database (SQLAlchemy URL)               SQLite file
``PEAKZERO_SOLVER_OPTIONS``     HiGHS options as a JSON object (replace the         HiPO with
                                defaults)                                           crossover
``PEAKZERO_GRID_SEGMENTS``      time segments of the grid's default resolution      1200
``PEAKZERO_ENSEMBLE_RUNS``      Monte Carlo runs of a pathway ensemble              1000
``PEAKZERO_IMPACT_RUNS``        Monte Carlo draws behind the spread of a            500
                                programme evaluation's task impacts
``PEAKZERO_DATA_DIR``           the platform's data folder (its generated secret    XDG data
                                key file, ``secret_key``)                           folder
``PEAKZERO_SECRET_KEY``         the platform's secret key (signs sessions); unset:  generated
                                generated once into the data folder (mode 0600)
``PEAKZERO_HOST``               the address ``peakzero serve`` listens on           127.0.0.1
``PEAKZERO_PORT``               its port                                            8000
``PEAKZERO_OVERVIEW_RUNS``      Monte Carlo runs behind the platform's overview     200
                                P(peak by 2030), computed once per process
``PEAKZERO_MAX_BODY_BYTES``     the largest request body the platform accepts       10485760
                                (larger: 413)
``PEAKZERO_DASK_SCHEDULER``     the Dask scheduler that runs the platform's grid    a local
                                jobs (an address, e.g. ``tcp://10.0.0.5:8786``)     cluster
``PEAKZERO_DASK_PROCESSES``     the local cluster's worker: ``1`` a process of its  1
                                own, ``0`` threads of the server's process
==============================  ==================================================  ===========
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from peakzero.errors import InputError, Problem

__all__ = [
    "DEFAULT_ENSEMBLE_RUNS",
    "DEFAULT_GRID_SEGMENTS",
    "DEFAULT_HOST",
    "DEFAULT_IMPACT_RUNS",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_OVERVIEW_RUNS",
    "DEFAULT_PORT",
    "DEFAULT_SOLVER_OPTIONS",
    "ENV_PREFIX",
    "Settings",
    "default_data_dir",
    "settings",
]

ENV_PREFIX = "PEAKZERO_"
DEFAULT_GRID_SEGMENTS = 1200
"""Segments of the grid's default resolution (chosen by measurement, docs/methods/grid.md)."""
DEFAULT_SOLVER_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {"solver": "hipo", "run_crossover": "on"}
)
"""HiGHS options: HiPO, HiGHS's interior-point solver (highspy-extras), measured fastest."""
DEFAULT_ENSEMBLE_RUNS = 1000
"""Monte Carlo runs of a pathway ensemble (P(peak by 2030) moves < 1 point beyond this)."""
DEFAULT_IMPACT_RUNS = 500
"""Draws behind a programme evaluation's impact spread: each draw runs every task's variant
(about a second for 25 tasks), so fewer than an ensemble's; its own setting keeps every
evaluation's figures what they were when the two defaults differed."""
DEFAULT_HOST = "127.0.0.1"
"""Loopback by default: the platform is exposed to a network only when asked."""
DEFAULT_PORT = 8000
DEFAULT_OVERVIEW_RUNS = 200
"""Runs behind the overview's P(peak by 2030): the page answers in milliseconds once computed,
and the first computation stays a few seconds (the full ensemble is the explorer's)."""
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
"""The largest request body (an activity workbook of a district fits many times over)."""


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/peakzero`` (``~/.local/share/peakzero``): where the store's default
    SQLite file lives too."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "peakzero"


@dataclass(frozen=True)
class Settings:
    """What a run is set to. ``database_url`` ``None``: the default SQLite file of the store."""

    database_url: str | None = None
    solver_options: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_SOLVER_OPTIONS)
    grid_segments: int = DEFAULT_GRID_SEGMENTS
    ensemble_runs: int = DEFAULT_ENSEMBLE_RUNS
    impact_runs: int = DEFAULT_IMPACT_RUNS
    data_dir: Path | None = None  # None: default_data_dir()
    secret_key: str | None = field(default=None, repr=False)  # None: generated (api.secret)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    overview_runs: int = DEFAULT_OVERVIEW_RUNS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    dask_scheduler: str | None = None  # None: a LocalCluster started on the first grid job
    dask_processes: bool = True  # the LocalCluster's worker in a process of its own

    @property
    def data_folder(self) -> Path:
        """The data folder: ``data_dir`` or :func:`default_data_dir`."""
        return self.data_dir if self.data_dir is not None else default_data_dir()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults overridden by the ``PEAKZERO_*`` variables that are set and not empty.

        Raises
        ------
        InputError
            A variable that does not parse, naming it, its value and what would be valid.
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            return env.get(ENV_PREFIX + name) or None

        base = cls()
        solver = get("SOLVER_OPTIONS")
        return cls(
            database_url=get("DATABASE_URL"),
            solver_options=base.solver_options if solver is None else _options(solver),
            grid_segments=_count("GRID_SEGMENTS", get("GRID_SEGMENTS"), base.grid_segments),
            ensemble_runs=_count("ENSEMBLE_RUNS", get("ENSEMBLE_RUNS"), base.ensemble_runs),
            impact_runs=_count("IMPACT_RUNS", get("IMPACT_RUNS"), base.impact_runs),
            data_dir=None if (folder := get("DATA_DIR")) is None else Path(folder),
            secret_key=get("SECRET_KEY"),
            host=get("HOST") or base.host,
            port=_count("PORT", get("PORT"), base.port),
            overview_runs=_count("OVERVIEW_RUNS", get("OVERVIEW_RUNS"), base.overview_runs),
            max_body_bytes=_count("MAX_BODY_BYTES", get("MAX_BODY_BYTES"), base.max_body_bytes),
            dask_scheduler=get("DASK_SCHEDULER"),
            dask_processes=_flag("DASK_PROCESSES", get("DASK_PROCESSES"), base.dask_processes),
        )


def settings() -> Settings:
    """The settings of this process now (defaults < ``PEAKZERO_*`` environment variables)."""
    return Settings.from_environ()


def _problem(name: str, value: str, valid: str) -> InputError:
    return InputError(Problem(f"${ENV_PREFIX}{name}", f"use {valid}", value=value))


def _count(name: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        error = _problem(name, text, "a whole number of at least 1")
        raise error
    return value


def _flag(name: str, text: str | None, default: bool) -> bool:
    if text is None:
        return default
    if text not in ("0", "1"):
        raise _problem(name, text, "1 (yes) or 0 (no)")
    return text == "1"


def _options(text: str) -> Mapping[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        error = _problem("SOLVER_OPTIONS", text, 'a JSON object, e.g. {"solver": "ipm"}')
        raise error
    return MappingProxyType(value)
