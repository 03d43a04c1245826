"""The clinic's course pages in Debian's Chromium against a real uvicorn on a real SQLite file.

One server for the module, started with no account: the flow runs from the first-run link to the
printed calendar, in order, checking axe-core on every new page and that no URL and no server log
line ever carries the patient's name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.quantities.display import date as in_words
from tests.browser.conftest import _free_port, serving
from tests.browser.shared import AXE_JS, SEED, TOPICAL
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

PATIENT = "Philippa Quennell-Arbuthnot"
REFERENCE = "K0047115"
PASSWORD = "a long clinic password"
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=3)  # so round 1, given today, is three days late
FLOW: dict[str, Any] = {"urls": []}


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A uvicorn with its own empty SQLite file; its log, and the first-run link it printed."""
    folder = tmp_path_factory.mktemp("clinic")
    port = _free_port()
    log_path = folder / "server.log"
    env = {**os.environ, "STS_DATA_DIR": str(folder / "data"),
           "STS_DATABASE_URL": f"sqlite:///{folder / 'clinic.db'}", "STS_PORT": str(port)}
    with serving(env, log_path, port) as url:
        found = re.search(r"/first-run\?token=[\w-]+", log_path.read_text())
        assert found is not None, "start-up printed no first-run link"
        yield {"url": url, "log": log_path, "first_run": found.group(0)}


def _tab(browser: Any) -> Any:
    """A new browser context (own cookies) whose every request URL is kept for the last test."""
    context = browser.new_context(bypass_csp=True)  # so axe-core can be injected
    tab = context.new_page()
    tab.on("request", lambda r: FLOW["urls"].append(r.url))
    return tab


def _axe(tab: Any) -> None:
    tab.add_script_tag(path=str(AXE_JS))
    found = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"{tab.url}: {describe(serious)}"


def _saved(tab: Any, words: str) -> None:
    """Wait for the page's own "Saved: …" line, which htmx swaps in with the new content."""
    tab.locator("p.saved", has_text=words).wait_for()


def _sign_in(tab: Any, base: str, username: str) -> None:
    tab.goto(base + "/sign-in")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(base + "/clinic")


@pytest.fixture(scope="module")
def nurse(browser: Any, clinic: dict[str, Any]) -> Iterator[Any]:
    """The clinician's tab for the whole flow."""
    tab = _tab(browser)
    yield tab
    tab.context.close()


def test_the_first_admin_is_made_from_the_printed_link_and_adds_accounts(
    browser: Any, clinic: dict[str, Any]
) -> None:
    base, tab = clinic["url"], _tab(browser)
    try:
        tab.goto(base + clinic["first_run"])
        _axe(tab)
        tab.get_by_label("User name").fill("chief")
        tab.get_by_label("Password", exact=True).fill(PASSWORD)
        tab.get_by_label("The same password again").fill(PASSWORD)
        tab.get_by_role("button", name="Make the admin account").click()
        tab.wait_for_url(re.compile(r"/sign-in"))
        _axe(tab)
        _sign_in(tab, base, "chief")
        tab.goto(base + "/admin/accounts")
        _axe(tab)
        for username, role in (("nurse", "clinician"), ("watcher", "viewer"),
                               ("pharma", "pharmacist")):
            tab.locator("#f-new-username").fill(username)
            tab.locator("#f-new-role").select_option(role)
            tab.locator("#f-new-password").fill(PASSWORD)
            tab.get_by_role("button", name="Add the account").click()
            # htmx swaps the accounts in place: the address stays, the new row appears.
            _saved(tab, f"Saved: account {username} added as {role}.")
        assert tab.url == base + "/admin/accounts"
        assert tab.get_by_role("cell", name="watcher", exact=True).count() == 1
        # A refusal (422) is swapped in too, not dropped.
        tab.locator("#f-new-username").fill("watcher")
        tab.locator("#f-new-password").fill(PASSWORD)
        tab.get_by_role("button", name="Add the account").click()
        tab.locator("#accounts-body").get_by_text("already exists").wait_for()
        assert tab.locator("#account-history-h").count() == 1
        assert "pharma (account" in tab.locator("#accounts-body").inner_text()
        _axe(tab)
        assert tab.goto(base + clinic["first_run"]).status == 404  # used once
    finally:
        tab.context.close()


