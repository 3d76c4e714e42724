"""Every route passes through one ``require`` hook (no route decides access itself), and the
seams' behaviour today: the anonymous viewer reads public capabilities, anything else is 404."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI, HTTPException

from peakzero.api.deps import ANONYMOUS, authorize, require, route_requirements


def test_every_route_passes_through_exactly_one_require_hook(app: FastAPI) -> None:
    table = route_requirements(app)
    assert ("GET", "/api/v1/overview") in table and ("GET", "/") in table
    schema_routes = {("GET", "/openapi.json")}  # FastAPI's own: the public schema
    unguarded = [
        key for key, hooks in table.items() if len(hooks) != 1 and key not in schema_routes
    ]
    assert unguarded == []
    assert table[("GET", "/")] == table[("GET", "/api/v1/overview")] == [("overview", "read")]


def test_the_anonymous_viewer_reads_public_data_only() -> None:
    assert authorize(ANONYMOUS, "overview", "read")
    assert not authorize(ANONYMOUS, "overview", "write")
    assert not authorize(ANONYMOUS, "users", "read")
    refused = require("users", "read")

    async def ask() -> None:
        await refused(ANONYMOUS)

    with pytest.raises(HTTPException) as caught:
        asyncio.run(ask())
    assert caught.value.status_code == 404  # outside one's scope looks like absent
