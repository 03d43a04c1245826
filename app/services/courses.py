"""Course use cases: create, read, list, record, correct, stop, the due list and the audit trail.

Each takes typed values (the request models of app/contracts/courses.py, the version the caller
last read as `expected_version`, the acting account) and answers with the objects of
app/courses/views.py. Reading JSON, ETags and HTTP statuses is app/api's work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.roles import Action, may, may_strike
from app.accounts.secrets import new_id
from app.clinical.text import plain
from app.contracts.courses import CourseIn, ReasonIn
from app.courses import rules
from app.courses.commands import NewRecord
from app.courses.due import due_rows, judged_under
from app.courses.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed
from app.courses.kinds import CourseKind, CourseStatus, RecordStatus
from app.courses.patients import KeptPatient, check_same_patient, fold
from app.courses.schedule import Schedule, kept_schedule, schedule, validate_plan
from app.courses.views import AuditView, CourseSummary, CourseView
from app.policy import Policy
from app.services import due as due_service
from app.services.accounts import Actor
from app.services.course_rows import audit_view, course_view, kept, summary
from app.storage import audit
from app.storage import courses as store
from app.storage.engine import Database
from app.storage.models import Correction, Course, Record

# Which action of the permissions table each record needs (app/accounts/roles.py).
ACTION_OF = {
    RecordStatus.GIVEN: Action.RECORD_ROUND, RecordStatus.DEFERRED: Action.RECORD_ROUND,
    RecordStatus.OMITTED: Action.RECORD_ROUND, RecordStatus.DISPENSED: Action.DISPENSE,
    RecordStatus.REVIEWED: Action.REVIEW,
}


def stale(version: int) -> PreconditionFailed:
    """The refusal of a write made against a version that is no longer the course's."""
    return PreconditionFailed(
        f'the course is at version "{version}"; read it again before writing'
    )


def _version(expected_version: int | None, course: Course) -> None:
    """412 when the caller read another version than the course's (None: no precondition)."""
    if expected_version is not None and expected_version != course.version:
        raise stale(course.version)


def _load(session: Session, course_id: str, for_write: bool = True) -> Course:
    course = store.get(session, course_id, for_write=for_write)
    if course is None:
        raise NotFound("no such course")
    return course


def _state(
    session: Session, course: Course, policy: Policy, strict: bool = False
) -> tuple[store.KeptRows, Schedule]:
    """The course's records and its schedule; unless `strict`, worked out even when the limits
    now in force refuse its plan (with a `plan_refused_now` warning)."""
    rows = store.records(session, course.id)
    plan = schedule if strict else kept_schedule
    return rows, plan(course.kind, course.plan, [kept(r, c) for r, c in rows], policy,
                      course.patient)


def view(
    session: Session, course: Course, rows: store.KeptRows,
    current: Schedule,
) -> CourseView:
    """The course as every answer gives it: with the patient's other active courses of its kind
    and its amendments."""
    others = store.other_active(session, course.patient_reference, course.kind, course.id)
    return course_view(course, rows, current, others, store.amendments(session, course.id))


def _status(course: Course, current: Schedule) -> CourseStatus:
    if course.stopped_at is not None:
        return CourseStatus.STOPPED
    return CourseStatus.COMPLETED if current.complete else CourseStatus.ACTIVE


def _index(
    session: Session, course: Course, status: str, current: Schedule, policy: Policy,
) -> None:
    """Rewrite the course's rows of the due index from the schedule just computed under
    `policy` (marked when it refuses the plan now)."""
    rows = due_rows(course.id, course.patient_reference, status, current)
    store.replace_due(session, course.id, course.patient_reference, rows, judged_under(policy))


def _commit_write(
    session: Session, course: Course, expected: int, current: Schedule, policy: Policy,
) -> str:
    """Claim the next version (412 if another writer did first) and refresh the due index."""
    status = _status(course, current)
    next_due = None if status == CourseStatus.STOPPED else current.next_due
    if not store.claim_version(session, course.id, expected, status, next_due):
        raise PreconditionFailed("another write to this course came first; read it again")
    _index(session, course, status, current, policy)
    session.refresh(course)
    return status


def create_course(
    db: Database, policy: Policy, actor: Actor, request: CourseIn, today: dt.date
) -> CourseView:
    """Keep a new course: the plan exactly as sent, checked as its plan endpoint checks it."""
    if request.patient.birth_date is not None and request.patient.birth_date > today:
        raise InvalidInput.at("patient", "birth_date", message="birth_date is after today")
    plan = request.plan
    validate_plan(request.kind, plan)
    patient = request.patient.model_dump(mode="json", exclude_none=True)
    current = schedule(request.kind, plan, [], policy, patient)
    name = patient.get("name")
    with db.writing() as session:
        # One reference, one patient: checked in the writing transaction, nothing written if not.
        store.lock_reference(session, patient["reference"])
        check_same_patient(patient, [KeptPatient(c.id, c.patient)
                                     for c in store.by_reference(session, patient["reference"])])
        course = Course(
            id=new_id(), version=1, kind=request.kind, status=CourseStatus.ACTIVE,
            patient_reference=request.patient.reference, patient=patient, plan=plan,
            next_due=current.next_due, created_by=actor.username,
            created_at=dt.datetime.now(dt.UTC), name_key=fold(name) if name else None,
            visit_time=request.visit_time,
        )
        session.add(course)
        session.flush()
        _index(session, course, CourseStatus.ACTIVE, current, policy)
        audit.append(session, actor.username, "course.created", course.id,
                     {"kind": course.kind, "version": 1})
        return view(session, course, [], current)


