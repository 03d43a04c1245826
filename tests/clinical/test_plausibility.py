"""Issue 11, clinical plausibility: warnings beyond reported experience, 422s beyond the absurd."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinical.conftest import INJECTION, START, TOPICAL, codes, deployment, topical_body


def injection(sites: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    """A one-round injection plan at the given (name, volume) sites."""
    return {"start_date": START,
            "sites": [{"name": name, "volume": volume, "rounds": 1} for name, volume in sites],
            **extra}


def refused(response: Any) -> tuple[list[str], str]:
    """The 422's location (without 'body') and message."""
    assert response.status_code == 422, response.text
    (detail,) = response.json()["detail"]
    return [str(part) for part in detail["loc"][1:]], detail["msg"]


@pytest.mark.parametrize(
    ("body", "loc", "words"),
    [
        # 2 sites × 1,000 mL at 1:100: each site is four times the 250 mL bound.
        (injection([("a", "1000 mL"), ("b", "1000 mL")],
                   mix={"stock_parts": 1, "diluent_parts": 100}),
         ["sites", "0", "volume"], "implausible for one intralesional site: at most 250 mL"),
        # 3 × 200 mL = 600 mL in one visit, above the 500 mL bound.
        (injection([("a", "200 mL"), ("b", "200 mL"), ("c", "200 mL")],
                   mix={"stock_parts": 1, "diluent_parts": 9}),
         ["sites"], "give 600 mL at Round 1 (2025-01-06), implausible for one intralesional"),
        # Body weights outside a human range.
        # 1 mg is below the weight field's floor (0.1 kg), checked before the clinical bound.
        (injection([("a", "1 mL")], patient_weight="1 mg"), ["patient_weight"],
         "at least 0.1 kg"),
        (injection([("a", "1 mL")], patient_weight="0.19 kg"), ["patient_weight"],
         "0.19 kg is not a human body weight"),
        # A volume actually given is checked like a planned one.
        (injection([("a", "1 mL")], given=[{"round": 1, "volumes": {"a": "300 mL"}}]),
         ["given"], "of 300 mL for 'a' is implausible"),
    ],
)
def test_implausible_injections_are_refused_naming_the_field(client, body, loc, words):
    where, message = refused(client.post(INJECTION, json=body))
    assert where == loc and words in message


def test_a_light_but_human_weight_is_planned(client):
    plan = client.post(INJECTION, json=injection([("a", "0.1 mL")], patient_weight="0.2 kg"))
    assert plan.status_code == 200  # 250 mg/kg × 0.2 kg = 50 mg; 0.1 mL = 25 mg


def test_5_ml_into_each_of_four_finger_joints_is_warned(client):
    # 4 × 5 mL = 20 mL, 5 g: under the 12.5 g reference, but each site is above the largest
    # reported 1.7 mL a site and the visit above the largest reported 5 mL.
    joints = [(f"finger {n} PIP", "5 mL") for n in range(2, 6)]
    plan = client.post(INJECTION, json=injection(joints)).json()
    assert codes(plan) == ["site_volume_above_reported"] * 4 + ["visit_volume_above_reported"]
    message = plan["warnings"][0]["message"]
    assert ("finger 2 PIP gets 5 mL, more than 1.7 mL a site, the largest reported visit shared "
            "evenly over its sites (no volume per site is reported)") in message
    assert "Golub S, Gladys TE, Helm M" in plan["warnings"][0]["source"]
    assert "not a published limit" in plan["warnings"][0]["source"]


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        ("1.7 mL", []),  # at the reference, not above it
        ("1.8 mL", ["site_volume_above_reported"]),
    ],
)
def test_the_site_reference_is_a_bound_not_a_step(client, volume, expected):
    plan = client.post(INJECTION, json=injection([("a", volume)])).json()
    assert codes(plan) == expected


def test_a_deployment_may_set_its_own_volume_reference_with_a_source():
    local = deployment(site_volume_reported="1 mL",
                       site_volume_reported_source="Trust protocol DERM-7")
    plan = local.post(INJECTION, json=injection([("a", "1.2 mL")])).json()
    (warning,) = plan["warnings"]
    assert warning["code"] == "site_volume_above_reported"
    assert warning["source"].startswith("local override: Trust protocol DERM-7")


