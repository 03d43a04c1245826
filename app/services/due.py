"""The due list's use cases: the API's list for a range, and the clinic's board, day sheet and
range export, whose entries carry each patient's name as the course keeps it. Each is read as
judged under the limits in force: a course whose rows were judged under others has its plan
judged again first, once, and its rows marked when the planner now refuses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy.orm import Session

from app.contracts.due_entries import decode, is_marked, marked
from app.courses.due import DueBoard, DueList, Named, board, judged_under
from app.courses.errors import InvalidInput
from app.courses.schedule import schedule
from app.policy import Policy
from app.services.course_rows import kept
from app.storage import courses as store
from app.storage.engine import Database
from app.storage.models import Course

MAX_DUE_DAYS = 92
# Overdue entries are looked for this far back: a course open longer than this is long forgotten.
OVERDUE_SINCE = dt.date(2000, 1, 1)
# The clinic's board shows today and the 13 days after it; the pharmacist's view, a week.
BOARD_DAYS = 14
WEEK_DAYS = 7
# What the pharmacist's view lists.
DISPENSE = "dispense"
# Courses judged again in one writing transaction, so that no write waits long behind them.
JUDGE_BATCH = 100
T = TypeVar("T")


def check_range(start: dt.date, end: dt.date) -> None:
    """422 at `to` unless the range runs forward over 1 to 92 days, both ends counted."""
    days = (end - start).days + 1
    if not 1 <= days <= MAX_DUE_DAYS:
        raise InvalidInput([{
            "loc": ["query", "to"], "type": "value_error",
            "msg": f"to must be on or after from, and the due list covers at most "
            f"{MAX_DUE_DAYS} days counting both ends; got {days}",
        }])


def refused_now(session: Session, course: Course, policy: Policy) -> bool:
    """True when the limits in force refuse the course's plan with its records."""
    records = [kept(r, c) for r, c in store.records(session, course.id)]
    try:
        schedule(course.kind, course.plan, records, policy, course.patient)
    except InvalidInput:
        return True
    return False


def judge(
    session: Session, course_id: str, policy: Policy, again: bool = False
) -> bool | None:
    """Judge one course's plan under `policy` and mark its due rows so, the entries otherwise
    exactly as kept (the writes that made them are what moves a date): whether it is refused
    (None: no such course). `again` judges a course already judged under these limits too
    (`db reindex`: a rule of the code, not a limit, may have changed)."""
    course = store.get(session, course_id, for_write=True)  # a write meanwhile waits, or is seen
    if course is None:
        return None
    rows, judged = store.judged_rows(session, course_id)
    key = judged_under(policy)
    if rows and judged == {key} and not again:  # another reader or a write judged it meanwhile
        return any(is_marked(line) for *_, line in rows)
    refused = refused_now(session, course, policy)
    if rows:
        store.replace_due(session, course_id, course.patient_reference,
                          [(w, n, d, marked(line, refused)) for w, n, d, line in rows], key)
    return refused


def _judge_all(db: Database, policy: Policy, course_ids: Iterable[str]) -> None:
    ids = sorted(course_ids)
    for at in range(0, len(ids), JUDGE_BATCH):
        with db.writing() as session:
            for course_id in ids[at:at + JUDGE_BATCH]:
                judge(session, course_id, policy)


def _judged(db: Database, policy: Policy, read: Callable[[Session, str], tuple[T, set[str]]]) -> T:
    """What `read` gives once every course it touches is judged under `policy`: read, judge the
    few courses judged under other limits (after a deployment changed them), read again."""
    key = judged_under(policy)
    with db.reading() as session:
        found, unjudged = read(session, key)
    if not unjudged:
        return found
    _judge_all(db, policy, unjudged)
    with db.reading() as session:
        return read(session, key)[0]


def due_list(db: Database, policy: Policy, start: dt.date, end: dt.date) -> DueList:
    """Every entry of active courses from `start` to `end`, both included, by date then
    patient reference: injection rounds, topical blocks to dispense and reviews to hold."""
    check_range(start, end)
    lines = _judged(db, policy, lambda s, key: store.due_judged(s, start, end, key))
    return DueList(tuple(lines))


def named(db: Database, policy: Policy, start: dt.date, end: dt.date,
          what: str | None = None) -> list[Named]:
    """The entries from `start` to `end`, in the list's order, each with its patient's name."""
    rows = _judged(db, policy,
                   lambda s, key: store.due_with_patients(s, start, end, what, key))
    return [Named(decode(line), patient.get("name")) for line, patient in rows]


def due_board(db: Database, policy: Policy, today: dt.date, only: str | None = None) -> DueBoard:
    """Everything overdue, then two weeks from today; for the pharmacist's view
    (`only="dispense"`) the blocks to dispense, overdue and in the seven days from today."""
    days = WEEK_DAYS if only == DISPENSE else BOARD_DAYS
    last = today + dt.timedelta(days=days - 1)
    return board(named(db, policy, OVERDUE_SINCE, last, only), today, today, last, only)


def day_sheet(db: Database, policy: Policy, day: dt.date, today: dt.date) -> DueBoard:
    """The entries of one day, with everything overdue when the day is today."""
    since = OVERDUE_SINCE if day == today else day
    # Judged as of the sheet's own day: on another day's sheet nothing is overdue.
    return board(named(db, policy, since, day), day, day, day)


def export(db: Database, policy: Policy, start: dt.date, end: dt.date) -> list[Named]:
    """The entries from `start` to `end` (at most 92 days) for a spreadsheet."""
    check_range(start, end)
    return named(db, policy, start, end)
