"""The seeds' two cases printed for an Italian family: the injection visits (Golub 2020) and the
daily skin treatment (Pagnini 2013), as a page, as a PDF read back, and as a calendar file,
checked against what was worked out by hand; and no English word of the calendar left in them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import load_settings
from tests.test_print_views import flat, injection_query, needs_poppler, pdf_text

CLINIC = "Ambulatorio di Reumatologia Pediatrica"
PHONE = "055 123 4567"
# Seed 000 (Golub 2020): four rounds every 14 days from Thu 7 May 2020, 1.25 mL a site at
# 250 mg/mL; the elbow from round 2. The clinic sees the patient at 09:30.
INJECTION = injection_query(visit_time="09:30", lang="it")
# Seed 003 (Pagnini 2013, Florence): 3 % w/w for 28 days then 10 % w/w, about 9 months in all,
# once a day under an occlusive dressing, reviewed every 14 days (the planner's template), on a
# site the clinic named in Italian; started on a Monday in March.
TOPICAL = urlencode([
    ("start_date", "2025-03-03"), ("step_strength", "3 % w/w"), ("step_days", "28"),
    ("step_strength", "10 % w/w"), ("step_days", "245"),
    ("site_name", "avambraccio sinistro"), ("site_area", "100 cm^2"),
    ("amount_mode", "convention"), ("amount_convention", "ftu_adult_man"),
    ("applications_per_day", "1"), ("review_interval_days", "14"),
    ("strength_basis", "pentahydrate"), ("lang", "it"),
])
# The calendar's English vocabulary, none of which may be left on an Italian sheet.
ENGLISH = re.compile(r"\b(" + "|".join([
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Oct", "Nov", "Dec",
    "Apply", "Dressing", "Review", "review", "Round", "round", "Visit", "visit", "done", "Jar",
    "Clinic", "clinic", "Treatment", "Calendar", "Tick", "Warning", "Total", "Tomorrow",
    "Topical", "injection", "injections", "Page", "Patient", "Date", "sodium thiosulfate",
    "pentahydrate", "twice", "once", "times a day", "Printed", "Questions", "Call", "to",
    # The planner's warnings, which stay on the staff sheets (docs/translations.md).
    "Warnings", "Source", "above", "reference", "interval", "limit", "dose",
]) + r")\b")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app as a Florentine clinic would set it up."""
    app = create_app(load_settings(clinic_name=CLINIC, clinic_phone=PHONE))
    with TestClient(app) as http:
        yield http


def printed(html: str) -> str:
    """The words a sheet prints: the page without its screen-only controls and with no tags."""
    sheet = re.sub(r'<nav class="controls.*?</nav>', " ", html, flags=re.S)
    return flat(re.sub(r"<[^>]+>", " ", sheet))


def events(body: bytes) -> list[tuple[object, str, str]]:
    """Each event of a calendar file as (start, SUMMARY, DESCRIPTION)."""
    from icalendar import Calendar

    return [(e.decoded("dtstart"), str(e["summary"]), str(e["description"]))
            for e in Calendar.from_ical(body).walk("VEVENT")]


def test_the_injection_calendar_page_in_italian(client: TestClient) -> None:
    response = client.get(f"/injection/calendar?{INJECTION}")
    assert response.status_code == 200, response.text[:300]
    assert '<html lang="it">' in response.text
    text = printed(response.text)
    assert "Le sue visite per le iniezioni di tiosolfato di sodio" in text
    hands = "right middle MCP; left middle MCP; right index DIP"
    assert (f"7 mag 2020 alle 09:30 1 {hands} 21 mag 2020 alle 09:30 2 {hands}; right elbow "
            f"4 giu 2020 alle 09:30 3 {hands}; right elbow 18 giu 2020 alle 09:30 4 {hands}; "
            "right elbow") in text
    assert ("giovedì 7 mag Visita 1 in ambulatorio alle 09:30: iniezioni in 3 punti Visita "
            "fatta") in text
    assert "giovedì 21 mag Visita 2 in ambulatorio alle 09:30: iniezioni in 4 punti" in text
    assert text.count("Visita fatta") == 4
    assert ("lunedì 4 maggio 2020 – domenica 17 maggio 2020" in text
            and "lunedì 15 giugno 2020 – domenica 28 giugno 2020" in text)
    assert f"Chiami {CLINIC} al numero {PHONE} ." in text  # as configured, untranslated
    assert ENGLISH.findall(text.replace(hands, "").replace("right elbow", "")) == []


