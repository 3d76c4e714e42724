"""The platform's web shell: a FastAPI app serving the JSON API (``/api/v1/...``) and the pages
(Jinja2 templates of :mod:`peakzero.web`), both thin over the engines and the studies.

Nothing here decides who may see what: every route depends on :func:`peakzero.api.deps.require`.
"""

from __future__ import annotations

from peakzero.api.app import create_app

__all__ = ["create_app"]
