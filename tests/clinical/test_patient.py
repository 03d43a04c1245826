"""Issue 23: the patient in every check: weight and birth date, a child's lidocaine figure, and
the label's cautions in every plan answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.clinical.patient import Patient, age_words, months_old
from app.contracts.plans import InjectionPlanRequest, with_patient
from tests.clinical.conftest import INJECTION, START, TOPICAL, codes, topical_body

# A 1:1 mix of 250 mg/mL with lidocaine 1 %: 125 mg/mL STS and 5 mg/mL lidocaine.
LIDOCAINE_MIX = {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1}
LABEL_CODES = ["renal_impairment", "sulfite_sensitivity", "pregnancy_breastfeeding",
               "hypotension", "sodium_load"]


def injection(volume: str, rounds: int = 1, **extra: Any) -> dict[str, Any]:
    return {"start_date": START, "mix": LIDOCAINE_MIX,
            "sites": [{"name": "elbow", "volume": volume, "rounds": rounds}], **extra}


def refused(response: Any) -> tuple[list[str], str]:
    assert response.status_code == 422, response.text
    (detail,) = response.json()["detail"]
    return [str(part) for part in detail["loc"][1:]], detail["msg"]


def caution_codes(plan: dict[str, Any]) -> list[str]:
    return [c["code"] for c in plan["cautions"]]


TOMORROW_ANYWHERE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()


@pytest.mark.parametrize("path", [INJECTION, TOPICAL])
@pytest.mark.parametrize(
    ("born", "words"),
    [
        (TOMORROW_ANYWHERE, "must not be after today"),
        ("2025-01-07", "is after the plan's first day (2025-01-06)"),  # born after the start
        ("1900-01-01", "gives an age above 122 years on the plan's first day"),
        ("06/01/2020", "must be a date written as text, YYYY-MM-DD"),
    ],
)
def test_an_impossible_birth_date_is_refused_naming_it(client, path, born, words):
    body = injection("1 mL") if path == INJECTION else topical_body(
        [("arm", "50 cm^2")], amount_convention="ftu_adult_man")
    where, message = refused(client.post(path, json={**body, "patient_birth_date": born}))
    assert where == ["patient_birth_date"] and words in message
    assert born not in message  # the patient's date is never echoed


@pytest.mark.parametrize(
    ("born", "volume", "warned", "figure"),
    [
        # A 20 kg five-year-old: BNFC 3 mg/kg × 20 kg = 60 mg. 13 mL × 5 mg/mL = 65 mg > 60 mg.
        ("2019-09-01", "13 mL", True, "BNF for Children, aged 1 month to 11 years), "
                                      "3 mg/kg × 20 kg = 60 mg (cap 300 mg)"),
        ("2019-09-01", "12 mL", False, ""),  # 60 mg: at the figure, not above it
        # The same 20 kg as an adult: 4.5 mg/kg × 20 kg = 90 mg, so 65 mg is not above it.
        ("1990-09-01", "13 mL", False, ""),
        # A baby under one month is outside BNFC's band: the adult figure per kg applies.
        ("2024-12-20", "13 mL", False, ""),
    ],
)
def test_a_child_gets_the_bnfc_lidocaine_figure(client, born, volume, warned, figure):
    plan = client.post(INJECTION, json=injection(
        volume, patient_weight="20 kg", patient_birth_date=born)).json()
    found = [w for w in plan["warnings"] if w["code"] == "lidocaine_above_max"]
    assert bool(found) is warned
    if warned:
        assert figure in found[0]["message"]
        assert "BNF for Children" in found[0]["source"]


def test_the_child_figure_holds_until_the_twelfth_birthday_visit_by_visit(client):
    # Born 2013-01-20: aged 11 on 2025-01-06, 12 from 2025-01-20. 3 rounds of 14 mL (70 mg
    # lidocaine) at 20 kg: above 60 mg (child) at round 1 only, under 90 mg (adult) after.
    plan = client.post(INJECTION, json=injection(
        "14 mL", rounds=3, patient_weight="20 kg", patient_birth_date="2013-01-20")).json()
    rounds = [w["message"][:7] for w in plan["warnings"] if w["code"] == "lidocaine_above_max"]
    assert rounds == ["Round 1"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, True),  # lidocaine and no weight: warned once
        ({"patient_weight": "20 kg"}, False),
    ],
)
def test_lidocaine_without_a_weight_is_warned(client, extra, expected):
    plan = client.post(INJECTION, json=injection("1 mL", rounds=2, **extra)).json()
    assert codes(plan).count("lidocaine_without_weight") == int(expected)
    if expected:
        (warning,) = [w for w in plan["warnings"] if w["code"] == "lidocaine_without_weight"]
        assert "only against the adult cap of 300 mg" in warning["message"]
        assert "3 mg/kg for a child aged 1 month to 11 years" in warning["message"]


def test_no_lidocaine_no_lidocaine_warning(client):
    plan = client.post(INJECTION, json={"start_date": START, "sites": [
        {"name": "elbow", "volume": "1 mL", "rounds": 1}]}).json()
    assert "lidocaine_without_weight" not in codes(plan)


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (INJECTION, injection("1 mL"), [*LABEL_CODES, "weight_not_given"]),
        (INJECTION, injection("1 mL", patient_weight="20 kg"),
         [*LABEL_CODES, "lidocaine_age_not_given"]),
        (INJECTION, injection("1 mL", patient_weight="20 kg", patient_birth_date="2019-09-01"),
         LABEL_CODES),
        (TOPICAL, topical_body([("arm", "50 cm^2")], amount_convention="ftu_adult_man"),
         [*LABEL_CODES, "absorption_under_occlusion", "weight_not_given"]),
        (TOPICAL, topical_body([("arm", "50 cm^2")], amount_convention="ftu_adult_man",
                               patient_weight="20 kg"),
         [*LABEL_CODES, "absorption_under_occlusion"]),
    ],
)
def test_every_plan_carries_the_label_cautions(client, path, body, expected):
    plan = client.post(path, json=body).json()
    assert caution_codes(plan) == expected
    assert all(c["text"] and c["source"] for c in plan["cautions"])


@pytest.mark.parametrize(
    ("volume", "mix", "said"),
    [
        # Seed: 5 mL of 250 mg/mL = 1,250 mg pentahydrate = 5.037 mmol thiosulfate = 10.07 mmol
        # sodium; × 22.99 mg/mmol = 231.6 mg at the largest visit.
        ("5 mL", {}, "Sodium: 231.6 mg (10.07 mmol) at the largest visit from the STS. "),
        # 4 mL 1:1 with saline: 500 mg STS = 4.029 mmol = 92.63 mg; 2 mL saline × 154 mmol/L
        # = 0.308 mmol = 7.081 mg, said apart.
        ("4 mL", {"diluent": "saline", "stock_parts": 1, "diluent_parts": 1},
         "Sodium: 92.63 mg (4.029 mmol) at the largest visit from the STS, plus 7.081 mg "
         "(0.308 mmol) from the saline it is mixed with. "),
    ],
)
def test_the_sodium_load_is_said_in_mg_and_mmol_per_visit(client, volume, mix, said):
    plan = client.post(INJECTION, json={"start_date": START, "mix": mix, "sites": [
        {"name": "hands", "volume": volume, "rounds": 1}], "patient_weight": "60 kg"}).json()
    (sodium,) = [c for c in plan["cautions"] if c["code"] == "sodium_load"]
    assert sodium["text"].startswith(said)
    assert "heart failure, high blood pressure or kidney disease" in sodium["text"]


def test_a_topical_plan_reports_sodium_per_day(client):
    # 100 cm² at 10 mg/cm² = 1 g a time of 10 % w/w = 100 mg STS; twice a day 200 mg
    # ÷ 248.18 g/mol × 2 = 1.6117 mmol sodium × 22.99 mg/mmol = 37.05 mg.
    plan = client.post(TOPICAL, json=topical_body(
        [("hand", "100 cm^2")], amount_per_area="10 mg/cm^2", applications_per_day=2)).json()
    assert plan["blocks"][0]["sodium_per_day"]["unit"] == "mmol"
    assert plan["blocks"][0]["sodium_per_day"]["value"] == pytest.approx(2 * 200 / 248.18)
    (sodium,) = [c for c in plan["cautions"] if c["code"] == "sodium_load"]
    assert sodium["text"].startswith("Sodium: 37.05 mg (1.612 mmol) a day at most")


def test_a_child_is_named_in_the_absorption_caution(client):
    plan = client.post(TOPICAL, json=topical_body(
        [("arm", "50 cm^2")], amount_convention="ftu_adult_man", patient_weight="20 kg",
        patient_birth_date="2019-09-01")).json()
    (caution,) = [c for c in plan["cautions"] if c["code"] == "absorption_under_occlusion"]
    assert "This patient is 5 years 4 months old at the start" in caution["text"]
    assert any(line == "patient aged 5 years 4 months on the first day"
               for line in plan["working"])


def test_without_a_weight_every_plan_says_it_used_the_adult_reference(client):
    for path, body in ((INJECTION, injection("1 mL")), (TOPICAL, topical_body(
            [("arm", "50 cm^2")], amount_convention="ftu_adult_man"))):
        plan = client.post(path, json=body).json()
        (caution,) = [c for c in plan["cautions"] if c["code"] == "weight_not_given"]
        assert "compared with the adult reference of 12.5 g. For a child, give the weight" in (
            caution["text"])
        assert "no patient weight given: compared with the adult reference" in " ".join(
            plan["working"])


@pytest.mark.parametrize(
    ("born", "day", "months", "words"),
    [
        ("2019-09-01", "2025-01-06", 64, "5 years 4 months"),
        ("2024-12-06", "2025-01-05", 0, "under 1 month"),
        ("2024-12-06", "2025-01-06", 1, "1 month"),
        ("2013-01-20", "2025-01-19", 143, "11 years 11 months"),
        ("2013-01-20", "2025-01-20", 144, "12 years"),
        ("2024-01-31", "2024-04-30", 3, "3 months"),  # the last day of a shorter month
        ("2024-01-31", "2024-04-29", 2, "2 months"),
    ],
)
def test_ages_are_counted_in_whole_months(born, day, months, words):
    birth, on = dt.date.fromisoformat(born), dt.date.fromisoformat(day)
    assert months_old(birth, on) == months
    assert age_words(birth, on) == words
    assert Patient(birth_date=birth).is_lidocaine_child(on) is (1 <= months < 144)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ({"start_date": START}, {"start_date": START, "patient_birth_date": "2019-09-01"}),
        # What the plan states itself is kept.
        ({"patient_birth_date": "2019-10-01"}, {"patient_birth_date": "2019-10-01"}),
    ],
)
def test_a_kept_course_fills_the_plan_from_its_patient(plan, expected):
    assert with_patient(plan, "2019-09-01") == expected
    assert with_patient(plan, None) == plan


def test_the_filled_plan_is_a_valid_request():
    plan = with_patient({"start_date": START, "sites": [
        {"name": "elbow", "volume": "1 mL", "rounds": 1}]}, "2019-09-01", "20 kg")
    request = InjectionPlanRequest.model_validate(plan)
    assert request.patient_birth_date == dt.date(2019, 9, 1)


@pytest.mark.parametrize(
    ("weight", "words"),
    [
        ("0.19 kg", "0.19 kg is not a human body weight"),
        ("20 g", "at least 0.1 kg"),  # 'g' for 'kg': below the field's floor
    ],
)
def test_a_topical_plan_refuses_a_weight_no_patient_has(client, weight, words):
    body = topical_body([("arm", "50 cm^2")], amount_convention="ftu_adult_man",
                        patient_weight=weight)
    where, message = refused(client.post(TOPICAL, json=body))
    assert where == ["patient_weight"] and words in message
