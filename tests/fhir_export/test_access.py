"""Who may export: every role, with a token (401 without one, 404 for no such course), or
signed in on the course page's FHIR link; each export is audited without patient data."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.courses.conftest import PASSWORD, ROLES, auth
from tests.fhir_export.conftest import PATIENT
from tests.pages.conftest import csrf_of


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_export(role, client, tokens, injection_course):
    answer = client.get(f"/api/v1/courses/{injection_course['id']}/fhir",
                        headers=auth(tokens[role]))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/fhir+json"
    assert answer.headers["etag"] == f'"{injection_course["version"]}"'
    assert answer.json()["type"] == "collection"


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({}, "this needs an API token"),
        ({"Authorization": "Bearer not-a-token"}, "unknown or revoked"),
        ({"Authorization": "Basic dmlld2VyOng="}, "this needs an API token"),
    ],
)
def test_no_valid_token_is_401_and_writes_no_audit(headers, says, client, tokens,
                                                   injection_course):
    answer = client.get(f"/api/v1/courses/{injection_course['id']}/fhir", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert says in answer.text
    trail = client.get(f"/api/v1/audit?course={injection_course['id']}",
                       headers=auth(tokens["admin"])).json()
    assert "course.exported" not in [e["action"] for e in trail]


def test_an_unknown_course_is_404(client, tokens):
    answer = client.get("/api/v1/courses/no-such-course-id-at-all/fhir",
                        headers=auth(tokens["viewer"]))
    assert answer.status_code == 404
    assert "no such course" in answer.text


def test_an_export_is_audited_with_no_patient_data(client, tokens, injection_course):
    client.get(f"/api/v1/courses/{injection_course['id']}/fhir", headers=auth(tokens["viewer"]))
    trail = client.get(f"/api/v1/audit?course={injection_course['id']}",
                       headers=auth(tokens["admin"])).json()
    exported = [e for e in trail if e["action"] == "course.exported"]
    assert len(exported) == 1 and exported[0]["by"] == "viewer"
    assert exported[0]["detail"] == {"version": injection_course["version"],
                                     "format": "fhir-r4-bundle"}
    text = json.dumps(exported)
    assert not any(word in text for word in PATIENT.values())


def _signed_in(client: TestClient, role: str) -> TestClient:
    browser = TestClient(client.app, follow_redirects=False)
    form = browser.get("/sign-in")
    answer = browser.post("/sign-in", data={"username": role, "password": PASSWORD,
                                            "csrf": csrf_of(form.text), "next": "/clinic"})
    assert answer.status_code == 303, answer.text
    return browser


def test_the_course_page_links_a_download_of_the_same_bundle(client, tokens, topical_course):
    browser = _signed_in(client, "viewer")
    link = f"/courses/{topical_course['id']}/fhir"
    page = browser.get(f"/courses/{topical_course['id']}")
    assert f'<a href="{link}" download>FHIR</a>' in page.text
    answer = browser.get(link)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/fhir+json"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="sts-course-fhir.json"')
    assert answer.headers["cache-control"] == "no-store"
    api = client.get(f"/api/v1/courses/{topical_course['id']}/fhir",
                     headers=auth(tokens["viewer"]))
    assert answer.json() == api.json()


def test_the_download_needs_a_session(client, topical_course):
    anonymous = TestClient(client.app, follow_redirects=False)
    answer = anonymous.get(f"/courses/{topical_course['id']}/fhir")
    assert answer.status_code in (303, 401)
    assert "resourceType" not in answer.text


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [('"{v}"', 304), ('W/"{v}"', 304), ('"1", "{v}"', 304), ("*", 304), ('"1"', 200),
     ('"{v}0"', 200)],
)
def test_a_client_that_holds_this_version_gets_304(if_none_match, status, client, tokens,
                                                   injection_course):
    version = injection_course["version"]
    answer = client.get(f"/api/v1/courses/{injection_course['id']}/fhir", headers={
        **auth(tokens["viewer"]), "If-None-Match": if_none_match.format(v=version)})
    assert answer.status_code == status
    assert answer.headers["etag"] == f'"{version}"'
    assert (answer.content == b"") == (status == 304)
