"""Schemathesis against the app's own OpenAPI schema, in-process: for every operation the schema
lists when the tests run, a bounded, derandomized set of generated requests gets no 5xx and a
response that matches the schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from tests.security_samples import NOT_PAGES, PAGE_QUERY, all_routes

EXAMPLES_PER_OPERATION = 30


# Loaded when the module is collected, so every operation built by then becomes its own test.
# (The lazy fixture loader does not run under this pytest version.)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_operation_never_fails_and_keeps_to_its_schema(case: Any) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


# The HTML pages are not in the OpenAPI schema: their query strings are fuzzed here instead, one
# parameter at a time, with arbitrary text in place of a valid value.
PAGE_APP = create_app()
PAGE_PATHS = sorted(
    route.path for route in all_routes(PAGE_APP.routes)
    if isinstance(route, APIRoute) and "GET" in route.methods
    and not route.path.startswith(NOT_PAGES) and "{" not in route.path
    and not route.path.endswith(".pdf")  # the same form parsing as the page, but slow to render
)
PARAMETERS = sorted({name for name, _ in PAGE_QUERY})


@pytest.mark.parametrize("path", PAGE_PATHS)
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(PARAMETERS), value=st.text(max_size=80))
def test_page_never_fails_on_any_query_text(path: str, name: str, value: str) -> None:
    query = [(key, value if key == name else text) for key, text in PAGE_QUERY]
    with TestClient(PAGE_APP) as http:
        response = http.get(path, params=query)
    assert response.status_code < 500, (path, name, value)
