"""The patient's language chosen on a print page, with scripts off: the same plan reprinted in
Italian, and its PDF and calendar file following the choice."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.shared import TOPICAL

pytestmark = pytest.mark.browser


def test_the_patient_s_language_is_chosen_on_the_print_page(
    page_without_js: Any, base_url: str
) -> None:
    page = page_without_js
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/topical/calendar?{TOPICAL}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Patient's language").select_option("it")
    page.get_by_role("button", name="Show in this language").click()
    page.wait_for_load_state()
    assert "lang=it" in page.url and "step_strength=" in page.url
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.get_by_text("Il suo trattamento della pelle con tiosolfato di sodio").count() == 1
    assert page.get_by_label("Lingua del paziente").input_value() == "it"
    page.screenshot(path="/tmp/i18n-print-390.png", full_page=False)
    # The page fits a phone's width in Italian too.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pdf = page.request.get(base_url + page.locator(
        "button", has_text="Scarica il PDF").get_attribute("formaction"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    calendar = page.request.get(base_url + page.get_by_role(
        "link", name="Aggiungi al mio calendario").get_attribute("href"))
    assert b"SUMMARY:Tiosolfato di sodio per uso cutaneo" in calendar.body()
