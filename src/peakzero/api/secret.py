"""The platform's secret key: from ``PEAKZERO_SECRET_KEY`` or generated once into the data
folder (mode 0600) and read from there on every later start. There is no default in the code."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from peakzero.errors import InputError, Problem
from peakzero.settings import Settings

__all__ = ["MIN_SECRET_LENGTH", "SECRET_FILE", "secret_key"]

SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32
"""Characters of a usable key (token_urlsafe(48) gives 64)."""


def secret_key(settings: Settings) -> str:
    """The key of ``settings`` or the data folder's, written there on first use if absent."""
    if settings.secret_key is not None:
        return _checked(settings.secret_key, "$PEAKZERO_SECRET_KEY")
    path = settings.data_folder / SECRET_FILE
    if not path.exists():
        _write(path, secrets.token_urlsafe(48))
    return _checked(path.read_text(encoding="utf-8").strip(), str(path))


def _write(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two workers starting at once cannot both write; the loser reads the winner's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")


def _checked(key: str, where: str) -> str:
    if len(key) < MIN_SECRET_LENGTH:
        raise InputError(
            Problem(
                where,
                f"a secret key needs at least {MIN_SECRET_LENGTH} characters, "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                value=f"{len(key)} characters",
            )
        )
    return key
