"""Version 2, amending a course: POST /courses/{id}/amend on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from tests.courses_contract.harness import (
    API,
    NAME,
    SEED_DATES,
    SEED_PLAN,
    TOPICAL_PLAN,
    Clinic,
    given,
    ml,
    utc_instant,
)

WIDER = {**copy.deepcopy(SEED_PLAN), "interval_days": 21}
for _site in WIDER["sites"]:
    _site["volume"] = "1.5 mL"


def amend(clinic: Clinic, course: dict[str, Any], plan: Any, *, reason: str = "wider interval",
          role: str = "clinician", version: int | str | None = None) -> httpx.Response:
    """POST an amendment with If-Match of the course's version (or the one given)."""
    return clinic.http.post(
        f"{API}/courses/{course['id']}/amend", json={"plan": plan, "reason": reason},
        headers=clinic.auth(role, version if version is not None else course["version"]),
    )


def test_a_new_plan_governs_what_is_not_recorded_and_the_old_one_is_kept(clinic: Clinic) -> None:
    course = clinic.course()
    late = clinic.recorded(course, given(1, "2020-05-08", volumes={"right middle MCP": "1 mL"}))
    answer = amend(clinic, late, WIDER)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["version"] == late["version"] + 1
    assert answer.headers["etag"] == f'"{body["version"]}"'
    assert body["plan"] == WIDER
    (amendment,) = body["amendments"]
    assert amendment["by"] == clinic.users["clinician"] and amendment["reason"] == "wider interval"
    assert amendment["previous_plan"] == SEED_PLAN
    utc_instant(amendment["at"])
    first, second = body["schedule"]["visits"][:2]
    assert (first["date"], first["status"]) == ("2020-05-08", "given")
    volumes = {s["name"]: ml(s["volume"]) for s in first["sites"]}
    assert volumes == {"right middle MCP": 1.0, "left middle MCP": 1.25, "right index DIP": 1.25}
    assert second["date"] == "2020-05-29" and second["status"] == "planned"
    assert {ml(s["volume"]) for s in second["sites"]} == {1.5}
    assert clinic.get(course["id"]).json()["amendments"] == body["amendments"]


def test_amendments_are_listed_oldest_first_and_audited_in_words(clinic: Clinic) -> None:
    course = clinic.course()
    once = amend(clinic, course, WIDER).json()
    twice = amend(clinic, once, SEED_PLAN, reason="back again").json()
    assert [a["reason"] for a in twice["amendments"]] == ["wider interval", "back again"]
    assert [a["previous_plan"] for a in twice["amendments"]] == [SEED_PLAN, WIDER]
    entries = [e for e in clinic.audit(course["id"]) if e["action"] == "course.amended"]
    assert [e["detail"]["version"] for e in entries] == [2, 3]
    words = entries[0]["detail"]["changes"]
    assert "interval_days set to 21" in words
    assert "site 'right middle MCP' volume: 1.25 mL → 1.5 mL" in words
    assert NAME not in str(entries)


def test_a_topical_course_is_amended_keeping_its_dispensing(clinic: Clinic) -> None:
    course = clinic.course(TOPICAL_PLAN, kind="topical")
    dispensed = clinic.recorded(course, {"status": "dispensed", "block": 1, "date": "2025-01-06",
                                         "amount": "40 g", "lot": "T1", "expiry": "2026-01-01"})
    longer = {**TOPICAL_PLAN, "steps": [*TOPICAL_PLAN["steps"], {"strength": "10 % w/w",
                                                                   "days": 14}]}
    body = amend(clinic, dispensed, longer).json()
    assert body["plan"] == longer
    assert body["schedule"]["blocks"][0]["dispensed"] == [dispensed["records"][0]["id"]]


def _recorded_twice(clinic: Clinic) -> dict[str, Any]:
    course = clinic.course()
    once = clinic.recorded(course, given(1, SEED_DATES[0]))
    return clinic.recorded(once, {"round": 2, "status": "omitted", "date": SEED_DATES[1],
                                  "reason": "unwell"})


ONE_ROUND = {**SEED_PLAN, "sites": [{**s, "rounds": 1, "first_round": 1}
                                    for s in SEED_PLAN["sites"][:3]]}
NEW_SITE_AT_ROUND_1 = {**SEED_PLAN, "sites": [*SEED_PLAN["sites"],
                                              {"name": "left knee", "volume": "1 mL",
                                               "rounds": 2}]}


@pytest.mark.parametrize(("plan", "loc", "words"), [
    ({**SEED_PLAN, "interval_days": 0}, ["body", "plan", "interval_days"], "greater than"),
    ({**SEED_PLAN, "given": []}, ["body", "plan", "given"], "plan.given is not kept"),
    (ONE_ROUND, ["body", "plan", "sites"], "round 2 is already recorded as omitted"),
    (NEW_SITE_AT_ROUND_1, ["body", "plan", "sites"], "other sites at round 1"),
    (TOPICAL_PLAN, ["body", "plan"], "plan is a topical plan; this is an injection course"),
    ([1], ["body", "plan"], "plan must be a JSON object"),
])
def test_a_plan_that_would_lose_what_is_recorded_or_is_invalid_is_a_422(
    clinic: Clinic, plan: Any, loc: list[str], words: str,
) -> None:
    course = _recorded_twice(clinic)
    refused = amend(clinic, course, plan)
    assert refused.status_code == 422, refused.text
    item = refused.json()["detail"][0]
    assert item["loc"][:len(loc)] == loc and words in item["msg"], item
    assert clinic.get(course["id"]).json()["version"] == course["version"]


def test_the_checks_come_in_the_contracts_order(clinic: Clinic) -> None:
    course = clinic.course()
    url = f"{API}/courses/{course['id']}/amend"
    bad = {"plan": {}, "reason": ""}
    assert clinic.http.post(url, json=bad).status_code == 401
    assert clinic.http.post(url, json=bad, headers=clinic.auth("pharmacist", 1)).status_code == 403
    assert clinic.http.post(url, json=bad, headers=clinic.auth("viewer", 1)).status_code == 403
    assert clinic.http.post(f"{API}/courses/{'x' * 22}/amend", json=bad,
                            headers=clinic.auth("clinician", 1)).status_code == 404
    assert clinic.http.post(url, json=bad, headers=clinic.auth("clinician")).status_code == 428
    assert clinic.http.post(url, json=bad, headers=clinic.auth("clinician", 9)).status_code == 412
    assert clinic.http.post(url, json=bad, headers=clinic.auth("clinician", 1)).status_code == 422
    no_reason = clinic.http.post(url, json={"plan": WIDER}, headers=clinic.auth("admin", 1))
    assert no_reason.json()["detail"][0]["loc"] == ["body", "reason"]
    assert amend(clinic, course, WIDER, role="admin").status_code == 200


def test_a_stopped_or_completed_course_takes_no_new_plan(clinic: Clinic) -> None:
    course = clinic.course()
    stopped = clinic.http.post(f"{API}/courses/{course['id']}/stop", json={"reason": "done"},
                               headers=clinic.auth("clinician", 1)).json()
    refused = amend(clinic, stopped, WIDER)
    assert refused.status_code == 409 and "stopped" in refused.json()["detail"]
    assert amend(clinic, stopped, {"start_date": "x"}).status_code == 422  # 422 before 409
    done = clinic.course()
    for number, day in enumerate(SEED_DATES, start=1):
        done = clinic.recorded(done, given(number, day))
    assert done["status"] == "completed"
    refused = amend(clinic, done, SEED_PLAN)
    assert refused.status_code == 409 and "completed" in refused.json()["detail"]
