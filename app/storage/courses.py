"""Storage of courses, their records and corrections, and the due-list index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.storage.models import Amendment, Correction, Course, DueRow, Record


def get(session: Session, course_id: str, *, for_write: bool = False) -> Course | None:
    """The course with this id, if any; a writer locks its row (PostgreSQL) so that a second
    writer waits, then sees the new version and is refused with 412, never a 409 half-way."""
    return session.get(Course, course_id, with_for_update=for_write)


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A stored record's columns, read without an ORM object: a course of 2,000 records is read
    on every view of it, and building and tracking that many objects was most of the time."""

    id: str
    status: str
    date: dt.date
    round: int | None
    block: int | None
    review: int | None
    volumes: dict[str, str] | None
    amount: str | None
    lot: str | None
    expiry: dt.date | None
    reason: str | None
    note: str | None
    by: str
    at: dt.datetime

    @classmethod
    def of(cls, record: Record) -> RecordRow:
        """A record just written (an ORM object) as the rows read back are."""
        return cls(*(getattr(record, column.key) for column in RECORD_COLUMNS))


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """Who marked a record entered in error, when and why."""

    by: str
    at: dt.datetime
    reason: str

    @classmethod
    def of(cls, correction: Correction) -> CorrectionRow:
        """A correction just written as the rows read back are."""
        return cls(correction.by, correction.at, correction.reason)


# The columns RecordRow holds, in its order.
RECORD_COLUMNS = (Record.id, Record.status, Record.date, Record.round, Record.block,
                  Record.review, Record.volumes, Record.amount, Record.lot, Record.expiry,
                  Record.reason, Record.note, Record.by, Record.at)
KeptRows = list[tuple[RecordRow, CorrectionRow | None]]


def records(session: Session, course_id: str) -> KeptRows:
    """A course's records in the order written, each with its correction if it has one: only
    their columns, in one query."""
    query = (
        select(*RECORD_COLUMNS, Correction.record_id, Correction.by, Correction.at,
               Correction.reason)
        .outerjoin(Correction, Correction.record_id == Record.id)
        .where(Record.course_id == course_id)
        .order_by(Record.position)
    )
    return [_kept(row) for row in session.execute(query)]


def _kept(row: Sequence[Any]) -> tuple[RecordRow, CorrectionRow | None]:
    width = len(RECORD_COLUMNS)
    return (RecordRow(*row[:width]),
            None if row[width] is None else CorrectionRow(*row[width + 1:]))


def next_position(session: Session, course_id: str) -> int:
    """The position the next record of a course takes."""
    last = session.scalar(select(func.max(Record.position)).where(Record.course_id == course_id))
    return 1 if last is None else last + 1


def claim_version(
    session: Session, course_id: str, expected: int, status: str, next_due: dt.date | None,
) -> bool:
    """Move a course from version `expected` to the next, in the writing transaction; False (and
    nothing changed) when another writer got there first, so two writers cannot both succeed."""
    result = session.execute(
        update(Course)
        .where(Course.id == course_id, Course.version == expected)
        .values(version=Course.version + 1, status=status, next_due=next_due)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


# A row of the due index as the course service writes it: (what, number, date, entry JSON).
IndexRow = tuple[str, int, dt.date, str]


def replace_due(
    session: Session, course_id: str, reference: str, rows: Sequence[IndexRow],
    judged: str | None = None,
) -> None:
    """Rewrite a course's rows in the due index from its schedule, judged under the limits named
    `judged` (None: not yet judged, so the next read judges them)."""
    session.execute(delete(DueRow).where(DueRow.course_id == course_id))
    if rows:
        session.execute(insert(DueRow), [
            {"course_id": course_id, "what": what, "number": number, "date": day,
             "patient_reference": reference, "line": line, "policy": judged}
            for what, number, day, line in rows
        ])


def judged_rows(session: Session, course_id: str) -> tuple[list[IndexRow], set[str | None]]:
    """A course's rows in the due index as stored, and the limits they were judged under."""
    query = (
        select(DueRow.what, DueRow.number, DueRow.date, DueRow.line, DueRow.policy)
        .where(DueRow.course_id == course_id)
        .order_by(DueRow.what, DueRow.number)
    )
    rows = session.execute(query).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows], {r[4] for r in rows}


