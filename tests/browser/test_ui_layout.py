"""Issue 10, layout and words: every page and print view reads at 390 px, in plain English."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.shared import SEED, TOPICAL, WORKSHEET

pytestmark = pytest.mark.browser

FORMULA = ("kind=formula&formula=eahp-sts-25-ointment&quantity=250+g"
           "&strength_basis=pentahydrate")
VIEWS = {
    "home": "/",
    "sources": "/sources",
    "injection-blank": "/injection",
    "injection-plan": f"/injection?{SEED}",
    "injection-template": "/injection?protocol=golub-2020-hands-elbow",
    "topical-blank": "/topical",
    "topical-plan": f"/topical?{TOPICAL}",
    "topical-template": "/topical?protocol=pagnini-2013-topical-3-then-10",
    "pharmacy": "/pharmacy",
    "pharmacy-mix": "/pharmacy/mix?stock_volume=5+mL&diluent_volume=5+mL",
    "pharmacy-compound": "/pharmacy/compound?strength=10+%25+w%2Fw&quantity=100+g",
    "pharmacy-check": "/pharmacy/check?strength=10+%25+w%2Fw&powder_mass=10+g&total_mass=100+g",
    "pharmacy-formula": "/pharmacy/formula?formula=eahp-sts-25-ointment&quantity=250+g",
    "round-sheet": f"/injection/round-sheet?{SEED}",
    "injection-calendar": f"/injection/calendar?{SEED}",
    "topical-calendar": f"/topical/calendar?{TOPICAL}",
    "topical-calendar-italian": f"/topical/calendar?{TOPICAL}&lang=it",  # issue 25
    "injection-calendar-italian": f"/injection/calendar?{SEED}&lang=it",
    "worksheet": f"/pharmacy/worksheet?{WORKSHEET}",
    "formula-worksheet": f"/pharmacy/worksheet?{FORMULA}",
}
WIDTHS = {"desktop": 1280, "phone": 390}
# Words of the code or of the seed data that mean nothing to a nurse, pharmacist or patient.
INTERNAL = re.compile(r"seed \d+|seed case|patient_weight|\b\d+ day\b|_[a-z]+_|None\b")


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_reads_in_plain_words_without_sideways_scrolling(
    browser: Any, request: pytest.FixtureRequest, base_url: str, view: str, width: str
) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    request.node.browser_page = page
    try:
        response = page.goto(base_url + VIEWS[view])
        assert response is not None and response.status == 200
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{view} is {scroll} px wide in a {client} px window"
        shown = page.locator("body").inner_text()
        options = " ".join(page.locator("option").all_inner_texts())
        found = INTERNAL.findall(shown + " " + options)
        assert not found, f"{view} shows {found}"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("view", "selector", "needed"),
    [("injection-blank", "#site-rows", "site 1 first round"),
     ("topical-plan", "table.blocks tbody", "rounded up to the next whole 5 g")],
)
def test_phone_shows_every_column_of_the_row_tables(
    browser: Any, base_url: str, view: str, selector: str, needed: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + VIEWS[view])
        region = page.locator(selector).first
        assert needed in region.inner_text().lower()
        box = region.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390
        for cell in page.locator(f"{selector} td").all():
            cell_box = cell.bounding_box()
            assert cell_box is not None and cell_box["x"] + cell_box["width"] <= 390
    finally:
        context.close()
