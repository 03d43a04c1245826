"""Which record closes a round: one rule for the schedule and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.courses.kinds import RecordStatus
from app.courses.rounds import closing_records


@dataclass(frozen=True)
class Rec:
    id: str
    status: str
    round: int | None
    in_error: bool = False


DAY = dt.date(2026, 1, 5)


def test_a_given_or_omitted_record_closes_its_round_over_any_deferral() -> None:
    found = closing_records([
        Rec("d1", RecordStatus.DEFERRED, 1), Rec("g1", RecordStatus.GIVEN, 1),
        Rec("d2", RecordStatus.DEFERRED, 2), Rec("o3", RecordStatus.OMITTED, 3),
    ])
    assert {n: r.id for n, r in found.records.items()} == {1: "g1", 2: "d2", 3: "o3"}
    assert found.omitted == frozenset({3})


def test_the_latest_deferral_stands_while_nothing_fixes_the_round() -> None:
    found = closing_records([Rec("d1", "deferred", 4), Rec("d2", "deferred", 4)])
    assert found.records[4].id == "d2"
    assert found.omitted == frozenset()


def test_records_entered_in_error_and_records_of_no_round_do_not_count() -> None:
    found = closing_records([
        Rec("g1", "given", 1, in_error=True), Rec("d1", "deferred", 1),
        Rec("x", "dispensed", None),
    ])
    assert {n: r.id for n, r in found.records.items()} == {1: "d1"}


def test_the_rounds_come_in_order() -> None:
    found = closing_records([Rec("a", "given", 3), Rec("b", "given", 1), Rec("c", "omitted", 2)])
    assert list(found.records) == [1, 2, 3]
