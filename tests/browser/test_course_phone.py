"""A course page on a phone (390 px) in Debian's Chromium against a real uvicorn: for a topical
and an injection course, no sideways scrolling, the next action first and the record form
next, and the topical page's how-to-apply and block tables stacked to fit (issue 21)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_clinic_due import _sign_in, _tab
from tests.browser.test_clinic_due import clinic as clinic  # the module's server, reused
from tests.browser.test_courses_flow import _axe

pytestmark = pytest.mark.browser
PHONE = 390


def _course_urls(tab: Any, base: str) -> dict[str, str]:
    """Each kind's course page, found from the due list's links."""
    tab.goto(base + "/clinic")
    hrefs = {h.split("#")[0] for h in tab.eval_on_selector_all(
        "a[href^='/courses/']", "links => links.map(a => a.getAttribute('href'))")}
    found: dict[str, str] = {}
    for href in sorted(hrefs):
        tab.goto(base + href)
        kind = "topical" if tab.locator("#blocks-h").count() else "injection"
        found.setdefault(kind, base + href)
    return found


def _top(tab: Any, selector: str) -> float:
    box = tab.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"])


@pytest.mark.parametrize(("kind", "form"), [
    ("topical", "#dispense-h"), ("injection", "#record-h"),
])
def test_a_course_page_fits_a_phone_with_the_next_action_first(
    browser: Any, clinic: str, kind: str, form: str,
) -> None:
    tab = _tab(browser, PHONE)
    try:
        _sign_in(tab, clinic, "nurse")
        tab.goto(_course_urls(tab, clinic)[kind])
        scroll, client = tab.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"the {kind} course page is {scroll} px wide in {client} px"
        first = _top(tab, "#course-body > .next-action")
        assert "Next:" in tab.locator(".next-action").inner_text()
        assert first < _top(tab, form) < _top(tab, "dl.patient")
        assert first < 844, "the next action is below the first screen"
        if kind == "topical":
            for table in ("#how-to-apply table", "#blocks table"):
                box = tab.locator(table).bounding_box()
                assert box is not None and box["x"] + box["width"] <= client, table
            assert tab.get_by_role("link", name="Label for block 1").is_visible()
        _axe(tab)
    finally:
        tab.context.close()
