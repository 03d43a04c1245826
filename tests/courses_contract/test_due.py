"""The due list: range rules, content, sort order, and which entries it leaves out; Version 2:
every entry says its kind and what, and topical courses add blocks to dispense and reviews."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.courses_contract.harness import (
    HAND_SITES,
    SEED_DATES,
    STOCK,
    TOPICAL_PLAN,
    Clinic,
    given,
    mg,
    ml,
    reference,
)

ENTRY_KEYS = {"course_id", "patient", "kind", "what", "round", "date", "sites", "visit_volume",
              "sts_pentahydrate"}
DISPENSE_KEYS = {"course_id", "patient", "kind", "what", "block", "date", "strength", "amount"}
REVIEW_KEYS = {"course_id", "patient", "kind", "what", "review", "date"}
# The short topical plan (3 % w/w for 20 days, then 10 % w/w for 15, reviews every 14 days):
# (what, number, date, strength, grams) of each entry, in the list's order.
TOPICAL_ENTRIES = [
    ("dispense", 1, "2025-01-06", "3 % w/w", 10.0),
    ("dispense", 2, "2025-01-20", "3 % w/w", 5.0),
    ("review", 1, "2025-01-20", None, None),
    ("dispense", 3, "2025-01-26", "10 % w/w", 5.0),
    ("dispense", 4, "2025-02-03", "10 % w/w", 5.0),
    ("review", 2, "2025-02-03", None, None),
    ("review", 3, "2025-02-17", None, None),
]
TOPICAL_RANGE = ("2025-01-01", "2025-03-31")


def mine(clinic: Clinic, start: str, end: str, *courses: dict[str, Any]) -> list[dict[str, Any]]:
    """The due entries in a range that belong to `courses`, in the order the list gives them."""
    response = clinic.due(start, end)
    assert response.status_code == 200, response.text
    ids = {course["id"] for course in courses}
    return [entry for entry in response.json() if entry["course_id"] in ids]


@pytest.mark.parametrize(("start", "end"), [
    ("2020-05-01", "2020-07-31"),  # 92 days counting both ends
    ("2020-05-07", "2020-05-07"),
    ("2023-12-01", "2024-02-29"),  # 91 days across a leap day
])
def test_ranges_of_up_to_92_days_are_answered(clinic: Clinic, start: str, end: str) -> None:
    response = clinic.due(start, end)
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("params", [
    {"from": "2020-05-01", "to": "2020-08-01"},  # 93 days
    {"from": "2020-05-02", "to": "2020-05-01"},  # ends before it starts
    {"from": "2020-05-01"},
    {"to": "2020-05-01"},
    {"from": "2020-02-30", "to": "2020-03-05"},
    {"from": "yesterday", "to": "2020-03-05"},
])
def test_bad_ranges_are_422(clinic: Clinic, params: dict[str, str]) -> None:
    response = clinic.http.get("/api/v1/due", params=params, headers=clinic.auth("viewer"))
    assert response.status_code == 422, response.text


def test_each_planned_round_is_listed_with_its_sites_and_amounts(clinic: Clinic) -> None:
    ref = reference()
    course = clinic.course(ref=ref)
    entries = mine(clinic, "2020-05-01", "2020-06-30", course)
    assert [entry["round"] for entry in entries] == [1, 2, 3, 4]
    assert [entry["date"] for entry in entries] == SEED_DATES
    for entry in entries:
        assert set(entry) >= ENTRY_KEYS
        assert entry["patient"]["reference"] == ref
    assert sorted(entries[0]["sites"]) == sorted(HAND_SITES)
    assert sorted(entries[1]["sites"]) == sorted([*HAND_SITES, "right elbow"])
    assert ml(entries[0]["visit_volume"]) == pytest.approx(3.75)
    assert ml(entries[1]["visit_volume"]) == pytest.approx(5.0)
    assert mg(entries[0]["sts_pentahydrate"]) == pytest.approx(937.5)
    assert mg(entries[1]["sts_pentahydrate"]) == pytest.approx(1250.0)


def test_both_ends_of_the_range_are_included(clinic: Clinic) -> None:
    course = clinic.course()
    entries = mine(clinic, SEED_DATES[1], SEED_DATES[2], course)
    assert [entry["round"] for entry in entries] == [2, 3]


def test_given_and_omitted_rounds_leave_and_deferred_ones_move(clinic: Clinic) -> None:
    done = clinic.recorded(clinic.course(), given(1, "2020-05-07"))
    skipped = clinic.recorded(clinic.course(), {"round": 1, "status": "omitted",
                                                "date": "2020-05-07", "reason": "declined"})
    moved = clinic.recorded(clinic.course(), {"round": 1, "status": "deferred",
                                              "date": "2020-05-12", "reason": "unwell"})
    entries = mine(clinic, "2020-05-07", "2020-05-13", done, skipped, moved)
    assert [(entry["course_id"], entry["round"], entry["date"]) for entry in entries] == [
        (moved["id"], 1, "2020-05-12")
    ]
    later = mine(clinic, "2020-05-20", "2020-05-27", done, skipped, moved)
    assert sorted((entry["course_id"], entry["date"]) for entry in later) == sorted([
        (done["id"], "2020-05-21"), (skipped["id"], "2020-05-21"), (moved["id"], "2020-05-26"),
    ])


def test_stopped_and_completed_courses_are_absent(clinic: Clinic) -> None:
    stopped = clinic.course()
    response = clinic.http.post(f"/api/v1/courses/{stopped['id']}/stop", json={"reason": "x"},
                                headers=clinic.auth("clinician", 1))
    assert response.status_code == 200, response.text
    completed = clinic.course()
    for n, date in enumerate(SEED_DATES, start=1):
        completed = clinic.recorded(completed, given(n, date))
    assert completed["status"] == "completed"
    assert mine(clinic, "2020-05-01", "2020-07-31", stopped, completed) == []


def test_sorted_by_date_then_patient_reference(clinic: Clinic) -> None:
    tag = secrets.token_hex(3).upper()
    late_ref = clinic.course(ref=f"B-{tag}")
    early_ref = clinic.course(ref=f"A-{tag}")
    deferred = clinic.recorded(clinic.course(ref=f"C-{tag}"), {
        "round": 1, "status": "deferred", "date": "2020-05-08", "reason": "x"})
    entries = mine(clinic, "2020-05-07", "2020-05-21", late_ref, early_ref, deferred)
    assert [(entry["date"], entry["patient"]["reference"]) for entry in entries] == [
        ("2020-05-07", f"A-{tag}"), ("2020-05-07", f"B-{tag}"), ("2020-05-08", f"C-{tag}"),
        ("2020-05-21", f"A-{tag}"), ("2020-05-21", f"B-{tag}"),
    ]
    everything = clinic.due("2020-05-07", "2020-05-21").json()
    keys = [(entry["date"], entry["patient"]["reference"]) for entry in everything]
    assert keys == sorted(keys)


def shape(entry: dict[str, Any]) -> tuple[Any, ...]:
    """(what, number, date, strength, grams) of a topical entry."""
    number = entry.get("block", entry.get("review"))
    grams = STOCK.Quantity(entry["amount"]["value"], entry["amount"]["unit"]).to("g").magnitude \
        if "amount" in entry else None
    return entry["what"], number, entry["date"], entry.get("strength"), grams


def test_injection_entries_say_their_kind_and_what(clinic: Clinic) -> None:
    entries = mine(clinic, "2020-05-01", "2020-06-30", clinic.course())
    assert entries and all(set(e) == ENTRY_KEYS for e in entries)
    assert {(e["kind"], e["what"]) for e in entries} == {("injection", "round")}


def test_a_topical_course_lists_each_block_to_dispense_and_each_review(clinic: Clinic) -> None:
    ref = reference()
    course = clinic.course(TOPICAL_PLAN, kind="topical", ref=ref)
    entries = mine(clinic, *TOPICAL_RANGE, course)
    assert [shape(e) for e in entries] == TOPICAL_ENTRIES
    for entry in entries:
        assert entry["kind"] == "topical" and entry["patient"] == {"reference": ref}
        assert set(entry) == (DISPENSE_KEYS if entry["what"] == "dispense" else REVIEW_KEYS)


def test_a_dispensed_block_and_a_held_review_leave_and_come_back_when_struck(
    clinic: Clinic
) -> None:
    course = clinic.course(TOPICAL_PLAN, kind="topical")
    course = clinic.recorded(course, {"status": "dispensed", "block": 1, "date": "2025-01-06",
                                      "amount": "10 g", "lot": "L1", "expiry": "2030-01-01"})
    course = clinic.recorded(course, {"status": "reviewed", "review": 1, "date": "2025-01-20"})
    left = [shape(e) for e in mine(clinic, *TOPICAL_RANGE, course)]
    assert left == [e for e in TOPICAL_ENTRIES if e[:2] not in (("dispense", 1), ("review", 1))]
    struck = course["records"][0]["id"]
    response = clinic.http.post(
        f"/api/v1/courses/{course['id']}/records/{struck}/entered-in-error",
        json={"reason": "wrong chart"}, headers=clinic.auth("clinician", course["version"]))
    assert response.status_code == 200, response.text
    back = [shape(e) for e in mine(clinic, *TOPICAL_RANGE, course)]
    assert back == [e for e in TOPICAL_ENTRIES if e[:2] != ("review", 1)]


def test_a_stopped_topical_course_leaves_the_list(clinic: Clinic) -> None:
    course = clinic.course(TOPICAL_PLAN, kind="topical")
    response = clinic.http.post(f"/api/v1/courses/{course['id']}/stop", json={"reason": "x"},
                                headers=clinic.auth("clinician", 1))
    assert response.status_code == 200, response.text
    assert mine(clinic, *TOPICAL_RANGE, course) == []


def test_both_kinds_share_one_order_by_date_then_reference(clinic: Clinic) -> None:
    tag = secrets.token_hex(3).upper()
    plan = {**TOPICAL_PLAN, "start_date": "2020-05-07"}
    topical = clinic.course(plan, kind="topical", ref=f"A-{tag}")
    injection = clinic.course(ref=f"B-{tag}")
    entries = mine(clinic, "2020-05-07", "2020-05-21", topical, injection)
    keys = [(e["date"], e["patient"]["reference"], e["what"]) for e in entries]
    assert keys == [
        ("2020-05-07", f"A-{tag}", "dispense"), ("2020-05-07", f"B-{tag}", "round"),
        ("2020-05-21", f"A-{tag}", "dispense"), ("2020-05-21", f"A-{tag}", "review"),
        ("2020-05-21", f"B-{tag}", "round"),
    ]


@pytest.mark.parametrize("role", ["viewer", "pharmacist", "clinician", "admin"])
def test_every_role_reads_the_list_and_no_token_is_401(clinic: Clinic, role: str) -> None:
    assert clinic.due(*TOPICAL_RANGE, role=role).status_code == 200
    answer = clinic.http.get("/api/v1/due", params={"from": TOPICAL_RANGE[0],
                                                    "to": TOPICAL_RANGE[0]})
    assert answer.status_code == 401
