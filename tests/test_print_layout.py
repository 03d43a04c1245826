"""Every PDF printout as a reader sees it: no word printed over another, so no text has run out
of its cell into the next (the calendar's tick boxes once did, on every day)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.pharmacy.pdfs import overlapping_words
from tests.pharmacy.test_records import WORKSHEET
from tests.test_print_views import TOPICAL, WORKSHEETS, injection_query

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is not installed")

# The busiest day a patient's sheet holds: four applications and four dressings.
TOPICAL_FOUR_TIMES = TOPICAL.replace("applications_per_day=2", "applications_per_day=4")
NINE_MONTHS = urlencode([
    ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "90"),
    ("step_strength", "10 % w/w"), ("step_days", "180"), ("site_name", "left forearm"),
    ("site_area", "50 cm^2"), ("amount_mode", "per_area"), ("amount", "2 mg/cm^2"),
    ("applications_per_day", "1"), ("review_interval_days", "14"),
    ("strength_basis", "pentahydrate"),
])
RECORD = "pagnini-2013-topical-3-then-10-step-2"

PRINTOUTS = {
    "topical calendar, twice a day": f"/topical/calendar.pdf?{TOPICAL}",
    "topical calendar, four times a day": f"/topical/calendar.pdf?{TOPICAL_FOUR_TIMES}",
    "topical calendar, nine months": f"/topical/calendar.pdf?{NINE_MONTHS}",
    "injection calendar": f"/injection/calendar.pdf?{injection_query(at='09:30')}",
    # Issue 25: Italian words and dates are longer ("mercoledì 13 mag", "Applicazione 4").
    "topical calendar, four times a day, Italian":
        f"/topical/calendar.pdf?{TOPICAL_FOUR_TIMES}&lang=it",
    "topical calendar, nine months, Italian": f"/topical/calendar.pdf?{NINE_MONTHS}&lang=it",
    "injection calendar, Italian":
        f"/injection/calendar.pdf?{injection_query(visit_time='09:30', lang='it')}",
    "round sheet": f"/injection/round-sheet.pdf?{injection_query()}",
    **{f"{kind} worksheet": f"/pharmacy/worksheet.pdf?kind={kind}&{urlencode(fields)}"
       for kind, (fields, _) in WORKSHEETS.items()},
    "master formulation record": f"/pharmacy/records/master.pdf?record={RECORD}",
    "compounding record": WORKSHEET.replace("compounding?", "compounding.pdf?"),
    "label": ("/pharmacy/records/label.pdf?record=topical&strength=10 %25 w/w"
              "&strength_basis=pentahydrate&quantity=50 g&bud=nonaqueous"),
}


@pytest.mark.parametrize("url", PRINTOUTS.values(), ids=PRINTOUTS.keys())
def test_no_word_is_printed_over_another(client: TestClient, tmp_path: Path, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert overlapping_words(response.content, tmp_path) == []
