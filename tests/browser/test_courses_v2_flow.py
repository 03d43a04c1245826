"""Version 2 in Debian's Chromium against a real uvicorn on a real SQLite file: find a course by
its patient's name, amend it and see the page list the change, stop it and see its round sheet
refused; /courses and the course page at 390 px with no sideways scrolling, axe-core clean."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _free_port, serving
from tests.browser.shared import AXE_JS, SEED
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic password"
PATIENT = "Wilhelmina Featherstonehaugh"
START = dt.date.today() - dt.timedelta(days=2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn on its own SQLite file, with a clinician account made by the console script."""
    folder = tmp_path_factory.mktemp("courses-v2")
    port = _free_port()
    env = {**os.environ, "STS_DATA_DIR": str(folder / "data"),
           "STS_DATABASE_URL": f"sqlite:///{folder / 'clinic.db'}"}
    with serving(env, folder / "server.log", port) as url:
        made = subprocess.run(  # noqa: S603 - fixed argument list
            [str(Path(sys.executable).parent / "sts-planner"), "user", "add", "nurse",
             "--role", "clinician"], input=PASSWORD + "\n", text=True, env=env,
            capture_output=True, timeout=60)
        assert made.returncode == 0, made.stderr
        yield url


def _axe(tab: Any) -> None:
    tab.add_script_tag(path=str(AXE_JS))
    found = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"{tab.url}: {describe(serious)}"


def _no_sideways_scroll(tab: Any) -> None:
    wide = tab.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 390, f"{tab.url} is {wide} px wide at 390 px"


def test_find_amend_and_stop_a_course(browser: Any, server: str) -> None:
    context = browser.new_context(bypass_csp=True)  # so axe-core can be injected
    tab = context.new_page()
    urls: list[str] = []
    tab.on("request", lambda r: urls.append(r.url))
    try:
        tab.goto(server + "/sign-in")
        tab.get_by_label("User name").fill("nurse")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_url(server + "/clinic")
        tab.goto(f"{server}/injection?"
                 + SEED.replace("start_date=2020-05-07", f"start_date={START.isoformat()}"))
        tab.get_by_role("link", name="Save this plan as a patient's course").click()
        tab.get_by_label("Patient reference (hospital number)").fill("W-2001")
        tab.get_by_label("Patient name (optional)").fill(PATIENT)
        tab.get_by_role("button", name="Save the course").click()
        tab.wait_for_url(re.compile(r"/courses/[A-Za-z0-9_-]{22,}$"))
        course = tab.url

        # Find it by part of the name: the form posts and htmx swaps the results in place.
        tab.get_by_role("link", name="Courses", exact=True).click()
        tab.wait_for_url(server + "/courses")
        tab.get_by_label("Patient reference or name").fill("featherSTONE")
        tab.get_by_role("button", name="Find courses").click()
        tab.locator("#results-h", has_text="Courses found").wait_for()
        _axe(tab)
        tab.get_by_role("link", name="W-2001").click()
        tab.wait_for_url(course)

        # Amend: a 21-day interval, with a reason; the page lists the change.
        tab.get_by_text("Amend this course's plan").click()
        tab.get_by_label("Days between rounds").fill("21")
        tab.get_by_label("Why the plan changes").fill("slower course, skin irritation")
        tab.get_by_role("button", name="Save the new plan").click()
        tab.locator("p.saved", has_text="the course has a new plan").wait_for()
        amendments = tab.locator("#amendments").inner_text()
        assert "interval in days: 14 → 21" in amendments and "skin irritation" in amendments
        _axe(tab)

        # Stop: the round sheet is then refused, saying why.
        tab.get_by_text("Stop this course").click()
        tab.get_by_label("Why the course stops").fill("calcinosis resolved")
        tab.get_by_role("button", name="Stop the course").click()
        tab.locator("p.saved", has_text="the course is stopped").wait_for()
        assert tab.get_by_role("link", name="Round sheet for the next round").count() == 0
        refused = tab.goto(course + "/round-sheet")
        assert refused is not None and refused.status == 409
        assert "calcinosis resolved" in tab.content() and "stopped on" in tab.content()

        # A phone: the list and the course page fit 390 px.
        tab.set_viewport_size({"width": 390, "height": 844})
        for address in (server + "/courses", course):
            tab.goto(address)
            _no_sideways_scroll(tab)
        assert not any("featherstone" in u.lower() or "Wilhelmina" in u for u in urls)
    finally:
        context.close()
