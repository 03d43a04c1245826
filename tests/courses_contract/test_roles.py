"""Who may do what: every course endpoint × every role, no token and a bad token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.courses_contract.harness import (
    API,
    ROLES,
    SEED_PLAN,
    TOPICAL_PLAN,
    Clinic,
    given,
    reference,
)

EVERYONE = frozenset(ROLES)
WRITERS = frozenset({"admin", "clinician"})
DISPENSERS = frozenset({"admin", "clinician", "pharmacist"})
CALLERS = [*ROLES, None, "bad"]  # None: no Authorization header; "bad": an unknown token


@dataclass(frozen=True)
class Endpoint:
    """One thing a caller may try, who may, and what success answers."""

    name: str
    allowed: frozenset[str]
    success: int
    call: Callable[[Clinic, str | None], httpx.Response]


def _injection(clinic: Clinic) -> dict[str, Any]:
    return clinic.course(SEED_PLAN, role="admin")


def _topical(clinic: Clinic) -> dict[str, Any]:
    return clinic.course(TOPICAL_PLAN, kind="topical", role="admin")


def create(clinic: Clinic, role: str | None) -> httpx.Response:
    body = {"patient": {"reference": reference()}, "kind": "injection", "plan": SEED_PLAN}
    return clinic.http.post(f"{API}/courses", json=body, headers=clinic.auth(role))


def read(clinic: Clinic, role: str | None) -> httpx.Response:
    return clinic.http.get(f"{API}/courses/{_injection(clinic)['id']}", headers=clinic.auth(role))


def search(clinic: Clinic, role: str | None) -> httpx.Response:
    ref = _injection(clinic)["patient"]["reference"]
    return clinic.http.get(f"{API}/courses", params={"patient": ref}, headers=clinic.auth(role))


def record(clinic: Clinic, role: str | None) -> httpx.Response:
    course = _injection(clinic)
    return clinic.http.post(f"{API}/courses/{course['id']}/records", json=given(1, "2020-05-07"),
                            headers=clinic.auth(role, 1))


def dispense(clinic: Clinic, role: str | None) -> httpx.Response:
    body = {"status": "dispensed", "block": 1, "date": "2025-01-06", "amount": "40 g",
            "lot": "T-7", "expiry": "2026-01-31"}
    course = _topical(clinic)
    return clinic.http.post(f"{API}/courses/{course['id']}/records", json=body,
                            headers=clinic.auth(role, 1))


def review(clinic: Clinic, role: str | None) -> httpx.Response:
    body = {"status": "reviewed", "review": 1, "date": "2025-01-20", "note": "skin intact"}
    course = _topical(clinic)
    return clinic.http.post(f"{API}/courses/{course['id']}/records", json=body,
                            headers=clinic.auth(role, 1))


def correct(clinic: Clinic, role: str | None) -> httpx.Response:
    course = clinic.recorded(_injection(clinic), given(1, "2020-05-07"))
    record_id = course["records"][0]["id"]
    return clinic.http.post(
        f"{API}/courses/{course['id']}/records/{record_id}/entered-in-error",
        json={"reason": "wrong site"}, headers=clinic.auth(role, 2))


def stop(clinic: Clinic, role: str | None) -> httpx.Response:
    course = _injection(clinic)
    return clinic.http.post(f"{API}/courses/{course['id']}/stop", json={"reason": "healed"},
                            headers=clinic.auth(role, 1))


def due(clinic: Clinic, role: str | None) -> httpx.Response:
    return clinic.http.get(f"{API}/due", params={"from": "2020-05-01", "to": "2020-05-31"},
                           headers=clinic.auth(role))


def audit(clinic: Clinic, role: str | None) -> httpx.Response:
    course = _injection(clinic)
    return clinic.http.get(f"{API}/audit", params={"course": course["id"]},
                           headers=clinic.auth(role))


ENDPOINTS = [
    Endpoint("POST /courses", WRITERS, 201, create),
    Endpoint("GET /courses/{id}", EVERYONE, 200, read),
    Endpoint("GET /courses?patient=", EVERYONE, 200, search),
    Endpoint("POST records (injection given)", WRITERS, 201, record),
    Endpoint("POST records (topical dispensed)", DISPENSERS, 201, dispense),
    Endpoint("POST records (topical reviewed)", WRITERS, 201, review),
    Endpoint("POST entered-in-error", WRITERS, 200, correct),
    Endpoint("POST stop", WRITERS, 200, stop),
    Endpoint("GET /due", EVERYONE, 200, due),
    Endpoint("GET /audit", frozenset({"admin"}), 200, audit),
]


def expected(endpoint: Endpoint, caller: str | None) -> int:
    """The status the contract gives `caller` on `endpoint`."""
    if caller is None or caller == "bad":
        return 401
    return endpoint.success if caller in endpoint.allowed else 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
@pytest.mark.parametrize("caller", CALLERS, ids=[str(c) for c in CALLERS])
def test_role_matrix(clinic: Clinic, endpoint: Endpoint, caller: str | None) -> None:
    response = endpoint.call(clinic, caller)
    want = expected(endpoint, caller)
    assert response.status_code == want, (endpoint.name, caller, response.text)
    if want == 401:
        assert response.headers["www-authenticate"].split()[0].lower() == "bearer"
