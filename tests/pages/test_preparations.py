"""Preparations through the pages: a pharmacist makes one for block 1, a second pharmacist
checks it, and its label prints the BUD it was given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.pages.conftest import csrf_of
from tests.pages.test_topical_course import START, save_topical
from tests.pharmacy.pdfs import page_texts

Browser = Callable[[str], TestClient]
COMPOUNDED = START - dt.timedelta(days=1)


def made(client: TestClient, course: str, **changes: str) -> object:
    """Send the preparation form for block 1 (3 % w/w, 20 g from pentahydrate powder)."""
    form = client.get(f"/courses/{course}/preparations/new?block=1&powder=pentahydrate")
    assert form.status_code == 200, form.text
    data = {"csrf": csrf_of(form.text), "block": "1", "powder": "pentahydrate",
            "batch": "P-77", "compounded": COMPOUNDED.isoformat(), "form": "nonaqueous",
            "quantity": "20 g", "powder_mass": "0.6 g", "total": "20 g",
            "c_name": ["Sodium thiosulfate, pentahydrate powder", "Base (vehicle)"],
            "c_maker": ["Acme", "BaseCo"], "c_lot": ["S-1", "B-2"],
            "c_expiry": [(START + dt.timedelta(days=400)).isoformat(),
                         (START + dt.timedelta(days=60)).isoformat()],
            "c_actual": ["0.6 g", "19.4 g"], **changes}
    return client.post(f"/courses/{course}/preparations", data=data)


def test_the_form_shows_what_the_block_needs(browser: Browser) -> None:
    pharmacist = browser("pharmacist")
    course = save_topical(browser("clinician"))
    page = pharmacist.get(f"/courses/{course}/preparations/new?block=1&powder=anhydrous")
    assert page.status_code == 200
    assert "Preparation for block 1 of" in page.text and "anhydrous powder" in page.text
    assert "3 % w/w" in page.text or "30 mg/g" in page.text
    refused = browser("viewer").get(f"/courses/{course}/preparations/new?block=1")
    assert refused.status_code == 403


def test_a_pharmacist_keeps_a_preparation_and_a_second_one_checks_it(
    browser: Browser, tmp_path: Path
) -> None:
    pharmacist = browser("pharmacist")
    course = save_topical(browser("clinician"))
    answer = made(pharmacist, course)
    assert answer.status_code == 303, answer.text
    where = answer.headers["location"]
    page = pharmacist.get(where)
    # USP <795> other non-aqueous: 180 days, but the base expires 60 days after the start.
    bud = START + dt.timedelta(days=60)
    assert f"{bud:%a} {bud.day} {bud:%b %Y}" in page.text
    assert "limited by the expiry of Base (vehicle)" in page.text
    assert "within the tolerance" in page.text and "not yet" in page.text
    assert "I have checked this preparation" not in page.text  # not by its maker
    own = pharmacist.post(where + "/check", data={"csrf": csrf_of(page.text)})
    assert own.status_code == 409 and "checked by a second person" in own.text
    second = browser("admin")
    shown = second.get(where)
    assert "I have checked this preparation" in shown.text
    checked = second.post(where + "/check", data={"csrf": csrf_of(shown.text)})
    assert checked.status_code == 303
    assert "by admin" in second.get(where).text
    label = pharmacist.get(where + "/label.pdf")
    assert label.status_code == 200
    [text] = page_texts(label.content, tmp_path)
    assert f"Use by (BUD): {bud:%d %b %Y}" in text and "P-77" in text


def test_a_refused_preparation_names_the_field_and_keeps_what_was_typed(
    browser: Browser
) -> None:
    pharmacist = browser("pharmacist")
    course = save_topical(browser("clinician"))
    answer = made(pharmacist, course, powder_mass="lots")
    assert answer.status_code == 422
    assert "powder_mass" in answer.text and 'value="P-77"' in answer.text


def test_the_course_page_lists_preparations_and_a_checked_one_fills_the_dispensing_form(
    browser: Browser
) -> None:
    pharmacist, admin = browser("pharmacist"), browser("admin")
    course = save_topical(browser("clinician"))
    page = pharmacist.get(f"/courses/{course}")
    assert f"/courses/{course}/preparations/new?block=1" in page.text
    assert "Preparations kept with this course" not in page.text
    where = made(pharmacist, course).headers["location"]  # type: ignore[attr-defined]
    page = pharmacist.get(f"/courses/{course}")
    assert "Batch P-77</a> for block 1" in page.text and "waiting for a second" in page.text
    assert 'name="lot" type="text" required maxlength="64" autocomplete="off" value=""' in page.text
    shown = admin.get(where)
    admin.post(where + "/check", data={"csrf": csrf_of(shown.text)})
    page = pharmacist.get(f"/courses/{course}")
    assert "checked by admin" in page.text
    assert 'value="P-77"' in page.text and 'value="Preparation P-77"' in page.text
    assert "Make a preparation" not in browser("viewer").get(f"/courses/{course}").text