def test_the_seed_plan_is_saved_as_a_course(nurse: Any, clinic: dict[str, Any]) -> None:
    base = clinic["url"]
    _sign_in(nurse, base, "nurse")
    _axe(nurse)
    seed = SEED.replace("start_date=2020-05-07", f"start_date={START.isoformat()}")
    nurse.goto(f"{base}/injection?{seed}")
    nurse.get_by_role("link", name="Save this plan as a patient's course").click()
    _axe(nurse)
    nurse.get_by_label("Patient reference (hospital number)").fill(REFERENCE)
    nurse.get_by_label("Patient name (optional)").fill(PATIENT)
    nurse.get_by_label("Date of birth (optional)").fill("1948-06-30")
    nurse.get_by_role("button", name="Save the course").click()
    nurse.wait_for_url(re.compile(r"/courses/[A-Za-z0-9_-]{22,}$"))
    FLOW["course"] = nurse.url
    _axe(nurse)
    assert nurse.get_by_role("heading", name="Record round 1").count() == 1


def _day(offset: int) -> str:
    return in_words(TODAY + dt.timedelta(days=offset))


def test_round_one_given_three_days_late_with_one_volume_changed_moves_the_rest(
    nurse: Any
) -> None:
    nurse.goto(FLOW["course"])
    assert nurse.get_by_label("Date (given on, or the new date when deferred)").input_value() \
        == TODAY.isoformat()
    nurse.get_by_label("right middle MCP").fill("1 mL")
    nurse.get_by_label("Lot (when given)").fill("LOT-A1")
    nurse.get_by_label("Expiry (when given, YYYY-MM-DD)").fill("2099-12-31")
    nurse.get_by_role("button", name="Record round 1").click()
    _saved(nurse, "Saved: round 1 given.")
    _axe(nurse)
    rows = nurse.locator("#rounds tbody tr")
    assert "given" in rows.nth(0).inner_text() and "right middle MCP: 1 mL" in \
        rows.nth(0).inner_text()
    for number, offset in ((2, 14), (3, 28), (4, 42)):
        assert _day(offset) in rows.nth(number - 1).inner_text(), f"round {number}"
    assert "LOT-A1" in nurse.locator("#records").inner_text()


def test_round_two_is_deferred_with_a_reason(nurse: Any) -> None:
    nurse.goto(FLOW["course"])
    nurse.get_by_label("Deferred to a later date").check()
    nurse.get_by_label("Date (given on, or the new date when deferred)").fill(
        (TODAY + dt.timedelta(days=20)).isoformat())
    nurse.get_by_label("Reason (when deferred or omitted)").fill("patient has a chest infection")
    nurse.get_by_role("button", name="Record round 2").click()
    _saved(nurse, "Saved: round 2 deferred.")
    rows = nurse.locator("#rounds tbody tr")
    assert _day(20) in rows.nth(1).inner_text() and "deferred" in rows.nth(1).inner_text()
    assert _day(34) in rows.nth(2).inner_text()
    assert "chest infection" in nurse.locator("#records").inner_text()
    nurse.goto(nurse.url.split("/courses/")[0] + "/clinic")
    _axe(nurse)
    assert "Due list" in nurse.content() and PATIENT not in nurse.content()


