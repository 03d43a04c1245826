"""The largest course allowed (2,000 records, about 4,000 audit entries): its page lists its
records and history a page at a time, and answers within a generous bound (issue 24; the
figure itself is benchmarks/course_page.py's)."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.courses.rules import MAX_RECORDS
from app.storage.engine import Database
from app.web.courses.view import RECORDS_PAGE, Paging, latest_page
from tests.largest_course import fill
from tests.pages.conftest import save_course

Browser = Callable[[str], TestClient]
# Generous: the benchmark's CPU figure is about 0.2 s; a shared test machine may be busy.
CPU_BOUND_S = 1.5


@pytest.mark.parametrize(("count", "page", "items", "paging"), [
    (0, 1, [], Paging(1, 1, 1, 0, 0)),
    (3, 1, [0, 1, 2], Paging(1, 1, 1, 3, 3)),
    (7, 1, [4, 5, 6], Paging(1, 3, 5, 7, 7)),  # the latest three
    (7, 2, [1, 2, 3], Paging(2, 3, 2, 4, 7)),
    (7, 3, [0], Paging(3, 3, 1, 1, 7)),  # the oldest, a short page
    (7, 9, [0], Paging(3, 3, 1, 1, 7)),  # past the end: the oldest page
    (6, 2, [0, 1, 2], Paging(2, 2, 1, 3, 6)),
])
def test_a_page_counts_from_the_latest_and_keeps_the_order(
    count: int, page: int, items: list[int], paging: Paging,
) -> None:
    assert latest_page(list(range(count)), page, size=3) == (items, paging)


def _links(page: str, words: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'<a href="([^"]+)">{words}</a>', page)]


@pytest.fixture
def largest(browser: Browser, database: Database) -> str:
    """A saved injection course given the most records a course may keep."""
    course = save_course(browser("clinician"), dt.date.today() - dt.timedelta(days=3))
    fill(database, course, "clinician")
    return course


def test_the_largest_course_page_lists_a_page_of_records_and_of_history(
    browser: Browser, largest: str,
) -> None:
    admin = browser("admin")
    admin.get(f"/courses/{largest}")  # warm: templates compiled
    began, began_cpu = time.perf_counter(), time.process_time()
    answer = admin.get(f"/courses/{largest}")
    cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began
    assert answer.status_code == 200
    assert cpu < CPU_BOUND_S, f"{cpu:.2f} s of CPU (wall {wall:.2f} s)"
    page = answer.text
    first = MAX_RECORDS - RECORDS_PAGE + 1
    assert f"{first}–{MAX_RECORDS} of {MAX_RECORDS} records, oldest first." in page
    assert "Page 1 of 40 (1: the latest)." in page
    assert page.count('<article class="record') == RECORDS_PAGE
    assert "reason: unwell (2000)" in page and "reason: unwell (1950)" not in page
    assert len(re.findall(r"<tr><td class=\"num\" data-label=\"#\">", page)) <= 101
    assert "History page 1 (1: the latest)." in page
    assert _links(page, "Later records") == [] and _links(page, "Later entries") == []
    earlier = _links(page, "Earlier records")
    assert earlier == [f"/courses/{largest}?records=2#records-h"] * 2
    older = admin.get(earlier[0]).text
    assert "1901–1950 of 2000 records" in older and "reason: unwell (1950)" in older
    assert _links(older, "Later records")[0] == f"/courses/{largest}?records=1#records-h"
    history = _links(page, "Earlier entries")
    assert history == [f"/courses/{largest}?history=2#history-h"]
    # Each list keeps the other's page.
    both = admin.get(f"/courses/{largest}?records=40&history=2").text
    assert "1–50 of 2000 records" in both and "History page 2 (1: the latest)." in both
    assert f"/courses/{largest}?records=39&amp;history=2#records-h" in both
    assert f"/courses/{largest}?records=40&amp;history=1#history-h" in both


@pytest.mark.parametrize(("query", "field"), [
    ("records=0", "records"), ("records=x", "records"), ("history=1001", "history"),
])
def test_a_bad_page_number_is_refused_naming_it(
    browser: Browser, query: str, field: str,
) -> None:
    course = save_course(browser("clinician"), dt.date.today())
    answer = browser("viewer").get(f"/courses/{course}?{query}")
    assert answer.status_code == 422
    assert field in answer.text


def test_a_short_course_shows_no_pager(browser: Browser) -> None:
    course = save_course(browser("clinician"), dt.date.today())
    page = browser("admin").get(f"/courses/{course}").text
    assert "Pages of records" not in page and "Pages of the history" not in page
