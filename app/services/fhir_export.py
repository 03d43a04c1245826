"""The FHIR export use cases: one course as a Bundle (audited `course.exported`), and the
courses written since a day, for the nightly NDJSON feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from app.contracts.json_values import JsonObject
from app.courses.errors import NotFound
from app.courses.schedule import kept_schedule
from app.fhir.bundle import course_bundle
from app.policy import Policy
from app.services.accounts import Actor
from app.services.course_rows import course_view, kept
from app.storage import audit, changes
from app.storage import courses as store
from app.storage.engine import Database

EXPORTED = "course.exported"


@dataclass(frozen=True)
class Export:
    """A course's Bundle and the course version it was made from (its ETag)."""

    course_id: str
    version: int
    bundle: JsonObject


def export_course(
    db: Database, policy: Policy, actor: Actor, course_id: str, patient_system: str
) -> Export:
    """A course as a FHIR R4 Bundle, read as a course read is; the export itself is audited
    with the version exported and never a patient's data."""
    with db.writing() as session:
        course = store.get(session, course_id, for_write=False)
        if course is None:
            raise NotFound("no such course")
        rows = store.records(session, course.id)
        current = kept_schedule(course.kind, course.plan, [kept(r, c) for r, c in rows], policy,
                                course.patient)
        view = course_view(course, rows, current)
        audit.append(session, actor.username, EXPORTED, course.id,
                     {"version": course.version, "format": "fhir-r4-bundle"})
    return Export(view.id, view.version, course_bundle(view, patient_system))


def changed_since(db: Database, since: dt.datetime) -> list[str]:
    """The ids of the courses written at or after `since`, in id order."""
    with db.reading() as session:
        return changes.courses_written_since(session, since, audit.READS)


def export_changed(
    db: Database, policy: Policy, actor: Actor, since: dt.datetime, patient_system: str
) -> Iterator[Export]:
    """Each course written since `since` as a Bundle, one course (and one transaction) at a
    time, so that a feed of thousands holds one course in memory."""
    for course_id in changed_since(db, since):
        yield export_course(db, policy, actor, course_id, patient_system)
