"""The injection page in a real browser: seed case, live totals, no JavaScript, print links."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SEED_SITES = [
    ("right middle MCP", "1.25 mL", "4", "1"),
    ("left middle MCP", "1.25 mL", "4", "1"),
    ("right index DIP", "1.25 mL", "4", "1"),
    ("right elbow", "1.25 mL", "3", "2"),
]
SEED_DATES = ["Thu 7 May 2020", "Thu 21 May 2020", "Thu 4 Jun 2020", "Thu 18 Jun 2020"]


def fill_site(page: Any, index: int, site: tuple[str, str, str, str]) -> None:
    """Type one site row: name, volume, rounds, first round."""
    for column, value in zip(("name", "volume", "rounds", "first_round"), site, strict=True):
        page.fill(f"#f-site_{column}-{index}", value)


def add_site_row(page: Any, index: int) -> None:
    """Press "Add a site" until row `index` exists (in place with JS, by a reload without)."""
    while page.locator(f"#f-site_name-{index}").count() == 0:
        page.get_by_role("button", name="Add a site").click()
        page.wait_for_load_state()


def plan_seed_case(page: Any) -> None:
    """Fill the injection form with the seed case and ask for the plan."""
    page.fill("#f-start_date", "2020-05-07")
    page.fill("#f-interval_days", "14")
    for index, site in enumerate(SEED_SITES):
        add_site_row(page, index)
        fill_site(page, index, site)
    page.get_by_role("button", name="Show the plan").last.click()


def results_text(page: Any) -> str:
    """The results region's text with whitespace collapsed."""
    return " ".join(page.locator("#results").inner_text().split())


def test_seed_case_through_the_form_shows_dates_and_totals(page: Any, base_url: str) -> None:
    page.goto(base_url + "/injection")
    plan_seed_case(page)
    results = page.locator("#results")
    results.get_by_text("18.75 mL").first.wait_for()
    text = results_text(page)
    for day in SEED_DATES:
        assert day in text
    assert "3.75 mL" in text  # round 1: the three hand sites only
    assert "4,688 mg" in text  # 4 687.5 mg of STS over the course, shown to 4 figures
    assert "start_date=2020-05-07" in page.url  # the plan lives in the URL


def test_changing_a_volume_updates_totals_without_a_reload(page: Any, base_url: str) -> None:
    page.goto(base_url + "/injection")
    plan_seed_case(page)
    page.locator("#results").get_by_text("18.75 mL").first.wait_for()
    page.evaluate("window.__stsMarker = 'set before the change'")
    page.fill("#f-site_volume-3", "2.5 mL")
    page.press("#f-site_volume-3", "Tab")  # leaving the field fires "change"
    # Rounds 2-4 become 3.75 + 2.5 = 6.25 mL; the course 3.75 + 3 × 6.25 = 22.5 mL.
    page.locator("#results").get_by_text("22.5 mL").first.wait_for()
    assert "6.25 mL" in results_text(page)
    assert page.evaluate("window.__stsMarker") == "set before the change"
    assert re.search(r"site_volume=2\.5(\+|%20)mL", page.url)


def test_form_works_with_javascript_disabled(page_without_js: Any, base_url: str) -> None:
    page = page_without_js
    page.goto(base_url + "/injection")
    plan_seed_case(page)
    page.wait_for_load_state()
    text = results_text(page)
    for day in SEED_DATES:
        assert day in text
    assert "18.75 mL" in text
    assert "start_date=2020-05-07" in page.url


def test_print_links_open_the_round_sheet_and_calendar(page: Any, base_url: str) -> None:
    page.goto(base_url + "/injection")
    plan_seed_case(page)
    page.locator("#results").get_by_text("18.75 mL").first.wait_for()
    page.get_by_role("link", name="clinic round sheet").click()
    page.wait_for_load_state()
    assert "/injection/round-sheet?" in page.url
    sheet = " ".join(page.locator("main").inner_text().split())
    for day in SEED_DATES:
        assert day in sheet
    assert "18.75 mL" in sheet
    page.go_back()
    page.get_by_role("link", name="patient calendar").click()
    page.wait_for_load_state()
    assert page.get_by_text("Visit done").count() >= 4
