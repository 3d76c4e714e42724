"""The platform's web shell: a FastAPI app serving the JSON API (``/api/v1/...``) and the pages
(Jinja2 templates of :mod:`peakzero.web`), both thin over the engines and the studies.

Nothing here decides who may see what: every route depends on :func:`peakzero.api.deps.require`.

:func:`create_app` is looked up on first use: ``peakzero serve`` imports
:mod:`peakzero.api.secret` before it starts uvicorn, and with ``--workers N`` that parent
process only watches its workers, each of which imports the app itself — importing the app
(about 1.4 s of CPU) there too would only delay the workers' start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peakzero.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from peakzero.api.app import create_app

        return create_app
    msg = f"module 'peakzero.api' has no attribute {name!r}"
    raise AttributeError(msg)
