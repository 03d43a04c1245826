"""A topical course through the pages: dispensing and review forms, corrections, printouts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.pages.conftest import (
    PATIENT_NAME,
    csrf_of,
    enter_first_record_in_error,
    save_plan,
    version_of,
)

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=3)


def topical_query(start: dt.date) -> str:
    """The topical planner's query: 3 % w/w for 21 days, then 10 % w/w for 14."""
    return urlencode([
        ("start_date", start.isoformat()), ("step_strength", "3 % w/w"), ("step_days", "21"),
        ("step_strength", "10 % w/w"), ("step_days", "14"), ("applications_per_day", "1"),
        ("site_name", "left forearm"), ("site_area", "50 cm^2"),
        ("amount_mode", "convention"), ("amount_convention", "thin_layer"),
    ])


def save_topical(client: TestClient, start: dt.date = START) -> str:
    """Save the topical plan as a course through the pages; the new course's id."""
    return save_plan(client, "topical", topical_query(start), "T1234567", PATIENT_NAME,
                     "1950-01-02")


def dispense(client: TestClient, course: str, **fields: str) -> object:
    """Send the course page's dispensing form, as filled in, with `fields` changed."""
    page = client.get(f"/courses/{course}")
    data = {"csrf": csrf_of(page.text), "version": version_of(page.text), "seen": "0",
            "block": "1", "date": TODAY.isoformat(), "amount": "10 g", "lot": "JAR-7",
            "expiry": "2099-03-04", **fields}
    return client.post(f"/courses/{course}/dispensed", data=data)


def review(client: TestClient, course: str, **fields: str) -> object:
    page = client.get(f"/courses/{course}")
    data = {"csrf": csrf_of(page.text), "version": version_of(page.text), "seen": "0",
            "review": "1", "date": TODAY.isoformat(), **fields}
    return client.post(f"/courses/{course}/reviewed", data=data)


def test_a_saved_topical_course_offers_the_first_block_with_its_amount_and_strength(
    browser: Browser
) -> None:
    course = save_topical(browser("clinician"))
    page = browser("clinician").get(f"/courses/{course}").text
    assert "Record dispensing for block 1" in page and "Record review 1" in page
    assert 'id="f-dispense-amount"' in page and 'value="10 g"' in page
    assert "3 % w/w" in page and "10 % w/w" in page
    assert f'value="{TODAY.isoformat()}"' in page
    assert "Supply blocks as they now stand" in page and "Clinic reviews" in page


@pytest.mark.parametrize(("role", "dispensing", "reviewing"), [
    ("pharmacist", True, False), ("viewer", False, False), ("admin", True, True),
])
def test_each_role_sees_only_the_forms_it_may_send(
    browser: Browser, role: str, dispensing: bool, reviewing: bool
) -> None:
    course = save_topical(browser("clinician"))
    page = browser(role).get(f"/courses/{course}").text
    assert ("Record dispensing for block 1" in page) is dispensing
    assert ("Record review 1" in page) is reviewing


def test_a_pharmacist_records_a_block_dispensed_and_may_not_record_a_review(
    browser: Browser
) -> None:
    course = save_topical(browser("clinician"))
    pharmacist = browser("pharmacist")
    answer = dispense(pharmacist, course, amount="15 g")
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    page = pharmacist.get(f"/courses/{course}").text
    assert "Block 1: dispensed" in page and "15 g" in page and "JAR-7" in page
    assert "Record dispensing for block 2" in page and 'value="5 g"' in page
    assert review(pharmacist, course).status_code == 403  # type: ignore[attr-defined]


@pytest.mark.parametrize(("fields", "message"), [
    ({"amount": "12 mL"}, "Amount dispensed"),
    ({"amount": ""}, "Amount dispensed"),
    ({"lot": ""}, "Lot"),
    ({"expiry": "2000-01-01"}, "expired"),
    ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "after today"),
    ({"block": "9"}, "Block"),
])
def test_a_refused_dispensing_names_the_field_and_keeps_what_was_typed(
    browser: Browser, fields: dict[str, str], message: str
) -> None:
    nurse = browser("clinician")
    course = save_topical(nurse)
    answer = dispense(nurse, course, note="TYPED-NOTE", **fields)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert message in text and 'value="TYPED-NOTE"' in text


def test_a_review_is_recorded_and_leaves_the_ics(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_topical(nurse)
    before = nurse.get(f"/courses/{course}/calendar.ics").text
    assert "review-1@" in before and "review-2@" in before and "strength-2@" in before
    assert review(nurse, course, note="healing well").status_code == 303  # type: ignore[attr-defined]
    page = nurse.get(f"/courses/{course}").text
    assert "Review 1: reviewed" in page and "healing well" in page and "Record review 2" in page
    after = nurse.get(f"/courses/{course}/calendar.ics").text
    assert "review-1@" not in after and "review-2@" in after and PATIENT_NAME not in after


def test_a_struck_dispensing_stays_with_its_reason_and_frees_the_block(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_topical(nurse)
    assert dispense(nurse, course).status_code == 303  # type: ignore[attr-defined]
    page2 = enter_first_record_in_error(nurse, course, "wrong jar")
    assert "<del>" in page2 and "wrong jar" in page2 and "Record dispensing for block 1" in page2


def test_a_stale_dispensing_form_is_told_both_versions(browser: Browser) -> None:
    first, second = browser("pharmacist"), browser("clinician")
    course = save_topical(second)
    stale = second.get(f"/courses/{course}")
    assert dispense(first, course).status_code == 303  # type: ignore[attr-defined]
    answer = second.post(f"/courses/{course}/dispensed", data={
        "csrf": csrf_of(stale.text), "version": version_of(stale.text), "seen": "0",
        "block": "1", "date": TODAY.isoformat(), "amount": "10 g", "lot": "MINE-9",
        "expiry": "2099-01-01"})
    assert answer.status_code == 412
    assert "Someone else recorded on this course first" in answer.text
    assert "JAR-7" in answer.text and 'value="MINE-9"' in answer.text
    assert "Block 1 is no longer the next one: block 2 is" in answer.text


def test_the_patient_calendar_shows_what_was_given_out_and_the_reviews_held(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    course = save_topical(nurse)
    assert dispense(nurse, course, amount="15 g").status_code == 303  # type: ignore[attr-defined]
    assert review(nurse, course).status_code == 303  # type: ignore[attr-defined]
    sheet = nurse.get(f"/courses/{course}/calendar").text
    assert f"given out {TODAY:%a} {TODAY.day} {TODAY:%b %Y} (15 g)" in sheet
    assert "still to be given out" in sheet and "held on" in sheet  # held before its day
    assert "T1234567" in sheet and PATIENT_NAME in sheet
    assert not re.search(r"Clinic review[^<]*\(held\)", sheet)  # its planned day is not marked
    assert nurse.get(f"/courses/{course}/round-sheet").status_code == 404
    pdf = nurse.get(f"/courses/{course}/calendar.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
