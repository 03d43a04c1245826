"""The mapping alone (app/fhir/), without HTTP or a database: built from a course view, the same
view always gives the same Bundle, and what the API cannot yet send (a patient's language, a
deferral struck out) maps as documented."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.courses.schedule import KeptRecord, schedule
from app.courses.views import CourseRecord, CourseView, Signed
from app.fhir.bundle import DEFAULT_PATIENT_SYSTEM, course_bundle
from app.policy import PUBLISHED
from tests.fhir_export.bundles import of_type
from tests.seed import SEED_INJECTION, SHORT_TOPICAL

AT = dt.datetime(2020, 5, 20, 9, 30, tzinfo=dt.UTC)


def _record(id_: str, status: str, day: str, **extra: Any) -> CourseRecord:
    fields: dict[str, Any] = {"round": None, "block": None, "review": None, "volumes": None,
                              "amount": None, "lot": None, "expiry": None, "reason": None,
                              "note": None}
    fields.update(extra)
    return CourseRecord(id=id_, status=status, date=dt.date.fromisoformat(day), by="ann", at=AT,
                        **fields)


def _course(records: tuple[CourseRecord, ...], patient: dict[str, Any],
            kind: str = "injection") -> CourseView:
    kept = [KeptRecord(r.id, r.status, r.date, r.round, r.block, r.review, r.volumes or {},
                       r.in_error) for r in records]
    plan = SEED_INJECTION if kind == "injection" else SHORT_TOPICAL
    return CourseView(
        id="course-1", version=len(records) + 1, kind=kind, status="active",
        patient=patient, plan=plan, schedule=schedule(kind, plan, kept, PUBLISHED),
        records=records, created=Signed("ann", AT), next_due=None,
    )


def test_the_same_course_view_gives_the_same_bundle():
    course = _course((), {"reference": "H1"})
    assert course_bundle(course) == course_bundle(course)
    (patient,) = of_type(course_bundle(course), "Patient")
    assert patient["identifier"][0]["system"] == DEFAULT_PATIENT_SYSTEM


def test_a_struck_out_deferral_stays_noted_as_struck_out():
    struck = Signed("bob", AT + dt.timedelta(hours=1), "wrong round")
    records = (_record("r1", "deferred", "2020-05-28", round=2, reason="flu",
                       entered_in_error=struck),)
    (order,) = of_type(course_bundle(_course(records, {"reference": "H1"})), "MedicationRequest")
    assert order["note"] == [{"authorString": "ann", "time": "2020-05-20T09:30:00Z",
                              "text": "Round 2 deferred to 2020-05-28: flu (entered in error: "
                                      "wrong round)"}]
    # Struck out, the deferral no longer moves round 2 (planned 2020-05-21).
    elbow = order["dosageInstruction"][-1]["timing"]["repeat"]["boundsPeriod"]
    assert elbow["start"] == "2020-05-21"


def test_a_patients_language_is_their_preferred_communication():
    course = _course((), {"reference": "H1", "language": "it"})
    (patient,) = of_type(course_bundle(course, "urn:oid:1.2.3"), "Patient")
    assert patient["communication"] == [{"language": {
        "coding": [{"system": "urn:ietf:bcp:47", "code": "it"}], "text": "it"},
        "preferred": True}]
    assert patient["identifier"] == [{"system": "urn:oid:1.2.3", "value": "H1"}]


def test_a_dispense_for_a_block_the_plan_no_longer_has_says_so():
    """An amended plan may have fewer blocks than were dispensed: the dispense stays, says so,
    and claims no step, strength or days it cannot know."""
    records = (_record("r1", "dispensed", "2025-01-06", block=9, amount="10 g", lot="L1",
                       expiry=dt.date(2025, 12, 31)),)
    (dispensed,) = of_type(course_bundle(_course(records, {"reference": "H1"}, "topical")),
                           "MedicationDispense")
    assert dispensed["note"][0]["text"] == "Block 9 is not in the plan as it now stands"
    assert dispensed["quantity"]["value"] == 10.0
    assert dispensed["contained"][0]["batch"] == {"lotNumber": "L1", "expirationDate": "2025-12-31"}
    assert "ingredient" not in dispensed["contained"][0]
    for claimed in ("authorizingPrescription", "daysSupply", "dosageInstruction"):
        assert claimed not in dispensed
