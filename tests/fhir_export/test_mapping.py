"""How a course's states and settings map: stopped and completed courses, struck-out dispenses,
the patient identifier's system, and a patient known only by their reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import accounts
from app.settings import SettingsError, load_settings
from tests.courses.conftest import PASSWORD, auth
from tests.fhir_export.bundles import export, of_type
from tests.seed import SHORT_TOPICAL


def _stop(client, token, course):
    answer = client.post(f"/api/v1/courses/{course['id']}/stop", json={"reason": "rash"},
                         headers=auth(token, course["version"]))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _finish(client, token, course):
    answer = client.post(f"/api/v1/courses/{course['id']}/records", headers=auth(
        token, course["version"]), json={"round": 4, "status": "omitted", "date": "2020-06-18",
                                         "reason": "declined"})
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.mark.parametrize(
    ("change", "request_status", "plan_status"),
    [(None, "active", "active"), (_stop, "stopped", "revoked"),
     (_finish, "completed", "completed")],
)
def test_the_course_status_maps_to_the_request_and_the_care_plan(
    change, request_status, plan_status, client, tokens, injection_course
):
    course = injection_course
    if change is not None:
        course = change(client, tokens["clinician"], course)
        assert course["status"] == request_status
    bundle = export(client, tokens["viewer"], course["id"])
    (order,) = of_type(bundle, "MedicationRequest")
    (plan,) = of_type(bundle, "CarePlan")
    assert (order["status"], plan["status"]) == (request_status, plan_status)
    if request_status == "stopped":
        assert order["statusReason"] == {"text": "Stopped: rash"}
        assert plan["note"][-1]["text"] == "Stopped: rash"
        assert plan["period"]["end"] == course["stopped"]["at"]
    else:
        assert "statusReason" not in order
        assert plan["period"]["end"] == "2020-06-22"


def test_a_struck_out_dispense_is_entered_in_error(client, tokens, topical_course):
    record = topical_course["records"][0]["id"]
    answer = client.post(
        f"/api/v1/courses/{topical_course['id']}/records/{record}/entered-in-error",
        json={"reason": "wrong jar"}, headers=auth(tokens["clinician"], topical_course["version"]))
    assert answer.status_code == 200, answer.text
    dispensed = of_type(export(client, tokens["viewer"], topical_course["id"]),
                        "MedicationDispense")
    assert [d["status"] for d in dispensed] == ["entered-in-error", "completed"]
    assert dispensed[0]["note"][-1]["text"] == "Entered in error: wrong jar"


def test_the_patient_identifier_system_is_a_setting(tmp_path: Path, ready_db_url: str):
    system = "https://hospital.example/fhir/sid/mrn"
    app = create_app(load_settings(data_dir=tmp_path / "data", database_url=ready_db_url,
                                   patient_id_system=system))
    with TestClient(app) as client:
        accounts.add_user(app.state.database, "ann", "clinician", PASSWORD)
        token = accounts.add_token(app.state.database, "ann")
        made = client.post("/api/v1/courses", headers=auth(token), json={
            "patient": {"reference": "MRN-42"}, "kind": "topical", "plan": SHORT_TOPICAL})
        assert made.status_code == 201, made.text
        (patient,) = of_type(export(client, token, made.json()["id"]), "Patient")
    app.state.database.close()
    # Known only by the reference: no name, no birth date, nothing made up.
    assert patient["identifier"] == [{"system": system, "value": "MRN-42"}]
    assert "name" not in patient and "birthDate" not in patient


@pytest.mark.parametrize(
    ("value", "says"),
    [("hospital mrn", "should match pattern"), ("", "should match pattern"),
     ("urn:" + "x" * 260, "at most 255 characters")],
)
def test_a_bad_patient_identifier_system_stops_start_up(monkeypatch, value, says):
    monkeypatch.setenv("STS_PATIENT_ID_SYSTEM", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "STS_PATIENT_ID_SYSTEM: " in str(caught.value) and says in str(caught.value)
