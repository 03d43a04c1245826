"""Every exported resource parses as FHIR (fhir.resources' R4B models, the nearest it has to
R4), every status and intent is a code of its R4 value set, every reference resolves inside
the Bundle, and every id and quantity follows the R4 rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

# Imported once for the module: fhir.resources takes a while to load, and the app never does.
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from tests.fhir_export.bundles import export, references, resources
from tests.fhir_export.conftest import PATIENT

# The R4 (4.0.1) value sets the statuses and intents are bound to (binding strength required).
VALUE_SETS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("Bundle", "type"): ("https://hl7.org/fhir/R4/valueset-bundle-type.html", frozenset({
        "document", "message", "transaction", "transaction-response", "batch",
        "batch-response", "history", "searchset", "collection"})),
    ("MedicationRequest", "status"): (
        "https://hl7.org/fhir/R4/valueset-medicationrequest-status.html", frozenset({
            "active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped",
            "draft", "unknown"})),
    ("MedicationRequest", "intent"): (
        "https://hl7.org/fhir/R4/valueset-medicationrequest-intent.html", frozenset({
            "proposal", "plan", "order", "original-order", "reflex-order", "filler-order",
            "instance-order", "option"})),
    ("MedicationAdministration", "status"): (
        "https://hl7.org/fhir/R4/valueset-medication-admin-status.html", frozenset({
            "in-progress", "not-done", "on-hold", "completed", "entered-in-error", "stopped",
            "unknown"})),
    ("MedicationDispense", "status"): (
        "https://hl7.org/fhir/R4/valueset-medicationdispense-status.html", frozenset({
            "preparation", "in-progress", "cancelled", "on-hold", "completed",
            "entered-in-error", "stopped", "declined", "unknown"})),
    ("CarePlan", "status"): ("https://hl7.org/fhir/R4/valueset-request-status.html", frozenset({
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"})),
    ("CarePlan", "intent"): ("https://hl7.org/fhir/R4/valueset-care-plan-intent.html",
                             frozenset({"proposal", "plan", "order", "option"})),
}
# https://hl7.org/fhir/R4/valueset-units-of-time.html
UNITS_OF_TIME = frozenset({"s", "min", "h", "d", "wk", "mo", "a"})
# https://hl7.org/fhir/R4/datatypes.html#id
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
UCUM = "http://unitsofmeasure.org"


@pytest.fixture
def bundles(client: TestClient, tokens: dict[str, str], injection_course: dict[str, Any],
            topical_course: dict[str, Any]) -> list[dict[str, Any]]:
    """Both seeds' Bundles."""
    return [export(client, tokens["viewer"], c["id"]) for c in (injection_course,
                                                                 topical_course)]


def _quantities(value: Any) -> list[dict[str, Any]]:
    """Every Quantity (an object with a value and a unit) anywhere in a resource."""
    if isinstance(value, dict):
        found = [value] if "value" in value and "unit" in value else []
        return found + [q for v in value.values() for q in _quantities(v)]
    if isinstance(value, list):
        return [q for v in value for q in _quantities(v)]
    return []


def test_the_value_sets_written_here_are_the_ones_the_models_carry():
    """The codes above are R4's, checked against the R4B models' own lists (unchanged in R4B)."""
    for (kind, element), (_, codes) in VALUE_SETS.items():
        field = get_fhir_model_class(kind).model_fields[element]
        assert frozenset(field.json_schema_extra["enum_values"]) == codes, (kind, element)


def test_every_resource_parses_as_fhir(bundles):
    for bundle in bundles:
        Bundle.model_validate(bundle)
        for resource in resources(bundle):
            model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
            assert model.id == resource["id"]
            for inner in resource.get("contained", []):
                get_fhir_model_class(inner["resourceType"]).model_validate(inner)


def test_every_status_and_intent_is_in_its_r4_value_set(bundles):
    checked = set()
    for bundle in bundles:
        for resource in [bundle, *resources(bundle)]:
            for (kind, element), (page, codes) in VALUE_SETS.items():
                if resource["resourceType"] == kind:
                    assert resource[element] in codes, (kind, element, resource[element], page)
                    checked.add((kind, element))
    assert checked == set(VALUE_SETS)  # every binding was met at least once


def test_every_reference_resolves_inside_the_bundle(bundles):
    for bundle in bundles:
        full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
        assert len(full_urls) == len(bundle["entry"])
        for resource in resources(bundle):
            contained = {f"#{inner['id']}" for inner in resource.get("contained", [])}
            found = references(resource)
            assert found or resource["resourceType"] == "Patient"
            for target in found:
                assert target in (contained if target.startswith("#") else full_urls), target
            # Every contained resource is pointed at from its container (FHIR's dom-3).
            assert contained <= set(found)


