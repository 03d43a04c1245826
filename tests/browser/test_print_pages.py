"""Print views and PDFs in a real browser: each opens, each PDF loads, a name stays out of URLs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.shared import SEED, TOPICAL, WORKSHEET

pytestmark = pytest.mark.browser

PRINT_VIEWS = {
    "round sheet": (f"/injection/round-sheet?{SEED}", "Thu 18 Jun 2020"),
    "injection calendar": (f"/injection/calendar?{SEED}", "Visit done"),
    "topical calendar": (f"/topical/calendar?{TOPICAL}", "Dressing"),
    "pharmacy worksheet": (f"/pharmacy/worksheet?{WORKSHEET}", "93.63 g"),
    "formula worksheet": ("/pharmacy/worksheet?kind=formula&formula=eahp-sts-25-ointment"
                          "&quantity=250+g&strength_basis=pentahydrate", "81.25 g"),
}


@pytest.mark.parametrize("view", sorted(PRINT_VIEWS))
def test_print_view_and_its_pdf_open(page: Any, base_url: str, view: str) -> None:
    path, expected = PRINT_VIEWS[view]
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200
    assert page.get_by_text(expected).count() >= 1
    assert page.get_by_text("Planning aid, not a prescription").count() >= 1
    # Printing uses the print stylesheet: the on-screen controls disappear.
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    pdf_path, _, query = path.partition("?")
    pdf = page.request.get(f"{base_url}{pdf_path}.pdf?{query}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_typed_name_reaches_page_and_pdf_but_no_url(
    page: Any, base_url: str, tmp_path: Path
) -> None:
    name = "Ann Example"
    seen_urls: list[str] = []
    page.on("request", lambda request: seen_urls.append(request.url))
    page.goto(f"{base_url}/injection/calendar?{SEED}")
    page.fill("#patient_name", name)
    page.get_by_role("button", name="Show with name").click()
    page.wait_for_load_state()
    assert page.locator(".typed").inner_text() == name
    page.fill("#patient_name", name)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    saved = tmp_path / "calendar.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603 - fixed command
            ["pdftotext", str(saved), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert name in text
    assert seen_urls and not [url for url in seen_urls if "Ann" in url or "Example" in url]
    assert "Ann" not in page.url


def test_worksheet_link_from_the_dilution_page(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/pharmacy/mix?product=sts-25-usp&mode=target&target=150+mg%2FmL"
              "&final_volume=10+mL")
    page.get_by_role("link", name="Pharmacy worksheet to print").click()
    page.wait_for_load_state()
    assert "/pharmacy/worksheet?kind=mix" in page.url
    main = " ".join(page.locator("main").inner_text().split())
    assert "What to draw up" in main and "6.0 mL" in main and "4.0 mL" in main
    assert "Prepared by" in main and "Checked by" in main


def test_add_to_my_calendar_downloads_the_visits(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(f"{base_url}/injection/calendar?{SEED}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar").click()
    download = download_info.value
    assert download.suggested_filename == "sts-injection-visits.ics"
    saved = tmp_path / "visits.ics"
    download.save_as(saved)
    body = saved.read_text(encoding="utf-8")
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20200507" in body and "DTSTART;VALUE=DATE:20200618" in body
