"""Error answers: problem JSON (RFC 9457) under ``/api``, a bilingual page elsewhere.

404 for unknown paths and ids, 422 naming each field path, its value and what is allowed (from
request validation and from the engines' :class:`~peakzero.errors.InputError`), and a catch-all
that logs the exception and answers a clean message without a traceback.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from peakzero.api.middleware import SECURITY_HEADERS
from peakzero.api.pages import render
from peakzero.errors import InputError, PeakzeroError

__all__ = ["PROBLEM_JSON", "install_handlers", "problem_schema", "refuse"]

log = logging.getLogger("peakzero.api")
PROBLEM_JSON = "application/problem+json"
TITLES = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}


def problem_schema() -> dict[str, Any]:
    """The OpenAPI content of a problem answer (declared on every route's 4xx)."""
    return {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def refuse(problems: list[dict[str, Any]]) -> None:
    """Answer 422 naming each problem (``loc``, ``msg``, ``input`` as FastAPI's own); nothing
    when there is none. The checks a schema cannot express end here."""
    if problems:
        raise RequestValidationError(problems)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def _answer(
    request: Request, status: int, detail: str, errors: list[dict[str, Any]] | None = None
) -> Response:
    if _is_api(request):
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": TITLES.get(status, "Error"),
            "status": status,
            "detail": detail,
        }
        if errors is not None:
            body["errors"] = errors
        return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)
    return render(
        request,
        "error.html",
        {"status": status, "detail": detail, "errors": errors or []},
        status_code=status,
    )


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    if exc.status_code == 404:
        detail = f"nothing at {request.url.path}"
    response = _answer(request, exc.status_code, detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    if exc.status_code == 405 and (allowed := _allowed_methods(request)):
        response.headers["Allow"] = ", ".join(allowed)
    return response


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at the request's path (Starlette's 405 names only the
    first route's, e.g. GET of ``/api/v1/users`` and not its POST)."""
    from starlette.routing import Match

    from peakzero.api.deps import _api_routes

    found: set[str] = set()
    for route in _api_routes(request.app.routes):
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            found |= set(route.methods or ())
    return sorted(found)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": _field(error.get("loc", ())),
            "message": str(error.get("msg", "")),
            "value": _jsonable(error.get("input")),
            "allowed": _allowed(error),
        }
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _answer(request, 422, detail, errors)


def _allowed(error: dict[str, Any]) -> str:
    """What would be valid, from pydantic's context (expected values, bounds) or its message."""
    context = error.get("ctx") or {}
    if "expected" in context:
        return f"one of {context['expected']}"
    for key, word in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
        if key in context:
            return f"a value {word} {context[key]}"
    return str(error.get("msg", ""))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


async def _input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    errors = [
        {
            "field": problem.column or problem.file,
            "message": problem.message,
            "value": _jsonable(problem.value),
            "allowed": problem.message,
        }
        for problem in exc.problems
    ]
    return _answer(request, 422, str(exc), errors)


async def _unexpected(request: Request, exc: Exception) -> Response:
    incident = uuid.uuid4().hex[:12]
    log.exception("incident %s: %s %s", incident, request.method, request.url.path)
    status = 422 if isinstance(exc, PeakzeroError) else 500
    detail = (
        str(exc) if status == 422 else f"the server could not answer; incident {incident} logged"
    )
    response = _answer(request, status, detail)
    # The catch-all answers outside the middleware stack: add its headers here.
    for name, value in SECURITY_HEADERS:
        response.headers.setdefault(name, value)
    return response


def install_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(InputError, _input)
    app.add_exception_handler(Exception, _unexpected)
