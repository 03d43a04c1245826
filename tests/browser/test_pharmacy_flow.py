"""In Chromium: from a topical plan to a filled-in compounding worksheet, and its PDF."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PLAN = ("/topical?start_date=2025-01-06&step_strength=3 %25 w/w&step_days=28"
        "&step_strength=10 %25 w/w&step_days=14&applications_per_day=1&site_name=forearm"
        "&site_area=100 cm^2&amount_mode=per_area&amount=2 mg/cm^2&review_interval_days=14"
        "&strength_basis=pentahydrate&dispense_step=5 g")


def test_topical_plan_to_filled_in_worksheet(page: Any, base_url: str) -> None:
    page.goto(base_url + PLAN)
    links = page.get_by_role("link", name="Compounding worksheet for 5 g")
    assert links.count() == 3  # one per block: two fortnights of 3 %, one of 10 %
    links.nth(2).click()
    page.wait_for_load_state()
    assert "/pharmacy/records/compounding" in page.url and "quantity=5.0" in page.url
    # Nothing is assumed: the powder and the kind of preparation are asked for.
    assert page.get_by_text("Choose the powder to be weighed").is_visible()
    page.select_option("#powder", "anhydrous")
    page.fill("#quantity", "5 g")
    page.select_option("#bud", "nonaqueous")
    page.fill("#compounded", "2025-01-06")
    page.fill("#batch", "T-0106")
    page.get_by_role("button", name="Update the worksheet").click()
    page.wait_for_load_state()
    # With the powder chosen the components are known: their lots and expiries go in next.
    page.get_by_label("Expiry of Sodium thiosulfate, anhydrous powder").fill("2027-01-31")
    page.get_by_label("Expiry of Base (vehicle)").fill("2025-03-31")
    page.get_by_label("Manufacturer of Base (vehicle)").fill("Acme Bases")
    page.get_by_role("button", name="Update the worksheet").click()
    page.wait_for_load_state()
    sheet = page.locator("main")
    text = sheet.inner_text()
    # 5 g of 10 % w/w (pentahydrate) from anhydrous: 0.32 g powder + 4.68 g base.
    assert "0.32 g" in text and "4.68 g" in text
    # <795> non-aqueous: 180 days, but the base expires first, on 2025-03-31.
    assert "Beyond-use date: 2025-03-31" in text and "limited by Base (vehicle)" in text
    assert "T-0106" in text and "Acme Bases" in text
    assert "Sodium thiosulfate 10 % w/w topical preparation" in text
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename == "sts-compounding-record.pdf"
