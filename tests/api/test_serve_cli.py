"""``peakzero serve``: its flags reach uvicorn and the app's settings (uvicorn not started)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.settings import settings


def test_serve_hands_its_flags_to_uvicorn_and_makes_the_key_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # serve writes its flags into the environment: set (empty = unset) so that they are undone.
    for name in ("HOST", "PORT", "DATABASE_URL", "SECRET_KEY"):
        monkeypatch.setenv(f"PEAKZERO_{name}", "")
    monkeypatch.setenv("PEAKZERO_DATA_DIR", str(tmp_path))
    seen: dict[str, Any] = {}

    def run(target: str, **kwargs: Any) -> None:
        seen.update(kwargs, target=target, settings=settings())

    monkeypatch.setattr(uvicorn, "run", run)
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123" in result.output
    assert seen["target"] == "peakzero.api.app:serve_app" and seen["factory"] is True
    assert (seen["host"], seen["port"], seen["workers"]) == ("127.0.0.1", 8123, 2)
    assert seen["settings"].database_url == db
    assert (tmp_path / "secret_key").exists()  # before the workers start


def test_serve_itself_does_not_import_the_app(tmp_path: Path) -> None:
    # With --workers N the parent only watches the workers, which import the app themselves:
    # importing it there too (about 1.4 s of CPU) would delay their start.
    code = (
        "import sys, uvicorn\n"
        "uvicorn.run = lambda target, **kwargs: print('peakzero.api.app' in sys.modules)\n"
        "from peakzero.cli import main\n"
        "sys.argv = ['peakzero', 'serve', '--workers', '2']\n"
        "main()\n"
    )
    env = {**os.environ, "PEAKZERO_DATA_DIR": str(tmp_path), "PEAKZERO_SECRET_KEY": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "False"
    assert (tmp_path / "secret_key").exists()


def test_a_port_out_of_range_is_refused() -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
