"""``peakzero serve``: the platform (FastAPI on uvicorn) on 127.0.0.1:8000 unless told."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from peakzero.settings import ENV_PREFIX, settings

__all__ = ["serve"]


def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Address to listen on (PEAKZERO_HOST; default 127.0.0.1, loopback)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (PEAKZERO_PORT; default 8000).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(help="Database URL (PEAKZERO_DATABASE_URL; default the SQLite file)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the platform: the pages (简体中文 / English) and their JSON twins under /api/v1."""
    # Flags become the environment every worker reads (each builds its app from it).
    for name, value in (("HOST", host), ("PORT", port), ("DATABASE_URL", db)):
        if value is not None:
            os.environ[ENV_PREFIX + name] = str(value)
    current = settings()
    # The secret key is made once here, before workers start, so they all read the same file.
    from peakzero.api.secret import secret_key

    secret_key(current)
    import uvicorn

    typer.echo(f"peakzero platform on http://{current.host}:{current.port} (Ctrl-C stops)")
    uvicorn.run(
        "peakzero.api.app:serve_app",
        factory=True,
        host=current.host,
        port=current.port,
        workers=workers,
        log_level="info",
    )