@needs_poppler
def test_the_injection_calendar_pdf_in_italian(client: TestClient) -> None:
    response = client.get(f"/injection/calendar.pdf?{INJECTION}")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Le sue visite per le iniezioni di tiosolfato di sodio" in text
    for row in ("7 mag 2020 alle 09:30", "21 mag 2020 alle 09:30", "4 giu 2020 alle 09:30",
                "18 giu 2020 alle 09:30"):
        assert row in text
    # A day's label wraps in its narrow cell ("giovedì 7" over "mag"): its visit reads whole.
    assert "Visita 1 in ambulatorio alle 09:30: iniezioni in 3 punti" in text
    assert "giovedì 7" in text and text.count("Visita fatta") == 4
    assert "lunedì 4 maggio 2020 – domenica 17 maggio 2020" in text
    assert "Pagina 1 di 2" in text and "Pagina 2 di 2" in text
    sites = r"right (middle MCP|index DIP|elbow)|left middle MCP|STS Planner"
    assert ENGLISH.findall(re.sub(sites, "", text)) == []


def test_the_injection_calendar_file_in_italian(client: TestClient) -> None:
    response = client.get(f"/injection/calendar.ics?{INJECTION}")
    assert response.status_code == 200
    found = events(response.content)
    assert [(start, summary) for start, summary, _ in found] == [
        (dt.datetime(2020, 5, 7, 9, 30), "Iniezioni di tiosolfato di sodio, seduta 1 (3 punti)"),
        (dt.datetime(2020, 5, 21, 9, 30), "Iniezioni di tiosolfato di sodio, seduta 2 (4 punti)"),
        (dt.datetime(2020, 6, 4, 9, 30), "Iniezioni di tiosolfato di sodio, seduta 3 (4 punti)"),
        (dt.datetime(2020, 6, 18, 9, 30), "Iniezioni di tiosolfato di sodio, seduta 4 (4 punti)"),
    ]
    # 3 × 1.25 mL = 3.75 mL, × 250 mg/mL = 937.5 mg; from round 2, 4 sites: 5 mL, 1,250 mg.
    assert found[0][2] == ("right middle MCP: 1,25 mL\nleft middle MCP: 1,25 mL\n"
                           "right index DIP: 1,25 mL\n"
                           "Totale 3,75 mL; tiosolfato di sodio 937,5 mg (pentaidrato)")
    assert found[1][2].endswith(
        "right elbow: 1,25 mL\nTotale 5 mL; tiosolfato di sodio 1.250 mg (pentaidrato)")
    assert b"Domani: Iniezioni di tiosolfato di sodio" in response.content
    assert b"X-WR-CALNAME:" + CLINIC.encode() in response.content
    sites = r"right (middle MCP|index DIP|elbow)|left middle MCP"
    assert all(ENGLISH.findall(re.sub(sites, "", f"{summary} {description}")) == []
               for _start, summary, description in found)


def test_the_skin_treatment_calendar_page_in_italian(client: TestClient) -> None:
    response = client.get(f"/topical/calendar?{TOPICAL}")
    assert response.status_code == 200, response.text[:300]
    assert '<html lang="it">' in response.text
    text = printed(response.text)
    assert ("Applichi il preparato su queste zone una volta al giorno: avambraccio sinistro "
            "(100 cm²).") in text
    # The adult fingertip unit, 0.5 g per 312 cm², in proportion: 100 cm² takes 0.16 g.
    assert "Ogni volta usi circa 0,16 g di preparato" in text
    assert "1 cambio della medicazione al giorno" in text
    # 28 days from Mon 3 Mar 2025 end on Sun 30 Mar; 245 more end on Sun 30 Nov 2025.
    assert ("Giorni Concentrazione sull'etichetta 3 marzo 2025 – 30 marzo 2025 3 % w/w "
            "(30 mg/g) 31 marzo 2025 – 30 nov 2025 10 % w/w (100 mg/g)") in text
    assert "L'ultimo giorno è 30 nov 2025." in text
    assert ("Porti questo foglio a ogni visita di controllo: 17 marzo 2025, 31 marzo 2025, "
            "14 apr 2025,") in text and "24 nov 2025, 8 dic 2025." in text
    assert "3 marzo 2025 – 16 marzo 2025 5 g 3 % w/w (30 mg/g)" in text
    assert "lunedì 3 marzo Vasetto: 3 % w/w Applicazione Medicazione" in text
    assert "lunedì 31 marzo Visita di controllo Inizi il vasetto nuovo: 10 % w/w" in text
    assert "lunedì 1 dic Trattamento terminato" in text
    assert text.count("Applicazione") == 273 and text.count("Medicazione") == 273
    assert ENGLISH.findall(text) == []


