"""The API's plan calendar files in the patient's language: `?lang=it` words SUMMARY and
DESCRIPTION in Italian, English stays the default, and an unknown language is a 422 at the query."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.i18n.test_printouts import ENGLISH
from tests.seed import SEED_INJECTION, SHORT_TOPICAL

# The sites and the clinic are printed as the clinic wrote them.
SITES = r"right (middle MCP|index DIP|elbow)|left middle MCP|forearm|STS Planner demo clinic"


def events(body: bytes) -> list[tuple[object, str, str]]:
    """Each event of a calendar file as (start, SUMMARY, DESCRIPTION)."""
    return [(e.decoded("dtstart"), str(e["summary"]), str(e["description"]))
            for e in Calendar.from_ical(body).walk("VEVENT")]


def test_the_injection_calendar_in_italian(client: TestClient) -> None:
    response = client.post("/api/v1/plans/injection.ics?lang=it", json=SEED_INJECTION)
    assert response.status_code == 200, response.text
    found = events(response.content)
    assert [(start, summary) for start, summary, _ in found] == [
        (dt.date(2020, 5, 7), "Iniezioni di tiosolfato di sodio, seduta 1 (3 punti)"),
        (dt.date(2020, 5, 21), "Iniezioni di tiosolfato di sodio, seduta 2 (4 punti)"),
        (dt.date(2020, 6, 4), "Iniezioni di tiosolfato di sodio, seduta 3 (4 punti)"),
        (dt.date(2020, 6, 18), "Iniezioni di tiosolfato di sodio, seduta 4 (4 punti)"),
    ]
    # 3 × 1.25 mL at 250 mg/mL is 937.5 mg: an Italian decimal comma.
    assert found[0][2].endswith("Totale 3,75 mL; tiosolfato di sodio 937,5 mg (pentaidrato)")
    assert all(ENGLISH.findall(re.sub(SITES, "", f"{summary} {description}")) == []
               for _start, summary, description in found)


def test_the_topical_calendar_in_italian(client: TestClient) -> None:
    response = client.post("/api/v1/plans/topical.ics?lang=it", json=SHORT_TOPICAL)
    assert response.status_code == 200, response.text
    found = events(response.content)
    # 10 mg/cm² on 50 cm² is 0.5 g an application.
    assert found[0] == (
        dt.date(2025, 1, 6), "Tiosolfato di sodio per uso cutaneo: iniziare 3 % w/w (30 mg/g)",
        "Da oggi applicare 3 % w/w (30 mg/g) sotto medicazione occlusiva; circa 0,5 g per "
        "applicazione.")
    review = (dt.date(2025, 1, 20), "Visita di controllo 1, tiosolfato di sodio per uso cutaneo")
    assert review in [(start, summary) for start, summary, _ in found]
    assert all(ENGLISH.findall(re.sub(SITES, "", f"{summary} {description}")) == []
               for _start, summary, description in found)


@pytest.mark.parametrize("path, body", [("/api/v1/plans/injection.ics", SEED_INJECTION),
                                        ("/api/v1/plans/topical.ics", SHORT_TOPICAL)])
def test_english_is_the_default_and_may_be_asked_for(
    client: TestClient, path: str, body: dict[str, object]
) -> None:
    plain = client.post(path, json=body)
    asked = client.post(f"{path}?lang=en", json=body)
    assert plain.status_code == asked.status_code == 200
    # The same events (DTSTAMP, the moment the file is made, may differ by a second).
    assert events(plain.content) == events(asked.content)
    summaries = [summary for _start, summary, _ in events(plain.content)]
    assert all("tiosolfato" not in s for s in summaries)
    assert any("STS" in s for s in summaries)


@pytest.mark.parametrize("path, body", [("/api/v1/plans/injection.ics", SEED_INJECTION),
                                        ("/api/v1/plans/topical.ics", SHORT_TOPICAL)])
@pytest.mark.parametrize("lang", ["klingon", "IT", "it_IT", "", "../it", "x" * 300])
def test_an_unknown_language_is_a_422_at_the_query_naming_the_languages(
    client: TestClient, path: str, body: dict[str, object], lang: str
) -> None:
    response = client.post(path, params={"lang": lang}, json=body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "lang"]
    assert error["msg"] == "lang must be one of the languages there are: 'en' or 'it'"
