"""Issue 24, finding 11: `POST /api/v1/courses` states its plan's shape by `kind` in the OpenAPI
schema (the injection or topical plan request, without `given`), while the endpoint accepts and
refuses exactly as before."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import load_settings
from tests.courses.conftest import INJECTION_PLAN, TOPICAL_PLAN, auth

PATIENT = {"reference": "R-1"}


@pytest.fixture(scope="module")
def body_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The request body's schema as /openapi.json serves it (one app for the module: the schema
    is the same on either engine, and making it is most of each test's time)."""
    app = create_app(load_settings(data_dir=tmp_path_factory.mktemp("schema") / "data"))
    with TestClient(app) as client:
        schema = client.get("/openapi.json").json()
    app.state.database.close()
    found: dict[str, Any] = schema["paths"]["/api/v1/courses"]["post"]["requestBody"][
        "content"]["application/json"]["schema"]
    return found


@pytest.mark.parametrize(("body", "valid"), [
    ({"patient": PATIENT, "kind": "injection", "plan": INJECTION_PLAN}, True),
    ({"patient": PATIENT, "kind": "topical", "plan": TOPICAL_PLAN}, True),
    ({"patient": PATIENT, "kind": "injection", "plan": {}}, False),
    ({"patient": PATIENT, "kind": "topical", "plan": INJECTION_PLAN}, False),
    ({"patient": PATIENT, "kind": "injection", "plan": {**INJECTION_PLAN, "given": []}}, False),
    ({"patient": {**PATIENT, "language": "xx"}, "kind": "injection", "plan": INJECTION_PLAN},
     False),
])
def test_the_schema_states_the_plan_of_each_kind(
    body_schema: dict[str, Any], body: dict[str, Any], valid: bool
) -> None:
    assert [x["properties"]["kind"]["const"] for x in body_schema["oneOf"]] == [
        "injection", "topical"]
    errors = list(jsonschema_rs.Draft202012Validator(body_schema).iter_errors(body))
    assert (not errors) is valid, errors


@pytest.mark.parametrize(("plan", "loc", "said"), [
    ({}, ["body", "plan", "start_date"], "start_date"),
    ({**INJECTION_PLAN, "given": []}, ["body", "plan", "given"], "add records instead"),
])
def test_the_endpoint_refuses_as_before(
    client: TestClient, tokens: dict[str, str], plan: dict[str, Any], loc: list[str], said: str
) -> None:
    answer = client.post("/api/v1/courses", headers=auth(tokens["clinician"]),
                         json={"patient": PATIENT, "kind": "injection", "plan": plan})
    assert answer.status_code == 422
    assert any(e["loc"] == loc and said in e["msg"] for e in answer.json()["detail"]), answer.text