@needs_poppler
def test_the_skin_treatment_calendar_pdf_in_italian(client: TestClient) -> None:
    response = client.get(f"/topical/calendar.pdf?{TOPICAL}")
    text = pdf_text(response.content)
    assert "Il suo trattamento della pelle con tiosolfato di sodio" in text
    assert "L'ultimo giorno è 30 nov 2025." in text
    assert "lunedì 3 marzo 2025 – domenica 16 marzo 2025" in text
    assert "lunedì 24 novembre 2025 – domenica 7 dicembre 2025" in text
    assert text.count("Applicazione") == 273 and text.count("Medicazione") == 273
    # The new jar's day, its words wrapped in their cell; 273 days hold 272 days of one jar.
    assert text.count("Inizi il") == 1 and text.count("Vasetto:") == 272
    assert "Pagina 1 di 9" in text and "Pagina 9 di 9" in text
    assert ENGLISH.findall(text.replace("STS Planner", "")) == []


def test_the_skin_treatment_calendar_file_in_italian(client: TestClient) -> None:
    found = events(client.get(f"/topical/calendar.ics?{TOPICAL}").content)
    assert found[0] == (
        dt.date(2025, 3, 3), "Tiosolfato di sodio per uso cutaneo: iniziare 3 % w/w (30 mg/g)",
        "Da oggi applicare 3 % w/w (30 mg/g) sotto medicazione occlusiva; circa 0,16 g per "
        "applicazione.")
    assert (dt.date(2025, 3, 31),
            "Tiosolfato di sodio per uso cutaneo: iniziare 10 % w/w (100 mg/g)") in [
        (start, summary) for start, summary, _ in found]
    reviews = [(start, summary) for start, summary, _ in found if "controllo" in summary]
    assert reviews[0] == (dt.date(2025, 3, 17),
                          "Visita di controllo 1, tiosolfato di sodio per uso cutaneo")
    assert len(reviews) == 20 and reviews[-1][0] == dt.date(2025, 12, 8)
    assert all(ENGLISH.findall(f"{summary} {description}") == []
               for _start, summary, description in found)


@pytest.mark.parametrize("path", ["/injection/calendar", "/injection/calendar.pdf",
                                  "/injection/calendar.ics", "/topical/calendar"])
def test_an_unknown_language_is_refused_naming_the_languages(
    client: TestClient, path: str
) -> None:
    query = INJECTION if path.startswith("/injection") else TOPICAL
    response = client.get(f"{path}?{query.replace('lang=it', 'lang=klingon')}")
    assert response.status_code == 422
    assert "must be one of the languages there are: &#39;en&#39; or &#39;it&#39;" in response.text
    assert "klingon" not in response.text


def test_the_language_select_keeps_the_plan_and_the_links_keep_the_language(
    client: TestClient
) -> None:
    html = client.get(f"/injection/calendar?{INJECTION}").text
    choice = html.split('class="language-choice"')[1].split("</form>")[0]
    assert '<option value="it" lang="it" selected>italiano</option>' in choice
    assert '<option value="en" lang="en">English</option>' in choice
    assert 'name="lang"' in choice and '<input type="hidden" name="lang"' not in choice
    assert '<input type="hidden" name="site_name" value="right elbow">' in choice
    assert "calendar.ics?" in html and "lang=it" in html.split("calendar.ics?")[1][:1000]
    assert ".pdf?" in html and "lang=it" in html.split(".pdf?")[1].split('"')[0]


def test_english_stays_the_default_and_as_it_was(client: TestClient) -> None:
    text = printed(client.get(f"/injection/calendar?{injection_query()}").text)
    assert "Thu 7 May Clinic visit 1: injections, 3 sites Visit done" in text
    assert "Mon 4 May 2020 to Sun 17 May 2020" in text
    assert "Ambulatorio" in text and "Visita" not in text
