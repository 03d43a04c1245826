"""Course and record states as the codes of FHIR R4's required value sets (each map names its
page). A state missing from a map is a KeyError, never a guess."""

from __future__ import annotations

from app.courses.kinds import CourseStatus, RecordStatus
from app.courses.views import CourseRecord

# https://hl7.org/fhir/R4/valueset-medicationrequest-status.html
REQUEST_STATUS = {
    CourseStatus.ACTIVE: "active",
    CourseStatus.STOPPED: "stopped",
    CourseStatus.COMPLETED: "completed",
}
# https://hl7.org/fhir/R4/valueset-request-status.html (CarePlan.status): it has no "stopped";
# "revoked" is its word for a plan ended before it was complete.
CAREPLAN_STATUS = {
    CourseStatus.ACTIVE: "active",
    CourseStatus.STOPPED: "revoked",
    CourseStatus.COMPLETED: "completed",
}
# https://hl7.org/fhir/R4/valueset-medication-admin-status.html
ADMINISTRATION_STATUS = {RecordStatus.GIVEN: "completed", RecordStatus.OMITTED: "not-done"}
# https://hl7.org/fhir/R4/valueset-medicationdispense-status.html
DISPENSE_STATUS = {RecordStatus.DISPENSED: "completed"}
IN_ERROR = "entered-in-error"
# https://hl7.org/fhir/R4/valueset-medicationrequest-intent.html
REQUEST_INTENT = "order"
# https://hl7.org/fhir/R4/valueset-care-plan-intent.html
CAREPLAN_INTENT = "plan"


def record_status(record: CourseRecord, codes: dict[RecordStatus, str]) -> str:
    """A record's code: entered-in-error once struck out, else its status's code."""
    return IN_ERROR if record.in_error else codes[RecordStatus(record.status)]
