"""Version 2's pages: /courses and its search, one reference one patient on the new-course page,
amending on the course page, which rounds a record moved, the visit time, and stopped or
completed courses' printouts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.quantities import display
from tests.pages.conftest import (
    PATIENT_NAME,
    csrf_of,
    plan_query,
    save_course,
    save_plan,
    version_of,
)

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()


def _post(client: TestClient, path: str, **fields: object) -> object:
    page = client.get(path.rsplit("/", 1)[0] if "/courses/" in path else "/courses")
    data: dict[str, object] = {"csrf": csrf_of(page.text), **fields}
    if 'name="version"' in page.text:
        data.setdefault("version", version_of(page.text))
    return client.post(path, data=data)


def _given(client: TestClient, course: str, round_: int, day: dt.date) -> None:
    page = client.get(f"/courses/{course}")
    sites = ["elbow"] if round_ == 1 else ["elbow", "knee"]
    answer = client.post(f"/courses/{course}/records", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "seen": "0",
        "round": str(round_), "status": "given", "date": day.isoformat(), "site_name": sites,
        "site_volume": [""] * len(sites), "lot": "LOT-1", "expiry": "2099-01-01"})
    assert answer.status_code == 303, answer.text


def _stop(client: TestClient, course: str, reason: str = "side effects") -> None:
    page = client.get(f"/courses/{course}")
    answer = client.post(f"/courses/{course}/stop", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "reason": reason})
    assert answer.status_code == 303


def test_the_course_list_finds_by_name_with_the_terms_posted(browser: Browser) -> None:
    nurse, viewer = browser("clinician"), browser("viewer")
    first = save_course(nurse, TODAY)
    other = save_plan(nurse, "injection", plan_query(TODAY), "K-42", "Hildegard Nobody",
                      "1940-01-01")
    listing = viewer.get("/courses")
    assert listing.status_code == 200 and listing.headers["cache-control"] == "no-store"
    assert listing.text.index(other) < listing.text.index(first)  # newest first
    assert 'href="/courses" aria-current="page">Courses' in listing.text
    found = viewer.post("/courses", data={"csrf": csrf_of(listing.text), "q": "quarterMAIN"})
    assert found.status_code == 200 and first in found.text and other not in found.text
    assert "quarterMAIN" not in str(found.url)
    swapped = viewer.post("/courses", data={"q": "k-4", "kind": "injection",
                                            "status": ["active"]},
                          headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(listing.text)})
    assert swapped.text.lstrip().startswith('<section id="results"') and "<html" not in swapped.text
    assert other in swapped.text and first not in swapped.text
    assert viewer.post("/courses", data={"q": "ab"}).status_code == 403  # no CSRF token


@pytest.mark.parametrize(("q", "message"), [
    ("a", "Reference or name: q must hold 2 to 80 characters"),
    ("x" * 81, "Reference or name: q must hold 2 to 80 characters besides spaces at either "
     "end; it has 81"),
])
def test_a_bad_search_says_which_field(browser: Browser, q: str, message: str) -> None:
    viewer = browser("viewer")
    listing = viewer.get("/courses")
    refused = viewer.post("/courses", data={"csrf": csrf_of(listing.text), "q": q})
    assert refused.status_code == 422 and message in refused.text


def test_a_second_patient_under_one_reference_is_refused_naming_the_field(
    browser: Browser,
) -> None:
    nurse = browser("clinician")
    first = save_course(nurse, TODAY)
    form = nurse.get(f"/courses/new/injection?{plan_query(TODAY)}")
    refused = nurse.post("/courses/new/injection", data={
        "csrf": csrf_of(form.text), "plan_query": plan_query(TODAY), "reference": "H7654321",
        "name": "Jon Smyth", "birth_date": "1951-03-04"})
    assert refused.status_code == 409
    assert "Patient name differs" in refused.text and "Date of birth differs" not in refused.text
    assert f'href="/courses/{first}"' in refused.text and PATIENT_NAME in refused.text
    again = save_course(nurse, TODAY, name=PATIENT_NAME.upper())
    page = nurse.get(f"/courses/{first}").text
    assert "This patient has another active injection course" in page
    assert f'href="/courses/{again}"' in page and "This patient's other courses" in page


def test_a_clinician_amends_the_plan_and_the_page_lists_the_change(browser: Browser) -> None:
    nurse, viewer = browser("clinician"), browser("viewer")
    course = save_course(nurse, TODAY)
    _given(nurse, course, 1, TODAY)
    assert "Amend this course" not in viewer.get(f"/courses/{course}").text
    page = nurse.get(f"/courses/{course}")
    assert 'value="elbow"' in page.text and "Amend this course" in page.text
    fields = {"csrf": csrf_of(page.text), "version": version_of(page.text), "interval": "21",
              "site_name": ["elbow", "knee", ""], "site_volume": ["1.5 mL", "0.5 mL", ""],
              "site_rounds": ["4", "3", ""], "site_first_round": ["1", "2", ""],
              "reason": "slower course"}
    refused = nurse.post(f"/courses/{course}/amend", data={**fields, "site_rounds": ["0", "3", ""]})
    assert refused.status_code == 422 and 'value="slower course"' in refused.text
    assert "The plan: " in refused.text
    answer = nurse.post(f"/courses/{course}/amend", data=fields)
    assert answer.status_code == 303, answer.text
    shown = nurse.get(f"/courses/{course}").text
    assert "Version 3: new plan" in shown and "reason: slower course" in shown
    assert "interval in days: 14 → 21" in shown
    assert "site &#39;elbow&#39; volume: 1 mL → 1.5 mL" in shown
    round_two = TODAY + dt.timedelta(days=21)
    assert display.date(round_two) in shown


def test_a_round_given_late_says_which_rounds_moved_and_to_which_dates(browser: Browser) -> None:
    nurse = browser("clinician")
    start = TODAY - dt.timedelta(days=3)
    course = save_course(nurse, start)
    _given(nurse, course, 1, TODAY)
    page = nurse.get(f"/courses/{course}").text
    before, after = start + dt.timedelta(days=14), TODAY + dt.timedelta(days=14)
    assert (f"The record of round 1 moved the rounds after it: round 2 from "
            f"{display.date(before)} to {display.date(after)}") in page


def test_the_visit_time_is_kept_on_the_calendar_and_the_ics(browser: Browser) -> None:
    nurse = browser("clinician")
    query = plan_query(TODAY) + "&visit_time=09:30"
    course = save_plan(nurse, "injection", query, "V-1", "Ann Time", "1960-01-01")
    assert "09:30" in nurse.get(f"/courses/{course}").text
    assert " at 09:30" in nurse.get(f"/courses/{course}/calendar").text
    assert "Clinic visit time" in nurse.get(f"/courses/{course}/round-sheet").text
    calendar = nurse.get(f"/courses/{course}/calendar.ics").text
    assert f"DTSTART:{TODAY:%Y%m%d}T093000" in calendar


def test_a_stopped_course_prints_nothing_as_live(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY - dt.timedelta(days=14))
    _given(nurse, course, 1, TODAY - dt.timedelta(days=14))
    _stop(nurse, course, "skin ulcer at the elbow")
    page = nurse.get(f"/courses/{course}").text
    assert "round-sheet" not in page and "calendar.ics" not in page
    assert f"Stopped on {display.date(TODAY)}: no further doses" in page
    for path in ("round-sheet", "round-sheet.pdf"):
        refused = nurse.get(f"/courses/{course}/{path}", headers={"Accept": "text/html"})
        assert refused.status_code == 409, path
        assert f"stopped on {display.date(TODAY)} by clinician" in refused.text
        assert "skin ulcer at the elbow" in refused.text
    calendar = nurse.get(f"/courses/{course}/calendar").text
    assert calendar.count(f"Stopped on {display.date(TODAY)} — no further doses") >= 2
    assert "Clinic visit 1" in calendar and "Clinic visit 2" not in calendar
    assert "BEGIN:VEVENT" not in nurse.get(f"/courses/{course}/calendar.ics").text


def test_a_completed_course_has_no_round_sheet(browser: Browser) -> None:
    nurse = browser("clinician")
    start = TODAY - dt.timedelta(days=42)
    course = save_course(nurse, start)
    for number in range(1, 5):
        _given(nurse, course, number, start + dt.timedelta(days=14 * (number - 1)))
    refused = nurse.get(f"/courses/{course}/round-sheet", headers={"Accept": "text/html"})
    assert refused.status_code == 409 and "Every round of this course is recorded" in refused.text
    assert "Completed — every round" in nurse.get(f"/courses/{course}/calendar").text


def test_a_stopped_topical_course_lists_nothing_after_the_stop(browser: Browser) -> None:
    from tests.pages.test_topical_course import dispense, save_topical, topical_query

    nurse = browser("clinician")
    course = save_topical(nurse)
    assert dispense(nurse, course).status_code == 303
    _stop(nurse, course, "rash")
    calendar = nurse.get(f"/courses/{course}/calendar").text
    assert f"Stopped on {display.date(TODAY)} — no further doses" in calendar
    assert "still to be given out" not in calendar and "given out" in calendar
    assert "Clinic review" not in calendar  # none was held, and none is to come
    events = nurse.get(f"/courses/{course}/calendar.ics").text
    starts = re.findall(r"DTSTART(?:;VALUE=DATE)?:(\d{8})", events)
    assert starts and all(day <= f"{TODAY:%Y%m%d}" for day in starts)
    assert "review" not in events.lower()
    visit = save_plan(nurse, "topical", topical_query(TODAY) + "&visit_time=10:00", "T-9",
                      "Ann Topical", "1950-01-01")
    assert "T100000" in nurse.get(f"/courses/{visit}/calendar.ics").text


def test_the_planners_topical_ics_takes_a_visit_time(browser: Browser) -> None:
    from tests.pages.test_topical_course import topical_query

    answer = browser("viewer").get(f"/topical/calendar.ics?{topical_query(TODAY)}"
                                   "&visit_time=10:00")
    assert answer.status_code == 200 and "T100000" in answer.text


def test_every_page_of_a_stopped_courses_calendar_pdf_says_it_stopped(browser: Browser) -> None:
    import shutil
    import subprocess

    nurse = browser("clinician")
    course = save_course(nurse, TODAY - dt.timedelta(days=14))
    _given(nurse, course, 1, TODAY - dt.timedelta(days=14))
    _stop(nurse, course)
    pdf = nurse.get(f"/courses/{course}/calendar.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    pages = [page for page in text.split("\f") if page.strip()]
    said = f"Stopped on {display.date(TODAY)} — no further doses"
    assert pages and all(said in " ".join(page.split()) for page in pages), len(pages)


def test_a_topical_course_is_amended_from_its_page(browser: Browser) -> None:
    from tests.pages.test_topical_course import save_topical

    nurse = browser("clinician")
    course = save_topical(nurse)
    page = nurse.get(f"/courses/{course}")
    assert 'name="step_strength" type="text" maxlength="40" autocomplete="off" value="3 % w/w"' \
        in page.text
    answer = nurse.post(f"/courses/{course}/amend", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "interval": "7",
        "step_strength": ["3 % w/w", "10 % w/w", ""], "step_days": ["21", "28", ""],
        "reason": "longer at 10 %"})
    assert answer.status_code == 303, answer.text
    shown = nurse.get(f"/courses/{course}").text
    assert "review interval in days: 14 → 7" in shown and "reason: longer at 10 %" in shown
    assert ("steps: 3 % w/w for 21 days, then 10 % w/w for 14 days → 3 % w/w for 21 days, "
            "then 10 % w/w for 28 days") in shown