def test_ids_follow_the_fhir_rule_and_hold_no_patient_data(bundles):
    for bundle in bundles:
        for resource in [bundle, *resources(bundle)]:
            assert FHIR_ID.match(resource["id"]), resource["id"]
            for word in (PATIENT["reference"], PATIENT["name"], PATIENT["birth_date"]):
                assert word not in resource["id"]
        for entry in bundle["entry"]:
            assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_every_quantity_is_coded_in_ucum(bundles):
    units = set()
    for bundle in bundles:
        found = _quantities(bundle)
        assert found
        for quantity in found:
            assert quantity["system"] == UCUM and quantity["code"] == quantity["unit"], quantity
            units.add(quantity["unit"])
    assert units == {"mL", "mg", "g", "d"}


def test_timings_use_the_units_of_time(bundles):
    for bundle in bundles:
        for request in (r for r in resources(bundle) if r["resourceType"] == "MedicationRequest"):
            for dosage in request["dosageInstruction"]:
                assert dosage["timing"]["repeat"]["periodUnit"] in UNITS_OF_TIME


VARIANTS = [
    ("injection", {  # rounds 1 and 3 have no site: no visit, and no timing made up for them
        "start_date": "2026-01-05", "interval_days": 7,
        "mix": {"stock": "250 mg/mL", "diluent": "lidocaine 1%", "stock_parts": 1,
                "diluent_parts": 1},
        "sites": [{"name": "left knee", "volume": "0.5 mL", "rounds": 1, "first_round": 2},
                  {"name": "right knee", "volume": "0.4 mL", "rounds": 2, "first_round": 4}],
    }, {"mg": 125.0, "lidocaine": 5.0, "visits": 3}),
    ("injection", {
        "start_date": "2026-01-05", "closed_weekdays": [6, 7],
        "mix": {"stock": "100 mg/mL", "stock_basis": "anhydrous", "diluent": "water",
                "stock_parts": 3, "diluent_parts": 1},
        "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 2}],
    }, {"visits": 2}),
    ("topical", {
        "start_date": "2026-01-05", "steps": [{"strength": "5 % w/v", "days": 10}],
        "density": "1.1 g/mL", "applications_per_day": 2, "amount_per_application": "1.5 g",
        "strength_basis": "anhydrous",
        "sites": [{"name": "left shin", "area": "20 cm^2"}, {"name": "right shin",
                                                              "area": "30 cm^2"}],
    }, {"per_day": 2, "denominator": "mL"}),
    ("topical", {
        "start_date": "2026-01-05", "steps": [{"strength": "25 % w/w", "days": 40}],
        "amount_convention": "thin_layer", "sites": [{"name": "hip", "area": "10 cm^2"}],
    }, {"per_day": 1, "denominator": "g"}),
]


@pytest.mark.parametrize(("kind", "plan", "expected"), VARIANTS)
def test_every_shape_of_plan_exports_a_valid_bundle(kind, plan, expected, client, tokens):
    made = client.post("/api/v1/courses", headers={"Authorization": f"Bearer {tokens['admin']}"},
                       json={"patient": {"reference": "V-1"}, "kind": kind, "plan": plan})
    assert made.status_code == 201, made.text
    bundle = export(client, tokens["viewer"], made.json()["id"])
    Bundle.model_validate(bundle)
    requests = [r for r in resources(bundle) if r["resourceType"] == "MedicationRequest"]
    for request in requests:
        get_fhir_model_class("MedicationRequest").model_validate(request)
    drug = requests[0]["contained"][0]
    first = requests[0]["dosageInstruction"][0]
    if kind == "injection":
        repeat = first["timing"]["repeat"]
        assert repeat["count"] == expected["visits"]
        assert repeat["period"] == plan.get("interval_days", 14)
        if "lidocaine" in expected:  # 1 : 1 with 250 mg/mL and lidocaine 1 % (10 mg/mL)
            strengths = [i["strength"]["numerator"]["value"] for i in drug["ingredient"]]
            assert strengths == [expected["mg"], expected["lidocaine"]]
    else:
        assert first["timing"]["repeat"]["frequency"] == expected["per_day"]
        denominator = drug["ingredient"][0]["strength"]["denominator"]
        assert denominator["code"] == expected["denominator"]
