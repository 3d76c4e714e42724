"""The one locator of the data files shipped in the package (``peakzero/data/...``).

Every reader finds its packaged file here, not with its own ``importlib.resources`` path, so that
the data folder can move (or be overridden for a test) in one place, and every message names a
packaged file the same way (``peakzero/data/<folder>/<file>``).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from peakzero.errors import ReferenceDataError

__all__ = ["data_file", "data_name", "data_text"]


def data_file(*parts: str) -> Traversable:
    """The packaged file (or folder) ``peakzero/data/<parts...>``; it may not exist."""
    return files("peakzero").joinpath("data", *parts)


def data_name(*parts: str) -> str:
    """How a packaged file is named in messages: ``peakzero/data/<parts...>``."""
    return "/".join(("peakzero", "data", *parts))


def data_text(*parts: str) -> str:
    """The UTF-8 text of a packaged file.

    Raises
    ------
    ReferenceDataError
        If the file is missing from the installed package or is not UTF-8 text.
    """
    try:
        return data_file(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{data_name(*parts)} cannot be read: {exc}"
        raise ReferenceDataError(msg) from exc