def ids_after(session: Session, after: str, limit: int) -> list[str]:
    """Up to `limit` course ids after `after`, in id order: a whole table a page at a time."""
    query = select(Course.id).where(Course.id > after).order_by(Course.id).limit(limit)
    return list(session.scalars(query))


def lock_reference(session: Session, reference: str) -> None:
    """Hold a patient reference until the transaction ends, so two courses made at once under one
    reference are checked one after the other (PostgreSQL; SQLite's writer already holds the
    whole database)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(reference))))


def by_reference(session: Session, reference: str) -> list[Course]:
    """Every course of one patient reference, oldest first."""
    query = (
        select(Course)
        .where(Course.patient_reference == reference)
        .order_by(Course.created_at, Course.id)
    )
    return list(session.scalars(query))


def _in_order(query: Any) -> Any:
    # The index's own key order: a date range is read in one run of rows.
    return query.order_by(DueRow.date, DueRow.patient_reference, DueRow.course_id, DueRow.what,
                          DueRow.number)


def due(session: Session, start: dt.date, end: dt.date) -> list[str]:
    """The entries (JSON text) of the due list from `start` to `end`, by date, then patient
    reference."""
    query = _in_order(select(DueRow.line).where(DueRow.date >= start, DueRow.date <= end))
    # Through the connection, not the ORM: thousands of plain strings need no ORM bookkeeping.
    return list(session.connection().execute(query).scalars())


def _unjudged(judged: str) -> Any:
    # The course's id where its row was judged under other limits (or none), else NULL: one
    # column that is almost always empty, read in the same pass as the entries.
    return case((DueRow.policy == judged, None), else_=DueRow.course_id)


def due_judged(
    session: Session, start: dt.date, end: dt.date, judged: str
) -> tuple[list[str], set[str]]:
    """The entries (JSON text) as `due` gives them, and the ids of their courses whose rows were
    judged under other limits than `judged`."""
    query = _in_order(select(DueRow.line, _unjudged(judged))
                      .where(DueRow.date >= start, DueRow.date <= end))
    rows = session.connection().execute(query).all()
    return [row[0] for row in rows], {row[1] for row in rows if row[1] is not None}


def due_with_patients(
    session: Session, start: dt.date, end: dt.date, what: str | None, judged: str
) -> tuple[list[tuple[str, dict[str, Any]]], set[str]]:
    """The entries (JSON text) from `start` to `end` in the list's order, each with its course's
    patient as kept (for the clinic's own pages); only those of one `what` when it is given; and
    the ids of their courses judged under other limits than `judged`."""
    query = (select(DueRow.line, Course.patient, _unjudged(judged))
             .join(Course, Course.id == DueRow.course_id))
    query = query.where(DueRow.date >= start, DueRow.date <= end)
    if what is not None:
        query = query.where(DueRow.what == what)
    rows = session.execute(_in_order(query)).all()
    return [(row[0], row[1]) for row in rows], {row[2] for row in rows if row[2] is not None}


def other_active(session: Session, reference: str, kind: str, course_id: str) -> list[str]:
    """The ids of the patient's other active courses of one kind, oldest first."""
    query = (
        select(Course.id)
        .where(Course.patient_reference == reference, Course.kind == kind,
               Course.status == "active", Course.id != course_id)
        .order_by(Course.created_at, Course.id)
    )
    return list(session.scalars(query))


def amendments(session: Session, course_id: str) -> list[Amendment]:
    """A course's amendments, oldest first."""
    query = select(Amendment).where(Amendment.course_id == course_id).order_by(Amendment.version)
    return list(session.scalars(query))


def search(
    session: Session, key: str | None, kind: str | None, statuses: Sequence[str] | None,
    after: tuple[dt.datetime, str] | None, limit: int,
) -> list[Course]:
    """Courses newest first: `key` (folded) starting the reference or inside the name; `after`
    is the last course of the page before, (created_at, id)."""
    query = select(Course)
    if key:
        query = query.where(or_(
            func.lower(Course.patient_reference).startswith(key, autoescape=True),
            Course.name_key.contains(key, autoescape=True),
        ))
    if kind is not None:
        query = query.where(Course.kind == kind)
    if statuses:
        query = query.where(Course.status.in_(list(statuses)))
    if after is not None:
        at, course_id = after
        query = query.where(or_(Course.created_at < at,
                                and_(Course.created_at == at, Course.id < course_id)))
    query = query.order_by(Course.created_at.desc(), Course.id.desc()).limit(limit)
    return list(session.scalars(query))
