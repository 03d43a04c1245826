"""Courses: create, read and list, as the courses API contract says, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from tests.courses_contract.harness import (
    API,
    ID_PATTERN,
    NAME,
    SEED_DATES,
    SEED_FULL,
    SEED_PLAN,
    TOPICAL_PLAN,
    Clinic,
    contains,
    etag,
    reference,
    utc_instant,
)

COURSE_KEYS = {"id", "version", "kind", "status", "patient", "plan", "schedule", "records",
               "created"}


def plan_endpoint(clinic: Clinic, kind: str, plan: dict[str, Any]) -> dict[str, Any]:
    """What POST /plans/{kind} answers for `plan`, without an account."""
    response = clinic.http.post(f"{API}/plans/{kind}", json=plan)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def without_visit_state(schedule: dict[str, Any]) -> dict[str, Any]:
    """The schedule with each visit's added `status` and `record` taken out."""
    plain = copy.deepcopy(schedule)
    for visit in plain.get("visits", []):
        visit.pop("status", None)
        visit.pop("record", None)
    return plain


def test_create_answers_201_with_location_etag_and_the_course(clinic: Clinic) -> None:
    ref = reference()
    before = dt.datetime.now(dt.UTC)
    response = clinic.create(ref=ref)
    after = dt.datetime.now(dt.UTC)
    assert response.status_code == 201, response.text
    course = response.json()
    assert set(course) >= COURSE_KEYS
    assert response.headers["location"] == f"/api/v1/courses/{course['id']}"
    assert response.headers["etag"] == etag(1)
    assert course["version"] == 1
    assert course["kind"] == "injection"
    assert course["status"] == "active"
    assert course["patient"]["reference"] == ref
    assert course["patient"]["name"] == NAME
    assert course["records"] == []
    assert course["created"]["by"] == clinic.users["clinician"]
    at = utc_instant(course["created"]["at"])
    assert before - dt.timedelta(seconds=5) <= at <= after + dt.timedelta(seconds=5)


@pytest.mark.parametrize(("kind", "plan"), [
    ("injection", SEED_PLAN), ("injection", SEED_FULL), ("topical", TOPICAL_PLAN),
])
def test_plan_is_returned_exactly_as_sent(clinic: Clinic, kind: str, plan: dict[str, Any]) -> None:
    course = clinic.course(plan, kind=kind)
    assert course["plan"] == plan
    assert clinic.get(course["id"]).json()["plan"] == plan


@pytest.mark.parametrize(("kind", "plan"), [("injection", SEED_PLAN), ("topical", TOPICAL_PLAN)])
def test_schedule_is_what_the_plan_endpoint_answers(
    clinic: Clinic, kind: str, plan: dict[str, Any]
) -> None:
    course = clinic.course(plan, kind=kind)
    contains(plan_endpoint(clinic, kind, plan), without_visit_state(course["schedule"]))


def test_fresh_injection_visits_are_planned_with_no_record(clinic: Clinic) -> None:
    visits = clinic.course()["schedule"]["visits"]
    assert [visit["date"] for visit in visits] == SEED_DATES
    assert [visit["round"] for visit in visits] == [1, 2, 3, 4]
    assert all(visit["status"] == "planned" and visit["record"] is None for visit in visits)


def test_ids_are_opaque_unguessable_and_not_made_from_patient_data(clinic: Clinic) -> None:
    ref = reference()
    first, second = clinic.course(ref=ref), clinic.course(ref=ref)
    for course in (first, second):
        assert ID_PATTERN.match(course["id"]), course["id"]
        for part in (ref, ref.replace("/", ""), ref.split("/")[0], "Zebedee", "Quux"):
            assert part.lower() not in course["id"].lower()
    assert first["id"] != second["id"]


def test_get_answers_200_with_etag_and_the_same_course(clinic: Clinic) -> None:
    course = clinic.course()
    response = clinic.get(course["id"])
    assert response.status_code == 200
    assert response.headers["etag"] == etag(1)
    got = response.json()
    for key in ("id", "version", "kind", "status", "patient", "plan", "schedule", "records"):
        assert got[key] == course[key], key
    assert utc_instant(got["created"]["at"]) == utc_instant(course["created"]["at"])
    assert got["created"]["by"] == course["created"]["by"]


@pytest.mark.parametrize("course_id", ["AAAAAAAAAAAAAAAAAAAAAAAA", "x", "0" * 40])
def test_unknown_course_is_404(clinic: Clinic, course_id: str) -> None:
    assert clinic.get(course_id).status_code == 404