@pytest.mark.parametrize(
    ("body", "loc", "words"),
    [
        # 2 × 30,000 cm² = 6 m², more skin than a body has.
        (topical_body([("front", "30000 cm^2"), ("back", "30000 cm^2")],
                      amount_per_area="1 mg/cm^2"),
         ["sites"], "add up to 60,000 cm², more than a body surface"),
        # 1,000 mg/cm² over 20,000 cm² = 20 kg an application: a layer 1 cm thick.
        (topical_body([("trunk", "20000 cm^2")], amount_per_area="1000 mg/cm^2"),
         ["amount_per_area"], "gives 1,000 mg/cm² over 20,000 cm², implausible"),
        # 5 kg per application over 100 cm² = 50,000 mg/cm².
        (topical_body([("hand", "100 cm^2")], amount_per_application="5 kg"),
         ["amount_per_application"], "gives 50,000 mg/cm² over 100 cm², implausible"),
        # 100 % w/v at 0.5 g/mL: 1,000 mg of STS in 500 mg of preparation.
        (topical_body([("hand", "100 cm^2")], steps=[{"strength": "100 % w/v", "days": 7}],
                      density="0.5 g/mL", amount_per_area="2 mg/cm^2"),
         ["density"], "2,000 mg of STS per g of preparation"),
    ],
)
def test_implausible_topical_plans_are_refused_naming_the_field(client, body, loc, words):
    where, message = refused(client.post(TOPICAL, json=body))
    assert where == loc and words in message


def test_a_w_w_strength_above_100_percent_is_refused(client):
    body = topical_body([("hand", "100 cm^2")], steps=[{"strength": "101 % w/w", "days": 7}],
                        amount_per_area="2 mg/cm^2")
    where, _ = refused(client.post(TOPICAL, json=body))
    assert where == ["steps", "0", "strength"]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ({"amount_per_area": "10 mg/cm^2"}, []),  # the thin-layer reading itself
        ({"amount_per_area": "20 mg/cm^2"}, ["amount_above_conventions"]),
        # 3 g over 100 cm² = 30 mg/cm², heavier than any published convention
        ({"amount_per_application": "3 g"}, ["amount_above_conventions"]),
        ({"amount_convention": "ftu_adult_man"}, []),
        ({"amount_convention": "thin_layer"}, []),  # a named convention is never warned
    ],
)
def test_heavy_layers_are_warned_against_the_conventions(client, amount, expected):
    plan = client.post(TOPICAL, json=topical_body([("hand", "100 cm^2")], **amount)).json()
    assert codes(plan) == expected
    if expected:
        assert "Murtagh" in plan["warnings"][0]["source"]


@pytest.mark.parametrize(
    ("per_day", "weight", "warned", "words"),
    [
        # 10 % w/w, 10 mg/cm² over 4,000 cm² = 40 g a time = 4 g STS; 3 a day = 12 g ≤ 12.5 g.
        (3, None, False, ""),
        (4, None, True, "4 application(s) a day hold 16 g of STS"),  # 16 g > 12.5 g
        # Issue 23: with a weight, 250 mg/kg: 20 kg → 5 g a day; 12 g is above it.
        (3, "20 kg", True, "3 application(s) a day hold 12 g of STS (pentahydrate), more than "
         "the daily reference, the label's single IV dose: 250 mg/kg × 20 kg = 5,000 mg"),
        (3, "60 kg", False, ""),  # 250 mg/kg × 60 kg = 15 g, so the 12.5 g reference holds
    ],
)
def test_a_days_topical_sts_is_compared_with_the_systemic_reference(
    client, per_day, weight, warned, words
):
    extra = {"patient_weight": weight} if weight else {}
    plan = client.post(TOPICAL, json=topical_body(
        [("legs", "4000 cm^2")], amount_per_area="10 mg/cm^2", applications_per_day=per_day,
        **extra,
    )).json()
    assert ("topical_sts_above_systemic_dose" in codes(plan)) is warned
    if warned:
        (warning,) = plan["warnings"]
        assert words in warning["message"]
        assert "FDA label" in warning["source"]
