"""The course page's history in words: the clinic's local time, actions as sentences, what each
record said (round, status, date, volumes), views folded unless every one is asked for, and never
a patient's name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from app.quantities import display
from app.services.audit_history import HistoryEntry, RecordFacts
from app.settings import Settings, load_settings
from app.storage import audit
from app.storage.engine import Database
from app.web.courses.audit_words import lines, worded
from tests.pages.conftest import (
    PATIENT_NAME,
    csrf_of,
    enter_first_record_in_error,
    save_course,
    version_of,
)

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()
ZONE = "Pacific/Kiritimati"  # UTC+14: a local time never reads as the UTC one


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The page tests' settings, in a time zone far from UTC."""
    return load_settings(data_dir=tmp_path / "data", timezone=ZONE,
                         database_url=f"sqlite:///{tmp_path / 'pages.db'}")


def _history(html: str) -> str:
    return html.split('id="history-h"', 1)[1]


def _rows(html: str) -> list[list[str]]:
    body = _history(html).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>") if "<td" in row]


def _give_round_one(client: TestClient, course: str) -> None:
    page = client.get(f"/courses/{course}")
    answer = client.post(f"/courses/{course}/records", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "seen": "0",
        "round": "1", "status": "given", "date": TODAY.isoformat(), "site_name": ["elbow"],
        "site_volume": ["0.8 mL"], "lot": "LOT-1", "expiry": "2099-01-01"})
    assert answer.status_code == 303, answer.text


def test_the_history_says_what_happened_in_words_and_local_time(
    browser: Browser, database: Database,
) -> None:
    nurse, admin = browser("clinician"), browser("admin")
    course = save_course(nurse, TODAY)
    _give_round_one(nurse, course)
    for reader in (nurse, nurse, admin):
        reader.get(f"/courses/{course}")
    page = admin.get(f"/courses/{course}")
    rows = _rows(page.text)
    whats = [row[3] for row in rows]
    assert whats[0] == "Course created" and rows[0][4] == "injection course, version 1"
    given = rows[whats.index("Round 1 given")]
    assert given[4].startswith(f"on {display.date(TODAY)}; elbow 0.8 mL")
    # The views between are one line, and the page's own read is the last one.
    assert any(re.fullmatch(r"Viewed \d+ times by 2 people", w) for w in whats)
    with database.reading() as session:
        first = audit.entries(session, course, 0, 1)[0]
    local = first.at.astimezone(ZoneInfo(ZONE))
    assert rows[0][1].endswith(f"{local:%H:%M}") and f"When ({ZONE})" in page.text
    assert PATIENT_NAME not in _history(page.text)


def test_every_view_is_listed_when_asked_for(browser: Browser) -> None:
    nurse, admin = browser("clinician"), browser("admin")
    course = save_course(nurse, TODAY)
    for _ in range(3):
        nurse.get(f"/courses/{course}")
    folded = [row[3] for row in _rows(admin.get(f"/courses/{course}").text)]
    every = [row[3] for row in _rows(admin.get(f"/courses/{course}?views=all").text)]
    assert folded.count("Viewed") == 0 and len(folded) == 2
    assert every.count("Viewed") == 5  # three by the nurse, two by the admin
    assert "List every view" in admin.get(f"/courses/{course}").text


def test_a_struck_record_and_a_stop_are_worded(browser: Browser) -> None:
    nurse, admin = browser("clinician"), browser("admin")
    course = save_course(nurse, TODAY)
    _give_round_one(nurse, course)
    enter_first_record_in_error(nurse, course, "wrong patient chart")
    page = nurse.get(f"/courses/{course}")
    assert nurse.post(f"/courses/{course}/stop", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text),
        "reason": "stopped by the team"}).status_code == 303
    rows = _rows(admin.get(f"/courses/{course}").text)
    struck = next(row for row in rows if row[3] == "Round 1 marked entered in error")
    assert struck[4].startswith(f"was given on {display.date(TODAY)}; elbow 0.8 mL")
    assert any(row[3] == "Course stopped" for row in rows)
    assert "wrong patient chart" not in _history(admin.get(f"/courses/{course}").text)


