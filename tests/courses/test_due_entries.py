"""A due-list entry's one encoder and decoder: the kept text is the contract's JSON, field for
field and in its order, and reads back as the same typed entry; the list is the entries joined."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.contracts.due_entries import DueEntry, decode, encode, join
from app.quantities.registry import MG, MG_PER_G, ML, G, Quantity

ID = "ZVJ5ps1wBs7aDVlsA81asw"
DAY = dt.date(2026, 1, 5)
ROUND = DueEntry(ID, "H1234567/2", "injection", "round", 3, DAY, ("elbow", "Ellbogen – ö"),
                 Quantity(1.0, ML), Quantity(250.0, MG))
BLOCK = DueEntry(ID, 'odd "ref"\\', "topical", "dispense", 2, DAY,
                 strength=Quantity(100.0, MG_PER_G), amount=Quantity(40.0, G))
REVIEW = DueEntry(ID, "R-1", "topical", "review", 1, DAY)


@pytest.mark.parametrize(("entry", "expected"), [
    (ROUND, {"course_id": ID, "patient": {"reference": "H1234567/2"}, "kind": "injection",
             "what": "round", "round": 3, "date": "2026-01-05",
             "sites": ["elbow", "Ellbogen – ö"], "visit_volume": {"value": 1.0, "unit": "mL"},
             "sts_pentahydrate": {"value": 250.0, "unit": "mg"}}),
    (BLOCK, {"course_id": ID, "patient": {"reference": 'odd "ref"\\'}, "kind": "topical",
             "what": "dispense", "block": 2, "date": "2026-01-05", "strength": "10 % w/w",
             "amount": {"value": 40.0, "unit": "g"}}),
    (REVIEW, {"course_id": ID, "patient": {"reference": "R-1"}, "kind": "topical",
              "what": "review", "review": 1, "date": "2026-01-05"}),
])
def test_an_entry_is_kept_as_the_contract_object_and_reads_back(
    entry: DueEntry, expected: dict[str, object]
) -> None:
    line = encode(entry)
    assert list(json.loads(line).items()) == list(expected.items())  # fields and their order
    back = decode(line)
    assert (back.course_id, back.reference, back.kind, back.what, back.number, back.date,
            back.sites) == (entry.course_id, entry.reference, entry.kind, entry.what,
                            entry.number, entry.date, entry.sites)
    for name in ("visit_volume", "sts_pentahydrate", "strength", "amount"):
        kept, read = getattr(entry, name), getattr(back, name)
        assert (kept is None and read is None) or read.to(kept.units).magnitude == \
            pytest.approx(kept.magnitude)


def test_the_list_is_the_entries_joined_and_an_empty_list_is_an_empty_array() -> None:
    lines = [encode(ROUND), encode(BLOCK)]
    assert json.loads(join(lines)) == [json.loads(line) for line in lines]
    assert json.loads(join([])) == []


@pytest.mark.parametrize(("day", "today", "overdue"), [
    (dt.date(2026, 1, 4), DAY, True), (DAY, DAY, False), (dt.date(2026, 1, 6), DAY, False),
])
def test_an_entry_is_overdue_only_when_dated_before_today(
    day: dt.date, today: dt.date, overdue: bool
) -> None:
    assert DueEntry(ID, "R", "topical", "review", 1, day).overdue(today) is overdue
