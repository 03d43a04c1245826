"""The course endpoints end to end over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.courses.conftest import GIVEN, INJECTION_PLAN, auth, new_course

API = "/api/v1"
# Stands in a parametrised body for a date after today, read from the clock when the test runs.
LATER = "<after today>"


def after_today() -> str:
    """A date after today in UTC (the app's default zone), read when called: two days on, so
    that the run crossing midnight between this read and the app's own still finds it later."""
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()


def record(
    client: TestClient, token: str, course: dict[str, Any], body: dict[str, Any],
    version: int | None = None,
) -> Any:
    """POST a record to a course at its current (or a given) version."""
    return client.post(
        f"{API}/courses/{course['id']}/records", json=body,
        headers=auth(token, course["version"] if version is None else version),
    )


def test_create_answers_201_with_location_etag_and_the_plan_as_sent(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = {"patient": {"reference": "H1234567", "name": "Ann Example"}, "kind": "injection",
            "plan": INJECTION_PLAN}
    response = client.post(f"{API}/courses", json=body, headers=auth(tokens["clinician"]))
    assert response.status_code == 201
    course = response.json()
    assert response.headers["location"] == f"{API}/courses/{course['id']}"
    assert response.headers["etag"] == '"1"'
    assert len(course["id"]) >= 22 and "H1234567" not in course["id"]
    assert course["plan"] == INJECTION_PLAN  # no defaults filled in
    assert course["version"] == 1 and course["status"] == "active"
    assert course["created"]["by"] == "clinician"
    assert course["created"]["at"].endswith("Z")
    plan_answer = client.post(f"{API}/plans/injection", json=INJECTION_PLAN).json()
    schedule = course["schedule"]
    assert [v["date"] for v in schedule["visits"]] == [v["date"] for v in plan_answer["visits"]]
    assert schedule["totals"] == plan_answer["totals"]
    assert {v["status"] for v in schedule["visits"]} == {"planned"}


@pytest.mark.parametrize(
    ("patient", "plan", "loc"),
    [
        ({"reference": "H 123"}, INJECTION_PLAN, ["body", "patient", "reference"]),
        ({"reference": "H1", "birth_date": 19800101}, INJECTION_PLAN,
         ["body", "patient", "birth_date"]),
        ({"reference": "H1", "name": "Ann\x07"}, INJECTION_PLAN, ["body", "patient", "name"]),
        ({"reference": "H1"}, {**INJECTION_PLAN, "interval_days": 0},
         ["body", "plan", "interval_days"]),
        ({"reference": "H1"}, {**INJECTION_PLAN, "given": []}, ["body", "plan", "given"]),
    ],
)
def test_bad_course_bodies_are_422_naming_the_field_and_never_the_name(
    client: TestClient, tokens: dict[str, str], patient: dict[str, Any], plan: dict[str, Any],
    loc: list[str],
) -> None:
    body = {"patient": patient, "kind": "injection", "plan": plan}
    response = client.post(f"{API}/courses", json=body, headers=auth(tokens["clinician"]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][: len(loc)] == loc
    assert "Ann" not in response.text


def test_get_audits_the_read_and_list_by_patient_gives_next_due(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    response = client.get(f"{API}/courses/{course['id']}", headers=auth(tokens["viewer"]))
    assert response.status_code == 200 and response.headers["etag"] == '"1"'
    listed = client.get(f"{API}/courses", params={"patient": "H1234567"},
                        headers=auth(tokens["viewer"])).json()
    assert listed == [{"id": course["id"], "kind": "injection", "status": "active",
                       "patient": course["patient"], "next_due": "2026-01-05"}]
    assert client.get(f"{API}/courses", params={"patient": "NOBODY"},
                      headers=auth(tokens["viewer"])).json() == []
    trail = client.get(f"{API}/audit", params={"course": course["id"]},
                       headers=auth(tokens["admin"])).json()
    assert [e["action"] for e in trail] == ["course.created", "course.viewed"]
    assert trail[1]["seq"] == trail[0]["seq"] + 1  # after the accounts' own entries
    assert "Ann" not in str(trail)


def test_unknown_course_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get(f"{API}/courses/nope", headers=auth(tokens["viewer"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": "Basic x"}, 401)],
)
def test_without_a_valid_token_is_401_with_the_bearer_challenge(
    client: TestClient, headers: dict[str, str], status: int
) -> None:
    response = client.get(f"{API}/due", params={"from": "2026-01-01", "to": "2026-01-31"},
                          headers=headers)
    assert response.status_code == status
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_given_round_keeps_the_recorded_volumes_and_moves_later_rounds(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    response = record(client, tokens["clinician"], course,
                      {**GIVEN, "round": 1, "date": "2026-01-07", "volumes": {"elbow": "0.8 mL"}})
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == '"2"'
    updated = response.json()
    given = updated["records"][0]
    assert given["volumes"] == {"elbow": "0.8 mL"} and given["entered_in_error"] is None
    visits = updated["schedule"]["visits"]
    assert (visits[0]["status"], visits[0]["record"]) == ("given", given["id"])
    assert visits[0]["volume"] == {"value": 0.8, "unit": "mL"}
    assert visits[1]["date"] == "2026-01-21"  # 14 days from the recorded date


def test_the_planned_volume_fills_every_site_not_sent(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    updated = record(client, tokens["clinician"], course,
                     {**GIVEN, "round": 2, "date": "2026-01-19"}).json()
    assert updated["records"][0]["volumes"] == {"elbow": "1 mL", "knee": "0.5 mL"}


@pytest.mark.parametrize(
    ("body", "loc", "words"),
    [
        ({**GIVEN, "round": 1, "date": "2026-01-05", "expiry": "2026-01-04"}, "expiry", "expired"),
        ({**GIVEN, "round": 1, "date": LATER}, "date", "after today"),
        ({**GIVEN, "round": 1, "date": "2026-01-05", "volumes": {"knee": "1 mL"}}, "volumes",
         "not injected"),
        ({"status": "given", "round": 1, "date": "2026-01-05", "expiry": "2027-01-01"}, "lot",
         "required"),
        ({"status": "deferred", "round": 1, "date": "2026-01-05", "reason": "ill"}, "date",
         "after its planned date"),
        ({"status": "omitted", "round": 1, "date": "2026-01-05"}, "reason", "required"),
        ({**GIVEN, "round": 9, "date": "2026-01-05"}, "round", "not a visit"),
        ({**GIVEN, "round": 1, "date": "05/01/2026"}, "date", "YYYY-MM-DD"),
        ({"status": "dispensed", "block": 1, "date": "2026-01-05"}, "status", "topical"),
    ],
)
def test_bad_records_are_422_naming_the_field(
    client: TestClient, tokens: dict[str, str], body: dict[str, Any], loc: str, words: str
) -> None:
    course = new_course(client, tokens["clinician"])
    if body.get("date") == LATER:
        body = {**body, "date": after_today()}
    response = record(client, tokens["clinician"], course, body)
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"][1] == loc and words in error["msg"]
    assert client.get(f"{API}/courses/{course['id']}",
                      headers=auth(tokens["viewer"])).json()["version"] == 1


def test_if_match_is_required_and_must_be_current(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    body = {**GIVEN, "round": 1, "date": "2026-01-05"}
    url = f"{API}/courses/{course['id']}/records"
    headers = {"Authorization": f"Bearer {tokens['clinician']}"}
    assert client.post(url, json=body, headers=headers).status_code == 428
    assert client.post(url, json=body, headers=auth(tokens["clinician"], 7)).status_code == 412
    # 412 comes before 422: a stale write with a bad body is still 412.
    stale = client.post(url, json={"round": "x"}, headers=auth(tokens["clinician"], 7))
    assert stale.status_code == 412
    # A weak tag of the current version matches nothing: If-Match compares strongly.
    weak = client.post(url, json=body, headers={**headers, "If-Match": 'W/"1"'})
    assert weak.status_code == 412
    assert record(client, tokens["clinician"], course, body).status_code == 201
    again = record(client, tokens["clinician"], course, body)  # the same version, now stale
    assert again.status_code == 412


def test_a_closed_round_takes_no_second_record_until_corrected(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    body = {**GIVEN, "round": 1, "date": "2026-01-05"}
    course = record(client, tokens["clinician"], course, body).json()
    assert record(client, tokens["clinician"], course, body).status_code == 409
    first = course["records"][0]["id"]
    corrected = client.post(
        f"{API}/courses/{course['id']}/records/{first}/entered-in-error",
        json={"reason": "wrong patient chart"}, headers=auth(tokens["clinician"], 2),
    )
    assert corrected.status_code == 200 and corrected.headers["etag"] == '"3"'
    course = corrected.json()
    assert course["records"][0]["entered_in_error"]["reason"] == "wrong patient chart"
    assert course["schedule"]["visits"][0]["status"] == "planned"
    assert record(client, tokens["clinician"], course, body).status_code == 201


def test_omitted_rounds_stay_listed_but_leave_the_totals_and_completion_follows(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    token = tokens["clinician"]
    course = record(client, token, course,
                    {"status": "omitted", "round": 2, "date": "2026-01-05", "reason": "ill"}).json()
    visits = course["schedule"]["visits"]
    assert [v["status"] for v in visits] == ["planned", "omitted", "planned"]
    assert visits[2]["date"] == "2026-02-02"  # later rounds keep their dates
    assert course["schedule"]["totals"]["volume"] == {"value": 2.5, "unit": "mL"}
    course = record(client, token, course, {**GIVEN, "round": 1, "date": "2026-01-05"}).json()
    assert course["status"] == "active"
    course = record(client, token, course, {**GIVEN, "round": 3, "date": "2026-02-02"}).json()
    assert course["status"] == "completed"
    listed = client.get(f"{API}/courses", params={"patient": "H1234567"},
                        headers=auth(token)).json()
    assert listed[0]["next_due"] is None


def test_an_omission_may_be_recorded_ahead_but_a_dose_only_once_given(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    ahead = after_today()
    omitted = record(client, tokens["clinician"], course,
                     {"status": "omitted", "round": 3, "date": ahead, "reason": "surgery"})
    assert omitted.status_code == 201, omitted.text
    assert omitted.json()["records"][0]["date"] == ahead
    given = record(client, tokens["clinician"], omitted.json(),
                   {**GIVEN, "round": 1, "date": ahead})
    assert given.status_code == 422 and "after today" in given.text


def test_a_deferred_round_moves_later_rounds_and_the_due_list(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    course = record(client, tokens["clinician"], course,
                    {"status": "deferred", "round": 1, "date": "2026-01-10", "reason": "flu"}
                    ).json()
    visits = course["schedule"]["visits"]
    assert [(v["date"], v["status"]) for v in visits[:2]] == [
        ("2026-01-10", "deferred"), ("2026-01-24", "planned")]
    due = client.get(f"{API}/due", params={"from": "2026-01-01", "to": "2026-01-31"},
                     headers=auth(tokens["viewer"])).json()
    assert [(d["round"], d["date"]) for d in due] == [(1, "2026-01-10"), (2, "2026-01-24")]
    assert due[1]["sites"] == ["elbow", "knee"]
    assert due[1]["visit_volume"] == {"value": 1.5, "unit": "mL"}
    assert due[1]["sts_pentahydrate"] == {"value": 375.0, "unit": "mg"}
    assert due[0]["patient"] == {"reference": "H1234567"}


def test_due_list_sorts_by_date_then_reference_and_bounds_its_range(
    client: TestClient, tokens: dict[str, str]
) -> None:
    for reference in ("B-2", "A-1"):
        new_course(client, tokens["clinician"], reference=reference)
    headers = auth(tokens["viewer"])
    due = client.get(f"{API}/due", params={"from": "2026-01-05", "to": "2026-01-05"},
                     headers=headers).json()
    assert [d["patient"]["reference"] for d in due] == ["A-1", "B-2"]
    start = dt.date(2026, 1, 1)
    for days, status in ((92, 200), (93, 422)):
        end = (start + dt.timedelta(days=days - 1)).isoformat()
        response = client.get(f"{API}/due", params={"from": start.isoformat(), "to": end},
                              headers=headers)
        assert response.status_code == status


def test_a_stopped_course_takes_no_records_and_leaves_the_due_list(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    stopped = client.post(f"{API}/courses/{course['id']}/stop", json={"reason": "healed"},
                          headers=auth(tokens["clinician"], 1))
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    course = stopped.json()
    body = {**GIVEN, "round": 1, "date": "2026-01-05"}
    assert record(client, tokens["clinician"], course, body).status_code == 409
    due = client.get(f"{API}/due", params={"from": "2026-01-01", "to": "2026-02-28"},
                     headers=auth(tokens["viewer"])).json()
    assert due == []


@pytest.mark.parametrize(
    ("role", "kind", "body", "status"),
    [
        ("pharmacist", "topical", {"status": "dispensed", "block": 1, "date": "2026-01-05",
                                   "amount": "40 g", "lot": "P1", "expiry": "2026-06-01"}, 201),
        ("pharmacist", "topical", {"status": "reviewed", "review": 1, "date": "2026-01-19"},
         403),
        ("pharmacist", "injection", {**GIVEN, "round": 1, "date": "2026-01-05"}, 403),
        ("viewer", "topical", {"status": "reviewed", "review": 1, "date": "2026-01-19"}, 403),
        ("clinician", "topical", {"status": "reviewed", "review": 1, "date": "2026-01-19"}, 201),
        ("clinician", "topical", {"status": "dispensed", "block": 9, "date": "2026-01-05",
                                  "amount": "40 g", "lot": "P1", "expiry": "2026-06-01"}, 422),
    ],
)
def test_topical_records_by_role(
    client: TestClient, tokens: dict[str, str], role: str, kind: str, body: dict[str, Any],
    status: int,
) -> None:
    course = new_course(client, tokens["clinician"], kind=kind)
    response = record(client, tokens[role], course, body)
    assert response.status_code == status, response.text


def test_audit_is_admin_only_and_refused_requests_write_nothing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    course = new_course(client, tokens["clinician"])
    record(client, tokens["clinician"], course, {**GIVEN, "round": 1, "date": after_today()})
    record(client, tokens["viewer"], course, {**GIVEN, "round": 1, "date": "2026-01-05"})
    record(client, tokens["clinician"], course, {**GIVEN, "round": 1, "date": "2026-01-05"})
    url = f"{API}/audit"
    assert client.get(url, params={"course": course["id"]},
                      headers=auth(tokens["clinician"])).status_code == 403
    trail = client.get(url, params={"course": course["id"]}, headers=auth(tokens["admin"])).json()
    assert [e["action"] for e in trail] == ["course.created", "record.added"]
    assert trail[1]["seq"] == trail[0]["seq"] + 1  # nothing written between them
    assert all(e["at"].endswith("Z") for e in trail)
