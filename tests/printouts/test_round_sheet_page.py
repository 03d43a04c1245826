"""A round sheet for one visit of up to ten sites is one page, A4 or Letter, sign-off included."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.pharmacy.pdfs import overlapping_words
from tests.printouts.helpers import (
    SEVEN_SITES,
    TEN_SITES,
    pdf_pages,
    pdf_words,
    seven_site_course,
    seven_site_query,
)

Browser = Callable[[str], TestClient]
pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdfinfo) is not installed")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_seven_site_course_round_sheet_is_one_page(browser: Browser, paper: str,
                                                     tmp_path: Path) -> None:
    nurse = browser("clinician")
    course = seven_site_course(nurse, dt.date.today() + dt.timedelta(days=3))
    pdf = nurse.get(f"/courses/{course}/round-sheet.pdf?paper={paper}")
    assert pdf.status_code == 200, pdf.text[:300]
    assert pdf_pages(pdf.content) == 1
    text = pdf_words(pdf.content)
    assert all(site in text for site in SEVEN_SITES)
    for step in ("Prepared by", "Checked by", "Given by", "Time"):
        assert step in text
    assert text.count("Lot") == 1 and text.count("Expiry") == 1  # once: undiluted, no diluent
    assert "/sources" in text
    assert overlapping_words(pdf.content, tmp_path) == []


@pytest.mark.parametrize("sites", [SEVEN_SITES, TEN_SITES], ids=["7 sites", "10 sites"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_planner_round_sheet_of_one_visit_is_one_page(browser: Browser, paper: str,
                                                        sites: list[str]) -> None:
    query = seven_site_query(dt.date(2026, 12, 7), rounds=1, sites=sites)
    pdf = browser("viewer").get(f"/injection/round-sheet.pdf?{query}&paper={paper}")
    assert pdf.status_code == 200, pdf.text[:300]
    assert pdf_pages(pdf.content) == 1
    text = pdf_words(pdf.content)
    assert "Given by" in text and "/sources" in text
