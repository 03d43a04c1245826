"""Listing a patient's courses by reference is an audited read, counts only (issue 24)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.courses_contract.harness import API, Clinic, reference


def _listed(clinic: Clinic) -> list[dict[str, Any]]:
    trail = clinic.http.get(f"{API}/audit", params={"after": 0, "limit": 10000},
                            headers=clinic.auth("admin")).json()
    return [e for e in trail if e["action"] == "courses.listed"]


@pytest.mark.parametrize(("courses", "role"), [(2, "viewer"), (0, "pharmacist")])
def test_a_list_by_patient_writes_one_entry_with_the_count_only(
    clinic: Clinic, courses: int, role: str,
) -> None:
    ref = reference()
    for _ in range(courses):
        clinic.course(ref=ref)
    before = len(_listed(clinic))
    response = clinic.http.get(f"{API}/courses", params={"patient": ref},
                               headers=clinic.auth(role))
    assert response.status_code == 200 and len(response.json()) == courses
    entries = _listed(clinic)
    assert len(entries) == before + 1
    last = entries[-1]
    assert last["detail"] == {"count": courses}
    assert (last["course_id"], last["by"]) == (None, clinic.users[role])
    assert ref not in str(entries)


def test_a_refused_list_writes_no_entry(clinic: Clinic) -> None:
    before = len(_listed(clinic))
    response = clinic.http.get(f"{API}/courses", params={"patient": reference()},
                               headers=clinic.auth("bad"))
    assert response.status_code == 401
    assert len(_listed(clinic)) == before
