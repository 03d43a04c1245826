"""iCalendar exports parsed back with the icalendar library: all-day dates, stable UIDs, clinic."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from app.main import create_app
from app.settings import load_settings
from tests.seed import SEED_INJECTION as SEED
from tests.seed import SHORT_TOPICAL as TOPICAL


def events(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return [c for c in calendar.walk("VEVENT")]


def start(event):
    return event.decoded("dtstart")


def test_injection_visits_are_all_day_events_on_the_planned_dates(client):
    found = events(client.post("/api/v1/plans/injection.ics", json=SEED))
    assert [start(e) for e in found] == [
        dt.date(2020, 5, 7), dt.date(2020, 5, 21), dt.date(2020, 6, 4), dt.date(2020, 6, 18),
    ]
    for event in found:
        # A DATE (not a DATE-TIME) cannot drift across time zones; DTEND is the next day.
        assert type(start(event)) is dt.date
        assert event.decoded("dtend") == start(event) + dt.timedelta(days=1)
    assert len({str(e["uid"]) for e in found}) == 4


def test_uids_survive_a_reschedule_so_a_reimport_updates(client):
    before = events(client.post("/api/v1/plans/injection.ics", json=SEED))
    moved = {**SEED, "given": [{"round": 2, "date": "2020-05-28"}]}
    after = events(client.post("/api/v1/plans/injection.ics", json=moved))
    assert [str(e["uid"]) for e in before] == [str(e["uid"]) for e in after]
    assert start(after[1]) == dt.date(2020, 5, 28) and start(after[2]) == dt.date(2020, 6, 11)


def test_a_plan_id_sets_the_uids(client):
    found = events(client.post("/api/v1/plans/injection.ics", json={**SEED, "plan_id": "pt-42"}))
    assert str(found[0]["uid"]) == "sts-pt-42-round-1@sts-planner"


def test_topical_events_are_the_strength_changes_and_the_reviews(client):
    found = events(client.post("/api/v1/plans/topical.ics", json=TOPICAL))
    summaries = [(start(e).isoformat(), str(e["summary"])) for e in found]
    # Start at 3 % on 6 Jan, reviews every 14 days to the first on/after 9 Feb, 10 % from 26 Jan.
    assert [day for day, _ in summaries] == [
        "2025-01-06", "2025-01-20", "2025-01-26", "2025-02-03", "2025-02-17",
    ]
    assert "3 % w/w" in summaries[0][1] and "10 % w/w" in summaries[2][1]
    assert sum("review" in s for _, s in summaries) == 3


def test_the_clinic_name_comes_from_settings():
    settings = load_settings(clinic_name="Hershey Dermatology")
    with TestClient(create_app(settings)) as http:
        response = http.post("/api/v1/plans/injection.ics", json=SEED)
    calendar = Calendar.from_ical(response.content)
    assert "Hershey Dermatology" in str(calendar["x-wr-calname"])
    assert all(str(e["location"]) == "Hershey Dermatology" for e in calendar.walk("VEVENT"))


@pytest.mark.parametrize("path", ["/api/v1/plans/injection.ics", "/api/v1/plans/topical.ics"])
def test_bad_bodies_are_422_not_a_calendar(client, path):
    assert client.post(path, json={"start_date": "2025-01-06"}).status_code == 422
