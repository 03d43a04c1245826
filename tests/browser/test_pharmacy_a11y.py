"""axe-core finds no serious or critical problem on the pharmacy-record pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.shared import AXE_JS
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

TEN = "record=pagnini-2013-topical-3-then-10-step-2&quantity=100 g"
PAGES = [
    "/pharmacy/records",
    "/pharmacy/records/master?record=formula-eahp-sts-25-ointment",
    "/pharmacy/records/master?record=ssc-weekly-4x-150-dilution&bud=1-refrigerator",
    f"/pharmacy/records/compounding?{TEN}",
    f"/pharmacy/records/compounding?{TEN}&powder=anhydrous&bud=nonaqueous&compounded=2025-01-06"
    "&c_expiry=2026-01-01&c_expiry=2025-06-01",
    f"/pharmacy/records/label?{TEN}&bud=nonaqueous&beyond_use=2025-06-01&batch=B-1",
]


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
