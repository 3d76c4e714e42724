"""Write results all at once: a failed run leaves no file behind, not even a partial one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from peakzero.errors import PeakzeroError

__all__ = ["OutputError", "write_atomic", "write_text_atomic"]


class OutputError(PeakzeroError):
    """A result cannot be written where the user asked."""


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file in ``path``'s folder, then rename it to ``path``.

    The folder is created if needed; the file gets the usual mode (not mkstemp's owner-only).
    On any failure the temporary file is removed and ``path`` is left as it was.

    Raises
    ------
    OutputError
        If ``path`` is a folder or cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        msg = f"cannot write {target}: it is a folder; give a file name"
        raise OutputError(msg)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from exc
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder."""

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)

    write_atomic(path, write)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