def test_list_by_patient_gives_summaries_with_next_due(clinic: Clinic) -> None:
    ref = reference()
    injection = clinic.course(ref=ref)
    topical = clinic.course(TOPICAL_PLAN, kind="topical", ref=ref)
    clinic.course()  # another patient's course stays out of this list
    response = clinic.http.get(f"{API}/courses", params={"patient": ref},
                               headers=clinic.auth("viewer"))
    assert response.status_code == 200
    listed = {item["id"]: item for item in response.json()}
    assert set(listed) == {injection["id"], topical["id"]}
    for item in listed.values():
        assert {"id", "kind", "status", "patient", "next_due"} <= set(item)
        assert item["patient"]["reference"] == ref
        assert item["status"] == "active"
    assert listed[injection["id"]]["kind"] == "injection"
    assert listed[injection["id"]]["next_due"] == SEED_DATES[0]
    assert listed[topical["id"]]["kind"] == "topical"


def test_list_for_an_unknown_reference_is_empty(clinic: Clinic) -> None:
    response = clinic.http.get(f"{API}/courses", params={"patient": reference()},
                               headers=clinic.auth("viewer"))
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("ref", ["A", "H1234567", "a-b/c-9", "Z" * 40, "0/0"])
def test_valid_references_are_accepted(clinic: Clinic, ref: str) -> None:
    course = clinic.course(ref=ref)
    assert course["patient"]["reference"] == ref


@pytest.mark.parametrize("ref", ["", "Z" * 41, "H 1234", "H1234?x", "H_1234", "H.1234",
                                 "H1234\n", "<H>"])
def test_invalid_references_are_422_without_echoing_them(clinic: Clinic, ref: str) -> None:
    response = clinic.create(ref=ref)
    assert response.status_code == 422, response.text
    locs = [item["loc"] for item in response.json()["detail"]]
    assert any(loc[:3] == ["body", "patient", "reference"] for loc in locs), locs
    if len(ref) > 3:
        assert ref.strip() not in response.text


@pytest.mark.parametrize("body", [
    {"kind": "injection", "plan": SEED_PLAN},
    {"patient": {"reference": "H1"}, "plan": SEED_PLAN},
    {"patient": {"reference": "H1"}, "kind": "infusion", "plan": SEED_PLAN},
    {"patient": {"reference": "H1"}, "kind": "injection"},
    {"patient": {"reference": "H1", "birth_date": "1990-02-30"}, "kind": "injection",
     "plan": SEED_PLAN},
    {"patient": {"reference": "H1"}, "kind": "injection", "plan": TOPICAL_PLAN},
    {"patient": {"reference": "H1"}, "kind": "topical", "plan": SEED_PLAN},
])
def test_malformed_course_bodies_are_422(clinic: Clinic, body: dict[str, Any]) -> None:
    response = clinic.http.post(f"{API}/courses", json=body, headers=clinic.auth("clinician"))
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_a_plan_with_given_is_422_under_plan(clinic: Clinic) -> None:
    plan = {**SEED_PLAN, "given": [{"round": 1, "date": "2020-05-07"}]}
    response = clinic.create(plan)
    assert response.status_code == 422, response.text
    locs = [item["loc"] for item in response.json()["detail"]]
    assert any(loc[:2] == ["body", "plan"] for loc in locs), locs


@pytest.mark.parametrize(("kind", "plan"), [
    ("injection", {**SEED_PLAN, "sites": [{"name": "a", "volume": "5 mg", "rounds": 1}]}),
    ("injection", {**SEED_PLAN, "interval_days": 0}),
    ("injection", {**SEED_PLAN, "sites": []}),
    ("injection", {**SEED_PLAN, "start_date": "2020-13-01"}),
    ("topical", {**TOPICAL_PLAN, "steps": [{"strength": "10 %", "days": 5}]}),
])
def test_an_invalid_plan_is_the_plan_endpoints_422_under_body_plan(
    clinic: Clinic, kind: str, plan: dict[str, Any]
) -> None:
    direct = clinic.http.post(f"{API}/plans/{kind}", json=plan)
    assert direct.status_code == 422
    response = clinic.create(plan, kind=kind)
    assert response.status_code == 422, response.text
    expected = [(["body", "plan", *item["loc"][1:]], item["type"])
                for item in direct.json()["detail"]]
    got = [(item["loc"], item["type"]) for item in response.json()["detail"]]
    assert got == expected
    for want, said in zip(direct.json()["detail"], response.json()["detail"], strict=True):
        # The same message, though it may name the field by its place under `plan`.
        assert want["msg"].split(": ", 1)[-1] in said["msg"], (want["msg"], said["msg"])


def test_an_error_never_carries_the_patient_name(clinic: Clinic) -> None:
    plan = {**SEED_PLAN, "interval_days": -3}
    response = clinic.create(plan, name=NAME)
    assert response.status_code == 422
    assert "Zebedee" not in response.text and "Quuxworth" not in response.text
    too_long = clinic.create(name="Quuxworth " * 200)
    if too_long.status_code == 422:
        assert "Quuxworth" not in too_long.text


def test_every_answer_about_a_course_is_json_with_no_name_in_headers(clinic: Clinic) -> None:
    response = clinic.create()
    header_text = json.dumps(dict(response.headers))
    assert "Zebedee" not in header_text
    assert NAME not in response.headers["location"]
