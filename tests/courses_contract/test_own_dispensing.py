"""A pharmacist may strike out their own dispensing record, and nothing else (issue 22)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.courses_contract.harness import API, TOPICAL_PLAN, Clinic, add_user

DISPENSED = {"status": "dispensed", "block": 1, "date": "2025-01-06", "amount": "40 g",
             "lot": "T-7", "expiry": "2026-01-31"}
REVIEWED = {"status": "reviewed", "review": 1, "date": "2025-01-20", "note": "skin intact"}
REFUSAL = "may strike out only its own dispensing records"


def _topical_with(clinic: Clinic, body: dict[str, Any], role: str) -> dict[str, Any]:
    course = clinic.course(TOPICAL_PLAN, kind="topical", role="admin")
    response = clinic.record(course, body, role=role)
    assert response.status_code == 201, response.text
    written: dict[str, Any] = response.json()
    return written


def _strike(clinic: Clinic, course: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
    record_id = course["records"][0]["id"]
    return clinic.http.post(
        f"{API}/courses/{course['id']}/records/{record_id}/entered-in-error",
        json={"reason": "wrong lot typed"},
        headers={**headers, "If-Match": f'"{course["version"]}"'},
    )


def test_a_pharmacist_strikes_out_their_own_dispensing_record(clinic: Clinic) -> None:
    course = _topical_with(clinic, DISPENSED, "pharmacist")
    response = _strike(clinic, course, clinic.auth("pharmacist"))
    assert response.status_code == 200, response.text
    struck = response.json()["records"][0]
    assert struck["status"] == "dispensed"  # the record stays
    assert struck["entered_in_error"]["by"] == clinic.users["pharmacist"]
    assert struck["entered_in_error"]["reason"] == "wrong lot typed"
    last = clinic.audit(course["id"])[-1]
    assert (last["action"], last["by"]) == ("record.entered_in_error",
                                            clinic.users["pharmacist"])
    assert last["detail"]["record_id"] == struck["id"]


@pytest.mark.parametrize(
    ("body", "recorder"),
    [(DISPENSED, "clinician"),  # another account's dispensing record
     (REVIEWED, "clinician")],  # a review is never a pharmacist's to strike
    ids=["another's dispensing", "a review"],
)
def test_a_pharmacist_may_not_strike_other_records(
    clinic: Clinic, body: dict[str, Any], recorder: str,
) -> None:
    course = _topical_with(clinic, body, recorder)
    response = _strike(clinic, course, clinic.auth("pharmacist"))
    assert response.status_code == 403, response.text
    assert REFUSAL in response.text
    after = clinic.get(course["id"]).json()
    assert after["version"] == course["version"]
    assert after["records"][0]["entered_in_error"] is None


def test_a_second_pharmacist_may_not_strike_the_first_s_record(clinic: Clinic) -> None:
    course = _topical_with(clinic, DISPENSED, "pharmacist")
    _, token = add_user("pharmacist")
    response = _strike(clinic, course, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403, response.text
    assert REFUSAL in response.text


def test_a_viewer_still_may_not_strike_anything(clinic: Clinic) -> None:
    course = _topical_with(clinic, DISPENSED, "pharmacist")
    assert _strike(clinic, course, clinic.auth("viewer")).status_code == 403


def test_an_unknown_record_is_404_before_ownership(clinic: Clinic) -> None:
    course = _topical_with(clinic, DISPENSED, "pharmacist")
    response = clinic.http.post(
        f"{API}/courses/{course['id']}/records/{'x' * 22}/entered-in-error",
        json={"reason": "wrong"}, headers=clinic.auth("pharmacist", course["version"]))
    assert response.status_code == 404, response.text
