"""Every route passes through one ``require`` hook (no route decides access itself), and the
visitor reads the public capabilities only (the role × route matrix: test_access_matrix.py)."""

from __future__ import annotations

from fastapi import FastAPI

from peakzero.api.deps import ANONYMOUS, authorize, route_requirements


def test_every_route_passes_through_exactly_one_require_hook(app: FastAPI) -> None:
    table = route_requirements(app)
    assert ("GET", "/api/v1/overview") in table and ("GET", "/") in table
    # FastAPI's own public schema, and the login form and its post (open to everyone by nature,
    # guarded by their own token).
    schema_routes = {("GET", "/openapi.json"), ("GET", "/login"), ("POST", "/login")}
    unguarded = [
        key for key, hooks in table.items() if len(hooks) != 1 and key not in schema_routes
    ]
    assert unguarded == []
    assert table[("GET", "/")] == table[("GET", "/api/v1/overview")] == [("overview", "read")]


def test_the_anonymous_viewer_reads_public_data_only() -> None:
    assert authorize(ANONYMOUS, "overview", "read")
    assert not authorize(ANONYMOUS, "overview", "write")
    assert not authorize(ANONYMOUS, "users", "read")
