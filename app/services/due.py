"""The due list's use cases: the API's list for a range, and the clinic's board, day sheet and
range export, whose entries carry each patient's name as the course keeps it."""

from __future__ import annotations

import datetime as dt

from app.contracts.due_entries import decode
from app.courses.due import DueBoard, DueList, Named, board
from app.courses.errors import InvalidInput
from app.storage import courses as store
from app.storage.engine import Database

MAX_DUE_DAYS = 92
# Overdue entries are looked for this far back: a course open longer than this is long forgotten.
OVERDUE_SINCE = dt.date(2000, 1, 1)
# The clinic's board shows today and the 13 days after it; the pharmacist's view, a week.
BOARD_DAYS = 14
WEEK_DAYS = 7
# What the pharmacist's view lists.
DISPENSE = "dispense"


def check_range(start: dt.date, end: dt.date) -> None:
    """422 at `to` unless the range runs forward over 1 to 92 days, both ends counted."""
    days = (end - start).days + 1
    if not 1 <= days <= MAX_DUE_DAYS:
        raise InvalidInput([{
            "loc": ["query", "to"], "type": "value_error",
            "msg": f"to must be on or after from, and the due list covers at most "
            f"{MAX_DUE_DAYS} days counting both ends; got {days}",
        }])


def due_list(db: Database, start: dt.date, end: dt.date) -> DueList:
    """Every entry of active courses from `start` to `end`, both included, by date then
    patient reference: injection rounds, topical blocks to dispense and reviews to hold."""
    check_range(start, end)
    with db.reading() as session:
        return DueList(tuple(store.due(session, start, end)))


def named(db: Database, start: dt.date, end: dt.date, what: str | None = None) -> list[Named]:
    """The entries from `start` to `end`, in the list's order, each with its patient's name."""
    with db.reading() as session:
        rows = store.due_with_patients(session, start, end, what)
    return [Named(decode(line), patient.get("name")) for line, patient in rows]


def due_board(db: Database, today: dt.date, only: str | None = None) -> DueBoard:
    """Everything overdue, then two weeks from today; for the pharmacist's view
    (`only="dispense"`) the blocks to dispense, overdue and in the seven days from today."""
    days = WEEK_DAYS if only == DISPENSE else BOARD_DAYS
    last = today + dt.timedelta(days=days - 1)
    return board(named(db, OVERDUE_SINCE, last, only), today, today, last, only)


def day_sheet(db: Database, day: dt.date, today: dt.date) -> DueBoard:
    """The entries of one day, with everything overdue when the day is today."""
    since = OVERDUE_SINCE if day == today else day
    # Judged as of the sheet's own day: on another day's sheet nothing is overdue.
    return board(named(db, since, day), day, day, day)


def export(db: Database, start: dt.date, end: dt.date) -> list[Named]:
    """The entries from `start` to `end` (at most 92 days) for a spreadsheet."""
    check_range(start, end)
    return named(db, start, end)
