"""Topical courses: dispensing and review records, numbered by the plan's blocks and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.courses_contract.harness import TOPICAL_PLAN, Clinic, etag, given, utc_instant

DISPENSED = {"status": "dispensed", "block": 3, "date": "2025-01-26", "amount": "40 g",
             "lot": "C-0126", "expiry": "2025-03-01", "note": "10 % w/w jar"}
REVIEWED = {"status": "reviewed", "review": 2, "date": "2025-02-03", "note": "softer"}


def topical(clinic: Clinic) -> dict[str, Any]:
    """A new short topical course (four blocks, three reviews)."""
    return clinic.course(TOPICAL_PLAN, kind="topical")


def test_a_pharmacist_records_a_dispensing(clinic: Clinic) -> None:
    course = topical(clinic)
    response = clinic.record(course, DISPENSED, role="pharmacist")
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == etag(2)
    updated = response.json()
    (record,) = updated["records"]
    assert record["status"] == "dispensed" and record["block"] == 3
    assert record["date"] == "2025-01-26" and record["lot"] == "C-0126"
    assert record["by"] == clinic.users["pharmacist"]
    utc_instant(record["at"])
    assert updated["plan"] == TOPICAL_PLAN


def test_a_clinician_records_a_review(clinic: Clinic) -> None:
    course = clinic.recorded(topical(clinic), REVIEWED)
    (record,) = course["records"]
    assert record["status"] == "reviewed" and record["review"] == 2
    assert course["version"] == 2


@pytest.mark.parametrize("body", [
    {**DISPENSED, "block": 0},
    {**DISPENSED, "block": 5},
    {**DISPENSED, "amount": "40 mL/g"},
    {**REVIEWED, "review": 0},
    {**REVIEWED, "review": 4},
    given(1, "2025-01-06"),
    {"status": "deferred", "round": 1, "date": "2025-01-10", "reason": "x"},
])
def test_bad_topical_records_are_422(clinic: Clinic, body: dict[str, Any]) -> None:
    course = topical(clinic)
    response = clinic.record(course, body)
    assert response.status_code == 422, response.text
    assert clinic.get(course["id"]).json()["version"] == 1


def test_topical_records_need_if_match(clinic: Clinic) -> None:
    course = topical(clinic)
    assert clinic.http.post(f"/api/v1/courses/{course['id']}/records", json=DISPENSED,
                            headers=clinic.auth("pharmacist")).status_code == 428
    assert clinic.record(course, DISPENSED, role="pharmacist", version=3).status_code == 412


def test_injection_statuses_are_refused_for_dispensing_on_injection_courses(
    clinic: Clinic,
) -> None:
    course = clinic.course()
    response = clinic.record(course, {**DISPENSED, "block": 1})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("body", [DISPENSED, REVIEWED], ids=["dispensed", "reviewed"])
def test_a_block_is_dispensed_and_a_review_held_once_until_struck(
    clinic: Clinic, body: dict[str, Any]
) -> None:
    role = "pharmacist" if body["status"] == "dispensed" else "clinician"
    first = clinic.record(topical(clinic), body, role=role)
    assert first.status_code == 201, first.text
    course = first.json()
    again = clinic.record(course, body, role=role)
    assert again.status_code == 409, again.text
    assert "mark that entered in error first" in again.json()["detail"]
    record_id = course["records"][0]["id"]
    struck = clinic.http.post(
        f"/api/v1/courses/{course['id']}/records/{record_id}/entered-in-error",
        json={"reason": "wrong jar"}, headers=clinic.auth("clinician", course["version"]))
    assert struck.status_code == 200, struck.text
    assert clinic.record(struck.json(), body, role=role).status_code == 201


def test_stock_that_expires_before_the_block_ends_is_refused_naming_its_last_day(
    clinic: Clinic,
) -> None:
    course = topical(clinic)
    last = course["schedule"]["blocks"][DISPENSED["block"] - 1]["end"]
    short = {**DISPENSED, "expiry": last}
    assert clinic.record(course, short, role="pharmacist").status_code == 201
    course = topical(clinic)
    early = dt.date.fromisoformat(last) - dt.timedelta(days=1)
    refused = clinic.record(course, {**DISPENSED, "expiry": early.isoformat()}, role="pharmacist")
    assert refused.status_code == 422, refused.text
    (error,) = refused.json()["detail"]
    assert error["loc"] == ["body", "expiry"]
    assert f"before the block's last day {last}" in error["msg"]
