"""Issue 14: a fingertip unit is an amount per area, counted per site in half units."""

from __future__ import annotations

import pytest

from tests.clinical.conftest import TOPICAL, topical_body


@pytest.mark.parametrize(
    ("convention", "area", "units", "grams"),
    [
        # adult man: 0.5 g per 312 cm² (Long & Finlay 1991; DermNet NZ)
        ("ftu_adult_man", "50 cm^2", "0.5", 0.25),  # 50 ÷ 312 = 0.16 → 0.5 FTU × 0.5 g
        ("ftu_adult_man", "286 cm^2", "1", 0.5),  # 286 ÷ 312 = 0.917 → 1 FTU
        ("ftu_adult_man", "1000 cm^2", "3.5", 1.75),  # 1,000 ÷ 312 = 3.21 → 3.5 FTU
        # adult woman: 0.4 g per 257 cm²
        ("ftu_adult_woman", "50 cm^2", "0.5", 0.2),  # 50 ÷ 257 = 0.195 → 0.5 FTU × 0.4 g
        ("ftu_adult_woman", "286 cm^2", "1.5", 0.6),  # 286 ÷ 257 = 1.11 → 1.5 FTU
        ("ftu_adult_woman", "1000 cm^2", "4", 1.6),  # 1,000 ÷ 257 = 3.89 → 4 FTU
    ],
)
def test_an_ftu_plan_scales_with_the_area(client, convention, area, units, grams):
    plan = client.post(TOPICAL, json=topical_body(
        [("forearm", area)], amount_convention=convention)).json()
    assert plan["amount_per_application"]["value"] == pytest.approx(grams)
    # 14 daily applications: the preparation and the dispensed amount follow the area.
    assert plan["totals"]["preparation"]["value"] == pytest.approx(14 * grams)
    assert any(f"→ {units} FTU (rounded up to a half unit)" in line for line in plan["working"])
    assert any("Long CC, Finlay AY" in line for line in plan["working"])


def test_the_dispensed_amount_follows_the_area(client):
    # 1,000 cm², man: 1.75 g × 14 = 24.5 g, dispensed in 5 g steps → 25 g (was 0.5 g × 14 → 10 g).
    plan = client.post(TOPICAL, json=topical_body(
        [("back", "1000 cm^2")], amount_convention="ftu_adult_man")).json()
    assert plan["totals"]["dispense"]["value"] == pytest.approx(25)


def test_each_site_is_counted_apart_in_half_units(client):
    # Two 50 cm² sites: each 0.16 FTU → 0.5 FTU, so 1 FTU = 0.5 g in all; counted together
    # (100 cm² = 0.32 FTU) they would be 0.25 g.
    plan = client.post(TOPICAL, json=topical_body(
        [("left hand", "50 cm^2"), ("right hand", "50 cm^2")],
        amount_convention="ftu_adult_man")).json()
    assert plan["amount_per_application"]["value"] == pytest.approx(0.5)
    assert any("1 FTU × 0.5 g = 0.5 g" in line for line in plan["working"])


def test_the_thin_layer_preset_says_it_is_six_times_the_ftu_density(client):
    page = client.get("/sources").text
    assert "about six times the fingertip-unit density" in page
    assert "0.5 g per 312 cm²" in page and "0.4 g per 257 cm²" in page


@pytest.mark.parametrize("dropped", ["body_surface_40", "body_surface_50"])
def test_the_unsourced_body_surface_presets_are_gone(client, dropped):
    response = client.post(TOPICAL, json=topical_body(
        [("forearm", "50 cm^2")], amount_convention=dropped))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "amount_convention"


def test_no_topical_template_defaults_to_the_heavy_reading(client):
    topical = [p for p in client.get("/api/v1/protocols").json() if p["route"] == "topical"]
    assert topical and all(p["plan"]["amount_convention"] != "thin_layer" for p in topical)
    assert all(any("six times" in a for a in p["assumptions"]) for p in topical)
