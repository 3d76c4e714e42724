"""Schemathesis over the whole OpenAPI schema, in-process: no answer is a 500 and every answer
matches what the schema documents (status, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from peakzero.api import create_app
from peakzero.settings import Settings

# A key in the settings: nothing is written to a data folder.
APP = create_app(Settings(secret_key="schemathesis-" + "k" * 40, overview_runs=20))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _computed() -> None:
    APP.state.overview.get()  # once, before the cases (hypothesis times each one)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_route_answers_500_and_every_answer_matches_the_schema(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response)
