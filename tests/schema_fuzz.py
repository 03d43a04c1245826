"""Schemathesis's per-operation tests, built when each test runs rather than when its module is
collected.

Schemathesis's own pytest integration works out every operation's coverage cases while pytest
collects (over half a minute, repeated in every parallel worker) and needs the app at import
time; its lazy loader does not run under pytest 9. This is the one module that reaches into
schemathesis's internals, to build the same tests, with the same phases and settings, on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.schemas import BaseSchema

from app.main import create_app


@cache
def shared_app() -> FastAPI:
    """One app built by the factory, made once per test process when a test first asks."""
    return create_app()


@cache
def app_schema() -> BaseSchema:
    """The OpenAPI schema of the shared app."""
    return schemathesis.openapi.from_asgi("/openapi.json", shared_app())


def operation_labels(*, include: str | None = None, exclude: str | None = None) -> list[str]:
    """The labels ("POST /api/v1/mix") of the operations whose paths match `include` and not
    `exclude` (regular expressions)."""
    schema = app_schema()
    if include is not None:
        schema = schema.include(path_regex=include)
    if exclude is not None:
        schema = schema.exclude(path_regex=exclude)
    return sorted(result.ok().label for result in schema.get_all_operations())


def parametrize_operations(metafunc: pytest.Metafunc, **selection: str) -> None:
    """Give a test that takes `operation` one run per selected operation, named by its label."""
    if "operation" in metafunc.fixturenames:
        labels = operation_labels(**selection)
        metafunc.parametrize("operation", labels, ids=labels)


def run_cases(operation: str, check: Callable[[Any], None], examples: int) -> None:
    """Call `check(case)` on every case schemathesis generates for the operation: its coverage
    cases and `examples` generated ones, the same on every run."""
    schema = app_schema()

    # A new function each time: hypothesis's settings mark the function they are given.
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def each(case: Any) -> None:
        check(case)

    test = build_operation_test(
        config=schema.config,
        operation=schema.find_operation_by_label(operation),
        test_func=each,
        given_kwargs={},
        feedback=FeedbackSources(),
    )
    test()
