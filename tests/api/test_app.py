"""The app shell: headers, error answers (404, 422, 413, the catch-all), no PyPSA at start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field

from peakzero.api import create_app
from peakzero.api.middleware import CONTENT_SECURITY_POLICY
from peakzero.settings import Settings


def test_creating_the_app_imports_no_pypsa_and_no_engine_data(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from peakzero.api import create_app\n"
        "from peakzero.settings import Settings\n"
        f"create_app(Settings(data_dir=Path({str(tmp_path)!r})))\n"
        "print('pypsa' in sys.modules, 'peakzero.pathways.run' in sys.modules,"
        " 'openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # openpyxl: deferred to the first workbook import or export (issue 12, start time)
    assert out.stdout.split() == ["False", "False", "False"]


def test_every_answer_carries_the_security_headers(app: FastAPI, call: Call) -> None:
    for path in ("/api/v1/health", "/api/v1/nothing", "/nothing", "/static/css/site.css"):
        response = call(app, "GET", path)
        csp = response.headers["content-security-policy"]
        assert csp == CONTENT_SECURITY_POLICY
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_unknown_api_path_is_a_problem_json_404(app: FastAPI, call: Call) -> None:
    response = call(app, "GET", "/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "nothing at /api/v1/no-such-thing"


def test_unknown_page_is_a_page_in_the_chosen_language(app: FastAPI, call: Call) -> None:
    chinese = call(app, "GET", "/no-such-page")
    assert chinese.status_code == 404
    assert chinese.headers["content-type"].startswith("text/html")
    assert "未找到" in chinese.text and '<html lang="zh-CN">' in chinese.text
    english = call(app, "GET", "/no-such-page?lang=en")
    assert english.status_code == 404 and "Not found" in english.text


Call = Callable[..., httpx.Response]


class _Body(BaseModel):
    runs: int = Field(ge=1, le=10_000)
    scenario: str


def _with_test_routes(tmp_path: Path, max_body_bytes: int = 1000) -> FastAPI:
    """An app with routes only tests have: one validating a body, two that fail."""
    app = create_app(Settings(data_dir=tmp_path, max_body_bytes=max_body_bytes))

    @app.post("/api/v1/_echo")
    def echo(body: _Body, level: int = 0) -> _Body:
        return body

    @app.get("/api/v1/_boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    @app.get("/_boom")
    def boom_page() -> None:
        raise RuntimeError("secret internals")

    return app


def test_invalid_input_names_each_field_its_value_and_what_is_allowed(
    tmp_path: Path, call: Call
) -> None:
    app = _with_test_routes(tmp_path)
    response = call(app, "POST", "/api/v1/_echo?level=high", json={"runs": 0})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert set(errors) == {"query.level", "body.runs", "body.scenario"}
    assert errors["body.runs"]["value"] == 0
    assert errors["body.runs"]["allowed"] == "a value ≥ 1"
    assert errors["query.level"]["value"] == "high"
    assert "integer" in errors["query.level"]["allowed"]


def test_a_body_over_the_limit_is_413_before_the_app_reads_it(tmp_path: Path, call: Call) -> None:
    app = _with_test_routes(tmp_path, max_body_bytes=100)
    response = call(app, "POST", "/api/v1/_echo", content=b"x" * 101)
    assert response.status_code == 413
    assert "limit of 100 bytes" in response.json()["detail"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(5):
            yield b"x" * 50

    assert call(app, "POST", "/api/v1/_echo", content=chunks()).status_code == 413
    small = call(app, "POST", "/api/v1/_echo", json={"runs": 3, "scenario": "plan"})
    assert small.status_code == 200


def test_an_unexpected_error_is_logged_and_answered_without_internals(
    tmp_path: Path, call: Call
) -> None:
    app = _with_test_routes(tmp_path)
    api = call(app, "GET", "/api/v1/_boom", raise_errors=False)
    assert api.status_code == 500
    assert api.headers["content-type"] == "application/problem+json"
    assert "incident" in api.json()["detail"]
    assert "secret internals" not in api.text and "Traceback" not in api.text
    assert api.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page = call(app, "GET", "/_boom", raise_errors=False)
    assert page.status_code == 500 and "出错了" in page.text
    assert "secret internals" not in page.text


def test_the_api_documents_itself_and_serves_no_inline_script_pages(
    app: FastAPI, call: Call
) -> None:
    schema = call(app, "GET", "/openapi.json").json()
    assert "/api/v1/overview" in schema["paths"] and "/" not in schema["paths"]
    assert "Problem" in schema["components"]["schemas"]
    assert call(app, "GET", "/docs").status_code == 404  # Swagger UI needs inline script


def test_static_files_are_served_with_the_vendored_libraries(app: FastAPI, call: Call) -> None:
    for path in ("/static/vendor/echarts/echarts.min.js", "/static/vendor/htmx/htmx.min.js"):
        response = call(app, "GET", path)
        assert response.status_code == 200 and len(response.content) > 30_000
