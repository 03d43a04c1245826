"""/clinic for both kinds: overdue first, each patient named for signed-in staff (never in a URL),
the pharmacist's view of what to dispense this week, the day sheet (HTML and PDF) and the range
as CSV that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.web.courses.clinic_view import safe_cell
from tests.pages.conftest import PATIENT_NAME, plan_query, save_course, save_plan
from tests.pages.test_topical_course import dispense, save_topical

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()
HREF = re.compile(r'href="([^"]*)"')


def both(nurse: TestClient) -> tuple[str, str]:
    """An injection course with round 1 two days ago and a topical course whose first block
    was due three days ago: (injection id, topical id)."""
    return save_course(nurse, TODAY - dt.timedelta(days=2)), save_topical(nurse)


def test_both_kinds_are_listed_overdue_first_with_each_patients_name(browser: Browser) -> None:
    nurse = browser("clinician")
    injection, topical = both(nurse)
    page = nurse.get("/clinic").text
    overdue, later = page.split('id="overdue-h"')[1].split("</section>", 1)
    assert "Round 1" in overdue and "Dispense block 1" in overdue
    assert f'href="/courses/{topical}#dispense-h"' in overdue
    assert f'href="/courses/{injection}#record-h"' in overdue
    assert "H7654321" in overdue and "T1234567" in overdue and PATIENT_NAME in overdue
    assert "Review 1" in later  # the first review is after today
    assert not any(PATIENT_NAME.split()[0] in href for href in HREF.findall(page))


def test_the_pharmacists_view_lists_only_blocks_to_dispense_and_loses_one_dispensed(
    browser: Browser
) -> None:
    both(browser("clinician"))
    pharmacist = browser("pharmacist")
    page = pharmacist.get("/clinic", params={"view": "dispense"}).text
    assert "To dispense this week" in page and 'aria-current="page">To dispense' in page
    assert "Dispense block 1" in page and "3 % w/w" in page
    assert "Round 1" not in page and "Review 1" not in page
    topical = re.search(r'href="/courses/([^"#]+)#dispense-h"', page)
    assert topical is not None
    assert dispense(pharmacist, topical.group(1)).status_code == 303  # type: ignore[attr-defined]
    assert "Dispense block 1" not in pharmacist.get("/clinic?view=dispense").text


@pytest.mark.parametrize(("path", "said"), [
    ("/clinic?view=everything", "view must be all (everything due) or dispense"),
    ("/clinic/day-sheet?date=2026-02-30", "date is not a calendar date"),
    ("/clinic/day-sheet?date=tomorrow", "date must be a date written YYYY-MM-DD"),
    ("/clinic/due.csv?from=2026-01-01&to=2026-04-30", "covers at most 92 days"),
    ("/clinic/due.csv?from=2026-01-02&to=2026-01-01", "to must be on or after from"),
])
def test_bad_queries_are_refused_in_words(browser: Browser, path: str, said: str) -> None:
    answer = browser("viewer").get(path)
    assert answer.status_code == 422 and said in answer.text


def test_the_day_sheet_lists_the_day_and_what_is_overdue_as_html_and_pdf(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    save_course(nurse, TODAY)
    save_topical(nurse)
    html = nurse.get("/clinic/day-sheet", params={"date": TODAY.isoformat()})
    assert html.status_code == 200 and html.headers["cache-control"] == "no-store"
    due, = re.findall(r'id="due-h">Due on [^<]*\((\d+)\)', html.text)
    assert due == "1" and "Round 1" in html.text and "Dispense block 1" in html.text
    assert html.text.index("Overdue") < html.text.index("Round 1")
    empty = nurse.get("/clinic/day-sheet", params={"date": "2001-01-01"}).text
    assert "Nothing is due on this day." in empty and "Overdue" not in empty
    pdf = nurse.get("/clinic/day-sheet.pdf", params={"date": TODAY.isoformat()})
    assert pdf.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.content,
                                   capture_output=True, check=True).stdout.decode().split())
    for words in ("Day sheet", "H7654321", "T1234567", PATIENT_NAME, "Round 1",
                  "Dispense block 1", "3 % w/w"):
        assert words in text, words


def test_the_range_downloads_as_csv_a_spreadsheet_opens_safely(browser: Browser) -> None:
    nurse = browser("clinician")
    save_plan(nurse, "injection", plan_query(TODAY), "-77/1", "Ann Example", "1950-01-01")
    save_topical(nurse)
    answer = nurse.get("/clinic/due.csv", params={"from": (TODAY - dt.timedelta(days=5))
                                                  .isoformat(), "to": TODAY.isoformat()})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in answer.content
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    by_what = {(r["kind"], r["what"], r["number"]): r for r in table}
    block = by_what["topical", "dispense", "1"]
    assert (block["patient_reference"], block["patient_name"], block["strength"]) == (
        "T1234567", PATIENT_NAME, "3 % w/w")
    assert block["overdue"] == "yes" and float(block["amount_g"]) > 0
    round_1 = by_what["injection", "round", "1"]
    assert round_1["patient_reference"] == "'-77/1"  # never read as a formula
    assert (round_1["overdue"], round_1["sites"], round_1["visit_volume_mL"]) == ("no", "elbow",
                                                                               "1.0")


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("H-1", "H-1"), ("", ""),
])
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(cell: str, written: str) -> None:
    assert safe_cell(cell) == written


def test_markup_in_a_name_is_shown_and_printed_as_text(browser: Browser) -> None:
    nurse = browser("clinician")
    shown = "Ann <b>Bold</b> & Co"
    save_plan(nurse, "injection", plan_query(TODAY), "M-1", shown, "1950-01-01")
    for path in ("/clinic", "/clinic/day-sheet"):
        page = nurse.get(path).text
        assert "Ann &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in page and "<b>Bold" not in page, path
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    pdf = nurse.get("/clinic/day-sheet.pdf").content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert shown in " ".join(text.split())
