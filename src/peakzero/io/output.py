"""Write results all at once: a failed run leaves no file behind, not even a partial one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from peakzero.errors import PeakzeroError

__all__ = ["OutputError", "write_text_atomic"]


class OutputError(PeakzeroError):
    """A result cannot be written where the user asked."""


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    target = Path(path)
    if target.is_dir():
        msg = f"cannot write {target}: it is a folder; give a file name"
        raise OutputError(msg)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        # mkstemp creates the file readable by its owner only; give it the usual mode instead.
        Path(temporary).chmod(0o666 & ~_umask())
        Path(temporary).replace(target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
