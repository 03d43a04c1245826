"""The most a course keeps: records in all, and deferrals of one round (409 beyond, saying what
to do instead)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.contracts.courses import RecordIn
from app.courses import rules
from app.courses.errors import Conflict
from app.courses.schedule import KeptRecord

DAY = dt.date(2026, 1, 5)
GIVEN = RecordIn.model_validate({"status": "given", "round": 2, "date": "2026-01-19",
                                 "lot": "L1", "expiry": "2027-01-01"})


def kept(count: int, status: str = "deferred", in_error: bool = False) -> list[KeptRecord]:
    return [KeptRecord(f"r{n}", status, DAY, round=1, in_error=in_error) for n in range(count)]


def test_a_course_keeps_at_most_two_thousand_records_struck_ones_included() -> None:
    rules.check_bounds(GIVEN, kept(rules.MAX_RECORDS - 1, in_error=True))
    with pytest.raises(Conflict, match="already keeps 2000 records"):
        rules.check_bounds(GIVEN, kept(rules.MAX_RECORDS, in_error=True))


@pytest.mark.parametrize(("earlier", "refused"), [(19, False), (20, True)])
def test_struck_deferrals_do_not_count_towards_twenty(earlier: int, refused: bool) -> None:
    deferral = RecordIn.model_validate({"status": "deferred", "round": 1, "date": "2026-02-01",
                                        "reason": "unwell"})
    history = kept(earlier) + kept(5, in_error=True)
    if refused:
        with pytest.raises(Conflict, match="deferred 20 times"):
            rules.check_bounds(deferral, history)
    else:
        rules.check_bounds(deferral, history)
