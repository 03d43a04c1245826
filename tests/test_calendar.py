"""Closures and interval series: the next open day, and series that follow moved dates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.calendar.series import Closures, series
from app.clinical.errors import InputError

D = dt.date.fromisoformat
NONE = Closures()


def dates(slots):
    return [slot.date.isoformat() for slot in slots]


def test_worked_example_every_two_weeks_from_a_monday():
    # sts-facts worked example: every 2 weeks × 6 from Mon 2025-01-06.
    slots = series(D("2025-01-06"), 14, 6, NONE)
    assert dates(slots) == [
        "2025-01-06", "2025-01-20", "2025-02-03", "2025-02-17", "2025-03-03", "2025-03-17",
    ]
    assert all(slot.moved_from is None for slot in slots)


@pytest.mark.parametrize(
    ("start", "interval", "count", "weekdays", "closed", "expected", "moved"),
    [
        # Christmas: weekly from Fri 19 Dec 2025; 25–26 Dec (Thu, Fri) and weekends closed.
        # Round 2 planned Fri 26 Dec → Sat, Sun closed → Mon 29 Dec; round 3 = 29 Dec + 7.
        ("2025-12-19", 7, 3, [6, 7], ["2025-12-25", "2025-12-26"],
         ["2025-12-19", "2025-12-29", "2026-01-05"], {2: "2025-12-26"}),
        # Easter Monday 21 Apr 2025 closed: round 2 → Tue 22 Apr; round 3 = 22 Apr + 14 = 6 May,
        # so the early-May holiday (Mon 5 May) is never hit.
        ("2025-04-07", 14, 3, [6, 7], ["2025-04-21", "2025-05-05"],
         ["2025-04-07", "2025-04-22", "2025-05-06"], {2: "2025-04-21"}),
        # A start on a Saturday with weekends closed moves round 1 to Monday; the rest follow.
        ("2025-01-04", 14, 2, [6, 7], [], ["2025-01-06", "2025-01-20"], {1: "2025-01-04"}),
        # Nothing closed: nothing moves.
        ("2025-01-04", 7, 2, [], [], ["2025-01-04", "2025-01-11"], {}),
    ],
)
def test_closures_move_a_visit_and_the_rest_follow(
    start, interval, count, weekdays, closed, expected, moved
):
    closures = Closures.of(weekdays, map(D, closed))
    slots = series(D(start), interval, count, closures)
    assert dates(slots) == expected
    assert {s.round: s.moved_from.isoformat() for s in slots if s.moved_from} == moved
    assert all(closures.is_open(slot.date) for slot in slots)


def test_all_seven_weekdays_closed_is_refused():
    with pytest.raises(InputError) as error:
        Closures.of(range(1, 8))
    assert error.value.field == "closed_weekdays"


def test_a_weekday_out_of_range_is_refused():
    with pytest.raises(InputError):
        Closures.of([0])


def test_next_open_skips_a_run_of_closed_dates():
    # Mon 6 Jan 2025 to Fri 10 Jan closed, weekends closed → Mon 13 Jan.
    closures = Closures.of([6, 7], (D("2025-01-06") + dt.timedelta(days=i) for i in range(5)))
    assert closures.next_open(D("2025-01-06")) == D("2025-01-13")


def test_a_mid_course_delay_moves_the_rest_of_the_series():
    # Round 2 planned 20 Jan but given 27 Jan (a week late): round 3 = 27 Jan + 14 = 10 Feb.
    slots = series(D("2025-01-06"), 14, 4, NONE, {2: D("2025-01-27")})
    assert dates(slots) == ["2025-01-06", "2025-01-27", "2025-02-10", "2025-02-24"]
    assert slots[1].given and slots[1].moved_from == D("2025-01-20")
    assert "given on" in (slots[1].explain() or "")
    assert [(b.date - a.date).days for a, b in zip(slots, slots[1:], strict=False)] == [21, 14, 14]


def test_a_given_date_on_a_closed_day_is_kept():
    # It happened; the planner records it rather than moving it. Sat 25 Jan 2025.
    slots = series(D("2025-01-06"), 14, 3, Closures.of([6, 7]), {2: D("2025-01-25")})
    assert dates(slots) == ["2025-01-06", "2025-01-25", "2025-02-10"]  # 8 Feb is a Saturday


@pytest.mark.parametrize("given", ["2025-01-06", "2025-01-01"])
def test_a_given_date_not_after_the_previous_round_is_refused(given):
    with pytest.raises(InputError) as error:
        series(D("2025-01-06"), 14, 3, NONE, {2: D(given)})
    assert error.value.field == "given"
