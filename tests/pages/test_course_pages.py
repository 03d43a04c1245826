"""Course pages over HTTP: roles on each page, recording, conflicts, the due list and printouts."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.pages.conftest import (
    PATIENT_NAME,
    csrf_of,
    enter_first_record_in_error,
    plan_query,
    save_course,
    version_of,
)

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()


def _record(client: TestClient, course: str, **fields: str) -> object:
    page = client.get(f"/courses/{course}")
    data: dict[str, object] = {"csrf": csrf_of(page.text), "version": version_of(page.text),
                               "seen": "0", "round": "1", "status": "given",
                               "date": TODAY.isoformat(), "site_name": ["elbow"],
                               "site_volume": ["1 mL"], "lot": "LOT-1", "expiry": "2099-01-01"}
    data.update(fields)
    return client.post(f"/courses/{course}/records", data=data)


@pytest.mark.parametrize(("role", "path", "status"), [
    ("viewer", "/clinic", 200),
    ("pharmacist", "/clinic", 200),
    ("viewer", "/courses/new/injection?" + plan_query(TODAY), 403),
    ("pharmacist", "/courses/new/injection?" + plan_query(TODAY), 403),
    ("clinician", "/courses/new/injection?" + plan_query(TODAY), 200),
    ("viewer", "/admin/accounts", 403),
    ("clinician", "/admin/accounts", 403),
    ("admin", "/admin/accounts", 200),
])
def test_each_page_lets_in_only_the_roles_it_names(
    browser: Browser, role: str, path: str, status: int
) -> None:
    assert browser(role).get(path).status_code == status


@pytest.mark.parametrize("path", ["/clinic", "/admin/accounts", "/courses/abcdefghijkl",
                                  "/courses/new/injection", "/courses/abcdefghijkl/calendar.pdf"])
def test_a_visitor_is_sent_to_sign_in(browser: Browser, path: str) -> None:
    with TestClient(browser("viewer").app, follow_redirects=False) as visitor:
        answer = visitor.get(path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")


@pytest.mark.parametrize("role", ["viewer", "pharmacist"])
def test_readers_see_the_course_but_no_record_form_and_may_not_post_one(
    browser: Browser, role: str
) -> None:
    course = save_course(browser("clinician"), TODAY)
    reader = browser(role)
    page = reader.get(f"/courses/{course}")
    assert page.status_code == 200 and "H7654321" in page.text
    assert 'action="/courses/' not in page.text.replace(f"/courses/{course}/round-sheet", "")
    answer = reader.post(f"/courses/{course}/records", data={
        "csrf": csrf_of(page.text), "version": "1", "seen": "0", "round": "1",
        "status": "omitted", "date": TODAY.isoformat(), "reason": "not wanted"})
    assert answer.status_code == 403


def test_the_history_is_for_admins_only(browser: Browser) -> None:
    course = save_course(browser("clinician"), TODAY)
    assert "Course created" in browser("admin").get(f"/courses/{course}").text
    assert "Course created" not in browser("clinician").get(f"/courses/{course}").text


def test_a_round_given_late_with_a_changed_volume_moves_the_later_rounds(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    start = TODAY - dt.timedelta(days=3)
    course = save_course(nurse, start)
    assert _record(nurse, course, site_volume=["0.8 mL"]).status_code == 303
    page = nurse.get(f"/courses/{course}").text
    assert "elbow 0.8 mL" in page and "LOT-1" in page
    round_two = TODAY + dt.timedelta(days=14)
    assert f"{round_two.day} {round_two:%b %Y}" in page
    assert "Record round 2" in page


def test_a_stale_form_is_told_both_versions_and_keeps_what_was_typed(browser: Browser) -> None:
    first, second = browser("clinician"), browser("admin")
    course = save_course(first, TODAY)
    stale = second.get(f"/courses/{course}")
    assert _record(first, course).status_code == 303
    answer = second.post(f"/courses/{course}/records", data={
        "csrf": csrf_of(stale.text), "version": version_of(stale.text), "seen": "0",
        "round": "1", "status": "given", "date": TODAY.isoformat(), "site_name": ["elbow"],
        "site_volume": ["0.9 mL"], "lot": "MY-LOT-77", "expiry": "2099-02-02"})
    assert answer.status_code == 412
    assert "Someone else recorded on this course first" in answer.text
    assert "recorded by clinician" in answer.text and "LOT-1" in answer.text
    assert 'value="MY-LOT-77"' in answer.text and 'value="0.9 mL"' in answer.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"lot": ""}, "Lot"),
    ({"expiry": "2000-01-01"}, "expired"),
    ({"date": (TODAY + dt.timedelta(days=2)).isoformat()}, "after today"),
    ({"site_volume": ["12 kg"]}, "Volume at elbow"),
    ({"status": "omitted", "reason": ""}, "Reason"),
])
def test_a_refused_record_names_the_field_and_keeps_the_form(
    browser: Browser, fields: dict[str, object], message: str
) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    answer = _record(nurse, course, **fields)  # type: ignore[arg-type]
    assert answer.status_code == 422
    assert message in answer.text
    assert PATIENT_NAME not in answer.text.split("<dl")[0]  # not in the title or the errors


def test_an_overdue_round_is_at_the_top_of_the_due_list(browser: Browser) -> None:
    nurse = browser("clinician")
    save_course(nurse, TODAY - dt.timedelta(days=2))
    page = nurse.get("/clinic").text
    assert "Overdue" in page and page.index("Overdue") < page.index("H7654321")
    assert PATIENT_NAME in page  # issue 21: signed-in staff see whose entry each is


def test_a_deferral_reprints_the_calendar_with_the_new_dates(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    assert _record(nurse, course).status_code == 303
    later = TODAY + dt.timedelta(days=20)
    answer = _record(nurse, course, round="2", status="deferred", date=later.isoformat(),
                     reason="patient unwell")
    assert answer.status_code == 303, answer.text
    pdf = nurse.get(f"/courses/{course}/calendar.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    assert f"{later.day} {later:%b %Y}" in text
    assert "H7654321" in text and PATIENT_NAME in text
    ics = nurse.get(f"/courses/{course}/calendar.ics").text
    assert later.strftime("%Y%m%d") in ics and PATIENT_NAME not in ics
    assert "round-1@" not in ics and "round-2@" in ics  # round 1 was given: not "the rest"


def test_the_round_sheet_is_for_the_next_round_with_lot_and_sign_off_lines(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    sheet = nurse.get(f"/courses/{course}/round-sheet").text
    assert "Round 1:" in sheet and "Round 2:" not in sheet
    for words in ("Lot", "Expiry", "Prepared by", "Given by", "H7654321", PATIENT_NAME):
        assert words in sheet


def test_a_struck_record_stays_with_its_reason_and_frees_the_round(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    assert _record(nurse, course).status_code == 303
    page = enter_first_record_in_error(nurse, course, "wrong patient")
    assert "<del>" in page and "wrong patient" in page and "Record round 1" in page


def test_saving_a_plan_puts_no_patient_detail_in_any_address(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    assert len(course) >= 22 and "H7654321" not in course


def test_a_deferral_says_the_day_it_moved_to_not_that_it_happened_then(browser) -> None:
    """Issue 22: a record reads "deferred to <date>", never "deferred … on <date>"."""
    import datetime as dt

    from tests.pages.conftest import csrf_of, save_course, version_of

    nurse = browser("clinician")
    course = save_course(nurse, dt.date.today() - dt.timedelta(days=3))
    page = nurse.get(f"/courses/{course}")
    later = dt.date.today() + dt.timedelta(days=7)
    answer = nurse.post(f"/courses/{course}/records", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "seen": "0",
        "round": "1", "status": "deferred", "date": later.isoformat(), "reason": "unwell"})
    assert answer.status_code == 303, answer.text
    text = nurse.get(f"/courses/{course}").text
    assert f"Round 1: deferred to {later:%a} {later.day} {later:%b %Y}" in text
    assert "deferred (moved) on" not in text and "deferred on" not in text
