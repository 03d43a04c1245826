"""Through the pages: a pharmacist strikes out their own dispensing record, and only that."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.services import accounts
from app.storage.engine import Database
from tests.pages.conftest import PASSWORD, csrf_of, enter_first_record_in_error, version_of
from tests.pages.test_topical_course import dispense, review, save_topical

Browser = Callable[[str], TestClient]
STRIKE = "Mark this record entered in error"


def test_a_pharmacist_strikes_out_their_own_dispensing_record(browser: Browser) -> None:
    course = save_topical(browser("clinician"))
    pharmacist = browser("pharmacist")
    assert dispense(pharmacist, course).status_code == 303  # type: ignore[attr-defined]
    assert STRIKE in pharmacist.get(f"/courses/{course}").text
    after = enter_first_record_in_error(pharmacist, course, "wrong jar labelled")
    assert "Entered in error — wrong jar labelled (pharmacist," in after
    assert STRIKE not in after  # struck once; nothing more to strike


@pytest.mark.parametrize("send", [dispense, review], ids=["dispensing", "review"])
def test_a_pharmacist_is_offered_no_strike_of_a_clinician_s_record(
    browser: Browser, send: Callable[..., object],
) -> None:
    course = save_topical(browser("clinician"))
    assert send(browser("clinician"), course).status_code == 303  # type: ignore[attr-defined]
    assert STRIKE not in browser("pharmacist").get(f"/courses/{course}").text
    assert STRIKE in browser("clinician").get(f"/courses/{course}").text


def test_another_pharmacist_s_strike_is_refused_in_words(
    browser: Browser, database: Database, app: object,
) -> None:
    course = save_topical(browser("clinician"))
    assert dispense(browser("pharmacist"), course).status_code == 303  # type: ignore[attr-defined]
    accounts.add_user(database, "second", "pharmacist", PASSWORD)
    other = TestClient(app, follow_redirects=False)  # type: ignore[arg-type]
    with other:
        form = other.get("/sign-in")
        other.post("/sign-in", data={"username": "second", "password": PASSWORD,
                                     "csrf": csrf_of(form.text), "next": "/clinic"})
        page = other.get(f"/courses/{course}").text
        assert STRIKE not in page
        shown = browser("clinician").get(f"/courses/{course}").text
        record_id = shown.split("/entered-in-error")[0].rsplit("/records/", 1)[1]
        answer = other.post(f"/courses/{course}/records/{record_id}/entered-in-error", data={
            "csrf": csrf_of(page), "version": version_of(page), "reason": "not mine"})
    assert answer.status_code == 403
    assert "may strike out only its own dispensing records" in answer.text
    assert "Entered in error" not in browser("clinician").get(f"/courses/{course}").text
