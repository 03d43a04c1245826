"""The words of the pure parts: how names fold for the one-patient rule and the search, and an
amendment's changes as the audit and the course page say them."""

from __future__ import annotations

from typing import Any

import pytest

from app.courses.amend import plan_changes
from app.courses.patients import KeptPatient, fold, mismatches

PLAN: dict[str, Any] = {"start_date": "2026-01-05", "interval_days": 14,
                        "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 3}]}


@pytest.mark.parametrize(("name", "folded"), [
    ("John  SMITH", "john smith"),
    ("  Strauß ", "strauss"),
    ("Rene\u0301e", "ren\u00e9e"),
    ("ZOË\u2003Brontë", "zoë brontë"),
])
def test_names_fold_to_one_key(name: str, folded: str) -> None:
    assert fold(name) == folded


@pytest.mark.parametrize(("kept", "sent", "fields"), [
    ({"name": "John Smith"}, {"name": "JOHN  smith"}, []),
    ({"name": "John Smith"}, {"name": "Jon Smith"}, ["name"]),
    ({"name": "John Smith"}, {}, []),
    ({}, {"name": "Jon Smith", "birth_date": "1950-01-01"}, []),
    ({"birth_date": "1950-01-01"}, {"birth_date": "1950-01-02"}, ["birth_date"]),
    ({"name": "A", "birth_date": "1950-01-01"}, {"name": "B", "birth_date": "1950-01-02"},
     ["name", "birth_date"]),
])
def test_only_fields_present_on_both_sides_and_different_are_a_mismatch(
    kept: dict[str, str], sent: dict[str, str], fields: list[str],
) -> None:
    found = mismatches({"reference": "R", **sent}, [KeptPatient("c1", {"reference": "R", **kept})])
    assert [item["loc"][-1] for item in found] == fields
    assert all(item["courses"] == ["c1"] for item in found)
    assert all(value not in item["msg"] for item in found for value in sent.values())


@pytest.mark.parametrize(("new", "words"), [
    ({**PLAN, "interval_days": 21}, ["interval_days: 14 → 21"]),
    ({**PLAN, "closed_weekdays": ["sat"]}, ['closed_weekdays set to ["sat"]']),
    ({k: v for k, v in PLAN.items() if k != "interval_days"}, ["interval_days removed (was 14)"]),
    ({**PLAN, "sites": [*PLAN["sites"], {"name": "knee", "volume": "1 mL", "rounds": 1}]},
     ["site 'knee' added"]),
    ({**PLAN, "sites": [{"name": "elbow", "volume": "1.5 mL", "rounds": 2}]},
     ["site 'elbow' rounds: 3 → 2", "site 'elbow' volume: 1 mL → 1.5 mL"]),
    ({**PLAN, "sites": []}, ["site 'elbow' removed"]),
    (PLAN, ["the plan as sent is the same as before"]),
])
def test_an_amendments_changes_in_words(new: dict[str, Any], words: list[str]) -> None:
    assert plan_changes(PLAN, new) == words
