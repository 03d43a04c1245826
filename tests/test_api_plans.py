"""The plan endpoints end to end: the contract's shapes, the seed case, limits and 422s."""

from __future__ import annotations

import pint
import pytest

from tests.seed import SEED_SITES, SEED_START, SHORT_TOPICAL

# The seed case with the defaults left out, so that the defaults are tested too.
SEED = {"start_date": SEED_START, "sites": SEED_SITES}
TOPICAL = SHORT_TOPICAL
STOCK_REGISTRY = pint.UnitRegistry()


def quantities(node):
    """Every {value, unit} object in a response."""
    if isinstance(node, dict):
        if set(node) == {"value", "unit"}:
            yield node
        for value in node.values():
            yield from quantities(value)
    elif isinstance(node, list):
        for value in node:
            yield from quantities(value)


def test_seed_case_end_to_end(client):
    # Defaults: every 14 days, neat 250 mg/mL in saline (1:0).
    body = client.post("/api/v1/plans/injection", json=SEED).json()
    assert body["concentration"] == {"value": 250.0, "unit": "mg/mL"}
    assert [v["date"] for v in body["visits"]] == [
        "2020-05-07", "2020-05-21", "2020-06-04", "2020-06-18",
    ]
    first, second = body["visits"][:2]
    assert [s["name"] for s in first["sites"]] == [
        "right middle MCP", "left middle MCP", "right index DIP",
    ]
    assert first["sites"][0]["volume"] == {"value": 1.25, "unit": "mL"}
    assert first["sites"][0]["sts_pentahydrate"] == {"value": 312.5, "unit": "mg"}  # 1.25 × 250
    assert second["volume"] == {"value": 5.0, "unit": "mL"}
    assert second["sts_pentahydrate"] == {"value": 1250.0, "unit": "mg"}
    assert second["sts_anhydrous"]["value"] == pytest.approx(796.3, abs=0.05)
    assert second["sodium"]["value"] == pytest.approx(10.07, abs=0.005)
    assert second["lidocaine"] is None and second["moved_from"] is None
    assert second["diluent_sodium"] is None  # neat stock: no saline in the syringe
    assert body["totals"]["sts_pentahydrate"] == {"value": 4687.5, "unit": "mg"}
    assert body["totals"]["lidocaine"] is None
    assert body["warnings"] == [] and body["working"]
    for quantity in quantities(body):
        STOCK_REGISTRY.Unit(quantity["unit"])  # a stock registry parses every unit


def test_worked_example_six_fortnights(client):
    body = client.post("/api/v1/plans/injection", json={
        "start_date": "2025-01-06", "sites": [{"name": "a", "volume": "0.5 mL", "rounds": 6}],
    }).json()
    assert [v["date"] for v in body["visits"]] == [
        "2025-01-06", "2025-01-20", "2025-02-03", "2025-02-17", "2025-03-03", "2025-03-17",
    ]


def test_closures_and_a_delay_through_the_api(client):
    body = client.post("/api/v1/plans/injection", json={
        **SEED,
        "closed_weekdays": [6, 7],
        "closed_dates": ["2020-05-21"],  # a holiday on round 2's Thursday
        "given": [{"round": 3, "date": "2020-06-12", "volumes": {"right elbow": "0.8 mL"}}],
    }).json()
    visits = body["visits"]
    # Round 2 → Fri 22 May; round 3 planned 5 Jun but given 12 Jun; round 4 = 12 Jun + 14.
    assert [v["date"] for v in visits] == ["2020-05-07", "2020-05-22", "2020-06-12", "2020-06-26"]
    assert [v["moved_from"] for v in visits] == [None, "2020-05-21", "2020-06-05", None]
    assert [v["given"] for v in visits] == [False, False, True, False]
    elbow = next(s for s in visits[2]["sites"] if s["name"] == "right elbow")
    assert elbow["volume"]["value"] == 0.8 and elbow["changed"]


def test_warnings_are_in_the_visit_and_in_the_plan(client):
    body = client.post("/api/v1/plans/injection", json={
        "start_date": "2025-01-06", "interval_days": 5, "patient_weight": "20 kg",
        "mix": {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1},
        "sites": [{"name": "a", "volume": "50 mL", "rounds": 2}],
    }).json()
    # 50 mL at 125 mg/mL = 6.25 g > 5 g (20 kg); 50 mL × 5 mg/mL = 250 mg lidocaine > 90 mg.
    visit_codes = [w["code"] for w in body["visits"][0]["warnings"]]
    # and 50 mL is above the largest reported volume, per site (1.7 mL) and per visit (5 mL).
    assert visit_codes == [
        "sts_above_systemic_dose", "lidocaine_above_max", "site_volume_above_reported",
        "visit_volume_above_reported",
    ]
    plan_codes = [w["code"] for w in body["warnings"]]
    assert plan_codes == ["short_interval"] + visit_codes * 2
    assert all(w["source"] for w in body["warnings"])


def test_saline_sodium_is_reported_apart_from_the_sts_sodium(client):
    body = client.post("/api/v1/plans/injection", json={
        **SEED, "mix": {"diluent": "saline", "stock_parts": 1, "diluent_parts": 1},
    }).json()
    second = body["visits"][1]
    # 5 mL at 1:1: 2.5 mL saline × 154 mmol/L = 0.385 mmol; STS 625 mg → 5.037 mmol sodium.
    assert second["diluent_sodium"]["value"] == pytest.approx(0.385)
    assert second["sodium"]["value"] == pytest.approx(625 / 248.18 * 2)
    assert body["totals"]["diluent_sodium"]["value"] == pytest.approx(0.385 * 3 + 3.75 / 2 * 0.154)


