"""Every page works under the app's strict Content-Security-Policy in a real Chromium: the browser
reports no blocked script, style or resource, and no request leaves our own origin."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.shared import SEED, TOPICAL, WORKSHEET
from tests.security_samples import MARKUP

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    f"/injection?{SEED}",
    f"/topical?{TOPICAL}",
    "/pharmacy",
    "/pharmacy/mix?" + urlencode({"stock": "250 mg/mL", "stock_volume": "2 mL",
                                  "diluent_volume": "2 mL"}),
    f"/pharmacy/compound?{WORKSHEET}",
    "/sources",
    f"/injection/round-sheet?{SEED}",
    f"/injection/calendar?{SEED}",
    f"/topical/calendar?{TOPICAL}",
    f"/pharmacy/worksheet?{WORKSHEET}",
    "/docs",
    # Markup typed as a site name must show as text and run nothing.
    "/injection?" + urlencode([("start_date", "2020-05-07"), ("site_name", MARKUP),
                               ("site_volume", "1 mL"), ("site_rounds", "2")]),
]


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_under_the_policy_without_violations(page: Any, base_url: str,
                                                       path: str) -> None:
    problems: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    elsewhere: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith((base_url, "data:", "about:")) else None)
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert problems == []
    assert dialogs == []  # an alert() would mean injected script ran
    assert elsewhere == []
