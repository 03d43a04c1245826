"""Schemathesis over the course operations, which the all-checks run leaves out because each call
needs an account: every generated request is sent with an admin's token and the course's current
version, so bodies reach the record rules rather than stopping at 401 or 412, and every answer
must be a documented status in the documented shape, never a 5xx.

Left out here, and why: the negative-data and header checks, since the contract answers a stale
`If-Match` (412) before it reads the body (422), and this harness always sends the token; both
are covered with exact expectations by tests/courses_contract/. Positive data is checked on
`POST /api/v1/courses`, whose schema states the plan by its kind: a body the schema calls valid
is kept, or refused only for a rule a schema cannot state (as the plan endpoints are)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis.checks import ignored_auth, missing_required_header, negative_data_rejection
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.main import create_app
from app.services import accounts
from app.settings import load_settings
from tests.robust import test_schema_all_checks as all_checks  # the quantities' formats
from tests.schema_fuzz import parametrize_operations, run_cases

EXCLUDED = [positive_data_acceptance, negative_data_rejection, missing_required_header,
            ignored_auth]
CREATE = "POST /api/v1/courses"
# Besides the plan's own (those of its plan endpoint): a birth date against today, and a
# reference that another course keeps with another name or birth date (409).
COURSE_RULES = (*all_checks.INJECTION_RULES, *all_checks.TOPICAL_RULES,
                r"birth_date is after today")
PLAN = {"start_date": "2026-01-05", "interval_days": 14,
        "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 3}]}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An app on its own SQLite file, an admin's token and one injection course."""
    data: Path = tmp_path_factory.mktemp("fuzz") / "data"
    app: FastAPI = create_app(load_settings(data_dir=data))
    with TestClient(app) as client:
        database = app.state.database
        accounts.add_user(database, "admin", "admin", "correct horse battery")
        token = accounts.add_token(database, "admin")
        course = client.post("/api/v1/courses", headers={"Authorization": f"Bearer {token}"},
                             json={"patient": {"reference": "H1"}, "kind": "injection",
                                   "plan": PLAN})
        assert course.status_code == 201, course.text
        yield {"app": app, "client": client, "token": token, "course": course.json()["id"]}
    app.state.database.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per course, due-list and audit operation. The schema comes from an app whose
    database no request reaches; the calls go to the `served` app, on its own database."""
    parametrize_operations(metafunc, include=r"^/api/v1/(courses|due|audit)")


def test_no_course_operation_answers_a_server_error(
    operation: str, served: dict[str, Any]
) -> None:
    def check(case: Any) -> None:
        answers_as_documented(case, served)

    run_cases(operation, check, 40)


def answers_as_documented(case: Any, served: dict[str, Any]) -> None:
    """Send the case with the admin's token (and, to a write to the course, its current version);
    the answer must be a documented status in the documented shape."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {served['token']}"}
    if "course_id" in (case.path_parameters or {}):
        case.path_parameters["course_id"] = served["course"]
        if case.method.upper() == "POST":  # a write to the course: its version is needed
            current = served["client"].get(f"/api/v1/courses/{served['course']}",
                                           headers={"Authorization": case.headers["Authorization"]})
            case.headers["If-Match"] = current.headers["etag"]
    sent = case.as_transport_kwargs()
    if not sent.get("cookies"):
        sent.pop("cookies", None)  # per-request cookies are deprecated in the test client
    if isinstance(sent.get("data"), (bytes, str)):
        sent["content"] = sent.pop("data")
    response = served["client"].request(**sent)
    case.validate_response(response, excluded_checks=EXCLUDED)
    if case.operation.label == CREATE and case.meta is not None and \
            case.meta.generation.mode.is_positive:
        kept_or_unstatable(response)


def kept_or_unstatable(response: Any) -> None:
    """A new course the schema calls valid is kept (201), or refused for a rule no schema can
    state: 422 for one of COURSE_RULES, or 409 for a reference already another patient's."""
    if response.status_code == 201:
        return
    assert response.status_code in (409, 422), response.text[:300]
    for error in response.json()["detail"]:
        if response.status_code == 409:
            assert error["type"] == "patient_mismatch", error
            continue
        assert any(re.search(rule, error["msg"]) for rule in COURSE_RULES), error["msg"][:300]