AT = dt.datetime(2026, 12, 6, 3, 30, 57, tzinfo=dt.UTC)
GIVEN = RecordFacts("given", 2, None, None, dt.date(2026, 1, 19), {"knee": "0.5 mL",
                                                                   "elbow": "1 mL"}, None)
DEFERRED = RecordFacts("deferred", 3, None, None, dt.date(2026, 2, 9), {}, None)
DISPENSED = RecordFacts("dispensed", None, 1, None, dt.date(2026, 1, 5), {}, "60 g")


def _entry(action: str, detail: dict[str, object], record: RecordFacts | None = None,
           by: str = "ann", seq: int = 1) -> HistoryEntry:
    return HistoryEntry(seq, AT, by, action, "c1", detail, record)


@pytest.mark.parametrize(
    ("entry", "what", "changed"),
    [
        (_entry("record.added", {"status": "given", "number": 2, "version": 3,
                                 "course_status": "active"}, GIVEN),
         "Round 2 given", "on Mon 19 Jan 2026; elbow 1 mL, knee 0.5 mL; version 3"),
        (_entry("record.added", {"status": "deferred", "number": 3, "version": 4}, DEFERRED),
         "Round 3 deferred", "to Mon 9 Feb 2026; version 4"),
        (_entry("record.added", {"status": "dispensed", "number": 1, "version": 2,
                                 "course_status": "completed"}, DISPENSED),
         "Block 1 dispensed", "on Mon 5 Jan 2026; amount 60 g; course now completed; version 2"),
        (_entry("record.added", {"status": "omitted", "number": 4}), "Record 4 omitted", ""),
        (_entry("course.stopped", {"version": 5}), "Course stopped", "version 5"),
        (_entry("courses.searched", {"results": 7}), "Courses searched", "7 found"),
        (_entry("course.something_new", {}), "course.something_new", ""),
    ],
)
def test_each_action_is_worded(entry: HistoryEntry, what: str, changed: str) -> None:
    assert worded(entry) == (what, changed)


def test_runs_of_views_fold_into_one_line_between_other_entries() -> None:
    entries = [_entry("course.created", {"kind": "topical", "version": 1}, seq=1),
               *[_entry("course.viewed", {}, by=who, seq=n)
                 for n, who in enumerate(["ann", "bob", "ann", "cy"], start=2)],
               _entry("course.stopped", {"version": 2}, seq=6),
               _entry("course.viewed", {}, by="bob", seq=7)]
    shown = lines(entries, dt.UTC)
    assert [(line.seqs, line.what) for line in shown] == [
        ("1", "Course created"), ("2–5", "Viewed 4 times by 3 people"),
        ("6", "Course stopped"), ("7", "Viewed")]
    assert shown[1].by == "ann, bob, cy"
    assert len(lines(entries, dt.UTC, every_view=True)) == 7


def test_a_long_history_shows_its_latest_entries_and_says_how_many_are_left_out(
    browser: Browser, monkeypatch: pytest.MonkeyPatch,
) -> None:
    nurse, admin = browser("clinician"), browser("admin")
    course = save_course(nurse, TODAY)
    _give_round_one(nurse, course)
    monkeypatch.setattr("app.services.audit_history.MAX_ENTRIES", 2)
    rows = _rows(admin.get(f"/courses/{course}").text)
    # Created, viewed (the form's read), given, viewed (this page): the last two are shown.
    assert rows[0][3] == "2 earlier entries are not shown here"
    assert rows[0][4] == f"the whole trail: GET /api/v1/audit?course={course}"
    assert [row[3] for row in rows[1:]] == ["Round 1 given", "Viewed"]
