"""The secret key: from the environment, else generated once into the data folder (0600)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from peakzero.api.secret import SECRET_FILE, secret_key
from peakzero.errors import InputError
from peakzero.settings import Settings


def test_a_key_is_generated_once_into_the_data_folder_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = secret_key(settings)
    path = tmp_path / "data" / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 64
    assert secret_key(settings) == first  # read back, not regenerated
    assert secret_key(Settings(data_dir=tmp_path / "other")) != first


def test_the_environment_key_wins_and_writes_nothing(tmp_path: Path) -> None:
    key = "k" * 40
    settings = Settings.from_environ(
        {"PEAKZERO_SECRET_KEY": key, "PEAKZERO_DATA_DIR": str(tmp_path)}
    )
    assert secret_key(settings) == key
    assert not (tmp_path / SECRET_FILE).exists()


def test_a_short_key_is_refused_naming_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\$PEAKZERO_SECRET_KEY: a secret key needs at least 32"):
        secret_key(Settings(secret_key="short"))


def test_the_platform_settings_come_from_the_environment() -> None:
    s = Settings.from_environ(
        {
            "PEAKZERO_HOST": "0.0.0.0",
            "PEAKZERO_PORT": "8080",
            "PEAKZERO_OVERVIEW_RUNS": "50",
            "PEAKZERO_MAX_BODY_BYTES": "2048",
        }
    )
    assert (s.host, s.port, s.overview_runs, s.max_body_bytes) == ("0.0.0.0", 8080, 50, 2048)
    assert Settings().host == "127.0.0.1" and Settings().secret_key is None
    with pytest.raises(InputError, match="PEAKZERO_PORT"):
        Settings.from_environ({"PEAKZERO_PORT": "eighty"})
    assert "secret" not in repr(Settings(secret_key="x" * 40))
