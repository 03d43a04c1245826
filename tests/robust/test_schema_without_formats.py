"""The all-checks run again as a client that knows none of the schema's own formats (`sts-volume`,
…) would generate its requests: from the patterns and lengths alone. What the schema calls valid
is still accepted, but for the rules no schema can state (the same list as the all-checks run):
no empty or all-zero quantity, no text a quantity never is."""

from __future__ import annotations

import pytest
from schemathesis.specs.openapi import formats

from tests.robust.test_schema_all_checks import holds_every_check
from tests.schema_fuzz import parametrize_operations, run_cases

EXAMPLES_PER_OPERATION = 15


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The operations that take a JSON body, but the course endpoints (as the all-checks run)."""
    parametrize_operations(metafunc, include=r"^/api/v1/(mix|compound|plans|beyond-use)")


def test_every_check_passes_knowing_only_the_patterns(
    operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [name for name in formats.STRING_FORMATS if name.startswith("sts-")]:
        monkeypatch.delitem(formats.STRING_FORMATS, name)
    run_cases(operation, holds_every_check, EXAMPLES_PER_OPERATION)
