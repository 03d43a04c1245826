"""Issue 24, finding 1: a course whose plan the planner now refuses (a limit lowered after it was
saved) is still read, printed, stopped and amended; a round given waits for an amendment."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.courses.conftest import GIVEN, INJECTION_PLAN, auth, signed_in_nurse

BIG = {**INJECTION_PLAN, "sites": [{"name": "elbow", "volume": "100 mL", "rounds": 3}]}
SMALLER = {**INJECTION_PLAN, "sites": [{"name": "elbow", "volume": "40 mL", "rounds": 3}]}


def _kept(client: TestClient, tokens: dict[str, str]) -> dict[str, Any]:
    body = {"patient": {"reference": "R-1", "name": "Ann Example"}, "kind": "injection",
            "plan": BIG}
    made = client.post("/api/v1/courses", json=body, headers=auth(tokens["clinician"]))
    assert made.status_code == 201, made.text
    course: dict[str, Any] = made.json()
    return course


def test_the_course_is_read_with_a_warning_and_a_round_given_waits_for_an_amendment(
    client: TestClient, tokens: dict[str, str], tightened: TestClient,
) -> None:
    course = _kept(client, tokens)
    read = tightened.get(f"/api/v1/courses/{course['id']}", headers=auth(tokens["viewer"]))
    assert read.status_code == 200, read.text
    (warning, *_) = read.json()["schedule"]["warnings"]
    assert warning["code"] == "plan_refused_now"
    assert "100 mL" in warning["message"] and "at most 50 mL" in warning["message"]
    assert read.json()["schedule"]["visits"][0]["volume"] == course["schedule"]["visits"][0][
        "volume"]
    url = f"/api/v1/courses/{course['id']}/records"
    given = {**GIVEN, "round": 1, "date": "2026-01-05"}
    refused = tightened.post(url, json=given, headers=auth(tokens["clinician"], 1))
    assert refused.status_code == 409 and "amend the plan" in refused.json()["detail"]
    deferred = tightened.post(url, json={"round": 1, "status": "deferred", "date": "2026-01-07",
                                         "reason": "snow"}, headers=auth(tokens["clinician"], 1))
    assert deferred.status_code == 201, deferred.text
    amended = tightened.post(f"/api/v1/courses/{course['id']}/amend",
                             json={"plan": SMALLER, "reason": "new local limit"},
                             headers=auth(tokens["clinician"], 2))
    assert amended.status_code == 200, amended.text
    assert all(w["code"] != "plan_refused_now" for w in amended.json()["schedule"]["warnings"])
    assert tightened.post(url, json=given, headers=auth(tokens["clinician"], 3)).status_code == 201


def test_an_amendment_the_new_limits_refuse_is_a_422(
    client: TestClient, tokens: dict[str, str], tightened: TestClient,
) -> None:
    course = _kept(client, tokens)
    refused = tightened.post(f"/api/v1/courses/{course['id']}/amend",
                             json={"plan": BIG, "reason": "same again"},
                             headers=auth(tokens["clinician"], 1))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][:2] == ["body", "plan"]


def test_the_course_is_stopped_and_printed_whatever_the_planner_now_thinks(
    client: TestClient, tokens: dict[str, str], tightened: TestClient,
) -> None:
    course = _kept(client, tokens)
    signed_in_nurse(tightened)
    page = tightened.get(f"/courses/{course['id']}")
    assert page.status_code == 200 and "planner now refuses" in page.text
    for printout in ("round-sheet", "calendar", "calendar.ics"):
        assert tightened.get(f"/courses/{course['id']}/{printout}").status_code == 200, printout
    stopped = tightened.post(f"/api/v1/courses/{course['id']}/stop", json={"reason": "limit"},
                             headers=auth(tokens["clinician"], 1))
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
