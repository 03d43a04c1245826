"""axe-core (from npm, injected by Playwright) finds no serious or critical problem on any page.

The app's CSP (script-src 'self') blocks scripts the page did not ship, so this test alone runs in
a browser context with Playwright's bypass_csp switched on (the `axe_page` fixture).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.shared import AXE_JS, SEED, TOPICAL, WORKSHEET

pytestmark = pytest.mark.browser

MIX = urlencode({"product": "sts-25-usp", "mode": "target", "target": "150 mg/mL",
                 "final_volume": "10 mL"})
CHECK = urlencode({"strength": "10 % w/w", "powder_mass": "10.5 g", "total_mass": "100 g"})
TEN = "record=pagnini-2013-topical-3-then-10-step-2&quantity=100 g"  # a pharmacy record
PAGES = [
    "/",
    "/injection",
    f"/injection?{SEED}",
    "/topical",
    f"/topical?{TOPICAL}",
    "/pharmacy",
    f"/pharmacy/mix?{MIX}",
    f"/pharmacy/compound?{WORKSHEET}",
    f"/pharmacy/check?{CHECK}",
    "/sources",
    f"/injection/round-sheet?{SEED}",
    f"/injection/calendar?{SEED}",
    f"/topical/calendar?{TOPICAL}",
    f"/topical/calendar?{TOPICAL}&lang=it",  # issue 25: the Italian sheet, its language select
    f"/pharmacy/worksheet?{WORKSHEET}",
    f"/pharmacy/worksheet?kind=mix&{MIX}",
    f"/pharmacy/worksheet?kind=check&{CHECK}",
    "/pharmacy/records",
    "/pharmacy/records/master?record=formula-eahp-sts-25-ointment",
    "/pharmacy/records/master?record=ssc-weekly-4x-150-dilution&bud=1-refrigerator",
    f"/pharmacy/records/compounding?{TEN}",
    f"/pharmacy/records/compounding?{TEN}&powder=anhydrous&bud=nonaqueous&compounded=2025-01-06"
    "&c_expiry=2026-01-01&c_expiry=2025-06-01",
    f"/pharmacy/records/label?{TEN}&bud=nonaqueous&beyond_use=2025-06-01&batch=B-1",
]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: its rule, impact, help text and the first offending elements."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(axe_page: Any, base_url: str, path: str) -> None:
    response = axe_page.goto(base_url + path)
    assert response is not None and response.status == 200
    axe_page.add_script_tag(path=str(AXE_JS))
    found = axe_page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, describe(serious)