def test_lidocaine_diluent_with_no_diluent_parts_reports_no_lidocaine(client):
    body = client.post("/api/v1/plans/injection", json={
        **SEED, "mix": {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 0},
    }).json()
    assert body["visits"][0]["lidocaine"] is None and body["lidocaine_concentration"] is None


def test_topical_end_to_end(client):
    body = client.post("/api/v1/plans/topical", json=TOPICAL).json()
    assert body["end_date"] == "2025-02-09"
    assert body["reviews"] == ["2025-01-20", "2025-02-03", "2025-02-17"]
    first = body["blocks"][0]
    assert (first["start"], first["end"], first["applications"]) == ("2025-01-06", "2025-01-19", 14)
    assert first["strength"] == {"value": 30.0, "unit": "mg/g"}
    assert first["preparation"] == {"value": 7.0, "unit": "g"}  # 14 × 10 mg/cm² × 50 cm²
    assert first["sts_pentahydrate"]["value"] == pytest.approx(0.21)
    assert first["dispense"]["amount"] == {"value": 10.0, "unit": "g"}
    assert body["totals"]["preparation"]["value"] == pytest.approx(17.5)
    assert len(body["calendar"]) == 35
    for quantity in quantities(body):
        STOCK_REGISTRY.Unit(quantity["unit"])


def test_a_named_convention_is_stated_in_the_working(client):
    body = client.post("/api/v1/plans/topical", json={
        **{k: v for k, v in TOPICAL.items() if k != "amount_per_area"},
        "amount_convention": "ftu_adult_woman",
    }).json()
    # 50 cm² ÷ 257 cm² = 0.1946 FTU, unrounded: × 0.4 g = 0.07782 g.
    assert body["amount_per_application"]["unit"] == "g"
    assert body["amount_per_application"]["value"] == pytest.approx(0.4 * 50 / 257, rel=1e-12)
    assert any("DermNet" in line and "Long CC, Finlay AY" in line for line in body["working"])


def many(count, make):
    return [make(i) for i in range(count)]


@pytest.mark.parametrize(
    ("path", "body", "named"),
    [
        ("injection", {**SEED, "sites": []}, "sites"),
        ("injection", {**SEED, "sites": many(61, lambda i: {
            "name": f"s{i}", "volume": "1 mL", "rounds": 1})}, "sites"),
        ("injection", {**SEED, "sites": [{"name": "x" * 81, "volume": "1 mL", "rounds": 1}]},
         "name"),
        ("injection", {**SEED, "sites": [{"name": "a", "volume": "1 mL", "rounds": 53}]},
         "rounds"),
        ("injection", {**SEED, "sites": [{"name": "a", "volume": "1 mL", "rounds": 1,
                                          "first_round": 105}]}, "first_round"),
        ("injection", {**SEED, "sites": [{"name": "a", "volume": "1 g", "rounds": 1}]},
         "volume"),
        ("injection", {**SEED, "interval_days": 0}, "interval_days"),
        ("injection", {**SEED, "interval_days": 366}, "interval_days"),
        ("injection", {**SEED, "closed_weekdays": [1, 2, 3, 4, 5, 6, 7]}, "closed_weekdays"),
        ("injection", {**SEED, "closed_weekdays": [8]}, "closed_weekdays"),
        ("injection", {**SEED, "closed_dates": ["2020-01-01"] * 401}, "closed_dates"),
        ("injection", {**SEED, "patient_weight": "20 mL"}, "patient_weight"),
        ("injection", {**SEED, "given": [{"round": 9}]}, "given"),
        ("injection", {**SEED, "given": [{"round": 2, "date": "2020-05-01"}]}, "given"),
        ("injection", {**SEED, "sites": SEED["sites"] * 2}, "sites"),
        ("topical", {**TOPICAL, "amount_per_application": "0.5 g"}, "amount_per_application"),
        ("topical", {k: v for k, v in TOPICAL.items() if k != "amount_per_area"},
         "amount_per_area"),
        ("topical", {**TOPICAL, "steps": [{"strength": "10 %", "days": 7}]}, "strength"),
        ("topical", {**TOPICAL, "steps": [{"strength": "10 % w/w", "days": 1096}]}, "days"),
        ("topical", {**TOPICAL, "steps": [{"strength": "10 % w/w", "days": 600}] * 2}, "1095"),
        ("topical", {**TOPICAL, "steps": [{"strength": "10 % w/w", "days": 1}] * 21}, "steps"),
        ("topical", {**TOPICAL, "steps": [{"strength": "10 % w/v", "days": 7}]}, "density"),
        ("topical", {**TOPICAL, "amount_convention": "a_dollop"}, "amount_convention"),
    ],
)
def test_bad_requests_are_422_naming_the_field(client, path, body, named):
    response = client.post(f"/api/v1/plans/{path}", json=body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(named in str(item["loc"]) or named in item["msg"] for item in detail), detail


def test_openapi_documents_the_plans_and_rescheduling(client):
    schema = client.get("/openapi.json").json()
    assert {
        "/api/v1/plans/injection", "/api/v1/plans/injection.ics", "/api/v1/plans/topical",
        "/api/v1/plans/topical.ics", "/api/v1/protocols",
    } <= set(schema["paths"])
    given = schema["components"]["schemas"]["InjectionPlanRequest"]["properties"]["given"]
    assert "actually given" in given["description"] and given["examples"]