def test_the_printed_calendar_has_the_new_dates(nurse: Any, tmp_path: Path) -> None:
    nurse.goto(FLOW["course"])
    nurse.get_by_role("link", name="Patient calendar").click()
    _axe(nurse)
    answer = nurse.request.get(FLOW["course"] + "/calendar.pdf")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    pdf = tmp_path / "calendar.pdf"
    pdf.write_bytes(answer.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    for offset in (0, 20, 34):
        assert _day(offset) in text
    assert REFERENCE in text and PATIENT in text
    nurse.goto(FLOW["course"] + "/round-sheet")
    _axe(nurse)
    sheet = nurse.locator("main").inner_text()  # round 2 was deferred, never given
    assert "Round 2: moved from" in sheet and "(deferred: patient has a chest infection)" in sheet
    assert "given on" not in sheet


def test_a_viewer_finds_no_record_form(browser: Any, clinic: dict[str, Any]) -> None:
    tab = _tab(browser)
    try:
        _sign_in(tab, clinic["url"], "watcher")
        tab.goto(FLOW["course"])
        assert REFERENCE in tab.content()
        assert tab.locator("form[action$='/records']").count() == 0
        assert tab.get_by_role("button", name=re.compile("Record round")).count() == 0
        _axe(tab)
    finally:
        tab.context.close()


def test_two_nurses_record_the_same_round_and_the_second_keeps_her_input(
    browser: Any, clinic: dict[str, Any], nurse: Any
) -> None:
    other = _tab(browser)
    try:
        _sign_in(other, clinic["url"], "chief")
        nurse.goto(FLOW["course"])
        other.goto(FLOW["course"])
        later = (TODAY + dt.timedelta(days=22)).isoformat()
        for tab, why in ((nurse, "REASON-FIRST"), (other, "REASON-SECOND")):
            tab.get_by_label("Deferred to a later date").check()
            tab.get_by_label("Date (given on, or the new date when deferred)").fill(later)
            tab.get_by_label("Reason (when deferred or omitted)").fill(why)
        nurse.get_by_role("button", name="Record round 2").click()
        _saved(nurse, "Saved: round 2 deferred.")
        other.get_by_role("button", name="Record round 2").click()
        alert = other.locator(".conflict")
        alert.wait_for()
        assert "your entry was not saved" in alert.inner_text()
        assert "REASON-FIRST" in alert.inner_text() and "REASON-SECOND" in alert.inner_text()
        assert other.get_by_label("Reason (when deferred or omitted)").input_value() == \
            "REASON-SECOND"
        assert other.get_by_label("Deferred to a later date").is_checked()
        _axe(other)
    finally:
        other.context.close()


def test_a_topical_plan_saved_as_a_course_opens_with_its_first_block(
    nurse: Any, clinic: dict[str, Any]
) -> None:
    query = TOPICAL.replace("start_date=2025-01-06", f"start_date={START.isoformat()}")
    nurse.goto(f"{clinic['url']}/topical?{query}")
    nurse.get_by_role("link", name="Save this plan as a patient's course").click()
    _axe(nurse)
    nurse.get_by_label("Patient reference (hospital number)").fill("T0047116")
    nurse.get_by_label("Patient name (optional)").fill(PATIENT)
    nurse.get_by_role("button", name="Save the course").click()
    nurse.wait_for_url(re.compile(r"/courses/[A-Za-z0-9_-]{22,}$"))
    FLOW["topical"] = nurse.url
    _axe(nurse)
    assert nurse.get_by_role("heading", name="Record dispensing for block 1").count() == 1
    assert nurse.get_by_label("Amount dispensed").input_value() == "10 g"
    assert "3 % w/w" in nurse.locator(".record-form").first.inner_text()
    assert nurse.get_by_role("heading", name="Record review 1").count() == 1
    assert "10 % w/w" in nurse.locator("#blocks").inner_text()


def test_a_pharmacist_records_a_block_dispensed_and_sees_a_refusal_in_place(
    browser: Any, clinic: dict[str, Any]
) -> None:
    tab = _tab(browser)
    try:
        _sign_in(tab, clinic["url"], "pharma")
        tab.goto(FLOW["topical"])
        assert tab.get_by_role("heading", name="Record review 1").count() == 0
        tab.get_by_label("Lot", exact=True).fill("JAR-1")
        tab.get_by_label("Expiry (YYYY-MM-DD)").fill("2000-01-01")
        tab.get_by_role("button", name="Record block 1 dispensed").click()
        tab.get_by_text("the product had expired").wait_for()  # a 422, swapped in by htmx
        assert tab.get_by_label("Lot", exact=True).input_value() == "JAR-1"
        _axe(tab)
        tab.get_by_label("Expiry (YYYY-MM-DD)").fill("2099-12-31")
        tab.get_by_label("Amount dispensed").fill("15 g")
        tab.get_by_role("button", name="Record block 1 dispensed").click()
        _saved(tab, "Saved: block 1 dispensed.")
        assert "15 g" in tab.locator("#blocks").inner_text()
        assert tab.get_by_label("Amount dispensed").input_value() == "5 g"  # block 2's plan
        _axe(tab)
    finally:
        tab.context.close()


def test_without_javascript_a_review_is_recorded_by_the_plain_form(
    browser: Any, clinic: dict[str, Any]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.on("request", lambda r: FLOW["urls"].append(r.url))
    try:
        _sign_in(tab, clinic["url"], "nurse")
        tab.goto(FLOW["topical"])
        tab.get_by_label("Note on the review (optional)").fill("skin softer")
        tab.get_by_role("button", name="Record review 1").click()
        tab.wait_for_url(re.compile(r"#blocks$"))
        assert "Review 1: reviewed" in tab.locator("#records").inner_text()
        assert "skin softer" in tab.locator("#records").inner_text()
    finally:
        context.close()


def test_the_topical_calendar_shows_what_was_given_out_and_the_review_held(
    nurse: Any, tmp_path: Path
) -> None:
    nurse.goto(FLOW["topical"])
    nurse.get_by_role("link", name="Patient calendar").click()
    _axe(nurse)
    sheet = nurse.locator("main").inner_text()
    assert "given out" in sheet and "(15 g)" in sheet and "still to be given out" in sheet
    assert ("(held)" in sheet or "held on" in sheet) and "T0047116" in sheet
    ics = nurse.request.get(FLOW["topical"] + "/calendar.ics").text()
    assert "review-1@" not in ics and "review-2@" in ics and PATIENT.split()[0] not in ics
    answer = nurse.request.get(FLOW["topical"] + "/calendar.pdf")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    pdf = tmp_path / "topical.pdf"
    pdf.write_bytes(answer.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "given out" in text and PATIENT in text


def test_a_refused_form_is_said_in_the_alert_box_and_keeps_what_was_typed(nurse: Any) -> None:
    nurse.goto(FLOW["topical"])
    # A token from no session (as after signing in elsewhere): the server answers 403.
    nurse.evaluate("""() => {
        document.querySelector("meta[name='csrf-token']").setAttribute("content", "forged");
        document.querySelectorAll("input[name='csrf']").forEach(i => { i.value = "forged"; });
    }""")
    nurse.get_by_label("Note on the review (optional)").fill("TYPED-AND-KEPT")
    nurse.get_by_role("button", name="Record review 2").click()
    alert = nurse.locator("#clinic-alert")
    alert.wait_for()
    assert "Nothing was saved" in alert.inner_text()
    assert nurse.get_by_label("Note on the review (optional)").input_value() == "TYPED-AND-KEPT"
    _axe(nurse)


def test_the_due_list_refreshes_in_place(nurse: Any, clinic: dict[str, Any]) -> None:
    nurse.goto(clinic["url"] + "/clinic")
    with nurse.expect_response(lambda r: r.url.endswith("/clinic")
                               and r.request.headers.get("hx-request") == "true") as answer:
        nurse.get_by_role("link", name="refresh the list").click()
    assert answer.value.status == 200
    assert nurse.url == clinic["url"] + "/clinic"
    assert "Today is" in nurse.locator("#due").inner_text()
    _axe(nurse)


def test_no_patient_name_in_any_url_or_log_line(clinic: dict[str, Any]) -> None:
    assert FLOW["urls"], "the flow visited no page"
    for part in PATIENT.split():
        assert not [u for u in FLOW["urls"] if part.lower() in u.lower()]
    log = clinic["log"].read_text()
    assert "/courses/" in log  # the log was written during the flow
    assert PATIENT.split()[0] not in log and PATIENT.split()[1] not in log
