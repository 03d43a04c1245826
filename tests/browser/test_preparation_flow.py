"""A pharmacist's preparation in Debian's Chromium against a real uvicorn on a real SQLite file:
make a preparation for block 1, have a second pharmacist check it, dispense it (the form filled
from it), print its label (BUD read back with pdftotext) and strike a wrong dispensing record."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.servers import clinic_server
from tests.browser.test_courses_flow import _axe

pytestmark = pytest.mark.browser

PASSWORD = "a long pharmacy password"
START = dt.date.today() - dt.timedelta(days=2)
TOPICAL = {"start_date": START.isoformat(),
           "steps": [{"strength": "3 % w/w", "days": 20}, {"strength": "10 % w/w", "days": 15}],
           "sites": [{"name": "forearm", "area": "50 cm^2"}], "amount_per_area": "10 mg/cm^2"}


@pytest.fixture(scope="module")
def pharmacy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A uvicorn on its own SQLite file with one topical course; its address and course id."""
    users = {"maker": "pharmacist", "checker": "pharmacist", "nurse": "clinician"}
    with clinic_server(tmp_path_factory.mktemp("preparation"), users, PASSWORD,
                       "nurse") as (base, api):
        body = {"patient": {"reference": "P0047117", "name": "Ottavia Brunelleschi"},
                "kind": "topical", "plan": TOPICAL}
        made = api.post("/api/v1/courses", json=body)
        assert made.status_code == 201, made.text
        yield base, made.json()["id"]


def _signed_in(browser: Any, base: str, username: str) -> Any:
    tab = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(base + "/sign-in")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(base + "/clinic")
    return tab


def _make(tab: Any, base: str, course: str) -> str:
    """Fill the preparation form for block 1 and keep it; the preparation page's address."""
    tab.goto(f"{base}/courses/{course}")
    tab.get_by_role("link", name="Make a preparation for block 1").click()
    tab.wait_for_url(f"{base}/courses/{course}/preparations/new?block=1")
    _axe(tab)
    tab.get_by_label("Batch number").fill("P-2026-77")
    tab.get_by_label("Date compounded (YYYY-MM-DD)").fill(
        (START - dt.timedelta(days=1)).isoformat())
    tab.get_by_label("Kind of preparation").select_option("nonaqueous")
    expiry = (START + dt.timedelta(days=400)).isoformat()
    for index, (maker, lot, actual) in enumerate((("Acme", "S-1", "0.3 g"),
                                                  ("BaseCo", "B-2", "9.7 g")), start=1):
        tab.get_by_label(f"Manufacturer of component {index}").fill(maker)
        tab.get_by_label(f"Lot of component {index}").fill(lot)
        tab.get_by_label(f"Expiry of component {index}").fill(expiry)
        tab.get_by_label(f"Amount of component {index} measured").fill(actual)
    tab.get_by_label("Powder actually weighed").fill("0.3 g")
    tab.get_by_label("Total actually made").fill("10 g")
    tab.get_by_role("button", name="Keep this preparation").click()
    tab.wait_for_url(f"{base}/courses/{course}/preparations/*")
    return str(tab.url)


def test_a_preparation_is_made_checked_dispensed_labelled_and_a_wrong_record_struck(
    browser: Any, pharmacy: tuple[str, str], tmp_path: Path
) -> None:
    base, course = pharmacy
    maker, checker = _signed_in(browser, base, "maker"), _signed_in(browser, base, "checker")
    try:
        where = _make(maker, base, course)
        assert "within the tolerance" in maker.content()
        _axe(maker)
        checker.goto(where)
        checker.get_by_role("button", name="I have checked this preparation").click()
        checker.wait_for_url(where)
        assert "by checker" in checker.content()
        # The dispensing form is filled from the checked preparation.
        maker.goto(f"{base}/courses/{course}")
        assert maker.locator("#f-dispense-lot").input_value() == "P-2026-77"
        maker.get_by_role("button", name="Record block 1 dispensed").click()
        maker.wait_for_load_state("networkidle")
        assert "P-2026-77" in maker.locator("#blocks").inner_text()
        label = maker.context.request.get(where + "/label.pdf")
        assert label.ok
        pdf = tmp_path / "label.pdf"
        pdf.write_bytes(label.body())
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        bud = START - dt.timedelta(days=1) + dt.timedelta(days=180)
        assert f"Use by (BUD): {bud:%d %b %Y}" in text and "P-2026-77" in text
        _strike_own_dispensing(maker, base, course)
    finally:
        maker.context.close()
        checker.context.close()


def _strike_own_dispensing(tab: Any, base: str, course: str) -> None:
    """The pharmacist strikes the dispensing record they made as entered in error."""
    tab.goto(f"{base}/courses/{course}#records")
    tab.get_by_text("Mark this record entered in error").first.click()
    tab.get_by_label("Why it was entered in error").first.fill("wrong block: meant for block 2")
    tab.get_by_role("button", name="Strike it out").first.click()
    tab.wait_for_load_state("networkidle")
    assert "entered in error" in tab.locator("#records").inner_text().lower()
    assert "not yet" in tab.locator("#blocks").inner_text()
