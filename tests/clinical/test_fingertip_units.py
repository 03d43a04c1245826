"""Issues 14 and 23: a fingertip unit is an amount per area, given to each site in proportion to
its area, unrounded; small sites are said in words a nurse can follow."""

from __future__ import annotations

import pytest

from app.topical.amounts import units_in_words
from tests.clinical.conftest import TOPICAL, codes, topical_body

MAN, WOMAN = 0.5 / 312, 0.4 / 257  # g per cm²: 0.5 g per 312 cm², 0.4 g per 257 cm²


@pytest.mark.parametrize(
    ("convention", "area", "grams", "words"),
    [
        # adult man: 0.5 g per 312 cm² (Long & Finlay 1991; DermNet NZ), unrounded
        ("ftu_adult_man", 2, 2 * MAN, "about 1/156 of a fingertip unit: a thin smear"),
        ("ftu_adult_man", 50, 50 * MAN, "about 1/6 of a fingertip unit: a thin smear"),
        ("ftu_adult_man", 286, 286 * MAN, "about 1 fingertip unit"),  # 0.917 FTU
        ("ftu_adult_man", 1000, 1000 * MAN, "about 3 fingertip units"),  # 3.21 FTU
        # adult woman: 0.4 g per 257 cm²
        ("ftu_adult_woman", 2, 2 * WOMAN, "about 1/128 of a fingertip unit: a thin smear"),
        ("ftu_adult_woman", 50, 50 * WOMAN, "about 1/5 of a fingertip unit: a thin smear"),
        ("ftu_adult_woman", 286, 286 * WOMAN, "about 1 fingertip unit"),  # 1.11 FTU
        ("ftu_adult_woman", 1000, 1000 * WOMAN, "about 4 fingertip units"),  # 3.89 FTU
    ],
)
def test_an_ftu_plan_is_in_proportion_to_the_area(client, convention, area, grams, words):
    plan = client.post(TOPICAL, json=topical_body(
        [("forearm", f"{area} cm^2")], amount_convention=convention)).json()
    assert plan["amount_per_application"]["value"] == pytest.approx(grams, rel=1e-12)
    # 14 daily applications: the preparation follows the area, unrounded.
    assert plan["totals"]["preparation"]["value"] == pytest.approx(14 * grams, rel=1e-12)
    assert any(line.startswith(f"forearm: {area:,} cm²") and f"({words}" in line
               for line in plan["working"])
    assert any("Long CC, Finlay AY" in line for line in plan["working"])
    # Nothing a named convention computes is refused or warned as implausible.
    assert "amount_above_conventions" not in codes(plan)


def test_a_2_cm2_lesion_is_planned_not_refused(client):
    # Was refused as 125 mg/cm² once half a unit was forced on it (issue 23): now 3.2 mg.
    response = client.post(TOPICAL, json=topical_body(
        [("finger pad", "2 cm^2")], amount_convention="ftu_adult_man"))
    assert response.status_code == 200, response.text
    assert response.json()["amount_per_application"]["value"] == pytest.approx(0.0032051282)


def test_the_dispensed_amount_is_where_rounding_happens(client):
    # 1,000 cm², man: 1.6026 g × 14 = 22.44 g needed, dispensed in 5 g steps → 25 g.
    plan = client.post(TOPICAL, json=topical_body(
        [("back", "1000 cm^2")], amount_convention="ftu_adult_man")).json()
    assert plan["totals"]["preparation"]["value"] == pytest.approx(14 * 1000 * MAN)
    assert plan["totals"]["dispense"]["value"] == pytest.approx(25)


def test_ten_small_lesions_get_their_own_area_not_half_a_unit_each(client):
    # Ten 2 cm² lesions: 20 cm² in all = 0.0641 FTU = 0.03205 g (was 10 × half a unit = 2.5 g).
    sites = [(f"lesion {n}", "2 cm^2") for n in range(1, 11)]
    plan = client.post(TOPICAL, json=topical_body(sites, amount_convention="ftu_adult_man")).json()
    assert plan["amount_per_application"]["value"] == pytest.approx(20 * MAN)


@pytest.mark.parametrize(
    ("units", "words"),
    [
        (1 / 6, "about 1/6 of a fingertip unit: a thin smear over the lesion"),
        (0.249, "about 1/4 of a fingertip unit: a thin smear over the lesion"),
        (0.25, "about half a fingertip unit"),
        (1.2, "about 1 fingertip unit"),
        (3.3, "about 3.5 fingertip units"),
    ],
)
def test_units_are_said_in_words_a_nurse_can_follow(units, words):
    assert units_in_words(units) == words


def test_the_thin_layer_is_named_as_the_heavy_layer_it_is(client):
    page = client.get("/sources").text
    assert "1 g per 10 × 10 cm (Murtagh; a heavy layer, about six times the fingertip-unit " \
        "density)" in page
    assert "0.5 g per 312 cm²" in page and "0.4 g per 257 cm²" in page
    form = client.get("/topical").text
    assert "1 g per 10 × 10 cm (Murtagh; a heavy layer" in form
    assert "thin layer, per body surface" not in form


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
