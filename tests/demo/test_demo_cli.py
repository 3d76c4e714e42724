"""``peakzero demo``: ``--no-serve`` stops after the report; serving refuses a host off
loopback before doing anything."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.demo.accounts import DEMO_DATABASE
from peakzero.report.demo import run_demo
from peakzero.studies.grid import GridSettings

QUICK_GRID = GridSettings(years=(2030,), hours=(312, 168))
"""One winter week of 2030: the report's grid in seconds (as tests/report/test_demo.py)."""


def test_no_serve_stops_after_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from peakzero.report import demo

    monkeypatch.setattr(demo, "run_demo", functools.partial(run_demo, grid=QUICK_GRID))
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "index.html").is_file()
    assert "Report:" in result.stdout and "Demo accounts" not in result.stdout
    assert not (tmp_path / DEMO_DATABASE).exists()  # no demo database, no accounts


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_serving_off_loopback_is_refused_at_once(tmp_path: Path, host: str) -> None:
    result = CliRunner().invoke(app, ["demo", "--host", host, "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "loopback" in result.stderr and host in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither a report nor a database
