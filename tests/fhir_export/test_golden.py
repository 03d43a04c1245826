"""The seeds' two courses exported and compared with their golden Bundles field by field, and
the same ids on every export."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.courses.conftest import auth
from tests.fhir_export.bundles import differences, export, golden, normalised, of_type, resources


@pytest.mark.parametrize("kind", ["injection", "topical"])
def test_the_seed_matches_its_golden_bundle(kind, request, client, tokens):
    course: dict[str, Any] = request.getfixturevalue(f"{kind}_course")
    bundle = export(client, tokens["viewer"], course["id"])
    assert differences(golden(kind), normalised(bundle, course)) == []


def test_the_injection_golden_holds_each_kind_of_record(injection_course, client, tokens):
    bundle = export(client, tokens["viewer"], injection_course["id"])
    given = [a for a in of_type(bundle, "MedicationAdministration") if a["status"] == "completed"]
    assert [a["effectiveDateTime"] for a in given] == ["2020-05-07", "2020-05-25"]
    # Round 1: three hand sites × 1.25 mL; round 2: those and the elbow at 1 mL as recorded.
    assert [a["dosage"]["dose"]["value"] for a in given] == [3.75, 4.75]
    assert [a["contained"][0]["batch"] for a in given] == [
        {"lotNumber": "LOT-7", "expirationDate": "2025-12-31"}] * 2
    (omitted,) = [a for a in of_type(bundle, "MedicationAdministration")
                  if a["status"] == "not-done"]
    assert omitted["statusReason"][0]["text"] == "skin infection"
    (struck,) = [a for a in of_type(bundle, "MedicationAdministration")
                 if a["status"] == "entered-in-error"]
    assert struck["note"][-1]["text"] == "Entered in error: wrong course"
    # A deferral is not an administration: the request notes it, and its dates moved.
    (order,) = of_type(bundle, "MedicationRequest")
    assert order["note"][0]["text"] == "Round 2 deferred to 2020-05-25: clinic closed"
    repeat = order["dosageInstruction"][0]["timing"]["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (1, 14, "d")
    assert repeat["boundsPeriod"] == {"start": "2020-05-07", "end": "2020-06-22"}


def test_the_topical_golden_holds_its_blocks_and_review(topical_course, client, tokens):
    bundle = export(client, tokens["viewer"], topical_course["id"])
    steps = of_type(bundle, "MedicationRequest")
    strengths = [s["contained"][0]["ingredient"][0]["strength"]["numerator"]["value"]
                 for s in steps]
    assert strengths == [30.0, 100.0]  # 3 % and 10 % w/w, as mg per g
    # 10 mg/cm² on 50 cm², once a day.
    dose = steps[0]["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]
    assert (dose["value"], dose["unit"]) == (0.5, "g")
    assert steps[0]["dosageInstruction"][0]["additionalInstruction"][0]["text"] == (
        "under an occlusive dressing")
    dispensed = of_type(bundle, "MedicationDispense")
    assert [(d["quantity"]["value"], d["whenHandedOver"], d["daysSupply"]["value"])
            for d in dispensed] == [(10.0, "2025-01-06", 14), (5.0, "2025-01-20", 6)]
    assert {d["authorizingPrescription"][0]["reference"] for d in dispensed} == {
        f"urn:uuid:{steps[0]['id']}"}
    (plan,) = of_type(bundle, "CarePlan")
    assert plan["note"][0]["text"] == "Review 1 held on 2025-01-20: less pain"
    assert [a["reference"]["reference"] for a in plan["activity"]] == [
        f"urn:uuid:{s['id']}" for s in steps]


@pytest.mark.parametrize("kind", ["injection", "topical"])
def test_ids_are_the_same_on_every_export(kind, request, client: TestClient, tokens):
    course: dict[str, Any] = request.getfixturevalue(f"{kind}_course")
    first = export(client, tokens["viewer"], course["id"])
    second = export(client, tokens["admin"], course["id"])
    assert first == second  # an unchanged course exports to the same Bundle
    # A new record adds a resource and leaves every other id as it was.
    body = ({"round": 4, "status": "omitted", "date": "2020-06-18", "reason": "declined"}
            if kind == "injection" else {"review": 2, "status": "reviewed", "date": "2025-02-03"})
    added = client.post(f"/api/v1/courses/{course['id']}/records", json=body,
                        headers=auth(tokens["clinician"], course["version"]))
    assert added.status_code == 201, added.text
    third = export(client, tokens["viewer"], course["id"])
    before = [r["id"] for r in resources(first)]
    after = [r["id"] for r in resources(third)]
    assert after[:len(before)] == before and len(after) == len(before) + (kind == "injection")
    assert third["id"] == first["id"]
