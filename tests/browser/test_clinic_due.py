"""The due list for both kinds in Debian's Chromium against a real uvicorn on a real SQLite file:
a pharmacist finds a topical block on /clinic and follows it to its dispensing form; at 390 px
the list has no sideways scrolling. axe-core on each page; no URL carries the patient's name."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.servers import clinic_server
from tests.browser.test_courses_flow import _axe
from tests.seed import SEED_INJECTION

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic password"
PATIENT = "Philippa Quennell-Arbuthnot"
TODAY = dt.date.today()
TOPICAL = {"start_date": (TODAY - dt.timedelta(days=2)).isoformat(),
           "steps": [{"strength": "3 % w/w", "days": 20}, {"strength": "10 % w/w", "days": 15}],
           "sites": [{"name": "forearm", "area": "50 cm^2"}], "amount_per_area": "10 mg/cm^2"}
URLS: list[str] = []


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn on its own SQLite file holding a topical and an injection course."""
    users = {"pharma": "pharmacist", "nurse": "clinician"}
    with clinic_server(tmp_path_factory.mktemp("due"), users, PASSWORD, "nurse") as (base, api):
        for kind, plan, reference in (("topical", TOPICAL, "K0047115"),
                                      ("injection", SEED_INJECTION, "K0047116")):
            body = {"patient": {"reference": reference, "name": PATIENT}, "kind": kind,
                    "plan": {**plan, "start_date": TOPICAL["start_date"]}}
            assert api.post("/api/v1/courses", json=body).status_code == 201
        yield base


def _tab(browser: Any, width: int = 1280) -> Any:
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.on("request", lambda r: URLS.append(r.url))
    return tab


def _sign_in(tab: Any, base: str, username: str) -> None:
    tab.goto(base + "/sign-in")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(base + "/clinic")


def test_a_pharmacist_follows_a_topical_block_to_its_dispensing_form(
    browser: Any, clinic: str
) -> None:
    tab = _tab(browser)
    try:
        _sign_in(tab, clinic, "pharma")
        overdue = tab.locator("section.overdue")
        assert "Dispense block 1" in overdue.inner_text() and PATIENT in overdue.inner_text()
        _axe(tab)
        tab.get_by_role("link", name="To dispense this week").click()
        tab.wait_for_url(clinic + "/clinic?view=dispense")
        listed = tab.locator("#due").inner_text()
        assert "Dispense block 1" in listed and "Round 1" not in listed
        _axe(tab)
        tab.get_by_role("link", name="Dispense block 1").click()
        tab.wait_for_url(f"{clinic}/courses/**#dispense-h")
        heading = tab.get_by_role("heading", name="Record dispensing for block 1")
        assert heading.is_visible()
        assert tab.locator("#f-dispense-amount").input_value() == "10 g"
        _axe(tab)
    finally:
        tab.context.close()
    assert not [u for u in URLS if "Philippa" in u or "Quennell" in u]


@pytest.mark.parametrize("path", ["/clinic", "/clinic?view=dispense"])
def test_the_due_list_has_no_sideways_scrolling_at_390_px(
    browser: Any, clinic: str, path: str
) -> None:
    tab = _tab(browser, 390)
    try:
        _sign_in(tab, clinic, "nurse")
        tab.goto(clinic + path)
        assert tab.locator("table.due-rows").count() > 0
        scroll, client = tab.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{path} is {scroll} px wide in a {client} px window"
    finally:
        tab.context.close()


def test_the_day_sheet_is_printed_from_the_clinic_page(
    browser: Any, clinic: str, tmp_path: Path
) -> None:
    """Issue 21: a nurse opens today's day sheet from /clinic and downloads it as a PDF that
    names the patients due (read back with pdftotext)."""
    tab = _tab(browser)
    try:
        _sign_in(tab, clinic, "nurse")
        tab.get_by_role("button", name="Show the day sheet").click()
        tab.wait_for_url(f"{clinic}/clinic/day-sheet?date=*")
        assert "Overdue: planned before today" in tab.content()
        _axe(tab)
        href = tab.get_by_role("link", name="Download PDF").get_attribute("href")
        pdf = tab.context.request.get(clinic + href)
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        (tmp_path / "day.pdf").write_bytes(pdf.body())
        text = subprocess.run(["pdftotext", str(tmp_path / "day.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "K0047115" in text and "Quennell" in text
    finally:
        tab.context.close()
