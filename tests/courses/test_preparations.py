"""Preparations kept with a topical course: what was made for a block, its BUD from the
beyond-use rules and its components, its batch check, and a second person's check."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.services import accounts
from app.storage.engine import Database
from tests.courses.conftest import PASSWORD, auth, new_course

# 20 g of 10 % w/w (pentahydrate basis) from anhydrous powder: 2 g pentahydrate is
# 2 × 158.11 / 248.18 = 1.274 g anhydrous, weighed as 1.27 g.
MADE: dict[str, Any] = {
    "block": 1, "batch": "P-2026-001", "compounded": "2026-01-04",
    "form": "aqueous-unpreserved", "powder": "anhydrous", "quantity": "20 g",
    "powder_mass": "1.27 g", "total": "20 g",
    "components": [
        {"name": "Sodium thiosulfate, anhydrous powder", "maker": "Acme", "lot": "S-1",
         "expiry": "2027-01-01", "actual": "1.27 g"},
        {"name": "Base (vehicle)", "maker": "BaseCo", "lot": "B-7", "expiry": "2026-06-30",
         "actual": "18.73 g"},
    ],
}


def _post(client: TestClient, token: str, course_id: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/courses/{course_id}/preparations", json=body,
                       headers=auth(token))


@pytest.fixture
def topical(client: TestClient, tokens: dict[str, str]) -> str:
    course_id: str = new_course(client, tokens["clinician"], "topical")["id"]
    return course_id


def test_a_pharmacist_keeps_a_preparation_with_its_bud_and_batch_check(
    client: TestClient, tokens: dict[str, str], topical: str
) -> None:
    made = _post(client, tokens["pharmacist"], topical, MADE)
    assert made.status_code == 201, made.text
    body = made.json()
    # USP <795> water-containing, unpreserved: 14 days from 4 Jan; no component expires sooner.
    assert body["beyond_use"] == "2026-01-18" and body["limited_by"] is None
    assert body["storage"].startswith("Store in a refrigerator")
    assert body["check"]["within_tolerance"] is True
    assert body["check"]["deviation_percent"] == pytest.approx(-0.3, abs=0.3)
    assert [c["planned"] for c in body["components"]] == ["1.27 g", "18.73 g"]
    assert body["made"]["by"] == "pharmacist" and body["checked"] is None
    assert body["last_day"] == "2026-01-18"
    listed = client.get(f"/api/v1/courses/{topical}/preparations",
                        headers=auth(tokens["viewer"])).json()
    assert [p["id"] for p in listed] == [body["id"]]
    trail = client.get(f"/api/v1/audit?course={topical}", headers=auth(tokens["admin"])).json()
    entry = trail[-1]
    assert entry["action"] == "preparation.recorded"
    assert entry["detail"] == {"preparation_id": body["id"], "block": 1}


def test_the_earliest_component_expiry_limits_the_bud(
    client: TestClient, tokens: dict[str, str], topical: str
) -> None:
    early = {**MADE, "components": [MADE["components"][0],
                                    {**MADE["components"][1], "expiry": "2026-01-10"}]}
    body = _post(client, tokens["pharmacist"], topical, early).json()
    assert body["beyond_use"] == "2026-01-10" and body["limited_by"] == "Base (vehicle)"


def test_a_batch_outside_the_tolerance_is_kept_and_says_so(
    client: TestClient, tokens: dict[str, str], topical: str
) -> None:
    body = _post(client, tokens["pharmacist"], topical, {**MADE, "powder_mass": "1.0 g"}).json()
    assert body["check"]["within_tolerance"] is False
    assert body["check"]["deviation_percent"] < -10


def test_a_second_person_checks_it_once(
    client: TestClient, tokens: dict[str, str], database: Database, topical: str
) -> None:
    made = _post(client, tokens["pharmacist"], topical, MADE).json()
    path = f"/api/v1/courses/{topical}/preparations/{made['id']}/check"
    own = client.post(path, json={}, headers=auth(tokens["pharmacist"]))
    assert own.status_code == 409
    assert "checked by a second person: pharmacist made this one" in own.json()["detail"]
    accounts.add_user(database, "second", "pharmacist", PASSWORD)
    second = accounts.add_token(database, "second")
    checked = client.post(path, json={"note": "weights seen"}, headers=auth(second))
    assert checked.status_code == 200
    assert checked.json()["checked"]["by"] == "second"
    assert checked.json()["checked"]["note"] == "weights seen"
    again = client.post(path, json={}, headers=auth(tokens["admin"]))
    assert again.status_code == 409 and "already checked by second" in again.json()["detail"]


@pytest.mark.parametrize(("change", "loc", "words"), [
    ({"block": 3}, ["body", "block"], "block must be 1 to 2"),
    ({"compounded": "2099-01-01"}, ["body", "compounded"], "after today"),
    ({"components": [{**MADE["components"][0], "expiry": "2026-01-03"}]},
     ["body", "components", 0, "expiry"], "expired"),
    ({"quantity": "20 mL"}, ["body", "quantity"], "mass"),
    ({"powder_mass": "NaN g"}, ["body", "powder_mass"], "powder_mass"),
    ({"form": "cream"}, ["body", "form"], "aqueous-unpreserved"),
    ({"components": []}, ["body", "components"], "at least 1"),
    ({"batch": "P\u202e1"}, ["body", "batch"], "batch"),
])
def test_bad_input_is_refused_naming_the_field(
    client: TestClient, tokens: dict[str, str], topical: str, change: dict[str, Any],
    loc: list[Any], words: str,
) -> None:
    refused = _post(client, tokens["pharmacist"], topical, {**MADE, **change})
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["detail"]
    assert error["loc"] == loc and words in error["msg"], error


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("clinician", 403),
                                              ("admin", 201), ("pharmacist", 201)])
def test_who_may_keep_a_preparation(
    client: TestClient, tokens: dict[str, str], topical: str, role: str, status: int
) -> None:
    assert _post(client, tokens[role], topical, MADE).status_code == status


def test_not_for_an_injection_course_nor_an_unknown_one(
    client: TestClient, tokens: dict[str, str]
) -> None:
    injection = new_course(client, tokens["clinician"])["id"]
    refused = _post(client, tokens["pharmacist"], injection, MADE)
    assert refused.status_code == 409 and "topical courses only" in refused.json()["detail"]
    assert _post(client, tokens["pharmacist"], "no-such-course", MADE).status_code == 404
    assert client.post("/api/v1/courses/x/preparations", json=MADE).status_code == 401
