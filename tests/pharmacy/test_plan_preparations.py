"""From a topical plan to its preparations: what is dispensed, and a worksheet per block."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

PLAN: dict[str, Any] = {
    "start_date": "2025-01-06",
    "steps": [{"strength": "3 % w/w", "days": 28}, {"strength": "10 % w/w", "days": 14}],
    "sites": [{"name": "left forearm", "area": "100 cm^2"}],
    "amount_per_area": "2 mg/cm^2",
}
PAGE = ("/topical?start_date=2025-01-06&step_strength=3 %25 w/w&step_days=28"
        "&step_strength=10 %25 w/w&step_days=14&applications_per_day=1&site_name=forearm"
        "&site_area=100 cm^2&amount_mode=per_area&amount=2 mg/cm^2&review_interval_days=14"
        "&strength_basis=pentahydrate&dispense_step=5 g")


def test_plan_states_sts_needed_and_dispensed(client: TestClient) -> None:
    body = client.post("/api/v1/plans/topical", json=PLAN).json()
    # Each fortnight: 14 × 100 cm² × 2 mg/cm² = 2.8 g needed, dispensed as 5 g (5 g steps).
    # 3 %: 84 mg needed, 150 mg dispensed; 10 %: 280 mg needed, 500 mg dispensed.
    needed = [b["sts_pentahydrate"]["value"] for b in body["blocks"]]
    dispensed = [b["sts_pentahydrate_dispensed"]["value"] for b in body["blocks"]]
    assert needed == pytest.approx([0.084, 0.084, 0.28])
    assert dispensed == pytest.approx([0.15, 0.15, 0.5])
    totals = body["totals"]
    assert totals["sts_pentahydrate"]["value"] == pytest.approx(0.448)
    assert totals["sts_pentahydrate_dispensed"]["value"] == pytest.approx(0.8)
    # 0.8 g pentahydrate × 158.11 / 248.18 = 0.5097 g anhydrous.
    assert totals["sts_anhydrous_dispensed"]["value"] == pytest.approx(0.50966, rel=1e-4)
    assert totals["dispense"]["value"] == 15  # the field already there keeps its meaning
    assert any("holding STS 0.5 g" in line for line in body["working"])


def test_wv_plan_dispenses_by_volume(client: TestClient) -> None:
    plan = {**PLAN, "steps": [{"strength": "10 % w/v", "days": 14}], "density": "1.25 g/mL"}
    body = client.post("/api/v1/plans/topical", json=plan).json()
    [block] = body["blocks"]
    # 2.8 g needed → 5 g dispensed = 4 mL at 1.25 g/mL, × 100 mg/mL = 0.4 g STS.
    assert block["sts_pentahydrate_dispensed"]["value"] == pytest.approx(0.4)


def test_topical_page_links_a_worksheet_per_block(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200
    links = [html.unescape(link) for link in
             re.findall(r'href="(/pharmacy/records/compounding\?[^"]+)"', page.text)]
    assert len(links) == 3
    assert all("record=topical" in link and "quantity=5.0+g" in link for link in links)
    assert "strength=30.0+mg%2Fg" in links[0] and "strength=100.0+mg%2Fg" in links[2]
    worksheet = client.get(links[2] + "&powder=anhydrous")
    assert worksheet.status_code == 200
    # 5 g of 10 % w/w (pentahydrate) from anhydrous powder: 0.5 × 0.63708 = 0.32 g + 4.68 g.
    assert "0.32 g" in worksheet.text and "4.68 g" in worksheet.text
    assert "Sodium thiosulfate 10 % w/w topical preparation" in worksheet.text
