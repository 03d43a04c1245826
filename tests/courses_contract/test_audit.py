"""The audit trail through the API: what is written, in what order, and what is never in it."""

from __future__ import annotations

import json
from typing import Any

from tests.courses_contract.harness import (
    API,
    NAME,
    PASSWORD,
    Clinic,
    given,
    utc_instant,
)

ENTRY_KEYS = {"seq", "at", "by", "action", "course_id", "detail"}


def lifecycle(clinic: Clinic) -> dict[str, Any]:
    """Create, read, record, correct and stop one course; gives the course id and who did what."""
    course = clinic.course()
    assert clinic.get(course["id"], role="viewer").status_code == 200
    course = clinic.recorded(course, given(1, "2020-05-07"))
    record_id = course["records"][0]["id"]
    corrected = clinic.http.post(
        f"{API}/courses/{course['id']}/records/{record_id}/entered-in-error",
        json={"reason": "wrong lot"}, headers=clinic.auth("admin", 2))
    assert corrected.status_code == 200, corrected.text
    stopped = clinic.http.post(f"{API}/courses/{course['id']}/stop", json={"reason": "done"},
                               headers=clinic.auth("clinician", 3))
    assert stopped.status_code == 200, stopped.text
    return course


def test_every_write_and_read_by_id_is_audited_in_order(clinic: Clinic) -> None:
    course = lifecycle(clinic)
    entries = clinic.audit(course["id"])
    assert [entry["action"] for entry in entries] == [
        "course.created", "course.viewed", "record.added", "record.entered_in_error",
        "course.stopped",
    ]
    users = clinic.users
    assert [entry["by"] for entry in entries] == [
        users["clinician"], users["viewer"], users["clinician"], users["admin"],
        users["clinician"],
    ]
    for entry in entries:
        assert set(entry) >= ENTRY_KEYS
        assert entry["course_id"] == course["id"]
        utc_instant(entry["at"])
    seqs = [entry["seq"] for entry in entries]
    assert all(isinstance(seq, int) and seq >= 1 for seq in seqs)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gaps


def test_refused_requests_write_no_entry(clinic: Clinic) -> None:
    course = clinic.recorded(clinic.course(), given(1, "2020-05-07"))
    before = clinic.audit(course["id"])
    url = f"{API}/courses/{course['id']}/records"
    refused = [
        clinic.http.get(f"{API}/courses/{course['id']}"),
        clinic.http.get(f"{API}/courses/{course['id']}", headers=clinic.auth("bad")),
        clinic.http.post(url, json=given(2, "2020-05-21"), headers=clinic.auth(None, 2)),
        clinic.http.post(url, json=given(2, "2020-05-21"), headers=clinic.auth("viewer", 2)),
        clinic.http.post(url, json=given(2, "2020-05-21"), headers=clinic.auth("clinician")),
        clinic.http.post(url, json=given(2, "2020-05-21"), headers=clinic.auth("clinician", 1)),
        clinic.http.post(url, json={"round": 2}, headers=clinic.auth("clinician", 2)),
        clinic.http.post(url, json=given(1, "2020-05-08"), headers=clinic.auth("clinician", 2)),
        clinic.http.post(f"{API}/courses/{course['id']}/stop", json={"reason": "x"},
                         headers=clinic.auth("viewer", 2)),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401, 403, 428, 412, 422, 409, 403]
    assert clinic.audit(course["id"]) == before


def test_no_name_token_or_password_in_the_audit(clinic: Clinic) -> None:
    course = lifecycle(clinic)
    text = json.dumps(clinic.audit(course["id"]))
    for secret in (NAME, *NAME.split(), PASSWORD, *clinic.tokens.values()):
        assert secret not in text


def test_audit_needs_a_known_course_id_to_name_its_entries(clinic: Clinic) -> None:
    first, second = clinic.course(), clinic.course()
    assert {entry["course_id"] for entry in clinic.audit(first["id"])} == {first["id"]}
    assert {entry["course_id"] for entry in clinic.audit(second["id"])} == {second["id"]}
