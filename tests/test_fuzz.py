"""Schemathesis against the app's own OpenAPI schema, in-process: for every operation the schema
lists when the tests run, a bounded, derandomized set of generated requests gets no 5xx and a
response that matches the schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app

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