def get_course(db: Database, policy: Policy, actor: Actor, course_id: str) -> CourseView:
    """A course by id; the read itself is audited."""
    with db.writing() as session:
        course = _load(session, course_id, for_write=False)
        rows, current = _state(session, course, policy)
        audit.append(session, actor.username, "course.viewed", course.id,
                     {"version": course.version})
        return view(session, course, rows, current)


def plan_of(db: Database, course_id: str) -> tuple[str, dict[str, object]]:
    """A course's kind and plan as kept (no patient in them, so not audited as a read); 404."""
    with db.reading() as session:
        course = _load(session, course_id, for_write=False)
        return course.kind, course.plan


def list_courses(db: Database, reference: str) -> list[CourseSummary]:
    """A patient's courses in brief; an unknown reference gives an empty list."""
    with db.reading() as session:
        return [summary(c) for c in store.by_reference(session, reference)]


def list_for_patient(db: Database, actor: Actor, reference: str) -> list[CourseSummary]:
    """A patient's courses in brief for a caller who asked by reference: the answer names the
    patient, so the read is audited (`courses.listed`, the count only, never the reference)."""
    with db.writing() as session:
        found = [summary(c) for c in store.by_reference(session, reference)]
        audit.append(session, actor.username, "courses.listed", None, {"count": len(found)})
        return found


def _may_record_on(actor: Actor, course: Course) -> None:
    if course.kind == CourseKind.INJECTION and not may(actor.role, Action.RECORD_ROUND):
        raise Forbidden(f"the role '{actor.role}' records dispensing for topical courses only")


def _may_strike(actor: Actor, record: store.RecordRow) -> None:
    """403 unless this account may strike this record out (a pharmacist: their own dispensing)."""
    if not may_strike(actor.role, actor.username, record.status, record.by):
        raise Forbidden(f"the role '{actor.role}' may strike out only its own dispensing records")


def write_target(
    db: Database, actor: Actor, course_id: str, *, record_id: str | None = None,
    recording: bool = False,
) -> int:
    """The version of a course about to be written, after what a write checks before its input:
    the course (and the record) exist (404), and a record may be sent to it (403). A caller
    whose input is refused asks this first, so that 404, 403 and 412 come before 422."""
    with db.reading() as session:
        course = _load(session, course_id, for_write=False)
        if record_id is not None:
            found = next((r for r, _ in store.records(session, course.id) if r.id == record_id),
                         None)
            if found is None:
                raise NotFound("no such record in this course")
            _may_strike(actor, found)
        if recording:
            _may_record_on(actor, course)
        return course.version


def add_record(
    db: Database, policy: Policy, actor: Actor, course_id: str, command: NewRecord,
    expected_version: int | None, today: dt.date,
) -> CourseView:
    """Record what happened at a round, block or review, under optimistic concurrency."""
    record = command.record
    with db.writing() as session:
        course = _load(session, course_id)
        _may_record_on(actor, course)
        _version(expected_version, course)
        if not may(actor.role, ACTION_OF[RecordStatus(record.status)]):
            raise Forbidden(f"the role '{actor.role}' may not record '{record.status}'")
        rules.check_fields(course.kind, record, today)
        rows, current = _state(session, course, policy)
        history = [kept(r, c) for r, c in rows]
        blocks = len(current.body.get("blocks", []))
        rules.check_against(record, current, history, blocks)
        rules.check_bounds(record, history)
        rules.check_conflicts(_status(course, current), record, [k for k in history
                                                                 if not k.in_error])
        rules.check_refused_now(current.refused_now, record)
        volumes = None
        if RecordStatus(record.status) is RecordStatus.GIVEN and record.round is not None:
            # The plan is kept as sent; its names are looked up as the models read them.
            sites = course.plan["sites"]
            assert isinstance(sites, list)  # the plan was validated when it was kept
            planned = {plain(s["name"]): s["volume"] for s in sites}
            names = current.sites_at[record.round]
            volumes = {n: command.volumes.get(n, planned[n]) for n in names}
        row = Record(
            id=new_id(), course_id=course.id, position=store.next_position(session, course.id),
            status=record.status, round=record.round, block=record.block, review=record.review,
            date=record.date, volumes=volumes,
            amount=command.amount,
            lot=record.lot, expiry=record.expiry, reason=record.reason, note=record.note,
            by=actor.username, at=dt.datetime.now(dt.UTC),
        )
        # A plan the planner now refuses is worked out as it was read; any other is checked whole.
        recompute = schedule if current.refused_now is None else kept_schedule
        written = store.RecordRow.of(row)
        after = recompute(course.kind, course.plan, [*history, kept(written, None)], policy,
                          course.patient)
        expected = course.version
        session.add(row)
        status = _commit_write(session, course, expected, after, policy)
        number = record.round or record.block or record.review
        audit.append(session, actor.username, "record.added", course.id, {
            "record_id": row.id, "status": record.status, "number": number,
            "version": course.version, "course_status": status,
        })
        return view(session, course, [*rows, (written, None)], after)


