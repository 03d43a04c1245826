"""Injection records: given, deferred, omitted, entered in error, stop and completion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.courses_contract.harness import (
    API,
    SEED_DATES,
    SEED_PLAN,
    Clinic,
    etag,
    given,
    ml,
    reference,
    utc_instant,
)

RECORD_KEYS = {"id", "round", "status", "date", "volumes", "lot", "expiry", "reason", "note",
               "by", "at", "entered_in_error"}
WEEKDAYS_ONLY = {**SEED_PLAN, "closed_weekdays": [6, 7]}


def dates(course: dict[str, Any]) -> list[str]:
    """The visit dates of a course's schedule, in round order."""
    return [visit["date"] for visit in course["schedule"]["visits"]]


def visit(course: dict[str, Any], round_: int) -> dict[str, Any]:
    """The schedule's visit for one round."""
    (found,) = [v for v in course["schedule"]["visits"] if v["round"] == round_]
    return found


def next_due(clinic: Clinic, course: dict[str, Any]) -> Any:
    """`next_due` of a course as the patient list gives it."""
    response = clinic.http.get(f"{API}/courses", params={"patient": course["patient"]["reference"]},
                               headers=clinic.auth("viewer"))
    (item,) = [item for item in response.json() if item["id"] == course["id"]]
    return item["next_due"]


def test_given_stores_every_treated_site_and_fixes_the_visit(clinic: Clinic) -> None:
    course = clinic.course()
    response = clinic.record(course, given(1, "2020-05-07", volumes={"right middle MCP": "1.0 mL"},
                                           note="tolerated well"))
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == etag(2)
    updated = response.json()
    assert updated["version"] == 2
    (record,) = updated["records"]
    assert set(record) >= RECORD_KEYS
    assert record["round"] == 1 and record["status"] == "given" and record["date"] == "2020-05-07"
    assert record["lot"] == "L-2020-01" and record["expiry"] == "2030-12-31"
    assert record["note"] == "tolerated well"
    assert record["by"] == clinic.users["clinician"]
    assert record["entered_in_error"] is None
    utc_instant(record["at"])
    volumes = {site: ml(value) for site, value in record["volumes"].items()}
    assert volumes == {"right middle MCP": 1.0, "left middle MCP": 1.25, "right index DIP": 1.25}
    first = visit(updated, 1)
    assert first["status"] == "given" and first["record"] == record["id"]
    shown = {site["name"]: ml(site["volume"]) for site in first["sites"]}
    assert shown == volumes
    assert ml(updated["schedule"]["totals"]["volume"]) == pytest.approx(18.5)
    assert dates(updated) == SEED_DATES
    assert [visit(updated, n)["status"] for n in (2, 3, 4)] == ["planned"] * 3
    assert next_due(clinic, updated) == SEED_DATES[1]


def test_a_late_given_date_moves_the_later_rounds(clinic: Clinic) -> None:
    updated = clinic.recorded(clinic.course(), given(1, "2020-05-10"))
    assert dates(updated) == ["2020-05-10", "2020-05-24", "2020-06-07", "2020-06-21"]


def test_a_given_date_stands_on_a_closed_day_and_closures_apply_to_later_rounds(
    clinic: Clinic,
) -> None:
    updated = clinic.recorded(clinic.course(WEEKDAYS_ONLY), given(1, "2020-05-09"))  # a Saturday
    assert dates(updated) == ["2020-05-09", "2020-05-25", "2020-06-08", "2020-06-22"]
    assert visit(updated, 2)["moved_from"] == "2020-05-23"


