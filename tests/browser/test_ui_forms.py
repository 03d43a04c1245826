"""Issue 10, screen and forms: what depends on an input follows it; errors wait for the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.shared import SEED

pytestmark = pytest.mark.browser


COUNT_SWAPS = ("document.addEventListener('htmx:afterSwap', () => "
               "{ window.swapsSeen = (window.swapsSeen || 0) + 1; });")


@pytest.fixture
def live(page: Any) -> Any:
    """A page that counts htmx swaps, so a test can wait for the answer to an action."""
    page.add_init_script(COUNT_SWAPS)
    return page


def swapped(page: Any, action: Callable[[], Any]) -> None:
    """Do `action`, then wait until htmx has swapped in the answer it caused."""
    seen = page.evaluate("window.swapsSeen || 0")
    action()
    # Polled from here: the page's CSP (no eval) rules out Playwright's wait_for_function.
    for _ in range(500):
        if page.evaluate("window.swapsSeen || 0") > seen:
            return
        page.wait_for_timeout(20)
    raise AssertionError("htmx did not swap in an answer within 10 s")


def text_of(page: Any, selector: str) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(page.locator(selector).inner_text().split())


@pytest.mark.parametrize(
    ("path", "product", "expected"),
    [
        (f"/injection?{SEED}", "pedmark", "125 mg/mL, pentahydrate basis"),
        (f"/injection?{SEED}", "pedmarqsi", "80 mg/mL, anhydrous basis"),
        ("/pharmacy/mix?stock_volume=5+mL&diluent_volume=5+mL", "pedmarqsi",
         "80 mg/mL, anhydrous basis"),
        ("/pharmacy/mix?stock_volume=5+mL&diluent_volume=5+mL", "custom",
         "the custom strength and basis typed below"),
    ],
)
def test_stock_note_follows_the_product_chosen(
    page: Any, base_url: str, path: str, product: str, expected: str
) -> None:
    page.goto(base_url + path)
    assert "250 mg/mL, pentahydrate basis" in text_of(page, "#stock-stated")
    page.select_option("#f-product", product)
    expect(page.locator("#stock-stated")).to_contain_text(expected)
    assert "250 mg/mL" not in text_of(page, "#stock-stated")


def test_custom_stock_fields_are_off_for_a_listed_product(live: Any, base_url: str) -> None:
    page = live
    page.goto(f"{base_url}/pharmacy/mix?stock_volume=5+mL&diluent_volume=5+mL")
    assert page.locator("#f-stock").is_disabled()
    assert page.locator("#f-stock_basis").is_disabled()
    # Choosing the product sends the form too: its answer is waited for, so that it cannot be
    # taken for the answer to the typed strength.
    swapped(page, lambda: page.select_option("#f-product", "custom"))
    assert page.locator("#f-stock").is_enabled()
    page.fill("#f-stock", "200 mg/mL")
    swapped(page, lambda: page.locator("#f-stock").blur())
    # The typed strength is the one planned with: 5 mL of 200 mg/mL in 10 mL is 100 mg/mL.
    expect(page.locator("#results")).to_contain_text("100 mg/mL pentahydrate")
    page.select_option("#f-product", "pedmark")
    assert page.locator("#f-stock").is_disabled()


def test_a_custom_strength_sent_with_a_listed_product_is_refused(
    page: Any, base_url: str
) -> None:
    query = urlencode({"product": "pedmarqsi", "stock": "200 mg/mL", "stock_volume": "5 mL",
                       "diluent_volume": "5 mL"})
    page.goto(f"{base_url}/pharmacy/mix?{query}")
    assert "Custom stock strength is used only with 'Another stock'" in text_of(page, "#results")
    assert page.locator("table.results").count() == 0


def test_errors_wait_until_a_field_is_left_or_the_form_sent(live: Any, base_url: str) -> None:
    page = live
    page.goto(base_url + "/injection")
    page.fill("#f-start_date", "2020-05-07")
    swapped(page, lambda: page.keyboard.press("Tab"))
    # Fields not yet reached are not marked wrong.
    assert text_of(page, "#err-site_rounds-0") == ""
    assert text_of(page, "#err-sites") == ""
    assert page.locator(".error-summary:visible").count() == 0
    page.fill("#f-site_name-0", "right elbow")
    swapped(page, lambda: page.locator("#f-site_name-0").blur())
    assert text_of(page, "#err-site_volume-0") == ""
    swapped(page, lambda: page.get_by_role("button", name="Show the plan").last.click())
    assert text_of(page, "#err-site_volume-0") == "Site 1 volume is needed."
    assert text_of(page, "#err-site_rounds-0") == "Site 1 rounds is needed."


def test_a_press_on_send_shows_every_error_even_if_the_click_is_lost(
    live: Any, base_url: str
) -> None:
    page = live
    page.goto(base_url + "/topical")
    page.fill("#f-site_name-0", "left forearm")
    send = page.get_by_role("button", name="Show the plan").last
    send.scroll_into_view_if_needed()
    button = send.bounding_box()
    page.mouse.move(button["x"] + 5, button["y"] + 5)
    # The press leaves the name field, whose answer arrives while the button is still held...
    swapped(page, page.mouse.down)
    # ...and the release lands elsewhere, as when that answer has moved the button.
    page.mouse.move(1, 1)
    page.mouse.up()
    assert text_of(page, "#err-start_date") == "First day is needed."


def test_a_finger_resting_on_send_to_scroll_does_not_send(
    browser: Any, request: pytest.FixtureRequest, base_url: str
) -> None:
    context = browser.new_context(has_touch=True, viewport={"width": 390, "height": 900})
    page = context.new_page()
    request.node.browser_page = page
    try:
        page.add_init_script(COUNT_SWAPS)
        page.goto(base_url + "/topical")
        send = page.get_by_role("button", name="Show the plan").last
        send.scroll_into_view_if_needed()
        box = send.bounding_box()
        touch = context.new_cdp_session(page)
        point = [{"x": box["x"] + 5, "y": box["y"] + 5}]
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
        touch.send("Input.dispatchTouchEvent", {"type": "touchCancel", "touchPoints": []})
        page.fill("#f-site_name-0", "left forearm")
        swapped(page, lambda: page.locator("#f-site_name-0").blur())
        assert text_of(page, "#err-start_date") == ""
    finally:
        context.close()


def test_loading_a_template_asks_for_nothing_yet(page: Any, base_url: str) -> None:
    page.goto(base_url + "/injection")
    page.select_option("#f-protocol", "golub-2020-hands-elbow")
    page.get_by_role("button", name="Start from this template").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0
    assert text_of(page, "#err-start_date") == ""
    assert page.locator("#f-site_name-0").input_value() == "right middle MCP"


@pytest.mark.parametrize("path", ["/injection", "/topical"])
def test_one_name_per_field_and_no_value_like_placeholders(
    live: Any, base_url: str, path: str
) -> None:
    page = live
    page.goto(base_url + path)
    assert page.locator("#f-start_date").get_attribute("placeholder") is None
    label = text_of(page, "label[for='f-start_date']")
    page.locator("#f-site_name-0").fill("left forearm")
    swapped(page, lambda: page.get_by_role("button", name="Show the plan").last.click())
    # Leaving the name field sends the form too; the sent form's answer is the one that says so.
    expect(page.locator("#err-start_date")).to_have_text(f"{label} is needed.")
    for placeholder in page.locator("input[placeholder]").evaluate_all(
            "els => els.map(e => e.placeholder)"):
        assert not placeholder[:1].isdigit(), f"placeholder looks like a value: {placeholder}"


@pytest.mark.parametrize(
    ("days", "shown"),
    [("3 months", "3 months = 90 days (a month is counted as 30 days)"),
     ("6 weeks", "6 weeks = 42 days"),
     ("21 days", "")],
)
def test_topical_durations_in_weeks_and_months(
    page: Any, base_url: str, days: str, shown: str
) -> None:
    query = urlencode([("start_date", "2025-01-06"), ("step_strength", "3 % w/w"),
                       ("step_days", days), ("site_name", "left forearm"),
                       ("site_area", "50 cm2"), ("amount_mode", "per_area"),
                       ("amount", "2 mg/cm2")])
    page.goto(f"{base_url}/topical?{query}")
    results = text_of(page, "#results")
    assert "must be" not in results
    assert "The plan" in results
    if shown:
        assert shown in text_of(page, "#durations-read")


def test_a_blank_plan_takes_its_own_volume_limits(live: Any, base_url: str) -> None:
    page = live
    query = urlencode([("start_date", "2020-05-07"), ("site_name", "right elbow"),
                       ("site_volume", "3 mL"), ("site_rounds", "2"),
                       ("max_site_volume", "2 mL"), ("max_visit_volume", "5 mL")])
    page.goto(f"{base_url}/injection?{query}")
    assert "Where the limits come from is needed" in text_of(page, "#results")
    page.fill("#f-limits_source", "Local protocol, dermatology 2026")
    swapped(page, lambda: page.get_by_role("button", name="Show the plan").last.click())
    warnings = text_of(page, ".warnings")
    assert "Local protocol, dermatology 2026" in warnings


@pytest.mark.parametrize(
    ("days", "flagged"),
    [("21", "The strength changes on Mon 27 Jan 2025, between clinic visits"),
     ("28", "")],
)
def test_a_strength_change_inside_a_dispensing_block_is_flagged(
    page: Any, base_url: str, days: str, flagged: str
) -> None:
    # Reviews every 14 days from Mon 6 Jan 2025: a change on day 22 falls between two reviews,
    # a change on day 29 falls on one.
    query = urlencode([("start_date", "2025-01-06"), ("step_strength", "3 % w/w"),
                       ("step_days", days), ("step_strength", "10 % w/w"), ("step_days", "14"),
                       ("site_name", "left forearm"), ("site_area", "50 cm2"),
                       ("amount_mode", "per_area"), ("amount", "2 mg/cm2")])
    page.goto(f"{base_url}/topical?{query}")
    if flagged:
        assert flagged in text_of(page, "#mid-block")
        assert "3 % w/w and 10 % w/w are both dispensed on Mon 20 Jan 2025" in text_of(
            page, "#mid-block")
    else:
        assert page.locator("#mid-block").count() == 0
