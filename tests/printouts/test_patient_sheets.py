"""Patient calendars: a review held early, the clinic's number or whom to ask, the label's
cautions in plain words, and a stopped course's banner, in English and Italian."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.i18n.language import language
from tests.pages.conftest import csrf_of, save_course, version_of
from tests.pages.test_topical_course import START as TOPICAL_START
from tests.pages.test_topical_course import review, save_topical
from tests.test_print_views import TOPICAL, injection_query

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_review_held_early_says_so_and_never_marks_the_planned_day(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_topical(nurse)
    assert review(nurse, course).status_code == 303  # review 1, held today
    html = nurse.get(f"/courses/{course}/calendar").text
    words = language("en")
    planned = TOPICAL_START + dt.timedelta(days=14)
    assert planned > TODAY
    assert (f"held on {words.date(TODAY)} (planned {words.date(planned)}" in _flat(html))
    cell = re.search(rf"<b>{planned:%a} {planned.day} {planned:%b}</b>(.*?)</td>", html, re.S)
    assert cell is not None and "Clinic review" in cell.group(1)
    assert "(held)" not in cell.group(1)


PLANNERS = {"injection": f"/injection/calendar?{injection_query()}",
            "topical": f"/topical/calendar?{TOPICAL}"}
NO_NUMBER = {"en": ("Ask the clinic that treats you.", "Call "),
             "it": ("Chieda all'ambulatorio che la segue.", "Chiami ")}


@pytest.mark.parametrize("kind", sorted(PLANNERS))
@pytest.mark.parametrize("lang", sorted(NO_NUMBER))
def test_with_no_clinic_number_a_patient_is_never_told_to_call(client: TestClient, kind: str,
                                                               lang: str) -> None:
    said, never = NO_NUMBER[lang]
    text = _flat(client.get(f"{PLANNERS[kind]}&lang={lang}").text).replace("&#39;", "'")
    assert said in text
    assert never not in text and "call the clinic" not in text


# The label's cautions in a patient's words, per language: kidney, sulfite, pregnancy, sodium,
# and under a closed dressing (the skin calendar only).
CAUTIONS = {
    "en": ["kidney problems", "sulfites", "pregnant", "salt", "under a closed dressing"],
    "it": ["problemi ai reni", "solfiti", "incinta", "sale", "sotto una medicazione chiusa"],
}


@pytest.mark.parametrize("kind", sorted(PLANNERS))
@pytest.mark.parametrize("lang", sorted(CAUTIONS))
def test_the_patient_calendars_carry_the_labels_cautions_in_plain_words(
    client: TestClient, kind: str, lang: str
) -> None:
    text = _flat(client.get(f"{PLANNERS[kind]}&lang={lang}").text)
    expected = CAUTIONS[lang] if kind == "topical" else CAUTIONS[lang][:4]
    for words in expected:
        assert words in text.lower(), words
    if kind == "injection":
        assert CAUTIONS[lang][4] not in text.lower()


def test_a_stopped_courses_italian_calendar_says_stopped_in_italian(browser: Browser) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    page = nurse.get(f"/courses/{course}")
    answer = nurse.post(f"/courses/{course}/stop", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "reason": "side effects"})
    assert answer.status_code == 303
    text = _flat(nurse.get(f"/courses/{course}/calendar?lang=it").text)
    assert f"Interrotto il {language('it').long_date(TODAY)} — nessun'altra dose" \
        in text.replace("&#39;", "'")
    assert "Stopped on" not in text


def test_the_admin_page_says_the_clinic_telephone_is_not_set(browser: Browser) -> None:
    page = browser("admin").get("/admin/accounts")
    assert page.status_code == 200, page.status_code
    assert "STS_CLINIC_PHONE" in page.text and "is not set" in page.text