@pytest.mark.parametrize(("body", "field"), [
    (given(1, "2020-05-07", volumes={"right elbow": "1 mL"}), "volumes"),
    (given(1, "2020-05-07", volumes={"nose": "1 mL"}), "volumes"),
    (given(1, "2020-05-07", volumes={"right middle MCP": "1 mg"}), "volumes"),
    (given(1, "2020-05-07", volumes={"right middle MCP": "-1 mL"}), "volumes"),
    ({"round": 1, "status": "given", "date": "2020-05-07", "expiry": "2030-01-01"}, "lot"),
    ({"round": 1, "status": "given", "date": "2020-05-07", "lot": "L1"}, "expiry"),
    (given(0, "2020-05-07"), "round"),
    (given(5, "2020-05-07"), "round"),
    ({**given(1, "2020-05-07"), "status": "dispensed"}, "status"),
    ({**given(1, "2020-05-07"), "status": "maybe"}, "status"),
    (given(1, "2020-02-30"), "date"),
    ({"round": 1, "status": "deferred", "date": "2020-05-20"}, "reason"),
    ({"round": 1, "status": "omitted", "date": "2020-05-07"}, "reason"),
])
def test_bad_record_bodies_are_422_and_write_nothing(
    clinic: Clinic, body: dict[str, Any], field: str
) -> None:
    course = clinic.course()
    response = clinic.record(course, body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    named = [item for item in detail
             if field in [str(part) for part in item["loc"]] or field in item["msg"]]
    assert named, detail  # the 422 names the field at fault
    after = clinic.get(course["id"]).json()
    assert after["version"] == 1 and after["records"] == []


def test_an_expired_product_is_refused(clinic: Clinic) -> None:
    course = clinic.course()
    response = clinic.record(course, given(1, "2020-05-07", expiry="2020-05-06"))
    assert response.status_code == 422
    assert "expired" in response.text.lower()


def test_a_given_date_after_today_is_refused(clinic: Clinic) -> None:
    course = clinic.course()
    later = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()
    response = clinic.record(course, given(1, later))
    assert response.status_code == 422, response.text


def test_deferred_moves_the_round_and_the_later_ones(clinic: Clinic) -> None:
    course = clinic.course()
    deferred = clinic.recorded(course, {"round": 1, "status": "deferred", "date": "2020-05-12",
                                        "reason": "infection at the site"})
    assert dates(deferred) == ["2020-05-12", "2020-05-26", "2020-06-09", "2020-06-23"]
    first = visit(deferred, 1)
    assert first["status"] == "deferred" and first["record"] == deferred["records"][0]["id"]
    assert next_due(clinic, deferred) == "2020-05-12"
    again = clinic.recorded(deferred, {"round": 1, "status": "deferred", "date": "2020-05-14",
                                       "reason": "still healing"})
    assert dates(again)[0] == "2020-05-14" and again["version"] == 3
    assert visit(again, 1)["record"] == again["records"][-1]["id"]
    done = clinic.recorded(again, given(1, "2020-05-14"))
    assert visit(done, 1)["status"] == "given"
    assert dates(done) == ["2020-05-14", "2020-05-28", "2020-06-11", "2020-06-25"]


@pytest.mark.parametrize("new_date", ["2020-05-07", "2020-05-06", "2020-01-01"])
def test_deferring_to_or_before_the_planned_date_is_422(clinic: Clinic, new_date: str) -> None:
    course = clinic.course()
    response = clinic.record(course, {"round": 1, "status": "deferred", "date": new_date,
                                      "reason": "x"})
    assert response.status_code == 422, response.text


def test_a_second_deferral_must_be_after_the_first(clinic: Clinic) -> None:
    deferred = clinic.recorded(clinic.course(), {"round": 2, "status": "deferred",
                                                 "date": "2020-05-28", "reason": "away"})
    response = clinic.record(deferred, {"round": 2, "status": "deferred", "date": "2020-05-25",
                                        "reason": "back early"})
    assert response.status_code == 422, response.text


def test_a_deferral_to_a_closed_day_stands(clinic: Clinic) -> None:
    deferred = clinic.recorded(clinic.course(WEEKDAYS_ONLY), {
        "round": 1, "status": "deferred", "date": "2020-05-09", "reason": "clinic request"})
    assert dates(deferred) == ["2020-05-09", "2020-05-25", "2020-06-08", "2020-06-22"]


def test_omitted_keeps_the_visit_and_the_later_dates_and_leaves_the_totals(
    clinic: Clinic,
) -> None:
    omitted = clinic.recorded(clinic.course(), {"round": 1, "status": "omitted",
                                                "date": "2020-05-07", "reason": "declined"})
    assert dates(omitted) == SEED_DATES
    first = visit(omitted, 1)
    assert first["status"] == "omitted" and first["record"] == omitted["records"][0]["id"]
    assert ml(omitted["schedule"]["totals"]["volume"]) == pytest.approx(15.0)
    assert next_due(clinic, omitted) == SEED_DATES[1]


@pytest.mark.parametrize(("first", "second"), [
    (given(1, "2020-05-07"), given(1, "2020-05-08")),
    (given(1, "2020-05-07"), {"round": 1, "status": "omitted", "date": "2020-05-07",
                              "reason": "x"}),
    (given(1, "2020-05-07"), {"round": 1, "status": "deferred", "date": "2020-05-20",
                              "reason": "x"}),
    ({"round": 1, "status": "omitted", "date": "2020-05-07", "reason": "x"},
     given(1, "2020-05-07")),
])
def test_a_round_already_given_or_omitted_is_409(
    clinic: Clinic, first: dict[str, Any], second: dict[str, Any]
) -> None:
    course = clinic.recorded(clinic.course(), first)
    response = clinic.record(course, second)
    assert response.status_code == 409, response.text
    assert clinic.get(course["id"]).json()["version"] == 2


def test_missing_if_match_is_428_and_stale_is_412_and_neither_writes(clinic: Clinic) -> None:
    course = clinic.course()
    url = f"{API}/courses/{course['id']}/records"
    missing = clinic.http.post(url, json=given(1, "2020-05-07"), headers=clinic.auth("clinician"))
    assert missing.status_code == 428
    for stale in (0, 2, 99):
        response = clinic.record(course, given(1, "2020-05-07"), version=stale)
        assert response.status_code == 412, (stale, response.text)
    after = clinic.get(course["id"]).json()
    assert after["version"] == 1 and after["records"] == []
    updated = clinic.recorded(course, given(1, "2020-05-07"))
    assert clinic.record(course, given(2, "2020-05-21")).status_code == 412  # version 1 is stale
    assert clinic.get(course["id"]).headers["etag"] == etag(updated["version"]) == etag(2)


def test_entered_in_error_keeps_the_record_and_takes_it_out_of_the_schedule(
    clinic: Clinic,
) -> None:
    course = clinic.recorded(clinic.course(), given(1, "2020-05-10"))
    record_id = course["records"][0]["id"]
    url = f"{API}/courses/{course['id']}/records/{record_id}/entered-in-error"
    assert clinic.http.post(url, json={"reason": "wrong patient"},
                            headers=clinic.auth("clinician")).status_code == 428
    assert clinic.http.post(url, json={"reason": "wrong patient"},
                            headers=clinic.auth("clinician", 1)).status_code == 412
    response = clinic.http.post(url, json={"reason": "wrong patient"},
                                headers=clinic.auth("admin", 2))
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == etag(3)
    corrected = response.json()
    assert corrected["version"] == 3
    (record,) = corrected["records"]
    assert record["id"] == record_id and record["status"] == "given"
    mark = record["entered_in_error"]
    assert mark["by"] == clinic.users["admin"] and mark["reason"] == "wrong patient"
    utc_instant(mark["at"])
    assert dates(corrected) == SEED_DATES
    assert visit(corrected, 1)["status"] == "planned" and visit(corrected, 1)["record"] is None
    again = clinic.recorded(corrected, given(1, "2020-05-07"))
    assert len(again["records"]) == 2 and visit(again, 1)["status"] == "given"


def test_entered_in_error_needs_a_reason_and_a_known_record(clinic: Clinic) -> None:
    course = clinic.recorded(clinic.course(), given(1, "2020-05-07"))
    base = f"{API}/courses/{course['id']}/records"
    unknown = clinic.http.post(f"{base}/AAAAAAAAAAAAAAAAAAAAAAAA/entered-in-error",
                               json={"reason": "x"}, headers=clinic.auth("clinician", 2))
    assert unknown.status_code == 404
    no_reason = clinic.http.post(f"{base}/{course['records'][0]['id']}/entered-in-error",
                                 json={}, headers=clinic.auth("clinician", 2))
    assert no_reason.status_code == 422


def test_stop_ends_the_course_for_records_and_next_due(clinic: Clinic) -> None:
    course = clinic.course()
    url = f"{API}/courses/{course['id']}/stop"
    assert clinic.http.post(url, json={"reason": "x"},
                            headers=clinic.auth("clinician")).status_code == 428
    assert clinic.http.post(url, json={}, headers=clinic.auth("clinician", 1)).status_code == 422
    response = clinic.http.post(url, json={"reason": "calcinosis resolved"},
                                headers=clinic.auth("clinician", 1))
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == etag(2)
    stopped = response.json()
    assert stopped["status"] == "stopped" and stopped["version"] == 2
    assert clinic.get(course["id"]).json()["status"] == "stopped"
    assert next_due(clinic, stopped) is None
    refused = clinic.record(stopped, given(1, "2020-05-07"))
    assert refused.status_code == 409
    assert clinic.get(course["id"]).json()["records"] == []


def test_course_completes_when_every_round_is_given_or_omitted(clinic: Clinic) -> None:
    course = clinic.course()
    for body in (given(1, "2020-05-07"), given(2, "2020-05-21"),
                 {"round": 3, "status": "omitted", "date": "2020-06-04", "reason": "x"}):
        course = clinic.recorded(course, body)
        assert course["status"] == "active"
    course = clinic.recorded(course, given(4, "2020-06-18"))
    assert course["status"] == "completed" and course["version"] == 5
    assert next_due(clinic, course) is None
    assert clinic.record(course, given(4, "2020-06-18")).status_code == 409


@pytest.mark.parametrize(("case", "role", "known", "if_match", "body", "expected"), [
    ("401 before all", None, False, None, {}, 401),
    ("bad token", "bad", False, None, {}, 401),
    ("403 before 404", "viewer", False, None, {}, 403),
    ("404 before 428", "clinician", False, None, {}, 404),
    ("428 before 422", "clinician", True, None, {}, 428),
    ("412 before 422", "clinician", True, 7, {}, 412),
    ("422 before 409", "clinician", True, 2, {"round": 1, "status": "given"}, 422),
    ("409 last", "clinician", True, 2, given(1, "2020-05-08"), 409),
])
def test_checks_run_in_the_contract_order(
    clinic: Clinic, case: str, role: str | None, known: bool, if_match: int | None,
    body: dict[str, Any], expected: int,
) -> None:
    course = clinic.recorded(clinic.course(), given(1, "2020-05-07"))
    course_id = course["id"] if known else "AAAAAAAAAAAAAAAAAAAAAAAA"
    response = clinic.http.post(f"{API}/courses/{course_id}/records", json=body,
                                headers=clinic.auth(role, if_match))
    assert response.status_code == expected, (case, response.text)
    if expected == 401:
        assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert clinic.get(course["id"]).json()["version"] == 2


def test_patient_list_reference_never_needs_a_name(clinic: Clinic) -> None:
    ref = reference()
    clinic.course(ref=ref, name=None)
    response = clinic.http.get(f"{API}/courses", params={"patient": ref},
                               headers=clinic.auth("viewer"))
    assert [item["patient"]["reference"] for item in response.json()] == [ref]
