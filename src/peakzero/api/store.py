"""The platform's database: one engine per app, made (and migrated) on first use.

The URL is ``PEAKZERO_DATABASE_URL`` (``--db``) or ``peakzero.db`` in the data folder — the store's
own default file when the data folder is the default one, so ``peakzero users add`` and
``peakzero serve`` meet in the same database. Requests that need no database (an anonymous
visitor reading the overview) never open it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peakzero.settings import Settings

__all__ = ["PlatformStore"]


class PlatformStore:
    """The app's engine, made and brought up to date once, on the first request that needs it."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.database_url or f"sqlite:///{settings.data_folder / 'peakzero.db'}"
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        """The engine (the schema migrated to the newest revision the first time)."""
        with self._lock:
            if self._engine is None:
                from peakzero.store.database import make_engine, upgrade

                engine = make_engine(self.url)
                upgrade(engine)
                self._engine = engine
            return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one request; the caller commits."""
        with Session(self.engine()) as session:
            yield session

    @contextmanager
    def scoped(self, *not_found: type[Exception]) -> Iterator[Session]:
        """:meth:`session` in which a ``not_found`` error (an item that is absent or outside the
        caller's scope: the policy tells the two apart to nobody) answers 404."""
        with self.session() as session:
            try:
                yield session
            except not_found:
                raise HTTPException(status_code=404) from None

    def dispose(self) -> None:
        """Close the engine's connections (at shutdown)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
