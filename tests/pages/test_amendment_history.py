"""The readable history says what an amendment changed, in words, and never a patient's
figures (issues 21 and 24)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.courses.amend import plan_changes
from app.services.audit_history import HistoryEntry
from app.web.courses.audit_words import worded
from tests.pages.conftest import PATIENT_NAME, csrf_of, save_course, version_of

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()
AT = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)


def _amended(detail: dict[str, Any]) -> tuple[str, str]:
    return worded(HistoryEntry(7, AT, "nurse", "course.amended", "c1", detail, None))


@pytest.mark.parametrize(("changes", "said"), [
    (["interval_days: 14 → 21"], "interval in days: 14 → 21; version 3"),
    (["site 'knee' added", "site 'elbow' volume: 1 mL → 1.5 mL"],
     "site 'knee' added; site 'elbow' volume: 1 mL → 1.5 mL; version 3"),
    (["site 'first_round' first_round: 1 → 2"], "site 'first_round' first round: 1 → 2; version 3"),
    (["review_interval_days: 14 → 7", "steps: 3 % w/w for 21 days → 3 % w/w for 28 days"],
     "review interval in days: 14 → 7; strength steps: 3 % w/w for 21 days → 3 % w/w for 28 "
     "days; version 3"),
    (["closed_dates set to [\"2026-12-25\"]"], "closed dates set to [\"2026-12-25\"]; version 3"),
    (["patient_birth_date changed"], "patient's date of birth changed; version 3"),
    (["a_new_field: 1 → 2"], "a new field: 1 → 2; version 3"),
    ([], "version 3"),
])
def test_an_amendment_s_changes_are_said_in_words(changes: list[str], said: str) -> None:
    assert _amended({"version": 3, "changes": changes}) == ("Course amended", said)


def test_an_amendment_entry_without_changes_still_says_its_version() -> None:
    assert _amended({"version": 2}) == ("Course amended", "version 2")


@pytest.mark.parametrize("key", ["patient_birth_date", "patient_weight"])
def test_a_patient_s_figures_are_said_changed_never_given(key: str) -> None:
    old = {"start_date": "2026-01-05", key: "1950-01-01" if "date" in key else "70 kg"}
    new = {**old, key: "1950-02-01" if "date" in key else "72 kg"}
    assert plan_changes(old, new) == [f"{key} changed"]


def test_the_course_page_history_says_what_an_amendment_changed(browser: Browser) -> None:
    admin = browser("admin")
    course = save_course(admin, TODAY)
    page = admin.get(f"/courses/{course}")
    answer = admin.post(f"/courses/{course}/amend", data={
        "csrf": csrf_of(page.text), "version": version_of(page.text), "interval": "21",
        "site_name": ["elbow", "knee", ""], "site_volume": ["1.5 mL", "0.5 mL", ""],
        "site_rounds": ["4", "3", ""], "site_first_round": ["1", "2", ""],
        "reason": "slower course"})
    assert answer.status_code == 303, answer.text
    history = admin.get(f"/courses/{course}").text.split('id="history-h"', 1)[1]
    row = next(r for r in history.split("</tr>") if "Course amended" in r)
    assert "interval in days: 14 → 21" in row
    assert "site &#39;elbow&#39; volume: 1 mL → 1.5 mL" in row and "version 2" in row
    assert PATIENT_NAME not in history and "H7654321" not in history
