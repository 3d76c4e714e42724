"""``peakzero demo``: serving refuses a host off loopback before doing anything (``--no-serve``,
which stops after the report, is tests/report/test_demo.py's command test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peakzero.cli import app


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_serving_off_loopback_is_refused_at_once(tmp_path: Path, host: str) -> None:
    result = CliRunner().invoke(app, ["demo", "--host", host, "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "loopback" in result.stderr and host in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither a report nor a database
