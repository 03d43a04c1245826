"""The due list's JSON, joined from the entries kept in the due index, is the contract's JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.courses.schedule import OpenRound
from app.courses.views import due_line, due_list_json

AMOUNTS = {"visit_volume": {"value": 1.0, "unit": "mL"},
           "sts_pentahydrate": {"value": 250.0, "unit": "mg"}}


@pytest.mark.parametrize(
    ("course_id", "reference", "site"),
    [
        ("ZVJ5ps1wBs7aDVlsA81asw", "H1234567/2", "elbow"),
        ("ZVJ5ps1wBs7aDVlsA81asw", 'odd "ref"\\', "Ellbogen, rechts – ö"),
    ],
)
def test_kept_entries_read_back_as_the_contract_object(
    course_id: str, reference: str, site: str
) -> None:
    line = due_line(course_id, reference, OpenRound(3, dt.date(2026, 1, 5), [site],
                                                     AMOUNTS["visit_volume"],
                                                     AMOUNTS["sts_pentahydrate"]))
    entry = {"course_id": course_id, "patient": {"reference": reference}, "round": 3,
             "date": "2026-01-05", "sites": [site], **AMOUNTS}
    assert list(json.loads(line)) == list(entry)  # the contract's order of fields
    assert json.loads(due_list_json([line, line])) == [entry, entry]


def test_an_empty_due_list_is_an_empty_array() -> None:
    assert json.loads(due_list_json([])) == []
