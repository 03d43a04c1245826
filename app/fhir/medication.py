"""The contained Medication each request, administration and dispense points at: the drug as
text, its strength as a UCUM ratio, and for a recorded one its lot and expiry
(https://hl7.org/fhir/R4/medication.html)."""

from __future__ import annotations

from typing import Any

from app.clinical.chemistry import Basis
from app.courses.views import CourseRecord
from app.fhir.elements import concept, ratio
from app.quantities.registry import MG, ML, G, Qty, Quantity, is_weight_per_weight

LOCAL_ID = "med"
DRUG = "sodium thiosulfate"
# What each basis's mass is of: the salt as weighed (pentahydrate) or the anhydrous salt.
SALT = {Basis.PENTAHYDRATE: "sodium thiosulfate pentahydrate",
        Basis.ANHYDROUS: "sodium thiosulfate (anhydrous)"}


def per_unit(strength: Qty, unit: Any) -> dict[str, Any]:
    """A concentration as a ratio: so many mg in 1 mL (or 1 g)."""
    return ratio(strength * Quantity(1, unit), MG, Quantity(1, unit), unit)


def injection(concentration: Qty, diluent: str | None, lidocaine: Qty | None) -> dict[str, Any]:
    """The made-up injection: STS pentahydrate per mL, with its diluent and any lidocaine."""
    ingredients: list[dict[str, Any]] = [{
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


def topical(strength: Qty, basis: Basis) -> dict[str, Any]:
    """A topical preparation at one strength: mg per g (w/w) or per mL (w/v)."""
    unit = G if is_weight_per_weight(strength) else ML
    return {"resourceType": "Medication", "id": LOCAL_ID, "code": concept(DRUG),
            "form": concept("topical preparation"), "ingredient": [{
                "itemCodeableConcept": concept(SALT[basis]), "isActive": True,
                "strength": per_unit(strength, unit)}]}


def unplanned_topical() -> dict[str, Any]:
    """A topical preparation whose strength the plan no longer says."""
    return {"resourceType": "Medication", "id": LOCAL_ID, "code": concept(DRUG),
            "form": concept("topical preparation")}


def with_batch(medication: dict[str, Any], record: CourseRecord) -> dict[str, Any]:
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
