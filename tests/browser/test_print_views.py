"""Print views and PDFs in a real browser: each opens, each PDF downloads, a typed name stays out of URLs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

SEED = urlencode([
    ("start_date", "2020-05-07"), ("interval_days", "14"), ("product", "sts-25-usp"),
    ("diluent", "saline"), ("stock_parts", "1"), ("diluent_parts", "0"),
    *[pair for name, rounds, first in (("right middle MCP", 4, 1), ("left middle MCP", 4, 1),
                                       ("right index DIP", 4, 1), ("right elbow", 3, 2))
      for pair in (("site_name", name), ("site_volume", "1.25 mL"),
                   ("site_rounds", str(rounds)), ("site_first_round", str(first)))],
])
TOPICAL = urlencode([
    ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "21"),
    ("step_strength", "10 % w/w"), ("step_days", "14"), ("applications_per_day", "1"),
    ("site_name", "left forearm"), ("site_area", "50 cm^2"),
    ("amount_mode", "convention"), ("amount_convention", "thin_layer"),
])
WORKSHEET = urlencode({"kind": "compound", "strength": "10 % w/w", "quantity": "100 g",
                       "powder": "anhydrous"})

PRINT_VIEWS = {
    "round sheet": (f"/injection/round-sheet?{SEED}", "Thu 18 Jun 2020"),
    "injection calendar": (f"/injection/calendar?{SEED}", "Visit done"),
    "topical calendar": (f"/topical/calendar?{TOPICAL}", "Dressing"),
    "pharmacy worksheet": (f"/pharmacy/worksheet?{WORKSHEET}", "93.63 g"),
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
