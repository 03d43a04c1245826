"""The contained Medication each request, administration and dispense points at: the drug as
text, its strength as a UCUM ratio, and for a recorded one its lot and expiry
(https://hl7.org/fhir/R4/medication.html)."""

from __future__ import annotations

from app.clinical.chemistry import Basis
from app.contracts.json_values import JsonObject
from app.courses.views import CourseRecord
from app.fhir.elements import RECORD_SYSTEM, concept, identifier, ratio, reference, resource_id
from app.quantities.registry import MG, ML, G, PintUnit, Qty, Quantity, is_weight_per_weight

LOCAL_ID = "med"
DRUG = "sodium thiosulfate"
# What each basis's mass is of: the salt as weighed (pentahydrate) or the anhydrous salt.
SALT = {Basis.PENTAHYDRATE: "sodium thiosulfate pentahydrate",
        Basis.ANHYDROUS: "sodium thiosulfate (anhydrous)"}


def per_unit(strength: Qty, unit: PintUnit) -> JsonObject:
    """A concentration as a ratio: so many mg in 1 mL (or 1 g)."""
    return ratio(strength * Quantity(1, unit), MG, Quantity(1, unit), unit)


def injection(concentration: Qty, diluent: str | None, lidocaine: Qty | None) -> JsonObject:
    """The made-up injection: STS pentahydrate per mL, with its diluent and any lidocaine."""
    ingredients: list[JsonObject] = [{
        "itemCodeableConcept": concept(SALT[Basis.PENTAHYDRATE]), "isActive": True,
        "strength": per_unit(concentration, ML),
    }]
    if lidocaine is not None:
        ingredients.append({"itemCodeableConcept": concept("lidocaine hydrochloride"),
                            "isActive": True, "strength": per_unit(lidocaine, ML)})
    elif diluent is not None:
        ingredients.append({"itemCodeableConcept": concept(f"{diluent} (diluent)"),
                            "isActive": False})
    return {"resourceType": "Medication", "id": LOCAL_ID, "code": concept(DRUG),
            "form": concept("solution for intralesional injection"), "ingredient": ingredients}


def topical(strength: Qty, basis: Basis) -> JsonObject:
    """A topical preparation at one strength: mg per g (w/w) or per mL (w/v)."""
    unit = G if is_weight_per_weight(strength) else ML
    return {"resourceType": "Medication", "id": LOCAL_ID, "code": concept(DRUG),
            "form": concept("topical preparation"), "ingredient": [{
                "itemCodeableConcept": concept(SALT[basis]), "isActive": True,
                "strength": per_unit(strength, unit)}]}


def unplanned_topical() -> JsonObject:
    """A topical preparation whose strength the plan no longer says."""
    return {"resourceType": "Medication", "id": LOCAL_ID, "code": concept(DRUG),
            "form": concept("topical preparation")}


def with_batch(medication: JsonObject, record: CourseRecord) -> JsonObject:
    """The medication with the lot and expiry a record names, when it names them."""
    batch = {}
    if record.lot is not None:
        batch["lotNumber"] = record.lot
    if record.expiry is not None:
        batch["expirationDate"] = record.expiry.isoformat()
    return {**medication, "batch": batch} if batch else dict(medication)


def pointer() -> dict[str, str]:
    """The reference to the contained Medication."""
    return {"reference": f"#{LOCAL_ID}"}


def of_record(resource_type: str, course_id: str, record: CourseRecord, drug: JsonObject,
              status: str, patient: JsonObject) -> JsonObject:
    """What an administration and a dispense of one record begin with: their ids, the drug with
    the record's lot and expiry, their status and the patient."""
    return {
        "resourceType": resource_type,
        "id": resource_id(course_id, resource_type, record.id),
        "identifier": [identifier(RECORD_SYSTEM, record.id)],
        "contained": [with_batch(drug, record)],
        "status": status,
        "medicationReference": pointer(),
        "subject": reference(patient),
    }
