"""The due list's JSON, spliced from stored entries, is the JSON a serialiser would write."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.courses.views import due_list_json

ENTRY = {"sites": ["elbow"], "visit_volume": {"value": 1.0, "unit": "mL"},
         "sts_pentahydrate": {"value": 250.0, "unit": "mg"}}


@pytest.mark.parametrize(
    ("course_id", "reference", "stored"),
    [
        ("ZVJ5ps1wBs7aDVlsA81asw", "H1234567/2", json.dumps(ENTRY)),
        ("ZVJ5ps1wBs7aDVlsA81asw", 'odd "ref"\\', json.dumps(ENTRY, separators=(",", ":"))),
    ],
)
def test_spliced_entries_read_back_as_the_contract_object(
    course_id: str, reference: str, stored: str
) -> None:
    rows = [(course_id, reference, 3, dt.date(2026, 1, 5), stored)] * 2
    assert json.loads(due_list_json(rows)) == [{
        "course_id": course_id, "patient": {"reference": reference}, "round": 3,
        "date": "2026-01-05", **ENTRY,
    }] * 2


def test_an_empty_due_list_is_an_empty_array() -> None:
    assert json.loads(due_list_json([])) == []
