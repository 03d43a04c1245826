"""A topical course's MedicationRequest for each strength step and a MedicationDispense for each
block dispensed (https://hl7.org/fhir/R4/medicationrequest.html, medicationdispense.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.contracts.json_values import JsonObject
from app.contracts.plans import TopicalPlanRequest
from app.courses.kinds import CourseStatus, RecordStatus
from app.courses.views import CourseRecord, CourseView, moment
from app.fhir import medication, statuses
from app.fhir.elements import (
    COURSE_SYSTEM,
    annotation,
    concept,
    duration_days,
    identifier,
    quantity,
    record_notes,
    reference,
    resource_id,
)
from app.quantities import display
from app.quantities.parsing import MASS, parse_quantity
from app.quantities.registry import G, Qty
from app.topical.models import Block, TopicalPlanResult

ROUTE = concept("topical")
OCCLUSION = concept("under an occlusive dressing")
TIMES = {1: "once", 2: "twice"}


@dataclass(frozen=True)
class Step:
    """One strength step: its number, strength and days, with its MedicationRequest."""

    number: int
    strength: Qty
    start: dt.date
    end: dt.date
    instruction: str
    resource: JsonObject
    drug: JsonObject  # the Medication the resource contains


def _instruction(plan: TopicalPlanRequest, amount: Qty, strength: Qty) -> str:
    """Apply so much of this strength to these sites so many times a day under occlusion."""
    times = TIMES.get(plan.applications_per_day, f"{plan.applications_per_day} times")
    return (f"Apply {display.quantity(amount, G)} of sodium thiosulfate "
            f"{display.strength(strength, str(plan.strength_basis))} to "
            f"{', '.join(s.name for s in plan.sites)} {times} a day under an occlusive dressing")


def _dosage(plan: TopicalPlanRequest, amount: Qty, text: str, start: dt.date,
            end: dt.date) -> JsonObject:
    """A dosage from its first day to its last: the instruction, the timing and the amount."""
    return {
        "sequence": 1,
        "text": text,
        "additionalInstruction": [OCCLUSION],
        "timing": {"repeat": {
            "boundsPeriod": {"start": start.isoformat(), "end": end.isoformat()},
            "frequency": plan.applications_per_day, "period": 1, "periodUnit": "d"}},
        "site": concept(", ".join(s.name for s in plan.sites)),
        "route": ROUTE,
        "doseAndRate": [{"doseQuantity": quantity(amount, G)}],
    }


def steps(course: CourseView, patient: JsonObject) -> list[Step]:
    """Each strength step with its MedicationRequest, in the plan's order."""
    plan, result = course.schedule.request, course.schedule.result
    assert isinstance(plan, TopicalPlanRequest) and isinstance(result, TopicalPlanResult)
    found, start = [], plan.start_date
    for number, step in enumerate(plan.steps, start=1):
        end = start + dt.timedelta(days=step.days - 1)
        drug = medication.topical(step.strength, plan.strength_basis)
        instruction = _instruction(plan, result.amount_per_application, step.strength)
        body: JsonObject = {
            "resourceType": "MedicationRequest",
            "id": resource_id(course.id, "MedicationRequest", str(number)),
            "contained": [drug],
            "status": statuses.REQUEST_STATUS[CourseStatus(course.status)],
            "intent": statuses.REQUEST_INTENT,
            "medicationReference": medication.pointer(),
            "subject": reference(patient),
            "authoredOn": moment(course.created.at),
            "groupIdentifier": identifier(COURSE_SYSTEM, course.id),
            "dosageInstruction": [_dosage(
                plan, result.amount_per_application,
                f"{instruction}, {start.isoformat()} to {end.isoformat()}", start, end)],
            "dispenseRequest": {"expectedSupplyDuration": duration_days(step.days)},
        }
        if course.stopped is not None:
            body["statusReason"] = concept(f"Stopped: {course.stopped.reason}")
        found.append(Step(number, step.strength, start, end, instruction, body, drug))
        start = end + dt.timedelta(days=1)
    return found


def _block_of(result: TopicalPlanResult, within: list[Step],
              number: int) -> tuple[Block, Step] | None:
    """The block a record names and the step it falls in, or None when the plan (amended since
    the record was made) no longer has that block."""
    if not 1 <= number <= len(result.blocks):
        return None
    block = result.blocks[number - 1]
    step = next((s for s in within if s.start <= block.start <= s.end), None)
    return None if step is None else (block, step)


def dispense(course: CourseView, record: CourseRecord, patient: JsonObject,
             within: list[Step]) -> JsonObject:
    """A block dispensed: the amount handed over, when, and its lot and expiry."""
    plan, result = course.schedule.request, course.schedule.result
    assert isinstance(plan, TopicalPlanRequest) and isinstance(result, TopicalPlanResult)
    found = _block_of(result, within, record.block or 0)
    drug = medication.unplanned_topical() if found is None else found[1].drug
    body = medication.of_record(
        "MedicationDispense", course.id, record, drug,
        statuses.record_status(record, statuses.DISPENSE_STATUS), patient)
    body["quantity"] = quantity(parse_quantity(record.amount, MASS), G)
    body["whenHandedOver"] = record.date.isoformat()
    notes = record_notes(record)
    if found is None:  # said, not guessed: which step it belonged to is no longer known
        notes.insert(0, annotation(f"Block {record.block} is not in the plan as it now stands",
                                   record.by, record.at))
    else:
        block, step = found
        body["authorizingPrescription"] = [reference(step.resource)]
        body["daysSupply"] = duration_days(block.days)
        body["dosageInstruction"] = [_dosage(
            plan, result.amount_per_application,
            f"Block {record.block}, {block.start.isoformat()} to {block.end.isoformat()}: "
            f"{step.instruction}", block.start, block.end)]
    if notes:
        body["note"] = notes
    return body


def resources(course: CourseView, patient: JsonObject) -> list[JsonObject]:
    """The step requests, then a dispense for each dispensed record, in record order."""
    within = steps(course, patient)
    dispensed = [dispense(course, r, patient, within) for r in course.records
                 if r.status == RecordStatus.DISPENSED]
    return [s.resource for s in within] + dispensed
