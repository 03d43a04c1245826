"""Schemathesis against the app's own OpenAPI schema, in-process, from a client with no account:
for every course, due-list and audit operation, a bounded, derandomized set of generated requests
gets no 5xx and a response that matches the schema; and no page fails on any query text.

The other operations need no account: tests/robust/test_schema_all_checks.py runs these checks
and every other on them. tests/robust/test_course_operations_fuzz.py sends the course operations
again with an admin's token, so that their bodies reach the record rules."""

from __future__ import annotations

from typing import Any

import pytest
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

from tests.schema_fuzz import parametrize_operations, run_cases, shared_app
from tests.security_samples import NOT_PAGES, PAGE_QUERY, all_routes

EXAMPLES_PER_OPERATION = 30


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per operation that needs an account and one per page, found as the tests are
    collected."""
    parametrize_operations(metafunc, include=r"^/api/v1/(courses|due|audit)")
    if "path" in metafunc.fixturenames:
        metafunc.parametrize("path", page_paths())


def test_operation_never_fails_and_keeps_to_its_schema(operation: str) -> None:
    def check(case: Any) -> None:
        case.call_and_validate(
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ]
        )

    run_cases(operation, check, EXAMPLES_PER_OPERATION)


# The HTML pages are not in the OpenAPI schema: their query strings are fuzzed here instead, one
# parameter at a time, with arbitrary text in place of a valid value.
def page_paths() -> list[str]:
    """Every page answering GET at a fixed address, but the PDFs (the same form parsing as their
    page, but slow to render)."""
    return sorted(
        route.path for route in all_routes(shared_app().routes)
        if isinstance(route, APIRoute) and "GET" in route.methods
        and not route.path.startswith(NOT_PAGES) and "{" not in route.path
        and not route.path.endswith(".pdf")
    )


PARAMETERS = sorted({name for name, _ in PAGE_QUERY})


@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(PARAMETERS), value=st.text(max_size=80))
def test_page_never_fails_on_any_query_text(path: str, name: str, value: str) -> None:
    query = [(key, value if key == name else text) for key, text in PAGE_QUERY]
    with TestClient(shared_app()) as http:
        response = http.get(path, params=query)
    assert response.status_code < 500, (path, name, value)
