"""A kept course's patient printouts in the patient's language: chosen on the new-course form,
else the clinic's STS_PATIENT_LANGUAGE; the staff's round sheet stays in English."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.i18n.language import language
from app.settings import Settings, load_settings
from tests.pages.conftest import PATIENT_NAME, csrf_of, plan_query
from tests.pages.test_topical_course import START as TOPICAL_START
from tests.pages.test_topical_course import TODAY, dispense, review, topical_query

Browser = Callable[[str], TestClient]
START = dt.date(2020, 5, 7)  # a Thursday
LANGUAGE = language("it")


@pytest.fixture
def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """The pages' settings, with the clinic's default patient language when a test names one."""
    return load_settings(data_dir=tmp_path / "data",
                         database_url=f"sqlite:///{tmp_path / 'pages.db'}",
                         patient_language=getattr(request, "param", "en"))


def keep(client: TestClient, **extra: str) -> tuple[int, str]:
    """Save the two-site plan through the new-course form; the status and where it led."""
    query = plan_query(START)
    form = client.get(f"/courses/new/injection?{query}")
    answer = client.post("/courses/new/injection", data={
        "csrf": csrf_of(form.text), "plan_query": query, "reference": "H7654321",
        "name": PATIENT_NAME, "birth_date": "1951-03-04", **extra})
    return answer.status_code, answer.headers.get("location", answer.text)


def test_the_new_course_form_offers_the_languages_with_the_clinic_s_default(
    browser: Browser
) -> None:
    page = browser("clinician").get(f"/courses/new/injection?{plan_query(START)}").text
    assert '<select id="f-language" name="language"' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="it" lang="it">italiano</option>' in page


def test_a_course_kept_in_italian_prints_its_calendar_and_file_in_italian(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    status, location = keep(nurse, language="it")
    assert status == 303, location
    course = location.rsplit("/", 1)[1]
    page = nurse.get(f"/courses/{course}/calendar")
    assert '<html lang="it">' in page.text
    assert "Le sue visite per le iniezioni di tiosolfato di sodio" in page.text
    assert "giovedì 7 mag" in page.text and "Visita\u00a0fatta" in page.text
    # The patient's line: the name as kept, the birth date as an Italian reads a date.
    patient = f"Paziente: {PATIENT_NAME} · codice H7654321 · data di nascita domenica 4 marzo 1951"
    assert patient in " ".join(page.text.split())
    calendar = nurse.get(f"/courses/{course}/calendar.ics").text
    assert "SUMMARY:Iniezioni di tiosolfato di sodio\\, seduta 1 (1 punto)" in calendar
    assert PATIENT_NAME not in calendar
    # Asked for in the address, another language is printed instead, for that printout only.
    english = nurse.get(f"/courses/{course}/calendar?lang=en").text
    assert '<html lang="en">' in english and "Thu 7 May" in english
    # The nurse's own sheet stays in English.
    sheet = nurse.get(f"/courses/{course}/round-sheet").text
    assert '<html lang="en">' in sheet and "Visita" not in sheet


@pytest.mark.parametrize("settings", ["it"], indirect=True)
def test_a_course_without_a_language_prints_in_the_clinic_s_default(browser: Browser) -> None:
    nurse = browser("clinician")
    status, location = keep(nurse)
    assert status == 303, location
    course = location.rsplit("/", 1)[1]
    assert '<html lang="it">' in nurse.get(f"/courses/{course}/calendar").text
    assert "SUMMARY:Iniezioni" in nurse.get(f"/courses/{course}/calendar.ics").text


def test_an_unknown_language_on_the_form_is_refused_naming_the_languages(
    browser: Browser
) -> None:
    status, page = keep(browser("clinician"), language="klingon")
    assert status == 422
    assert "must be one of the languages there are: &#39;en&#39; or &#39;it&#39;" in page
    assert "klingon" not in page.split("<form")[0]


def test_a_topical_course_in_italian_says_what_was_given_out_and_the_reviews_held(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    query = topical_query(TOPICAL_START)
    form = nurse.get(f"/courses/new/topical?{query}")
    answer = nurse.post("/courses/new/topical", data={
        "csrf": csrf_of(form.text), "plan_query": query, "reference": "T1234567",
        "name": PATIENT_NAME, "birth_date": "1950-01-02", "language": "it"})
    assert answer.status_code == 303, answer.text
    course = answer.headers["location"].rsplit("/", 1)[1]
    assert dispense(nurse, course, amount="12.5 g").status_code == 303  # type: ignore[attr-defined]
    assert review(nurse, course).status_code == 303  # type: ignore[attr-defined]
    sheet = " ".join(nurse.get(f"/courses/{course}/calendar").text.split())
    today = LANGUAGE.date(TODAY)
    assert f"; consegnato {today} (12,5 g)" in sheet and "; ancora da consegnare" in sheet
    assert "fatta il " in sheet and not re.search(r"Visita di controllo \(fatta\)", sheet)
    assert "(held)" not in sheet and "given out" not in sheet
    calendar = nurse.get(f"/courses/{course}/calendar.ics").text
    assert "Visita di controllo 1," not in calendar  # held: no longer to come
    assert "SUMMARY:Visita di controllo 2\\, tiosolfato di sodio per uso cutaneo" in calendar
