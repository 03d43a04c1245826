"""A plan with warnings printed for an Italian family: the planner's warnings are the clinic's,
left off the patient's page, PDF and calendar file (no English sentence under Italian headings),
and the person printing is told on the screen that the plan has them."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.i18n.test_printouts import ENGLISH, events, printed
from tests.test_print_views import injection_query, needs_poppler, pdf_text

# 60 mL at 250 mg/mL in one visit is 15 g of STS: above the label's 12.5 g single IV dose.
TOO_BIG = injection_query([("fianco", "60 mL", 2, 1)], lang="it")
# 30 mg/cm² is three times the heaviest published convention (10 mg/cm²).
TOO_HEAVY = urlencode([
    ("start_date", "2025-03-03"), ("step_strength", "3 % w/w"), ("step_days", "14"),
    ("site_name", "avambraccio sinistro"), ("site_area", "100 cm^2"),
    ("amount_mode", "per_area"), ("amount", "30 mg/cm^2"), ("applications_per_day", "1"),
    ("review_interval_days", "14"), ("strength_basis", "pentahydrate"), ("lang", "it"),
])
# The site and the clinic, printed as the clinic wrote them.
CLINIC_WORDS = r"fianco|STS Planner demo clinic|STS Planner"
# Words of the planner's warning sentences, in whatever language they might leak.
WARNED = re.compile(r"above|heavier|convention|reference|FDA label|Source|avvertenz[ae]", re.I)


def _staff_note(html: str) -> str:
    return html.split('class="note staff-warnings">')[1].split("</p>")[0]


@pytest.mark.parametrize("path, query, warned", [
    ("/injection/round-sheet", TOO_BIG.replace("lang=it", ""), "is above the conservative"),
    ("/topical", TOO_HEAVY, "heavier than the heaviest published convention"),
])
def test_the_plans_do_warn_the_clinic(client: TestClient, path: str, query: str,
                                      warned: str) -> None:
    assert warned in " ".join(client.get(f"{path}?{query}").text.split())


@pytest.mark.parametrize("path, query", [("/injection/calendar", TOO_BIG),
                                         ("/topical/calendar", TOO_HEAVY)])
def test_an_italian_calendar_holds_no_warning_and_says_on_screen_that_there_are(
    client: TestClient, path: str, query: str
) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.text[:300]
    text = printed(response.text)
    assert WARNED.findall(text) == []
    assert ENGLISH.findall(re.sub(CLINIC_WORDS, "", text)) == []
    note = _staff_note(response.text)
    assert note.startswith("Il piano ha ") and "per l'ambulatorio" in note
    assert "non su questo foglio né nel file del calendario" in note


def test_an_english_calendar_leaves_them_off_too(client: TestClient) -> None:
    response = client.get(f"/topical/calendar?{TOO_HEAVY.replace('lang=it', 'lang=en')}")
    assert "heavier" not in response.text
    assert _staff_note(response.text) == (
        "The plan has 1 warning for the clinic: it is on the plan page, not on this printout "
        "or the calendar file.")


def test_a_calendar_without_warnings_says_nothing_of_them(client: TestClient) -> None:
    html = client.get(f"/injection/calendar?{injection_query(lang='it')}").text
    assert "staff-warnings" not in html


@pytest.mark.parametrize("path", ["/injection/calendar.ics", "/topical/calendar.ics"])
def test_an_italian_calendar_file_holds_no_warning(client: TestClient, path: str) -> None:
    query = TOO_BIG if path.startswith("/injection") else TOO_HEAVY
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    for _start, summary, description in events(response.content):
        said = re.sub(CLINIC_WORDS, "", f"{summary} {description}")
        assert WARNED.findall(said) == [] and ENGLISH.findall(said) == []


def test_the_api_calendar_file_holds_no_warning(client: TestClient) -> None:
    body = {"start_date": "2020-05-07", "mix": {"stock": "250 mg/mL"},
            "sites": [{"name": "fianco", "volume": "60 mL", "rounds": 2}]}
    assert client.post("/api/v1/plans/injection", json=body).json()["warnings"]
    response = client.post("/api/v1/plans/injection.ics?lang=it", json=body)
    assert response.status_code == 200, response.text
    for _start, summary, description in events(response.content):
        assert WARNED.findall(f"{summary} {description}") == []


@needs_poppler
def test_an_italian_calendar_pdf_holds_no_warning(client: TestClient) -> None:
    text = pdf_text(client.get(f"/injection/calendar.pdf?{TOO_BIG}").content)
    assert "Le sue visite" in text or "Iniezioni" in text or "tiosolfato" in text
    assert WARNED.findall(text) == []
    assert ENGLISH.findall(re.sub(CLINIC_WORDS, "", text)) == []
