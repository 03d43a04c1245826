"""The clinic pages answer htmx with the fragment to swap: successes, refusals and conflicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.pages.conftest import csrf_of, save_course, version_of
from tests.pages.test_topical_course import save_topical

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()


def htmx(client: TestClient, path: str, data: dict[str, object]) -> object:
    """Post as htmx does: the CSRF token in the header, not the form."""
    token = csrf_of(client.get("/clinic").text)
    return client.post(path, data=data, headers={"HX-Request": "true", "X-CSRF-Token": token})


def _given(version: str, **fields: object) -> dict[str, object]:
    return {"version": version, "seen": "0", "round": "1", "status": "given",
            "date": TODAY.isoformat(), "site_name": ["elbow"], "site_volume": ["1 mL"],
            "lot": "LOT-H", "expiry": "2099-01-01", **fields}


def test_a_round_recorded_with_htmx_answers_the_course_body_with_the_new_version(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    answer = htmx(nurse, f"/courses/{course}/records", _given("1"))
    assert answer.status_code == 200  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert "<html" not in text and text.lstrip().startswith('<div id="course-body">')
    assert 'hx-swap-oob="innerHTML">Saved: round 1 given.' in text
    assert version_of(text) == "2" and "Record round 2" in text and "LOT-H" in text


def test_a_refusal_and_a_conflict_are_fragments_with_what_was_typed(browser: Browser) -> None:
    nurse, other = browser("clinician"), browser("admin")
    course = save_course(nurse, TODAY)
    refused = htmx(nurse, f"/courses/{course}/records", _given("1", lot="", note="KEEP-ME"))
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "<html" not in refused.text and "Lot" in refused.text  # type: ignore[attr-defined]
    assert 'value="KEEP-ME"' in refused.text  # type: ignore[attr-defined]
    assert htmx(nurse, f"/courses/{course}/records", _given("1")).status_code == 200  # type: ignore[attr-defined]
    stale = htmx(other, f"/courses/{course}/records", _given("1", lot="MINE-2"))
    assert stale.status_code == 412  # type: ignore[attr-defined]
    text = stale.text  # type: ignore[attr-defined]
    assert "<html" not in text and "your entry was not saved" in text
    assert 'value="MINE-2"' in text and "LOT-H" in text


def test_a_topical_dispensing_with_htmx_is_a_fragment(browser: Browser) -> None:
    pharmacist = browser("pharmacist")
    course = save_topical(browser("clinician"))
    answer = htmx(pharmacist, f"/courses/{course}/dispensed", {
        "version": "1", "seen": "0", "block": "1", "date": TODAY.isoformat(),
        "amount": "10 g", "lot": "JAR-H", "expiry": "2099-01-01"})
    assert answer.status_code == 200  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert "<html" not in text and "Saved: block 1 dispensed." in text
    assert "Record dispensing for block 2" in text


def test_the_due_list_refreshes_as_a_fragment(browser: Browser) -> None:
    nurse = browser("clinician")
    save_course(nurse, TODAY)
    whole = nurse.get("/clinic").text
    assert 'hx-trigger="every 60s"' in whole and "/static/clinic.js" in whole
    part = nurse.get("/clinic", headers={"HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.text
    assert part.text.lstrip().startswith('<div id="due"') and "H7654321" in part.text
    assert part.headers["cache-control"] == "no-store"


def test_admin_actions_with_htmx_answer_the_accounts_and_their_history(
    browser: Browser
) -> None:
    admin = browser("admin")
    added = htmx(admin, "/admin/accounts", {"username": "new.nurse", "role": "viewer",
                                             "password": "a" * 14})
    assert added.status_code == 200  # type: ignore[attr-defined]
    text = added.text  # type: ignore[attr-defined]
    assert "<html" not in text and "Saved: account new.nurse added as viewer." in text
    assert "new.nurse (account" in text and "added as viewer" in text
    changed = htmx(admin, "/admin/accounts/change", {"username": "new.nurse", "action": "role",
                                                      "role": "clinician"})
    assert "role changed from viewer to clinician" in changed.text  # type: ignore[attr-defined]
    refused = htmx(admin, "/admin/accounts", {"username": "new.nurse", "role": "viewer",
                                               "password": "a" * 14})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "already exists" in refused.text and "<html" not in refused.text  # type: ignore[attr-defined]
    own = htmx(admin, "/admin/accounts/change", {"username": "admin", "action": "disable"})
    assert own.status_code == 409 and "<html" not in own.text  # type: ignore[attr-defined]
