"""Schemathesis on POST /api/v1/beyond-use alone: requests outside its schema are refused with a
422, and no request, inside or outside it, gets a 5xx or a response off its schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app

negative = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(
    path="/api/v1/beyond-use")
negative.config.generation.update(modes=[GenerationMode.NEGATIVE])
positive = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(
    path="/api/v1/beyond-use")
positive.config.generation.update(modes=[GenerationMode.POSITIVE])

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
BOUNDED = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))


@negative.parametrize()
@BOUNDED
def test_requests_outside_the_schema_are_refused(case: Any) -> None:
    case.call_and_validate(checks=[*CHECKS, negative_data_rejection])


@positive.parametrize()
@BOUNDED
def test_requests_inside_the_schema_never_fail(case: Any) -> None:
    # Generated dates fall anywhere, so many are refused for an expired component: a 422 is a
    # correct answer there, which is why positive_data_acceptance is not asserted.
    case.call_and_validate(checks=CHECKS)
