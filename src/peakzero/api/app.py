"""The app factory: :func:`create_app` builds the platform from its settings.

Creating the app imports no engine, no pandas and no unit registry (pint, iam-units and the
SciPy and Dask they pull in): those load on first use, and ``peakzero serve``'s warm-up of the
Overview loads them in the background right after start. PyPSA only a grid job imports. So
the server answers before they are loaded (``tests/api/test_grid.py`` checks the list; figures
in docs/design/speed.md, "Platform start").
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from peakzero import __version__
from peakzero.api.deps import LoginRequired
from peakzero.api.grid import GridJobs
from peakzero.api.middleware import BodyLimit, SecurityHeaders
from peakzero.api.overview import OverviewCache
from peakzero.api.problems import PROBLEM_JSON, install_handlers
from peakzero.api.routes import (
    audit,
    auth,
    grid,
    inventory,
    language,
    meta,
    monitoring,
    overview,
    pathways,
    pathways_analysis,
    programme,
    user_scenarios,
    users,
)
from peakzero.api.routes.auth import safe_next
from peakzero.api.secret import secret_key
from peakzero.api.store import PlatformStore
from peakzero.settings import Settings
from peakzero.settings import settings as current_settings
from peakzero.web import STATIC_DIR

__all__ = ["PROBLEM_SCHEMA", "create_app", "serve_app"]

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; errors lists each field (422).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message", "allowed"],
                "properties": {
                    "field": {"type": "string", "description": "e.g. query.lang, body.levers.0"},
                    "message": {"type": "string"},
                    "value": {},
                    "allowed": {"type": "string", "description": "what would be valid"},
                },
            },
        },
    },
}


WARM_AFTER = 1.0  # seconds after start-up that ``serve`` begins computing the Overview


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """The platform for ``settings`` (default: the environment's). ``warm``: start computing
    the overview in the background ``WARM_AFTER`` seconds after start-up, so that the first
    visitor of the Overview does not wait (one who comes sooner computes it)."""
    settings = settings or current_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The warm-up starts a moment after the server listens, not with it: its imports
        # (pandas, the engine) would hold the GIL while the server binds and answers its first
        # request (first answers measured 1.4 s or 2.2 s depending on which thread ran first).
        timer = (
            asyncio.get_running_loop().call_later(WARM_AFTER, app.state.overview.warm)
            if warm
            else None
        )
        yield
        if timer is not None:
            timer.cancel()
        app.state.grid_jobs.close()  # the local Dask cluster, if a grid job started one
        app.state.store.dispose()

    app = FastAPI(
        title="peakzero platform",
        version=__version__,
        summary="Beijing's carbon peak and neutrality: the JSON twin of every page.",
        docs_url=None,  # the Swagger/ReDoc pages load inline scripts from a CDN: not under our CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.secret_key = secret_key(settings)
    app.state.overview = OverviewCache(settings)
    app.state.store = PlatformStore(settings)
    app.state.grid_jobs = GridJobs(settings, app.state.store.url)
    install_handlers(app)
    app.add_exception_handler(LoginRequired, _to_login)
    app.include_router(auth.router)
    app.include_router(language.router)
    app.include_router(meta.router)
    app.include_router(overview.router)
    app.include_router(audit.router)
    app.include_router(users.router)
    app.include_router(pathways.router)
    app.include_router(user_scenarios.router)
    app.include_router(pathways_analysis.router)
    app.include_router(programme.router)
    app.include_router(inventory.router)
    app.include_router(grid.router)
    app.include_router(monitoring.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _to_login(request: Request, exc: Exception) -> RedirectResponse:
    """A page a visitor may not see: the login page, back here afterwards."""
    target = safe_next(exc.next_path if isinstance(exc, LoginRequired) else "/")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema with the answers the handlers really give: problem JSON for 422 (not
    FastAPI's HTTPValidationError) and for 404/413."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    problem = {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses or operation.get("parameters") or "requestBody" in operation:
                responses["422"] = {"description": "Invalid input, each field named", **problem}
            responses["404"] = {"description": "Unknown id or outside your scope", **problem}
            # Any request may carry an API token; an unknown or revoked one is refused.
            responses["401"] = {"description": "Sign in or send a valid API token", **problem}
            if "requestBody" in operation:
                responses["413"] = {"description": "Body over PEAKZERO_MAX_BODY_BYTES", **problem}
    app.openapi_schema = schema
    return schema


def serve_app() -> FastAPI:
    """The app ``peakzero serve`` runs (a factory for uvicorn, so each worker builds its own
    from the ``PEAKZERO_*`` environment the command set), warming the overview at start."""
    return create_app(warm=True)
