"""Version 2, finding courses: POST /courses/search on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.courses_contract.harness import API, TOPICAL_PLAN, Clinic, reference, utc_instant


def search(clinic: Clinic, body: dict[str, Any], role: str = "viewer") -> dict[str, Any]:
    """A search answered 200; its body."""
    response = clinic.http.post(f"{API}/courses/search", json=body, headers=clinic.auth(role))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    found: dict[str, Any] = response.json()
    return found


def ids(page: dict[str, Any]) -> list[str]:
    """The ids of a page's items, in order."""
    return [item["id"] for item in page["items"]]


def test_a_name_is_found_anywhere_in_it_folded_as_the_mismatch_rule_folds(clinic: Clinic) -> None:
    tag = secrets.token_hex(3)
    course = clinic.course(name=f"Élodie  Strauß-{tag}")
    for q in (f"strauss-{tag}", f"ÉLODIE STRAUSS-{tag}", f"élodie   strauß-{tag}".upper()):
        page = search(clinic, {"q": q})
        assert ids(page) == [course["id"]], q
    item = page["items"][0]
    assert item["patient"] == {"reference": course["patient"]["reference"],
                               "name": f"Élodie  Strauß-{tag}", "birth_date": None}
    assert set(item) == {"id", "kind", "status", "patient", "next_due", "created"}
    assert item["created"]["by"] == clinic.users["clinician"]
    utc_instant(item["created"]["at"])
    assert page["next_cursor"] is None


def test_a_reference_is_found_by_its_start_in_any_case_and_never_by_its_middle(
    clinic: Clinic,
) -> None:
    ref = f"Q{secrets.token_hex(4).upper()}/7"
    course = clinic.course(ref=ref, name="Ann Other")
    assert ids(search(clinic, {"q": ref[:5].lower()})) == [course["id"]]
    assert ids(search(clinic, {"q": ref})) == [course["id"]]
    assert ids(search(clinic, {"q": ref[3:]})) == []
    # '/' and '%' are characters to find, not patterns.
    assert ids(search(clinic, {"q": "%/"})) == []


def test_newest_first_by_pages_with_kind_and_status_filters(clinic: Clinic) -> None:
    tag = f"Pager {secrets.token_hex(3)}"
    made = [clinic.course(name=f"{tag} {n}") for n in range(5)]
    topical = clinic.course(TOPICAL_PLAN, kind="topical", name=f"{tag} topical")
    stopped = made[1]
    answer = clinic.http.post(f"{API}/courses/{stopped['id']}/stop", json={"reason": "ended"},
                              headers=clinic.auth("clinician", stopped["version"]))
    assert answer.status_code == 200
    newest_first = [topical["id"], *reversed([c["id"] for c in made])]
    seen: list[str] = []
    cursor = None
    while True:
        page = search(clinic, {"q": tag, "limit": 2, "cursor": cursor})
        assert len(page["items"]) <= 2
        seen += ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == newest_first
    assert ids(search(clinic, {"q": tag, "kind": "topical"})) == [topical["id"]]
    assert ids(search(clinic, {"q": tag, "status": ["stopped"]})) == [stopped["id"]]
    active = search(clinic, {"q": tag, "kind": "injection", "status": ["active", "completed"]})
    assert ids(active) == [c["id"] for c in reversed(made) if c is not stopped]
    assert next(i for i in search(clinic, {"q": tag})["items"]
                if i["id"] == stopped["id"])["next_due"] is None


def test_a_search_is_audited_with_its_count_and_never_its_terms(clinic: Clinic) -> None:
    tag = f"Audited {secrets.token_hex(3)}"
    clinic.course(name=tag)
    search(clinic, {"q": tag})
    trail = clinic.http.get(f"{API}/audit", params={"after": 0, "limit": 10000},
                            headers=clinic.auth("admin")).json()
    last = [e for e in trail if e["action"] == "courses.searched"][-1]
    assert last["detail"] == {"count": 1} and last["course_id"] is None
    assert tag.split()[1] not in str(trail)


@pytest.mark.parametrize(("body", "loc", "words"), [
    ({"q": "a"}, ["body", "q"], "q must hold 2 to 80 characters"),
    ({"q": " a "}, ["body", "q"], "besides spaces at either end; it has 1"),
    ({"q": "ab\u202ecd"}, ["body", "q"], "q"),
    ({"cursor": "a/b"}, ["body", "cursor"], "pattern"),
    ({"q": "x" * 81}, ["body", "q"], "it has 81"),
    ({"limit": 0}, ["body", "limit"], "greater than or equal to 1"),
    ({"limit": 201}, ["body", "limit"], "less than or equal to 200"),
    ({"limit": "5"}, ["body", "limit"], "valid integer"),
    ({"kind": "oral"}, ["body", "kind"], "'injection' or 'topical'"),
    ({"status": ["paused"]}, ["body", "status", 0], "'active', 'completed' or 'stopped'"),
    ({"status": []}, ["body", "status"], "at least 1"),
    ({"cursor": "not-a-cursor"}, ["body", "cursor"], "cursor is not one this server gave"),
    ({"q": "ab", "surname": "x"}, ["body", "surname"], "Extra inputs"),
])
def test_bad_searches_are_refused_naming_the_field(
    clinic: Clinic, body: dict[str, Any], loc: list[Any], words: str
) -> None:
    response = clinic.http.post(f"{API}/courses/search", json=body, headers=clinic.auth("viewer"))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail[0]["loc"] == loc and words in detail[0]["msg"], detail


def test_a_search_needs_a_token(clinic: Clinic) -> None:
    response = clinic.http.post(f"{API}/courses/search", json={"q": "ab"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert search(clinic, {"q": reference()}, role="pharmacist") == {"items": [],
                                                                     "next_cursor": None}


def test_the_search_path_offers_only_post(clinic: Clinic) -> None:
    # GET /courses/{course_id} fits the path too, but the search is a resource of its own.
    answer = clinic.http.request("PUT", f"{API}/courses/search", headers=clinic.auth("viewer"))
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"
