"""Labels as PDFs: one page of the label stock's size, every field, no ink past the margins."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.pdf_worker import render_now
from app.services.pharmacy_records import master_formulation
from app.settings import get_settings
from app.web.pharmacy.records import label_css
from app.web.templating import env
from tests.pharmacy.pdfs import ink_box, page_count, page_images, page_texts

DPI = 150
MARGIN_MM = 3
# Label stock in mm, and its page size in PDF points (1 pt = 1/72 in).
STOCKS = {"100x50": ((100, 50), (283.46, 141.73)), "4x2": ((101.6, 50.8), (288, 144))}
DILUTION = "baumgartner-4weekly-4x-150-dilution"


def assert_inside_margins(pdf: bytes, tmp: Path, stock: str) -> None:
    """One page, of the stock's size, with all ink at least the margin in from every edge."""
    assert page_count(pdf, tmp) == 1
    (width_mm, height_mm), _ = STOCKS[stock]
    [image] = page_images(pdf, tmp, DPI)
    assert image.size == pytest.approx((width_mm / 25.4 * DPI, height_mm / 25.4 * DPI), abs=2)
    box = ink_box(image)
    assert box is not None, "the label is blank"
    margin = MARGIN_MM / 25.4 * DPI - 2  # a pixel or two of anti-aliasing
    left, top, right, bottom = box
    assert left >= margin and top >= margin, box
    assert image.width - right >= margin and image.height - bottom >= margin, (box, image.size)


@pytest.mark.parametrize("stock", sorted(STOCKS))
def test_label_pdf_holds_every_field(client: TestClient, tmp_path: Path, stock: str) -> None:
    pdf = client.get(f"/pharmacy/records/label.pdf?record={DILUTION}&quantity=10 mL"
                     f"&bud=1-refrigerator&beyond_use=2025-01-07T09:00&batch=B-2025-001"
                     f"&stock={stock}")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    [text] = page_texts(pdf.content, tmp_path)
    for words in ("150 mg/mL (15 % w/v), pentahydrate", "10 mL", "intralesional",
                  "07 Jan 2025 09:00", "Store in a refrigerator", "B-2025-001",
                  "Compounded preparation", "FOR INTRALESIONAL INJECTION"):
        assert words in text, words
    assert_inside_margins(pdf.content, tmp_path, stock)


def test_topical_label_says_external_use_and_w_w(client: TestClient, tmp_path: Path) -> None:
    pdf = client.get("/pharmacy/records/label.pdf?record=topical&strength=10 %25 w/w"
                     "&strength_basis=pentahydrate&quantity=50 g&bud=nonaqueous")
    [text] = page_texts(pdf.content, tmp_path)
    assert "100 mg/g (10 % w/w), pentahydrate" in text and "50 g" in text
    assert "FOR EXTERNAL USE ONLY" in text and "Use by (BUD):" in text


@pytest.mark.parametrize("stock", sorted(STOCKS))
@pytest.mark.parametrize("length", [20, 60, 120, 240])
def test_long_names_wrap_or_shrink_inside_the_label(
    tmp_path: Path, stock: str, length: int
) -> None:
    record = master_formulation(DILUTION, create_app().state.protocols)
    words = ("Sodium thiosulfate with a very long descriptive preparation name " * 8)[:length]
    html = env.get_template("print/label.html").render(
        settings=get_settings(), for_pdf=True, stock=stock, stock_words=stock,
        label_css=label_css(), record=replace(record, name=words),
        strength_text="150 mg/mL (15 % w/v), pentahydrate", amount="10 mL", bud="07 Jan 2025",
        rule=record.bud_rule("1-refrigerator"), batch="B-" + "9" * 30, patient_name="A" * 120)
    pdf = render_now(html, max_pages=1, seconds=60)
    assert_inside_margins(pdf, tmp_path, stock)
    [text] = page_texts(pdf, tmp_path)
    assert "FOR INTRALESIONAL INJECTION" in text  # the last lines still fit


@pytest.mark.parametrize(("query", "words"), [
    ("record=topical&strength=10 %25 w/w&strength_basis=pentahydrate&quantity=lots",
     "Quantity in the container"),
    (f"record={DILUTION}&quantity=10 mL&beyond_use=tomorrow", "is not a date"),
    ("record=nothing&quantity=10 mL", "cannot be found"),
])
def test_label_refusals(client: TestClient, query: str, words: str) -> None:
    page = client.get(f"/pharmacy/records/label?{query}")
    assert page.status_code == 422 and words in page.text
