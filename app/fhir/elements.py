"""The FHIR R4 data types the mapping builds: stable ids, references, UCUM quantities, text
concepts and notes (https://hl7.org/fhir/R4/datatypes.html)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from app.contracts.json_values import JsonObject
from app.courses.views import CourseRecord, moment
from app.quantities.fast import magnitude_in, quantity_of
from app.quantities.registry import DAY, MG, ML, G, PintUnit, Qty

UCUM = "http://unitsofmeasure.org"
# Fixed for good: every id the export has ever written is a UUID v5 in this namespace, so a
# new namespace would give every resource a new id (it is uuid5(NAMESPACE_URL,
# "urn:sts-planner:fhir")).
NAMESPACE = uuid.UUID("48d84827-feef-5264-a997-a052c6ea101b")
COURSE_SYSTEM = "urn:sts-planner:course"
RECORD_SYSTEM = "urn:sts-planner:record"
# The UCUM code of each unit the export writes (https://ucum.org/ucum: mL, g, mg, d).
UCUM_CODES: dict[PintUnit, str] = {ML: "mL", G: "g", MG: "mg", DAY: "d"}
# Decimal places kept: sums of recorded volumes carry binary noise (0.1 + 0.2) that a
# receiving system would otherwise store as written.
PLACES = 6


def resource_id(course_id: str, *parts: str) -> str:
    """A stable id made only from the course's (and a record's) id: the same on every export,
    and within FHIR's id rule ([A-Za-z0-9-.]{1,64})."""
    return str(uuid.uuid5(NAMESPACE, "/".join((course_id, *parts))))


def entry(resource: JsonObject) -> JsonObject:
    """A Bundle entry whose fullUrl is the urn:uuid its references use."""
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def reference(resource: JsonObject) -> dict[str, str]:
    """A reference that resolves inside the Bundle (https://hl7.org/fhir/R4/bundle.html#references)."""
    return {"reference": f"urn:uuid:{resource['id']}"}


def decimal(value: float) -> float:
    """A magnitude as a FHIR decimal, without float noise."""
    return round(float(value), PLACES) + 0.0


def quantity(value: Qty, unit: PintUnit) -> JsonObject:
    """A Quantity in `unit`, coded in UCUM."""
    code = UCUM_CODES[unit]
    return {"value": decimal(magnitude_in(value, unit)), "unit": code, "system": UCUM,
            "code": code}


def total(quantities: Iterable[Qty], unit: PintUnit) -> Qty:
    """The sum of quantities, in `unit` (pint's own `+` costs a course of 60 sites × 52 rounds
    most of a second)."""
    return quantity_of(sum(magnitude_in(q, unit) for q in quantities), unit)


def duration_days(days: int) -> JsonObject:
    """A Duration of whole days, coded in UCUM."""
    return {"value": days, "unit": "d", "system": UCUM, "code": "d"}


def ratio(numerator: Qty, numerator_unit: PintUnit, denominator: Qty,
          denominator_unit: PintUnit) -> JsonObject:
    """A Ratio such as a strength, 30 mg per 1 g."""
    return {"numerator": quantity(numerator, numerator_unit),
            "denominator": quantity(denominator, denominator_unit)}


def concept(text: str) -> dict[str, str]:
    """A CodeableConcept of text alone: no code is claimed unchecked (docs/sources.md)."""
    return {"text": text}


def identifier(system: str, value: str) -> dict[str, str]:
    """An Identifier that leads back to the course or record it was made from."""
    return {"system": system, "value": value}


def annotation(text: str, author: str, at: dt.datetime | dt.date) -> dict[str, str]:
    """A note, with who wrote it and when."""
    time = moment(at) if isinstance(at, dt.datetime) else at.isoformat()
    return {"authorString": author, "time": time, "text": text}


def period(start: dt.date, end: dt.date | dt.datetime) -> dict[str, str]:
    """A Period from a day to a day (or a moment)."""
    last = moment(end) if isinstance(end, dt.datetime) else end.isoformat()
    return {"start": start.isoformat(), "end": last}


def record_notes(record: CourseRecord) -> list[dict[str, str]]:
    """A record's own note, and its correction when it was entered in error."""
    notes = []
    if record.note:
        notes.append(annotation(record.note, record.by, record.at))
    if record.entered_in_error is not None:
        wrong = record.entered_in_error
        notes.append(annotation(f"Entered in error: {wrong.reason}", wrong.by, wrong.at))
    return notes
