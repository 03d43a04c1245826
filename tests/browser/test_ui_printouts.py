"""Issue 10, printouts: a round sheet to run a round from; calendars a patient can follow."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.shared import SEED, TOPICAL

pytestmark = pytest.mark.browser

# Three rounds above a typed visit limit, with lidocaine above its ceiling at 20 kg: warnings
# that repeat from round to round, and enough rows for the sheet to run over several pages.
WARNED = urlencode([
    ("start_date", "2020-05-07"), ("product", "sts-25-usp"), ("diluent", "lidocaine 2%"),
    ("stock_parts", "1"), ("diluent_parts", "1"), ("patient_weight", "20 kg"),
    ("max_visit_volume", "5 mL"), ("limits_source", "Local protocol, dermatology"),
    *[pair for name in ("right index DIP", "left middle MCP", "right elbow", "left elbow")
      for pair in (("site_name", name), ("site_volume", "1.5 mL"), ("site_rounds", "6"))],
])
PATIENT = {"patient_name": "Ann Example", "hospital_number": "H0012345",
           "date_of_birth": "3 Feb 2011", "prescriber": "Dr R Jones"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def words(page: Any, selector: str = "body") -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(page.locator(selector).first.inner_text().split())


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page of a PDF, via Poppler's pdftotext."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    saved = tmp_path / "sheet.pdf"
    saved.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(saved), "-"], check=True,  # noqa: S603, S607
                          capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_round_sheet_names_the_patient_on_every_page(
    page: Any, base_url: str, tmp_path: Path
) -> None:
    page.goto(f"{base_url}/injection/round-sheet?{WARNED}")
    for field, value in PATIENT.items():
        page.fill(f"#{field}", value)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pages = pdf_pages(Path(download.value.path()).read_bytes(), tmp_path)
    assert len(pages) >= 2
    for text in pages:
        assert "Ann Example" in text and "H0012345" in text and "3 Feb 2011" in text
    assert "Prescriber: Dr R Jones" in pages[0]


def test_round_sheet_has_lot_lines_prescriber_and_each_warning_once(
    page: Any, base_url: str
) -> None:
    page.goto(f"{base_url}/injection/round-sheet?{WARNED}")
    text = words(page, "main")
    assert "Prescriber:" in text and "Hospital number:" in text
    assert page.locator(".lot-lines").count() == 6  # one per round
    assert "Stock: Lot" in words(page, ".lot-lines") and "Expiry" in words(page, ".lot-lines")
    listed = page.locator("ol.warnings > li")
    sources = [words(page, f"ol.warnings > li >> nth={i} >> .source")
               for i in range(listed.count())]
    assert len(sources) == len(set(zip(sources, listed.all_inner_texts(), strict=True)))
    assert words(page, "ol.warnings").count("Local protocol, dermatology") == 1
    assert "Rounds 1 (Thu 7 May 2020), 2 (Thu 21 May 2020)" in text
    assert not ISO_DATE.search(text)


def test_patient_calendar_says_sites_in_plain_words_first(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/injection/calendar?{SEED}")
    text = words(page, "main")
    assert "right index finger, end joint (right index DIP)" in text
    assert "left middle finger, knuckle (left middle MCP)" in text


def test_topical_calendar_shows_the_jar_and_plain_sites(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/topical/calendar?{TOPICAL}")
    text = words(page, "main")
    assert "Jar: 3 % w/w" in text
    assert "Start the new jar: 10 % w/w" in text


def test_visit_time_on_the_calendar_and_in_the_ics(page: Any, base_url: str) -> None:
    timed = f"{SEED}&visit_time=09:30"
    page.goto(f"{base_url}/injection/calendar?{timed}")
    assert "Thu 7 May 2020 at 09:30" in words(page, "main")
    assert "Clinic visit 1 at 09:30" in words(page, "main")
    ics = page.request.get(f"{base_url}/injection/calendar.ics?{timed}").text()
    assert "DTSTART:20200507T093000" in ics
    assert ics.count("BEGIN:VALARM") == 4  # one reminder per visit
    assert "TRIGGER:-P1D" in ics


def test_ics_visits_are_busy_and_counts_read_as_english(page: Any, base_url: str) -> None:
    one_site = urlencode([("start_date", "2020-05-07"), ("site_name", "right elbow"),
                          ("site_volume", "1 mL"), ("site_rounds", "2")])
    ics = page.request.get(f"{base_url}/injection/calendar.ics?{one_site}").text()
    assert "round 1 (1 site)" in ics and "1 sites" not in ics
    assert "TRANSP:OPAQUE" in ics and "TRANSP:TRANSPARENT" not in ics
    assert "BEGIN:VALARM" in ics and "TRIGGER:-PT15H" in ics  # 09:00 the day before


def test_no_empty_phone_sentence_without_a_clinic_phone(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/injection/calendar?{SEED}")
    text = words(page, "main")
    assert " on ." not in text
    # No number is set: the sheet says who to ask rather than "Call … on ____".
    assert "Call " not in text and "Ask the clinic that treats you." in text
