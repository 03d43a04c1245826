"""The whole course as one FHIR R4 Bundle of type collection: the Patient, the CarePlan that
groups the course, then its requests, administrations and dispenses
(https://hl7.org/fhir/R4/bundle.html, patient.html, careplan.html)."""

from __future__ import annotations

import datetime as dt

from app.contracts.json_values import JsonObject
from app.courses.kinds import CourseKind, CourseStatus, RecordStatus
from app.courses.views import CourseRecord, CourseView, moment
from app.fhir import injection, statuses, topical
from app.fhir.elements import (
    COURSE_SYSTEM,
    annotation,
    entry,
    identifier,
    period,
    reference,
    resource_id,
)

DEFAULT_PATIENT_SYSTEM = "urn:sts-planner:patient-reference"
TITLES = {CourseKind.INJECTION: "Intralesional sodium thiosulfate",
          CourseKind.TOPICAL: "Topical sodium thiosulfate under occlusion"}
# Languages as BCP 47 tags (https://hl7.org/fhir/R4/valueset-languages.html).
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"


def patient(course: CourseView, system: str) -> JsonObject:
    """The Patient as the course knows them: the reference, and the name and birth date if
    recorded. Its id is made from the course's id, never from the patient's data."""
    known = course.patient
    body: JsonObject = {"resourceType": "Patient", "id": resource_id(course.id, "Patient"),
                            "identifier": [identifier(system, known["reference"])]}
    if known.get("name"):
        body["name"] = [{"text": known["name"]}]
    if known.get("birth_date"):
        body["birthDate"] = known["birth_date"]
    if known.get("language"):
        body["communication"] = [{"language": {
            "coding": [{"system": LANGUAGE_SYSTEM, "code": known["language"]}],
            "text": known["language"]}, "preferred": True}]
    return body


def _review(record: CourseRecord) -> dict[str, str]:
    text = f"Review {record.review} held on {record.date.isoformat()}"
    if record.note:
        text += f": {record.note}"
    if record.entered_in_error is not None:
        text += f" (entered in error: {record.entered_in_error.reason})"
    return annotation(text, record.by, record.at)


def _last_day(course: CourseView) -> dt.date:
    """The course's last planned day: its last round, or its last day or review if later."""
    dates = list(course.schedule.visit_dates.values())
    if course.kind == CourseKind.TOPICAL:
        end = course.schedule.body["end_date"]
        dates.append(dt.date.fromisoformat(end))
    return max(dates)


def care_plan(course: CourseView, subject: JsonObject,
              requests: list[JsonObject]) -> JsonObject:
    """The CarePlan grouping the course: one activity per MedicationRequest."""
    end: dt.date | dt.datetime = _last_day(course)
    body: JsonObject = {
        "resourceType": "CarePlan", "id": resource_id(course.id, "CarePlan"),
        "identifier": [identifier(COURSE_SYSTEM, course.id)],
        "status": statuses.CAREPLAN_STATUS[CourseStatus(course.status)],
        "intent": statuses.CAREPLAN_INTENT,
        "title": TITLES[CourseKind(course.kind)],
        "subject": reference(subject),
        "created": moment(course.created.at),
        "activity": [{"reference": reference(r)} for r in requests],
    }
    notes = [_review(r) for r in course.records if r.status == RecordStatus.REVIEWED]
    if course.stopped is not None:
        end = course.stopped.at
        notes.append(annotation(f"Stopped: {course.stopped.reason}", course.stopped.by,
                                course.stopped.at))
    start = dt.date.fromisoformat(course.plan["start_date"])
    body["period"] = period(start, end)
    if notes:
        body["note"] = notes
    return body


def last_change(course: CourseView) -> dt.datetime:
    """When the course was last written: its creation, a record, a correction or the stop."""
    moments = [course.created.at, *(r.at for r in course.records),
               *(r.entered_in_error.at for r in course.records if r.entered_in_error)]
    if course.stopped is not None:
        moments.append(course.stopped.at)
    return max(moments)


def course_bundle(course: CourseView, patient_system: str = DEFAULT_PATIENT_SYSTEM
                  ) -> JsonObject:
    """The course as a Bundle of type collection. Built only from the course, so two exports of
    one version are the same to the byte; `timestamp` is when the course last changed."""
    subject = patient(course, patient_system)
    if course.kind == CourseKind.INJECTION:
        made = injection.resources(course, subject)
    else:
        made = topical.resources(course, subject)
    requests = [r for r in made if r["resourceType"] == "MedicationRequest"]
    plan = care_plan(course, subject, requests)
    return {
        "resourceType": "Bundle", "id": resource_id(course.id, "Bundle"),
        "meta": {"versionId": str(course.version)},
        "type": "collection",
        "timestamp": moment(last_change(course)),
        "entry": [entry(r) for r in (subject, plan, *made)],
    }
