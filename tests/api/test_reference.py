"""The API reference page (docs/reference/api.md) is generated from the OpenAPI schema and kept
current: `make docs` (or `python -m peakzero.api.reference`) regenerates it."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from peakzero.api.deps import route_requirements
from peakzero.api.reference import PAGE, api_reference

REPO = Path(__file__).resolve().parents[2]


def test_the_api_reference_is_current() -> None:
    page = (REPO / PAGE).read_text(encoding="utf-8")
    assert page == api_reference(), "run `make docs` to regenerate docs/reference/api.md"


def test_every_operation_is_listed_with_what_it_needs(app: FastAPI) -> None:
    page = api_reference()
    hooks = route_requirements(app)
    for path, item in app.openapi()["paths"].items():
        for method in item:
            section = page.split(f"### `{method.upper()} {path}`\n", 1)[1].split("\n### ", 1)[0]
            ((capability, action),) = hooks[(method.upper(), path)]
            assert f"**Needs**: `{capability}` {action}" in section, (method, path)
            assert "**Answers**" in section


def test_a_request_body_lists_its_fields() -> None:
    page = api_reference()
    section = page.split("### `PATCH /api/v1/me/language`\n", 1)[1].split("\n### ", 1)[0]
    assert "| `language` | one of `zh_CN`, `en` or null | yes | zh_CN or en;" in section
    assert "granted to" in page.split("### `POST /api/v1/users`\n", 1)[1].split("\n### ", 1)[0]
