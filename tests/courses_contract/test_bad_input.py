"""Hostile and malformed input on the course endpoints: a clear 422, never a 500, never an echo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.courses_contract.harness import (
    API,
    NAME,
    SEED_PLAN,
    TOPICAL_PLAN,
    Clinic,
    etag,
    given,
)

GIVEN = given(1, "2020-05-07")


@pytest.mark.parametrize("body", [
    {**GIVEN, "round": "1"},
    {**GIVEN, "round": True},
    {**GIVEN, "round": 1.5},
    {**GIVEN, "round": None},
    {**GIVEN, "date": 20200507},
    {**GIVEN, "date": "2020-05-07T09:00:00"},
    {**GIVEN, "date": "07/05/2020"},
    {**GIVEN, "expiry": "2030-02-30"},
    {**GIVEN, "lot": ""},
    {**GIVEN, "lot": "L1\nL2"},
    {**GIVEN, "note": "fine\x00"},
    {**GIVEN, "note": "x" * 20_000},  # over the field bound, under the 64 KiB body limit
    {**GIVEN, "volumes": {"right middle MCP": "NaN mL"}},
    {**GIVEN, "volumes": {"right middle MCP": "inf mL"}},
    {**GIVEN, "volumes": {"right middle MCP": 1.2}},
    {**GIVEN, "volumes": ["right middle MCP"]},
    {"round": 1, "status": "deferred", "date": "2020-05-20", "reason": "   "},
    {"round": 1, "status": "omitted", "date": "2020-05-07", "reason": "a\x07b"},
])
def test_malformed_record_fields_are_422(clinic: Clinic, body: dict[str, Any]) -> None:
    course = clinic.course()
    response = clinic.record(course, body)
    assert response.status_code == 422, response.text
    assert clinic.get(course["id"]).json()["version"] == 1


@pytest.mark.parametrize("raw", [
    b"", b"not json", b"[1, 2]", b'"given"', b'{"round": NaN, "status": "given"}',
    b'{"round": 1, "status": "given", "date": "2020-05-07", "lot": "L", "expiry": Infinity}',
    b"\xff\xfe{}",
])
def test_bodies_that_are_not_a_json_object_are_422(clinic: Clinic, raw: bytes) -> None:
    course = clinic.course()
    response = clinic.http.post(
        f"{API}/courses/{course['id']}/records", content=raw,
        headers={**clinic.auth("clinician", 1), "content-type": "application/json"})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("patient", [
    {"reference": "H1", "name": NAME + "\x00"},
    {"reference": "H1", "name": NAME * 40},
    {"reference": "H1", "name": NAME, "birth_date": "1990-13-01"},
    {"reference": "H1", "name": NAME, "birth_date": 19900101},
    {"reference": 1234567, "name": NAME},
])
def test_bad_patient_fields_are_422_without_the_name(clinic: Clinic, patient: dict[str, Any]
                                                      ) -> None:
    body = {"patient": patient, "kind": "injection", "plan": SEED_PLAN}
    response = clinic.http.post(f"{API}/courses", json=body, headers=clinic.auth("clinician"))
    assert response.status_code == 422, response.text
    assert "Zebedee" not in response.text and "Quuxworth" not in response.text


@pytest.mark.parametrize("plan", [[SEED_PLAN], "SEED", None, 7])
def test_a_plan_that_is_not_an_object_is_422(clinic: Clinic, plan: Any) -> None:
    body = {"patient": {"reference": "H1"}, "kind": "injection", "plan": plan}
    response = clinic.http.post(f"{API}/courses", json=body, headers=clinic.auth("clinician"))
    assert response.status_code == 422, response.text


def test_a_deferral_may_be_to_a_future_date(clinic: Clinic) -> None:
    today = dt.datetime.now(dt.UTC).date()
    recent = {**SEED_PLAN, "start_date": (today - dt.timedelta(days=7)).isoformat()}
    later = (today + dt.timedelta(days=30)).isoformat()
    course = clinic.recorded(clinic.course(recent), {"round": 1, "status": "deferred",
                                                     "date": later, "reason": "waiting"})
    assert course["schedule"]["visits"][0]["date"] == later


@pytest.mark.parametrize(("days", "status"), [(365, 201), (366, 422)])
def test_a_deferral_goes_at_most_a_year_past_the_planned_date(
    clinic: Clinic, days: int, status: int
) -> None:
    planned = dt.date.fromisoformat(SEED_PLAN["start_date"])
    moved = (planned + dt.timedelta(days=days)).isoformat()
    response = clinic.record(clinic.course(), {"round": 1, "status": "deferred", "date": moved,
                                               "reason": "waiting for results"})
    assert response.status_code == status, response.text
    if status == 422:
        error = response.json()["detail"][0]
        assert error["loc"] == ["body", "date"]
        assert "at most 365 days after its planned date" in error["msg"]
        assert f"{moved} is 366 days after it" in error["msg"]


def test_an_expired_topical_product_is_refused(clinic: Clinic) -> None:
    course = clinic.course(TOPICAL_PLAN, kind="topical")
    response = clinic.record(course, {"status": "dispensed", "block": 1, "date": "2025-01-06",
                                      "amount": "40 g", "lot": "C1", "expiry": "2025-01-05"},
                             role="pharmacist")
    assert response.status_code == 422, response.text
    assert "expired" in response.text.lower()


def test_audit_of_an_unknown_course_is_404(clinic: Clinic) -> None:
    response = clinic.http.get(f"{API}/audit", params={"course": "AAAAAAAAAAAAAAAAAAAAAAAA"},
                               headers=clinic.auth("admin"))
    assert response.status_code == 404


def test_if_match_must_be_the_quoted_current_version(clinic: Clinic) -> None:
    course = clinic.course()
    for value in ('"01"x', '"1', "one", '"2"'):
        response = clinic.record(course, GIVEN, version=value)
        assert response.status_code == 412, (value, response.text)
    assert clinic.record(course, GIVEN, version=etag(1)).status_code == 201


def test_a_round_is_deferred_at_most_twenty_times(clinic: Clinic) -> None:
    course = clinic.course()
    day = dt.date.fromisoformat(SEED_PLAN["start_date"])
    for _ in range(20):
        day += dt.timedelta(days=1)
        course = clinic.recorded(course, {"round": 1, "status": "deferred",
                                          "date": day.isoformat(), "reason": "unwell"})
    day += dt.timedelta(days=1)
    refused = clinic.record(course, {"round": 1, "status": "deferred", "date": day.isoformat(),
                                     "reason": "unwell"})
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        "round 1 has been deferred 20 times, the most one round may be: record it omitted, "
        "or stop the course and plan again")
    omitted = clinic.record(course, {"round": 1, "status": "omitted", "date": day.isoformat(),
                                     "reason": "plan changed"})
    assert omitted.status_code == 201, omitted.text