def mark_in_error(
    db: Database, policy: Policy, actor: Actor, course_id: str, record_id: str,
    reason: ReasonIn, expected_version: int | None,
) -> CourseView:
    """Mark a record entered in error: it stays, and no longer counts in the schedule."""
    with db.writing() as session:
        course = _load(session, course_id)
        rows = store.records(session, course.id)
        found = next(((r, c) for r, c in rows if r.id == record_id), None)
        if found is None:
            raise NotFound("no such record in this course")
        _may_strike(actor, found[0])
        _version(expected_version, course)
        if found[1] is not None:
            raise Conflict("this record is already marked entered in error")
        correction = Correction(record_id=record_id, by=actor.username,
                                at=dt.datetime.now(dt.UTC), reason=reason.reason)
        struck = store.CorrectionRow.of(correction)
        rows = [(r, struck if r.id == record_id else c) for r, c in rows]
        after = kept_schedule(course.kind, course.plan, [kept(r, c) for r, c in rows], policy,
                              course.patient)
        expected = course.version
        session.add(correction)
        status = _commit_write(session, course, expected, after, policy)
        audit.append(session, actor.username, "record.entered_in_error", course.id, {
            "record_id": record_id, "version": course.version, "course_status": status,
        })
        return view(session, course, rows, after)


def stop_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, reason: ReasonIn,
    expected_version: int | None,
) -> CourseView:
    """Stop a course: it keeps its records, takes no new ones and leaves the due list."""
    with db.writing() as session:
        course = _load(session, course_id)
        _version(expected_version, course)
        if course.stopped_at is not None:
            raise Conflict("the course is already stopped")
        rows, current = _state(session, course, policy)
        expected = course.version
        course.stopped_by, course.stopped_at = actor.username, dt.datetime.now(dt.UTC)
        course.stop_reason = reason.reason
        session.flush()
        _commit_write(session, course, expected, current, policy)
        audit.append(session, actor.username, "course.stopped", course.id,
                     {"version": course.version})
        return view(session, course, rows, current)


@dataclass(frozen=True)
class Reindexed:
    """What a rebuild of the due index found: courses checked, those whose rows differed, and
    those whose plan the planner now refuses (their rows are left as they were)."""

    courses: int
    differing: int
    refused: tuple[str, ...] = ()  # their ids, so that each can be amended


def rebuild_due_index(
    db: Database, policy: Policy, write: bool = True, batch: int = 200
) -> Reindexed:
    """Recompute every course's due-index rows from its plan and records (the same schedule a
    write uses) and rewrite those that differ; with write=False only count them. Each batch
    locks its courses as a write does, so a record written meanwhile is never undone."""
    checked = differing = 0
    refused: list[str] = []
    after = ""
    while True:
        with (db.writing() if write else db.reading()) as session:
            ids = store.ids_after(session, after, batch)
            for course_id in ids:
                course = _load(session, course_id, for_write=write)
                try:
                    _, current = _state(session, course, policy, strict=True)
                except InvalidInput:  # never drop a patient's rounds from the list unseen
                    refused.append(course.id)
                    if write:  # but mark them, so that the due list says to amend the plan
                        due_service.judge(session, course.id, policy, again=True)
                    continue
                rows = due_rows(course.id, course.patient_reference, _status(course, current),
                                current)
                stored, judged = store.judged_rows(session, course.id)
                differing += rows != stored
                if write and (rows != stored or judged - {judged_under(policy)}):
                    store.replace_due(session, course.id, course.patient_reference, rows,
                                      judged_under(policy))
        checked += len(ids)
        if len(ids) < batch:
            return Reindexed(checked, differing, tuple(refused))
        after = ids[-1]


def audit_trail(
    db: Database, course_id: str | None, after: int = 0, limit: int = 1000
) -> list[AuditView]:
    """Audit entries in the order written, for one course or the whole trail."""
    with db.reading() as session:
        if course_id is not None and store.get(session, course_id) is None:
            raise NotFound("no such course")
        return [audit_view(e) for e in audit.entries(session, course_id, after, limit)]
