"""Version 2, one reference, one patient: a 409 `patient_mismatch`, and `other_active_courses`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.courses_contract.harness import API, SEED_PLAN, TOPICAL_PLAN, Clinic, reference


def create(clinic: Clinic, patient: dict[str, Any], kind: str = "injection") -> Any:
    """POST /courses for `patient`; the raw response."""
    plan = SEED_PLAN if kind == "injection" else TOPICAL_PLAN
    return clinic.http.post(f"{API}/courses", json={"patient": patient, "kind": kind,
                                                    "plan": plan},
                            headers=clinic.auth("clinician"))


@pytest.mark.parametrize(("first", "second", "field"), [
    ({"name": "John Smith"}, {"name": "Jon Smyth"}, "name"),
    ({"name": "John Smith", "birth_date": "1950-01-02"},
     {"name": "John Smith", "birth_date": "1950-02-01"}, "birth_date"),
    ({"name": "Zoë Brontë"}, {"name": "Zoe Bronte"}, "name"),
])
def test_a_reference_held_by_another_patient_is_refused_naming_the_field(
    clinic: Clinic, first: dict[str, Any], second: dict[str, Any], field: str,
) -> None:
    ref = reference()
    kept = create(clinic, {"reference": ref, **first})
    assert kept.status_code == 201
    refused = create(clinic, {"reference": ref, **second})
    assert refused.status_code == 409, refused.text
    (item,) = refused.json()["detail"]
    assert item["type"] == "patient_mismatch"
    assert item["loc"] == ["body", "patient", field]
    assert item["courses"] == [kept.json()["id"]]
    assert "already kept for a patient with another" in item["msg"]
    for value in second.values():
        assert value not in item["msg"]
    listed = clinic.http.get(f"{API}/courses", params={"patient": ref},
                             headers=clinic.auth("viewer")).json()
    assert [c["id"] for c in listed] == [kept.json()["id"]]  # nothing written


def test_both_fields_differing_give_two_items(clinic: Clinic) -> None:
    ref = reference()
    assert create(clinic, {"reference": ref, "name": "A B", "birth_date": "1950-01-02"}
                  ).status_code == 201
    refused = create(clinic, {"reference": ref, "name": "C D", "birth_date": "1960-01-02"})
    assert [i["loc"][-1] for i in refused.json()["detail"]] == ["name", "birth_date"]


@pytest.mark.parametrize("second", [
    {"name": "  JOHN   smith "}, {"name": "John Smith"}, {}, {"birth_date": "1950-01-02"},
])
def test_the_same_patient_after_folding_or_with_a_field_missing_is_kept(
    clinic: Clinic, second: dict[str, Any],
) -> None:
    ref = reference()
    first = create(clinic, {"reference": ref, "name": "John Smith", "birth_date": "1950-01-02"})
    assert first.status_code == 201 and first.json()["other_active_courses"] == []
    again = create(clinic, {"reference": ref, **second})
    assert again.status_code == 201, again.text
    assert again.json()["other_active_courses"] == [first.json()["id"]]
    read = clinic.get(first.json()["id"]).json()
    assert read["other_active_courses"] == [again.json()["id"]]


def test_composed_and_decomposed_names_are_one_name(clinic: Clinic) -> None:
    ref = reference()
    assert create(clinic, {"reference": ref, "name": "Ren\u00e9e"}).status_code == 201
    assert create(clinic, {"reference": ref, "name": "Rene\u0301e"}).status_code == 201


def test_other_active_courses_holds_only_active_courses_of_the_same_kind(clinic: Clinic) -> None:
    ref = reference()
    one = create(clinic, {"reference": ref}).json()
    topical = create(clinic, {"reference": ref}, kind="topical").json()
    assert topical["other_active_courses"] == []
    two = create(clinic, {"reference": ref}).json()
    assert two["other_active_courses"] == [one["id"]]
    stopped = clinic.http.post(f"{API}/courses/{one['id']}/stop", json={"reason": "replaced"},
                               headers=clinic.auth("clinician", one["version"]))
    assert stopped.json()["other_active_courses"] == [two["id"]]
    assert clinic.get(two["id"]).json()["other_active_courses"] == []


def test_two_patients_sent_at_once_under_one_reference_are_never_both_kept(
    clinic: Clinic,
) -> None:
    import threading

    def send(ref: str, name: str, barrier: threading.Barrier, statuses: list[int]) -> None:
        barrier.wait(timeout=30)
        statuses.append(create(clinic, {"reference": ref, "name": name}).status_code)

    for _attempt in range(3):
        ref, barrier, statuses = reference(), threading.Barrier(4), []
        threads = [threading.Thread(target=send, args=(ref, f"Person {n}", barrier, statuses))
                   for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(statuses) == [201, 409, 409, 409]
