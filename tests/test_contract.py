"""Black-box checks of the JSON API contract (docs/api.md), sentence by sentence, as an outside
acceptance suite would call the API: exact request bodies, hand-computed expectations, and every
response unit read with a stock pint registry rather than the app's own."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pint
import pytest
from fastapi.testclient import TestClient

STOCK: Any = pint.UnitRegistry()
API = "/api/v1"

# Molar masses (sts-facts.md): pentahydrate 248.18 g/mol, anhydrous 158.11 g/mol.
PENTA, ANHYD = 248.18, 158.11
RATIO = ANHYD / PENTA  # 0.63708

DIMS = {
    "mL": "[length] ** 3",
    "g": "[mass]",
    "mg": "[mass]",
    "mmol": "[substance]",
    "mg/mL": "[mass] / [length] ** 3",
    "mg/g": "",
}


def q(body: dict[str, Any], unit: str) -> float:
    """The magnitude of a response quantity in `unit`, read with a stock pint registry."""
    assert set(body) == {"value", "unit"}, body
    assert isinstance(body["value"], (int, float)) and not isinstance(body["value"], bool)
    assert isinstance(body["unit"], str)
    return float(STOCK.Quantity(body["value"], body["unit"]).to(unit).magnitude)


def dim(body: dict[str, Any], unit: str) -> None:
    """Assert a response quantity has the dimension of `unit` (by a stock registry)."""
    assert STOCK.Quantity(1, body["unit"]).dimensionality == STOCK.Quantity(1, unit).dimensionality


def close(actual: float, expected: float, rel: float = 1e-3) -> None:
    """Assert two numbers agree to `rel`."""
    assert actual == pytest.approx(expected, rel=rel), (actual, expected)


def ok(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST and expect 200 JSON."""
    response = client.post(API + path, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    working = result["working"]
    assert isinstance(working, list) and working and all(isinstance(x, str) for x in working)
    return result


def bad(client: TestClient, path: str, body: Any, *, raw: bool = False) -> list[dict[str, Any]]:
    """POST and expect a 422 in FastAPI's validation shape; give the detail list."""
    if raw:
        response = client.post(
            API + path, content=body, headers={"content-type": "application/json"}
        )
    else:
        response = client.post(API + path, json=body)
    assert response.status_code == 422, (response.status_code, response.text)
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for item in detail:
        assert isinstance(item["loc"], list)
        assert isinstance(item["msg"], str) and item["msg"]
        assert isinstance(item["type"], str)
    return detail


def check_warning(warning: dict[str, Any]) -> None:
    """Assert a warning is {code, message, source}, each a non-empty string."""
    for key in ("code", "message", "source"):
        assert isinstance(warning[key], str) and warning[key], warning


def messages(detail: list[dict[str, Any]]) -> str:
    """All messages of a 422, joined."""
    return " | ".join(item["msg"] for item in detail)


# ---------------------------------------------------------------- conventions: request spellings

MIX_VOLUMES = {"stock_volume": "5 mL", "diluent_volume": "0 mL"}


@pytest.mark.parametrize(
    ("field", "text", "unit", "expected"),
    [
        ("stock_volume", "5 mL", "mL", 5),
        ("stock_volume", "5mL", "mL", 5),
        ("stock_volume", "5 cc", "mL", 5),  # 1 cc = 1 mL
        ("stock_volume", "0.005 L", "mL", 5),
        ("stock", "250 mg/mL", "mg/mL", 250),
        ("stock", "250mg/mL", "mg/mL", 250),
        ("stock", "250000 mcg/mL", "mg/mL", 250),  # 1 mcg = 0.001 mg
        ("stock", "250000 µg/mL", "mg/mL", 250),
        ("stock", "0.25 g/mL", "mg/mL", 250),
        ("stock", "25 % w/v", "mg/mL", 250),  # 25 g per 100 mL = 250 mg/mL
        ("stock", "25%w/v", "mg/mL", 250),
    ],
)
def test_mix_request_spellings(
    client: TestClient, field: str, text: str, unit: str, expected: float
) -> None:
    body = {**MIX_VOLUMES, field: text}
    result = ok(client, "/mix", body)
    if field == "stock_volume":
        close(q(result["stock_volume"], unit), expected)
    else:
        # 5 mL neat at 250 mg/mL → 250 mg/mL
        close(q(result["concentration"], unit), expected)


@pytest.mark.parametrize(
    ("area", "cm2"),
    [("50 cm^2", 50), ("50 cm**2", 50), ("50 cm²", 50), ("50cm^2", 50), ("0.005 m^2", 50)],
)
def test_area_spellings(client: TestClient, area: str, cm2: float) -> None:
    # 50 cm² × 2 mg/cm² = 100 mg = 0.1 g per application; 14 days → 1.4 g.
    result = ok(client, "/plans/topical", {
        "start_date": "2025-01-06", "steps": [{"strength": "10 % w/w", "days": 14}],
        "sites": [{"name": "arm", "area": area}], "amount_per_area": "2 mg/cm^2",
    })
    close(sum(q(b["preparation"], "g") for b in result["blocks"]), 0.1 * cm2 / 50 * 14)


@pytest.mark.parametrize(
    ("strength", "mg_per_g"),
    [("10 % w/w", 100), ("10%w/w", 100), ("10 %w/w", 100), ("10% w/w", 100), ("100 mg/g", 100),
     ("0.1 g/g", 100), ("100000 mcg/g", 100)],
)
def test_ww_strength_spellings(client: TestClient, strength: str, mg_per_g: float) -> None:
    result = ok(client, "/compound", {"strength": strength, "quantity": "100 g"})
    close(q(result["strength"], "mg/g"), mg_per_g)
    close(q(result["sts_pentahydrate"], "g"), mg_per_g / 10)


@pytest.mark.parametrize(("strength", "mg_per_ml"), [("25 % w/v", 250), ("25%w/v", 250),
                                                    ("250 mg/mL", 250), ("125 mg/mL", 125)])
def test_wv_strength_spellings(client: TestClient, strength: str, mg_per_ml: float) -> None:
    result = ok(client, "/compound", {"strength": strength, "quantity": "100 mL"})
    close(q(result["strength"], "mg/mL"), mg_per_ml)


@pytest.mark.parametrize("strength", ["10 %", "10%", "10 percent"])
def test_bare_percent_is_rejected_naming_the_basis(client: TestClient, strength: str) -> None:
    detail = bad(client, "/compound", {"strength": strength, "quantity": "100 g"})
    text = messages(detail)
    assert "w/w" in text and "w/v" in text


def test_weight_spellings(client: TestClient) -> None:
    # 20 kg × 250 mg/kg = 5 g ceiling; a 6 g visit (24 mL of 250 mg/mL) exceeds it, 4 g does not.
    for weight in ("20 kg", "20kg", "20000 g"):
        result = ok(client, "/plans/injection", {
            "start_date": "2025-01-06", "patient_weight": weight,
            "sites": [{"name": "a", "volume": "24 mL", "rounds": 1}],
        })
        assert "sts_above_systemic_dose" in {w["code"] for w in result["visits"][0]["warnings"]}


# ---------------------------------------------------------------- /mix

MIX_FIELDS = {
    "stock_volume": "mL", "diluent_volume": "mL", "final_volume": "mL", "concentration": "mg/mL",
    "concentration_anhydrous": "mg/mL", "sts_pentahydrate": "mg", "sts_anhydrous": "mg",
    "thiosulfate": "mmol", "sodium": "mmol",
}


def test_mix_worked_example_5_ml_neat(client: TestClient) -> None:
    # 5 mL × 250 mg/mL = 1250 mg pentahydrate; × 0.63708 = 796.3 mg anhydrous;
    # 1250 / 248.18 = 5.037 mmol thiosulfate; × 2 = 10.07 mmol sodium. Defaults: 250 mg/mL,
    # pentahydrate, saline.
    result = ok(client, "/mix", {"stock_volume": "5 mL", "diluent_volume": "0 mL"})
    for field, unit in MIX_FIELDS.items():
        dim(result[field], unit)
        q(result[field], unit)
    close(q(result["stock_volume"], "mL"), 5)
    assert q(result["diluent_volume"], "mL") == pytest.approx(0, abs=1e-12)
    close(q(result["final_volume"], "mL"), 5)
    close(q(result["concentration"], "mg/mL"), 250)
    close(q(result["concentration_anhydrous"], "mg/mL"), 250 * RATIO)
    close(q(result["sts_pentahydrate"], "mg"), 1250)
    close(q(result["sts_anhydrous"], "mg"), 796.3, rel=2e-4)
    close(q(result["thiosulfate"], "mmol"), 5.037, rel=2e-4)
    close(q(result["sodium"], "mmol"), 10.07, rel=5e-4)
    close(q(result["sodium"], "mmol"), 2 * q(result["thiosulfate"], "mmol"), rel=1e-9)
    assert result["lidocaine"] is None


def test_mix_lidocaine_example(client: TestClient) -> None:
    # 2 mL of 250 mg/mL + 2 mL of 1 % lidocaine (10 mg/mL) = 4 mL: 500 mg STS → 125 mg/mL;
    # lidocaine 20 mg → 5 mg/mL.
    result = ok(client, "/mix", {"stock_volume": "2 mL", "diluent_volume": "2 mL",
                                 "diluent": "lidocaine 1%"})
    close(q(result["final_volume"], "mL"), 4)
    close(q(result["concentration"], "mg/mL"), 125)
    close(q(result["sts_pentahydrate"], "mg"), 500)
    lidocaine = result["lidocaine"]
    assert set(lidocaine) >= {"concentration", "amount"}
    close(q(lidocaine["concentration"], "mg/mL"), 5)
    close(q(lidocaine["amount"], "mg"), 20)
    # 2 % lidocaine: 20 mg/mL × 2 mL = 40 mg in 4 mL = 10 mg/mL.
    result = ok(client, "/mix", {"stock_volume": "2 mL", "diluent_volume": "2 mL",
                                 "diluent": "lidocaine 2%"})
    close(q(result["lidocaine"]["amount"], "mg"), 40)
    close(q(result["lidocaine"]["concentration"], "mg/mL"), 10)


@pytest.mark.parametrize("diluent", ["saline", "water"])
def test_mix_non_lidocaine_diluent_has_null_lidocaine(client: TestClient, diluent: str) -> None:
    result = ok(client, "/mix", {"stock_volume": "2 mL", "diluent_volume": "2 mL",
                                 "diluent": diluent})
    assert result["lidocaine"] is None
    close(q(result["concentration"], "mg/mL"), 125)


def test_mix_to_target_example(client: TestClient) -> None:
    # 150 mg/mL × 10 mL = 1500 mg; / 250 mg/mL = 6 mL stock; 10 − 6 = 4 mL diluent.
    result = ok(client, "/mix", {"target": "150 mg/mL", "final_volume": "10 mL"})
    close(q(result["stock_volume"], "mL"), 6)
    close(q(result["diluent_volume"], "mL"), 4)
    close(q(result["final_volume"], "mL"), 10)
    close(q(result["concentration"], "mg/mL"), 150)
    close(q(result["sts_pentahydrate"], "mg"), 1500)


def test_mix_target_equal_to_stock_is_neat(client: TestClient) -> None:
    result = ok(client, "/mix", {"target": "250 mg/mL", "final_volume": "10 mL"})
    close(q(result["stock_volume"], "mL"), 10)
    assert q(result["diluent_volume"], "mL") == pytest.approx(0, abs=1e-9)


def test_mix_target_above_stock_is_422(client: TestClient) -> None:
    bad(client, "/mix", {"target": "300 mg/mL", "final_volume": "10 mL"})
    bad(client, "/mix", {"stock": "150 mg/mL", "target": "250 mg/mL", "final_volume": "10 mL"})


def test_mix_working_says_volumes_are_additive(client: TestClient) -> None:
    for body in ({"stock_volume": "2 mL", "diluent_volume": "2 mL"},
                 {"target": "150 mg/mL", "final_volume": "10 mL"}):
        working = " ".join(ok(client, "/mix", body)["working"]).lower()
        assert "additive" in working


def test_mix_anhydrous_stock_basis(client: TestClient) -> None:
    # 80 mg/mL anhydrous (Pedmarqsi) = 80 / 0.63708 = 125.57 mg/mL pentahydrate; 10 mL → 1255.7 mg.
    result = ok(client, "/mix", {"stock": "80 mg/mL", "stock_basis": "anhydrous",
                                 "stock_volume": "10 mL", "diluent_volume": "0 mL"})
    close(q(result["concentration"], "mg/mL"), 80 / RATIO)
    close(q(result["concentration_anhydrous"], "mg/mL"), 80)
    close(q(result["sts_anhydrous"], "mg"), 800)
    close(q(result["sts_pentahydrate"], "mg"), 800 / RATIO)
    # target is on the stock's basis: 40 mg/mL anhydrous in 10 mL from 80 → 5 + 5 mL.
    result = ok(client, "/mix", {"stock": "80 mg/mL", "stock_basis": "anhydrous",
                                 "target": "40 mg/mL", "final_volume": "10 mL"})
    close(q(result["stock_volume"], "mL"), 5)
    close(q(result["concentration_anhydrous"], "mg/mL"), 40)


@pytest.mark.parametrize(
    "body",
    [
        {},  # neither form
        {"stock_volume": "5 mL"},  # half a form
        {"target": "150 mg/mL"},
        {"stock_volume": "5 mL", "diluent_volume": "1 mL", "target": "150 mg/mL",
         "final_volume": "10 mL"},  # both forms
        {"stock_volume": "5 mg", "diluent_volume": "0 mL"},  # mass for a volume
        {"stock_volume": "-5 mL", "diluent_volume": "0 mL"},
        {"stock_volume": "nan mL", "diluent_volume": "0 mL"},
        {"stock_volume": "inf mL", "diluent_volume": "0 mL"},
        {"stock_volume": 5, "diluent_volume": "0 mL"},  # wrong type
        {"stock_volume": "5 mL", "diluent_volume": "0 mL", "diluent": "beer"},
        {"stock_volume": "5 mL", "diluent_volume": "0 mL", "stock_basis": "decahydrate"},
        {"stock_volume": "5 mL", "diluent_volume": "0 mL", "stock": "250 mg"},
        {"stock_volume": "5 mL", "diluent_volume": "0 mL", "stock": "25 %"},
        {"stock_volume": "five mL", "diluent_volume": "0 mL"},
        {"stock_volume": "5", "diluent_volume": "0 mL"},
    ],
)
def test_mix_bad_input_is_422(client: TestClient, body: dict[str, Any]) -> None:
    bad(client, "/mix", body)


def test_wrong_dimension_message_says_what_was_expected(client: TestClient) -> None:
    detail = bad(client, "/mix", {"stock_volume": "5 mg", "diluent_volume": "0 mL"})
    text = messages(detail)
    assert "volume" in text and "mL" in text
    assert any("stock_volume" in [str(p) for p in item["loc"]] for item in detail)


# ---------------------------------------------------------------- /compound

def test_compound_worked_example_anhydrous_powder(client: TestClient) -> None:
    # 100 g of 10 % w/w pentahydrate basis = 10 g pentahydrate = 10 × 0.63708 = 6.37 g anhydrous
    # powder; base 100 − 6.37 = 93.63 g.
    result = ok(client, "/compound", {"strength": "10 % w/w", "quantity": "100 g",
                                      "powder": "anhydrous"})
    for field in ("powder", "vehicle", "sts_pentahydrate", "sts_anhydrous"):
        dim(result[field], "g")
    close(q(result["powder"], "g"), 6.37, rel=5e-4)
    close(q(result["vehicle"], "g"), 93.63, rel=1e-4)
    close(q(result["sts_pentahydrate"], "g"), 10)
    close(q(result["sts_anhydrous"], "g"), 10 * RATIO)
    close(q(result["strength"], "mg/g"), 100)
    assert result["warnings"] == []


def test_compound_defaults_pentahydrate(client: TestClient) -> None:
    # Defaults strength_basis and powder pentahydrate: 100 g of 10 % w/w → 10 g powder + 90 g base.
    result = ok(client, "/compound", {"strength": "10 % w/w", "quantity": "100 g"})
    close(q(result["powder"], "g"), 10)
    close(q(result["vehicle"], "g"), 90)


def test_compound_strength_basis_anhydrous(client: TestClient) -> None:
    # 10 % w/w anhydrous basis: 10 g anhydrous = 10 / 0.63708 = 15.697 g pentahydrate powder.
    result = ok(client, "/compound", {"strength": "10 % w/w", "quantity": "100 g",
                                      "strength_basis": "anhydrous"})
    close(q(result["powder"], "g"), 10 / RATIO)
    close(q(result["sts_anhydrous"], "g"), 10)
    close(q(result["strength"], "mg/g"), 100)  # on strength_basis


def test_compound_wv_has_no_vehicle_and_makes_up_to_volume(client: TestClient) -> None:
    # 25 % w/v × 100 mL = 25 g pentahydrate; vehicle null; working says "make up to volume".
    result = ok(client, "/compound", {"strength": "25 % w/v", "quantity": "100 mL"})
    assert result["vehicle"] is None
    close(q(result["powder"], "g"), 25)
    close(q(result["strength"], "mg/mL"), 250)
    dim(result["strength"], "mg/mL")
    assert "make up to volume" in " ".join(result["working"]).lower()


@pytest.mark.parametrize(("strength", "warned"), [("25 % w/w", False), ("30 % w/w", True),
                                                  ("26 % w/v", True), ("10 % w/w", False)])
def test_compound_warns_above_25_percent(client: TestClient, strength: str, warned: bool) -> None:
    quantity = "100 g" if "w/w" in strength else "100 mL"
    result = ok(client, "/compound", {"strength": strength, "quantity": quantity})
    assert bool(result["warnings"]) == warned
    for warning in result["warnings"]:
        check_warning(warning)


@pytest.mark.parametrize(
    "body",
    [
        {"strength": "10 % w/w", "quantity": "100 mL"},  # w/w needs a mass
        {"strength": "25 % w/v", "quantity": "100 g"},  # w/v needs a volume
        {"strength": "10 % w/w"},
        {"quantity": "100 g"},
        {"strength": "10 % w/w", "quantity": "-100 g"},
        {"strength": "10 % w/w", "quantity": "100 g", "powder": "dihydrate"},
        {"strength": "10 mg", "quantity": "100 g"},
        {"strength": 10, "quantity": "100 g"},
    ],
)
def test_compound_bad_input_is_422(client: TestClient, body: dict[str, Any]) -> None:
    bad(client, "/compound", body)


# ---------------------------------------------------------------- /compound/check

@pytest.mark.parametrize(
    ("body", "unit", "actual", "deviation", "within"),
    [
        # 9.5 g in 100 g = 95 mg/g vs 100 → −5 %, inside 10 %.
        ({"strength": "10 % w/w", "powder_mass": "9.5 g", "total_mass": "100 g"},
         "mg/g", 95, -5, True),
        # 12 g in 100 g = 120 mg/g → +20 %, outside.
        ({"strength": "10 % w/w", "powder_mass": "12 g", "total_mass": "100 g"},
         "mg/g", 120, 20, False),
        # tolerance 25 % makes +20 % acceptable.
        ({"strength": "10 % w/w", "powder_mass": "12 g", "total_mass": "100 g",
          "tolerance_percent": 25}, "mg/g", 120, 20, True),
        # w/v: 26 g in 100 mL = 260 mg/mL vs 250 → +4 %.
        ({"strength": "25 % w/v", "powder_mass": "26 g", "total_volume": "100 mL"},
         "mg/mL", 260, 4, True),
        # anhydrous powder 6.37 g in 100 g = 6.37 / 0.63708 = 9.999 g pentahydrate → ≈ 0 %.
        ({"strength": "10 % w/w", "powder_mass": "6.3708 g", "total_mass": "100 g",
          "powder": "anhydrous"}, "mg/g", 100, 0, True),
        # anhydrous basis label: 10 g pentahydrate powder = 6.3708 g anhydrous → 63.7 mg/g vs 100.
        ({"strength": "10 % w/w", "powder_mass": "10 g", "total_mass": "100 g",
          "strength_basis": "anhydrous"}, "mg/g", 63.708, -36.292, False),
    ],
)
def test_compound_check(
    client: TestClient, body: dict[str, Any], unit: str, actual: float, deviation: float,
    within: bool,
) -> None:
    result = ok(client, "/compound/check", body)
    close(q(result["actual_strength"], unit), actual)
    assert isinstance(result["deviation_percent"], (int, float))
    assert not isinstance(result["deviation_percent"], bool)
    assert result["deviation_percent"] == pytest.approx(deviation, abs=0.02)
    assert result["within_tolerance"] is within


def test_compound_check_default_tolerance_is_10(client: TestClient) -> None:
    # 11.1 g → +11 % (outside 10); 10.9 g → +9 % (inside).
    body = {"strength": "10 % w/w", "total_mass": "100 g"}
    assert not ok(client, "/compound/check", {**body, "powder_mass": "11.1 g"})["within_tolerance"]
    assert ok(client, "/compound/check", {**body, "powder_mass": "10.9 g"})["within_tolerance"]


@pytest.mark.parametrize(
    "body",
    [
        {"strength": "10 % w/w", "powder_mass": "10 g"},  # no total
        {"strength": "25 % w/v", "powder_mass": "25 g", "total_mass": "100 g"},  # needs volume
        {"strength": "10 % w/w", "powder_mass": "10 mL", "total_mass": "100 g"},
        {"strength": "10 %", "powder_mass": "10 g", "total_mass": "100 g"},
    ],
)
def test_compound_check_bad_input_is_422(client: TestClient, body: dict[str, Any]) -> None:
    bad(client, "/compound/check", body)


# ---------------------------------------------------------------- /plans/injection

SEED = {
    "start_date": "2020-05-07",
    "sites": [
        {"name": "right middle MCP", "volume": "0.5 mL", "rounds": 4},
        {"name": "left middle MCP", "volume": "0.5 mL", "rounds": 4},
        {"name": "right index DIP", "volume": "0.25 mL", "rounds": 4},
        {"name": "elbow", "volume": "1 mL", "rounds": 3, "first_round": 2},
    ],
}


def test_injection_worked_example_every_2_weeks_x6(client: TestClient) -> None:
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "sites": [{"name": "a", "volume": "1 mL", "rounds": 6}],
    })
    dates = [v["date"] for v in result["visits"]]
    assert dates == ["2025-01-06", "2025-01-20", "2025-02-03", "2025-02-17", "2025-03-03",
                     "2025-03-17"]
    assert [v["round"] for v in result["visits"]] == [1, 2, 3, 4, 5, 6]
    assert all(v["moved_from"] is None for v in result["visits"])


def test_injection_seed_case_fields_and_totals(client: TestClient) -> None:
    result = ok(client, "/plans/injection", SEED)
    # Default mix: 250 mg/mL neat, saline. Rounds 1–4 every 14 days from 2020-05-07.
    close(q(result["concentration"], "mg/mL"), 250)
    visits = result["visits"]
    assert [v["date"] for v in visits] == ["2020-05-07", "2020-05-21", "2020-06-04", "2020-06-18"]
    # Round 1: hands only, 0.5 + 0.5 + 0.25 = 1.25 mL; rounds 2–4 add the elbow's 1 mL → 2.25 mL.
    expected_volumes = [1.25, 2.25, 2.25, 2.25]
    assert [[s["name"] for s in v["sites"]] for v in visits][0] == [
        "right middle MCP", "left middle MCP", "right index DIP"]
    assert all("elbow" in [s["name"] for s in v["sites"]] for v in visits[1:])
    for visit, volume in zip(visits, expected_volumes, strict=True):
        assert set(visit) >= {"round", "date", "moved_from", "sites", "volume", "sts_pentahydrate",
                              "sts_anhydrous", "sodium", "lidocaine", "warnings"}
        dt.date.fromisoformat(visit["date"])
        close(q(visit["volume"], "mL"), volume)
        close(q(visit["sts_pentahydrate"], "mg"), 250 * volume)
        close(q(visit["sts_anhydrous"], "mg"), 250 * volume * RATIO)
        close(q(visit["sodium"], "mmol"), 2 * 250 * volume / PENTA)
        assert visit["lidocaine"] is None
        assert visit["warnings"] == []
        for site in visit["sites"]:
            assert set(site) >= {"name", "volume", "sts_pentahydrate"}
            close(q(site["sts_pentahydrate"], "mg"), 250 * q(site["volume"], "mL"))
    totals = result["totals"]
    # 1.25 + 3 × 2.25 = 8 mL → 2000 mg pentahydrate.
    close(q(totals["volume"], "mL"), 8)
    close(q(totals["sts_pentahydrate"], "mg"), 2000)
    close(q(totals["sts_anhydrous"], "mg"), 2000 * RATIO)
    close(q(totals["sodium"], "mmol"), 2 * 2000 / PENTA)
    assert totals["lidocaine"] is None
    assert result["warnings"] == []


def test_injection_elbow_from_round_2(client: TestClient) -> None:
    # hands rounds 1–4, elbow 3 rounds from round 2 → elbow at rounds 2, 3, 4.
    result = ok(client, "/plans/injection", SEED)
    rounds_with_elbow = [v["round"] for v in result["visits"]
                         if any(s["name"] == "elbow" for s in v["sites"])]
    assert rounds_with_elbow == [2, 3, 4]


def test_injection_first_round_extends_the_plan(client: TestClient) -> None:
    # a site at rounds 3…4 with 2 rounds; the other only round 1 → visits for rounds 1, 3, 4.
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "interval_days": 7,
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 1},
                  {"name": "b", "volume": "1 mL", "rounds": 2, "first_round": 3}],
    })
    by_round = {v["round"]: v for v in result["visits"]}
    assert by_round[1]["date"] == "2025-01-06"
    assert by_round[3]["date"] == "2025-01-20"
    assert by_round[4]["date"] == "2025-01-27"
    assert [s["name"] for s in by_round[4]["sites"]] == ["b"]


def test_injection_dilution_with_lidocaine(client: TestClient) -> None:
    # 1:1 with 1 % lidocaine: 125 mg/mL STS and 5 mg/mL lidocaine; 2 mL per visit →
    # 250 mg STS, 10 mg lidocaine.
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06",
        "mix": {"stock": "250 mg/mL", "stock_basis": "pentahydrate", "diluent": "lidocaine 1%",
                "stock_parts": 1, "diluent_parts": 1},
        "sites": [{"name": "a", "volume": "2 mL", "rounds": 2}],
    })
    close(q(result["concentration"], "mg/mL"), 125)
    for visit in result["visits"]:
        close(q(visit["sts_pentahydrate"], "mg"), 250)
        close(q(visit["lidocaine"], "mg"), 10)
    close(q(result["totals"]["lidocaine"], "mg"), 20)


def codes(result: dict[str, Any]) -> set[str]:
    """Every warning code anywhere in a plan."""
    found = {w["code"] for w in result["warnings"]}
    for visit in result["visits"]:
        found |= {w["code"] for w in visit["warnings"]}
    return found


def one_visit(volume: str, **extra: Any) -> dict[str, Any]:
    """A one-visit injection plan body."""
    return {"start_date": "2025-01-06", "sites": [{"name": "a", "volume": volume, "rounds": 1}],
            **extra}


@pytest.mark.parametrize(
    ("body", "warned"),
    [
        # 20 kg: 250 mg/kg × 20 = 5 g = 20 mL of 250 mg/mL. 21 mL = 5.25 g → warned; 19 mL not.
        (one_visit("21 mL", patient_weight="20 kg"), True),
        (one_visit("19 mL", patient_weight="20 kg"), False),
        # 60 kg: 15 g capped at 12.5 g = 50 mL. 52 mL = 13 g → warned; 48 mL = 12 g not.
        (one_visit("52 mL", patient_weight="60 kg"), True),
        (one_visit("48 mL", patient_weight="60 kg"), False),
        # no weight: 12.5 g.
        (one_visit("52 mL"), True),
        (one_visit("48 mL"), False),
    ],
)
def test_sts_above_systemic_dose(client: TestClient, body: dict[str, Any], warned: bool) -> None:
    result = ok(client, "/plans/injection", body)
    assert ("sts_above_systemic_dose" in codes(result)) == warned
    if warned:
        assert "sts_above_systemic_dose" in {w["code"] for w in result["visits"][0]["warnings"]}


LIDO = {"stock": "250 mg/mL", "diluent": "lidocaine 2%", "stock_parts": 1, "diluent_parts": 1}


@pytest.mark.parametrize(
    ("body", "warned"),
    [
        # 1:1 with 2 % lidocaine: 10 mg/mL lidocaine. 20 kg × 4.5 = 90 mg = 9 mL; 10 mL = 100 mg.
        (one_visit("10 mL", patient_weight="20 kg", mix=LIDO), True),
        (one_visit("8 mL", patient_weight="20 kg", mix=LIDO), False),
        # 100 kg: 450 mg capped at 300 mg = 30 mL; 32 mL = 320 mg (STS 4 g, under 12.5 g).
        (one_visit("32 mL", patient_weight="100 kg", mix=LIDO), True),
        (one_visit("28 mL", patient_weight="100 kg", mix=LIDO), False),
        # no weight: 300 mg.
        (one_visit("32 mL", mix=LIDO), True),
        (one_visit("28 mL", mix=LIDO), False),
    ],
)
def test_lidocaine_above_max(client: TestClient, body: dict[str, Any], warned: bool) -> None:
    result = ok(client, "/plans/injection", body)
    assert ("lidocaine_above_max" in codes(result)) == warned


@pytest.mark.parametrize(("interval", "warned"), [(1, True), (6, True), (7, False), (14, False)])
def test_short_interval(client: TestClient, interval: int, warned: bool) -> None:
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "interval_days": interval,
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 2}],
    })
    assert ("short_interval" in codes(result)) == warned


def test_warning_objects_shape(client: TestClient) -> None:
    result = ok(client, "/plans/injection", {
        **one_visit("120 mL", mix=LIDO), "interval_days": 3,  # 15 g STS, 1.2 g lidocaine
    })
    everywhere = list(result["warnings"])
    for visit in result["visits"]:
        everywhere += visit["warnings"]
    assert everywhere
    for warning in everywhere:
        check_warning(warning)
    assert {"sts_above_systemic_dose", "lidocaine_above_max", "short_interval"} <= codes(result)


def test_closed_weekdays_move_and_later_visits_keep_interval(client: TestClient) -> None:
    # 2025-01-04 is a Saturday; weekends closed → Mon 2025-01-06; next = +14 → 2025-01-20 (Mon).
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-04", "closed_weekdays": [6, 7],
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 3}],
    })
    visits = result["visits"]
    assert visits[0]["date"] == "2025-01-06" and visits[0]["moved_from"] == "2025-01-04"
    assert [v["date"] for v in visits[1:]] == ["2025-01-20", "2025-02-03"]
    assert all(v["moved_from"] is None for v in visits[1:])


def test_closed_dates_move_and_later_visits_keep_interval(client: TestClient) -> None:
    # 2025-01-20 closed → 2025-01-21; then 14 days from the moved date → 2025-02-04.
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "closed_dates": ["2025-01-20"],
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 3}],
    })
    visits = result["visits"]
    assert [v["date"] for v in visits] == ["2025-01-06", "2025-01-21", "2025-02-04"]
    assert [v["moved_from"] for v in visits] == [None, "2025-01-20", None]


def test_closed_date_then_closed_weekday(client: TestClient) -> None:
    # 2025-01-17 is a Friday, closed; weekend closed too → Monday 2025-01-20; next 2025-02-03.
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-03", "closed_dates": ["2025-01-17"], "closed_weekdays": [6, 7],
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 3}],
    })
    visits = result["visits"]
    assert [v["date"] for v in visits] == ["2025-01-03", "2025-01-20", "2025-02-03"]
    assert visits[1]["moved_from"] == "2025-01-17"


@pytest.mark.parametrize(
    "change",
    [
        {"interval_days": 0}, {"interval_days": 366}, {"interval_days": -1},
        {"interval_days": 1.5}, {"interval_days": "fourteen"},
        {"sites": []},
        {"sites": [{"name": "a", "volume": "1 mL", "rounds": 0}]},
        {"sites": [{"name": "a", "volume": "1 mL", "rounds": 1, "first_round": 0}]},
        {"sites": [{"name": "a", "volume": "1 mg", "rounds": 1}]},
        {"sites": [{"name": "a", "rounds": 1}]},
        {"sites": [{"volume": "1 mL", "rounds": 1}]},
        {"start_date": "2025-02-30"}, {"start_date": "06/01/2025"}, {"start_date": None},
        {"patient_weight": "20 mL"}, {"patient_weight": "-20 kg"},
        {"closed_weekdays": [0]}, {"closed_weekdays": [8]},
        {"closed_dates": ["not a date"]},
        {"mix": {"stock_parts": 0}}, {"mix": {"diluent_parts": -1}},
        {"mix": {"diluent": "gin"}}, {"mix": {"stock": "10 %"}},
        {"mix": "neat"},
    ],
)
def test_injection_bad_input_is_422(client: TestClient, change: dict[str, Any]) -> None:
    body = {"start_date": "2025-01-06", "sites": [{"name": "a", "volume": "1 mL", "rounds": 1}]}
    bad(client, "/plans/injection", {**body, **change})


@pytest.mark.parametrize("interval", [1, 365])
def test_interval_bounds_accepted(client: TestClient, interval: int) -> None:
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "interval_days": interval,
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 2}],
    })
    second = dt.date(2025, 1, 6) + dt.timedelta(days=interval)
    assert result["visits"][1]["date"] == second.isoformat()


def test_injection_missing_start_date_is_422(client: TestClient) -> None:
    detail = bad(client, "/plans/injection",
                 {"sites": [{"name": "a", "volume": "1 mL", "rounds": 1}]})
    assert any(item["loc"][-1] == "start_date" for item in detail)


# ---------------------------------------------------------------- /plans/topical

def topical(**extra: Any) -> dict[str, Any]:
    """A topical plan body: one 50 cm² site, 2 mg/cm², 10 % w/w for 14 days."""
    return {"start_date": "2025-01-06", "steps": [{"strength": "10 % w/w", "days": 14}],
            "sites": [{"name": "arm", "area": "50 cm^2"}], "amount_per_area": "2 mg/cm^2",
            **extra}


def test_topical_simple_case(client: TestClient) -> None:
    # 50 cm² × 2 mg/cm² = 100 mg per application; 1 a day × 14 days = 14 applications = 1.4 g;
    # STS = 1.4 g × 10 % = 0.14 g pentahydrate = 0.0892 g anhydrous.
    # end = 2025-01-06 + 13 = 2025-01-19; reviews every 14 days: 2025-01-20 (first ≥ end).
    result = ok(client, "/plans/topical", topical())
    assert result["end_date"] == "2025-01-19"
    assert result["reviews"] == ["2025-01-20"]
    assert len(result["blocks"]) == 1
    block = result["blocks"][0]
    assert set(block) >= {"start", "end", "strength", "applications", "preparation",
                          "sts_pentahydrate", "sts_anhydrous"}
    assert (block["start"], block["end"]) == ("2025-01-06", "2025-01-19")
    assert block["applications"] == 14
    close(q(block["strength"], "mg/g"), 100)
    close(q(block["preparation"], "g"), 1.4)
    close(q(block["sts_pentahydrate"], "g"), 0.14)
    close(q(block["sts_anhydrous"], "g"), 0.14 * RATIO)
    for field in ("preparation", "sts_pentahydrate", "sts_anhydrous"):
        dim(block[field], "g")
    assert isinstance(result["totals"], dict)


def test_topical_amount_per_application_and_twice_a_day(client: TestClient) -> None:
    # 0.5 g per application (all sites) × 2 a day × 14 days = 28 applications = 14 g;
    # STS 10 % = 1.4 g.
    body = topical(applications_per_day=2, amount_per_application="0.5 g")
    del body["amount_per_area"]
    result = ok(client, "/plans/topical", body)
    block = result["blocks"][0]
    assert block["applications"] == 28
    close(q(block["preparation"], "g"), 14)
    close(q(block["sts_pentahydrate"], "g"), 1.4)


def test_topical_two_sites_sum_area(client: TestClient) -> None:
    # (50 + 30) cm² × 2 mg/cm² = 160 mg × 14 = 2.24 g.
    result = ok(client, "/plans/topical", topical(sites=[
        {"name": "a", "area": "50 cm^2"}, {"name": "b", "area": "30 cm²"}]))
    close(q(result["blocks"][0]["preparation"], "g"), 2.24)


def test_topical_reviews_and_blocks_split_at_reviews_and_strength(client: TestClient) -> None:
    # 3 % for 10 days then 10 % for 20 days from 2025-01-06: end 2025-01-06 + 29 = 2025-02-04.
    # Reviews every 14 days: 01-20, 02-03, 02-17 (first on/after 02-04).
    # Blocks: 01-06..01-15 (3 %, 10 d), 01-16..01-19 (10 %, 4 d), 01-20..02-02 (10 %, 14 d),
    # 02-03..02-04 (10 %, 2 d).
    result = ok(client, "/plans/topical", {
        "start_date": "2025-01-06",
        "steps": [{"strength": "3 % w/w", "days": 10}, {"strength": "10 % w/w", "days": 20}],
        "sites": [{"name": "arm", "area": "50 cm^2"}], "amount_per_area": "2 mg/cm^2",
    })
    assert result["end_date"] == "2025-02-04"
    assert result["reviews"] == ["2025-01-20", "2025-02-03", "2025-02-17"]
    spans = [(b["start"], b["end"], round(q(b["strength"], "mg/g")), b["applications"])
             for b in result["blocks"]]
    assert spans == [
        ("2025-01-06", "2025-01-15", 30, 10),
        ("2025-01-16", "2025-01-19", 100, 4),
        ("2025-01-20", "2025-02-02", 100, 14),
        ("2025-02-03", "2025-02-04", 100, 2),
    ]
    # 0.1 g per application.
    for block in result["blocks"]:
        close(q(block["preparation"], "g"), 0.1 * block["applications"])
        close(q(block["sts_pentahydrate"], "g"),
              0.1 * block["applications"] * q(block["strength"], "mg/g") / 1000)


def test_topical_end_on_a_review_day(client: TestClient) -> None:
    # 15 days from 2025-01-06 end on 2025-01-20, itself a review → reviews == ["2025-01-20"].
    result = ok(client, "/plans/topical", topical(steps=[{"strength": "10 % w/w", "days": 15}]))
    assert result["end_date"] == "2025-01-20"
    assert result["reviews"] == ["2025-01-20"]
    assert [(b["start"], b["end"]) for b in result["blocks"]] == [
        ("2025-01-06", "2025-01-19"), ("2025-01-20", "2025-01-20")]


def test_topical_review_interval(client: TestClient) -> None:
    # every 7 days for 14 days (end 01-19): reviews 01-13, 01-20.
    result = ok(client, "/plans/topical", topical(review_interval_days=7))
    assert result["reviews"] == ["2025-01-13", "2025-01-20"]
    assert [(b["start"], b["end"]) for b in result["blocks"]] == [
        ("2025-01-06", "2025-01-12"), ("2025-01-13", "2025-01-19")]


def test_topical_strength_basis_anhydrous(client: TestClient) -> None:
    # 10 % w/w anhydrous basis: 1.4 g × 10 % = 0.14 g anhydrous = 0.14 / 0.63708 g pentahydrate.
    result = ok(client, "/plans/topical", topical(strength_basis="anhydrous"))
    block = result["blocks"][0]
    close(q(block["sts_anhydrous"], "g"), 0.14)
    close(q(block["sts_pentahydrate"], "g"), 0.14 / RATIO)


@pytest.mark.parametrize(
    "change",
    [
        {"amount_per_application": "0.5 g"},  # both amounts
        {"amount_per_area": None},  # neither
        {"steps": []}, {"sites": []},
        {"steps": [{"strength": "10 % w/w", "days": 0}]},
        {"steps": [{"strength": "10 %", "days": 14}]},
        {"sites": [{"name": "arm", "area": "50 cm"}]},
        {"amount_per_area": "2 mg"},
        {"applications_per_day": 0},
        {"review_interval_days": 0},
        {"strength_basis": "monohydrate"},
    ],
)
def test_topical_bad_input_is_422(client: TestClient, change: dict[str, Any]) -> None:
    body = {k: v for k, v in {**topical(), **change}.items() if v is not None}
    bad(client, "/plans/topical", body)


# ---------------------------------------------------------------- .ics twins

def ics_events(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a calendar as name → value dicts (unfolded lines)."""
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name] = value
    return events


def calendar(client: TestClient, path: str, body: dict[str, Any]) -> list[dict[str, str]]:
    """POST to an .ics endpoint and give its events."""
    response = client.post(API + path, json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip("\r\n").endswith("END:VCALENDAR")
    assert "VERSION:2.0" in text and "PRODID:" in text
    return ics_events(text)


def dtstart_date(event: dict[str, str]) -> str:
    """The all-day DTSTART of an event as YYYY-MM-DD."""
    (key,) = [k for k in event if k.split(";")[0] == "DTSTART"]
    assert "VALUE=DATE" in key
    value = event[key]
    assert len(value) == 8 and value.isdigit()
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def test_injection_ics_one_all_day_event_per_visit(client: TestClient) -> None:
    plan = ok(client, "/plans/injection", SEED)
    events = calendar(client, "/plans/injection.ics", SEED)
    assert len(events) == len(plan["visits"])
    assert [dtstart_date(e) for e in events] == [v["date"] for v in plan["visits"]]
    uids = [e["UID"] for e in events]
    assert len(set(uids)) == len(uids)
    assert all("DTSTAMP" in e for e in events)
    # Same request again → same UIDs.
    assert [e["UID"] for e in calendar(client, "/plans/injection.ics", SEED)] == uids


def test_injection_ics_uids_survive_a_reschedule(client: TestClient) -> None:
    # A closed date moves round 2; the round's UID stays the same, its date changes.
    before = calendar(client, "/plans/injection.ics", SEED)
    after = calendar(client, "/plans/injection.ics", {**SEED, "closed_dates": ["2020-05-21"]})
    assert [e["UID"] for e in before] == [e["UID"] for e in after]
    assert dtstart_date(after[1]) == "2020-05-22"


def test_topical_ics_reviews_and_strength_changes(client: TestClient) -> None:
    body = {
        "start_date": "2025-01-06",
        "steps": [{"strength": "3 % w/w", "days": 10}, {"strength": "10 % w/w", "days": 20}],
        "sites": [{"name": "arm", "area": "50 cm^2"}], "amount_per_area": "2 mg/cm^2",
    }
    events = calendar(client, "/plans/topical.ics", body)
    days = {dtstart_date(e) for e in events}
    # reviews 01-20, 02-03, 02-17 and the strength change on 01-16.
    assert {"2025-01-20", "2025-02-03", "2025-02-17", "2025-01-16"} <= days
    uids = [e["UID"] for e in events]
    assert len(set(uids)) == len(uids)
    assert [e["UID"] for e in calendar(client, "/plans/topical.ics", body)] == uids


def test_ics_bad_input_is_422(client: TestClient) -> None:
    bad(client, "/plans/injection.ics", {"start_date": "2025-01-06", "sites": []})
    bad(client, "/plans/topical.ics", {**topical(), "amount_per_application": "0.5 g"})


# ---------------------------------------------------------------- /protocols

def test_protocols_list_and_each_plan_runs(client: TestClient) -> None:
    response = client.get(API + "/protocols")
    assert response.status_code == 200
    templates = response.json()
    assert isinstance(templates, list) and len(templates) >= 6
    routes = set()
    for template in templates:
        assert set(template) >= {"id", "title", "route", "source", "plan"}
        assert all(isinstance(template[k], str) and template[k]
                   for k in ("id", "title", "route", "source"))
        assert template["route"] in ("intralesional", "topical")
        assert "start_date" not in template["plan"]
        routes.add(template["route"])
        path = "/plans/injection" if template["route"] == "intralesional" else "/plans/topical"
        body = {**template["plan"], "start_date": "2025-01-06"}
        ok(client, path, body)
        calendar(client, path + ".ics", body)
    assert routes == {"intralesional", "topical"}
    assert len({t["id"] for t in templates}) == len(templates)


def injection_regimen(client: TestClient, template: dict[str, Any]) -> tuple[float, int, int]:
    """A template's (concentration mg/mL, interval days, number of visits) when planned."""
    plan = ok(client, "/plans/injection", {**template["plan"], "start_date": "2025-01-06"})
    interval = template["plan"].get("interval_days", 14)
    return q(plan["concentration"], "mg/mL"), interval, len(plan["visits"])


def test_protocols_cover_the_published_regimens(client: TestClient) -> None:
    templates = client.get(API + "/protocols").json()
    injections = [injection_regimen(client, t) for t in templates
                  if t["route"] == "intralesional"]

    def has(concentration: float, intervals: set[int], visits: int) -> bool:
        return any(math.isclose(c, concentration, rel_tol=1e-6) and i in intervals and n == visits
                   for c, i, n in injections)

    assert has(250, {14}, 4)  # seed 000: every 2 weeks, hands ×4, elbow ×3 from round 2
    assert has(150, {7}, 4)  # weekly × 4 at 150 mg/mL
    assert has(150, {28}, 4)  # 4-weekly × 4 at 150 mg/mL
    assert has(250, {28, 30, 31}, 3)  # monthly × 3 at 250 mg/mL
    topicals = [t for t in templates if t["route"] == "topical"]
    strengths = set()
    for template in topicals:
        plan = ok(client, "/plans/topical", {**template["plan"], "start_date": "2025-01-06"})
        strengths |= {round(q(b["strength"], "mg/g" if b["strength"]["unit"].endswith("g")
                               and "/g" in b["strength"]["unit"] else "mg/mL"))
                      for b in plan["blocks"]}
        strengths |= {s["strength"] for s in template["plan"]["steps"]}
    assert any("25" in str(s) for s in strengths)  # the 25 % ointment
    assert any(str(s).startswith("3") for s in strengths)  # seed 003: 3 % then 10 %


def test_seed_template_matches_the_seed_case(client: TestClient) -> None:
    templates = {t["id"]: t for t in client.get(API + "/protocols").json()}
    seeds = [t for t in templates.values() if t["route"] == "intralesional"
             and any(s.get("first_round", 1) == 2 for s in t["plan"]["sites"])]
    assert seeds
    plan = ok(client, "/plans/injection", {**seeds[0]["plan"], "start_date": "2020-05-07"})
    assert [v["date"] for v in plan["visits"]] == [
        "2020-05-07", "2020-05-21", "2020-06-04", "2020-06-18"]


# ---------------------------------------------------------------- errors, schema, docs

@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/mix", b"{not json"),
        ("/mix", b'{"stock_volume": NaN, "diluent_volume": "0 mL"}'),
        ("/mix", b"[1, 2]"),
        ("/compound", b'{"strength": "10 % w/w", "quantity": Infinity}'),
        ("/compound/check", b'{"strength": "10 % w/w", "powder_mass": "1 g", '
                            b'"total_mass": "10 g", "tolerance_percent": NaN}'),
        ("/compound/check", b'{"strength": "10 % w/w", "powder_mass": "1 g", '
                            b'"total_mass": "10 g", "tolerance_percent": Infinity}'),
        ("/plans/injection", b'{"start_date": "2025-01-06", "sites": [{"name": "a", '
                             b'"volume": "1 mL", "rounds": NaN}]}'),
        ("/plans/injection", b'{"start_date": "2025-01-06", "mix": {"stock_parts": Infinity}, '
                             b'"sites": [{"name": "a", "volume": "1 mL", "rounds": 1}]}'),
        ("/plans/topical", b""),
        ("/plans/topical", b"\xff\xfe"),
    ],
)
def test_malformed_json_nan_infinity_are_422(client: TestClient, path: str, raw: bytes) -> None:
    bad(client, path, raw, raw=True)


@pytest.mark.parametrize(
    "text", ["nan mL", "NaN mL", "inf mL", "-inf mL", "1e400 mL", "0 mL", "-1 mL", "1/0 mL",
             "mL", "", "   "],
)
def test_quantity_text_edge_cases_are_422(client: TestClient, text: str) -> None:
    bad(client, "/mix", {"stock_volume": text, "diluent_volume": "0 mL"})


@pytest.mark.parametrize("path", ["/mix", "/compound", "/compound/check", "/plans/injection",
                                  "/plans/topical", "/plans/injection.ics", "/plans/topical.ics"])
@pytest.mark.parametrize("body", [None, [], "x", 1, {"unexpected": True}])
def test_every_endpoint_rejects_wrong_shapes_with_422(
    client: TestClient, path: str, body: Any
) -> None:
    response = client.post(API + path, json=body)
    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], list)


def test_openapi_and_docs_served(client: TestClient) -> None:
    schema = client.get("/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/mix", "/compound", "/compound/check", "/plans/injection", "/plans/topical",
                 "/plans/injection.ics", "/plans/topical.ics", "/protocols"):
        assert API + path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]


def test_response_units_parse_with_stock_pint(client: TestClient) -> None:
    """Every {value, unit} object anywhere in a response parses with a stock registry."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"value", "unit"}:
                found.append(node)
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    bodies = [
        ok(client, "/mix", {"stock_volume": "2 mL", "diluent_volume": "2 mL",
                            "diluent": "lidocaine 1%"}),
        ok(client, "/compound", {"strength": "10 % w/w", "quantity": "100 g"}),
        ok(client, "/compound", {"strength": "25 % w/v", "quantity": "100 mL"}),
        ok(client, "/compound/check", {"strength": "10 % w/w", "powder_mass": "10 g",
                                       "total_mass": "100 g"}),
        ok(client, "/plans/injection", {**SEED, "mix": LIDO, "patient_weight": "20 kg"}),
        ok(client, "/plans/topical", topical()),
    ]
    for body in bodies:
        walk(body)
    assert found
    for quantity in found:
        assert isinstance(quantity["value"], (int, float)) and math.isfinite(quantity["value"])
        STOCK.Quantity(quantity["value"], quantity["unit"])


# ---------------------------------------------------------------- precision, messages, limits

def test_numbers_are_not_rounded(client: TestClient) -> None:
    # 1250 × 158.11 / 248.18 = 796.34740913…; 1250 / 248.18 = 5.03666693…: float precision, not
    # the 4 significant figures of the worked example.
    result = ok(client, "/mix", {"stock_volume": "5 mL", "diluent_volume": "0 mL"})
    close(q(result["sts_anhydrous"], "mg"), 1250 * ANHYD / PENTA, rel=1e-9)
    close(q(result["thiosulfate"], "mmol"), 1250 / PENTA, rel=1e-9)
    close(q(result["sodium"], "mmol"), 2 * 1250 / PENTA, rel=1e-9)
    # 1 mL of 1:2 dilution: 250 / 3 = 83.333… mg/mL, not 83.33.
    result = ok(client, "/mix", {"stock_volume": "1 mL", "diluent_volume": "2 mL"})
    close(q(result["concentration"], "mg/mL"), 250 / 3, rel=1e-12)


@pytest.mark.parametrize("micro", ["mcg", "µg", "μg"])  # micro sign U+00B5 and Greek mu U+03BC
def test_micro_spellings(client: TestClient, micro: str) -> None:
    result = ok(client, "/mix", {"stock": f"250000 {micro}/mL", **MIX_VOLUMES})
    close(q(result["concentration"], "mg/mL"), 250)


def test_mix_saline_sodium_is_from_sts_alone(client: TestClient) -> None:
    # 2 mL of 250 mg/mL + 2 mL saline: 500 mg STS → 500 / 248.18 × 2 = 4.0293 mmol sodium; the
    # saline's own sodium (2 mL × 154 mmol/L = 0.308 mmol) is not in `sodium`.
    result = ok(client, "/mix", {"stock_volume": "2 mL", "diluent_volume": "2 mL"})
    close(q(result["sodium"], "mmol"), 2 * 500 / PENTA, rel=1e-6)


def test_mix_target_as_percent_w_v(client: TestClient) -> None:
    # 15 % w/v = 150 mg/mL → 6 mL stock + 4 mL diluent for 10 mL.
    result = ok(client, "/mix", {"target": "15 % w/v", "final_volume": "10 mL"})
    close(q(result["stock_volume"], "mL"), 6)
    close(q(result["diluent_volume"], "mL"), 4)


def test_error_message_and_location(client: TestClient) -> None:
    detail = bad(client, "/mix", {"stock_volume": "5 mg", "diluent_volume": "0 mL"})
    assert detail[0]["loc"] == ["body", "stock_volume"]
    assert "must be a volume" in detail[0]["msg"] and "got a mass" in detail[0]["msg"]
    detail = bad(client, "/plans/injection", {
        "start_date": "2025-01-06", "sites": [{"name": "a", "volume": "1 g", "rounds": 1}]})
    assert detail[0]["loc"] == ["body", "sites", 0, "volume"]
    detail = bad(client, "/compound", {"quantity": "100 g"})
    assert detail[0]["loc"] == ["body", "strength"] and detail[0]["type"] == "missing"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # exactly at a ceiling is not above it: 20 mL × 250 = 5000 mg = 250 mg/kg × 20 kg.
        (one_visit("20 mL", patient_weight="20 kg"), "sts_above_systemic_dose"),
        (one_visit("50 mL"), "sts_above_systemic_dose"),  # 12.5 g exactly
        (one_visit("30 mL", mix=LIDO), "lidocaine_above_max"),  # 300 mg exactly
        (one_visit("9 mL", patient_weight="20 kg", mix=LIDO), "lidocaine_above_max"),  # 90 mg
    ],
)
def test_at_the_ceiling_is_not_above(client: TestClient, body: dict[str, Any], code: str) -> None:
    assert code not in codes(ok(client, "/plans/injection", body))


def test_systemic_ceiling_applies_per_visit_not_per_course(client: TestClient) -> None:
    # 4 visits of 40 mL (10 g each, 40 g in all): no single visit above 12.5 g.
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "sites": [{"name": "a", "volume": "40 mL", "rounds": 4}]})
    assert "sts_above_systemic_dose" not in codes(result)
    close(q(result["totals"]["sts_pentahydrate"], "mg"), 40000)


@pytest.mark.parametrize(
    ("mix", "mg_per_ml"),
    [
        ({"stock": "25 % w/v"}, 250),
        ({"stock": "80 mg/mL", "stock_basis": "anhydrous"}, 80 / RATIO),  # 125.57 pentahydrate
        ({"stock_parts": 3, "diluent_parts": 2}, 150),  # 250 × 3/5
        ({"diluent_parts": 1}, 125),  # stock_parts defaults to 1
    ],
)
def test_injection_mix_forms(client: TestClient, mix: dict[str, Any], mg_per_ml: float) -> None:
    result = ok(client, "/plans/injection", {
        "start_date": "2025-01-06", "mix": mix, "sites": [{"name": "a", "volume": "1 mL",
                                                           "rounds": 1}]})
    close(q(result["concentration"], "mg/mL"), mg_per_ml)
    close(q(result["visits"][0]["sts_pentahydrate"], "mg"), mg_per_ml)


def test_topical_totals_add_up_the_blocks(client: TestClient) -> None:
    result = ok(client, "/plans/topical", {
        "start_date": "2025-01-06",
        "steps": [{"strength": "3 % w/w", "days": 10}, {"strength": "10 % w/w", "days": 20}],
        "sites": [{"name": "arm", "area": "50 cm^2"}], "amount_per_area": "2 mg/cm^2",
    })
    totals = result["totals"]
    for field in ("preparation", "sts_pentahydrate", "sts_anhydrous"):
        close(q(totals[field], "g"), sum(q(b[field], "g") for b in result["blocks"]), rel=1e-9)
    # 30 applications × 0.1 g = 3 g; STS 10 × 0.1 × 3 % + 20 × 0.1 × 10 % = 0.03 + 0.2 = 0.23 g.
    close(q(totals["preparation"], "g"), 3)
    close(q(totals["sts_pentahydrate"], "g"), 0.23)


def test_all_weekdays_closed_is_422_not_a_hang(client: TestClient) -> None:
    bad(client, "/plans/injection", {
        "start_date": "2025-01-06", "closed_weekdays": [1, 2, 3, 4, 5, 6, 7],
        "sites": [{"name": "a", "volume": "1 mL", "rounds": 2}]})


ODD_TEXTS = [
    "1e308 mL", "9" * 300 + " mL", "5 mL mL", "5 mL/", "5 kg/mL", "(5) mL", "5 mL + 3 mL",
    "5 * mL", "5e-400 mL", "0x10 mL", "٥ mL", "5\x00 mL", "1_000 mL", "5 L**2", "5 delta_degC",
    "5 dimensionless", "5 %", "5 % w/w w/v", "10 % v/v", "5 mL ** 0", "5 mL ** 999999",
    "__import__('os')", "5 cm^2", "1e-320 mL", "5 mL\n", " 5 mL ", "+5 mL", "5.mL", ".5 mL",
    "5 ml", "5 millilitre", "5 milliliter", "5 l", "5 gram", "5 ppm", "5 mol/L", "5 M",
    "5 g/cm^3", "5 mg/kg", "5 mg/dL", "5 %w/w/mL", "10 % w/w of what", "∞ mL", "5 ㎖",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
@pytest.mark.parametrize(
    ("path", "template", "field"),
    [
        ("/mix", {"stock_volume": "5 mL", "diluent_volume": "1 mL"}, "stock_volume"),
        ("/mix", {"target": "150 mg/mL", "final_volume": "10 mL"}, "target"),
        ("/compound", {"strength": "10 % w/w", "quantity": "100 g"}, "strength"),
        ("/compound", {"strength": "10 % w/w", "quantity": "100 g"}, "quantity"),
        ("/plans/injection", {"start_date": "2025-01-06", "patient_weight": "20 kg",
                              "sites": [{"name": "a", "volume": "1 mL", "rounds": 1}]},
         "patient_weight"),
        ("/plans/topical", topical(), "amount_per_area"),
    ],
)
def test_odd_quantity_texts_never_500(
    client: TestClient, text: str, path: str, template: dict[str, Any], field: str
) -> None:
    response = client.post(API + path, json={**template, field: text})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert isinstance(response.json()["detail"], list)
    else:
        assert "working" in response.json()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/mix", b'{"stock_volume": "5 mL", "diluent_volume": "0 mL"}'),
        ("/compound", b'{"strength": "10 % w/w", "quantity": "100 g"}'),
        ("/plans/injection", b'{"start_date": "2025-01-06", "sites": '
                             b'[{"name": "a", "volume": "1 mL", "rounds": 1}]}'),
    ],
)
def test_json_body_without_content_type_is_read(client: TestClient, path: str, body: bytes) -> None:
    # requests.post(url, data=json.dumps(body)) sends no Content-Type; the body is still JSON.
    response = client.post(API + path, content=body)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("amount", "grams"),
    # 50 cm² × 14 applications: 2 mg/cm² → 1.4 g; 40 g/m² = 4 mg/cm² → 2.8 g.
    [("2 mg/cm^2", 1.4), ("2 mg/cm²", 1.4), ("2 mg/cm**2", 1.4), ("0.002 g/cm^2", 1.4),
     ("40 g/m^2", 2.8), ("2000 mcg/cm^2", 1.4)],
)
def test_amount_per_area_spellings(client: TestClient, amount: str, grams: float) -> None:
    result = ok(client, "/plans/topical", topical(amount_per_area=amount))
    close(q(result["blocks"][0]["preparation"], "g"), grams)


def test_compound_wv_from_anhydrous_powder(client: TestClient) -> None:
    # 25 % w/v × 100 mL = 25 g pentahydrate = 25 × 0.63708 = 15.927 g anhydrous powder.
    result = ok(client, "/compound", {"strength": "25 % w/v", "quantity": "100 mL",
                                      "powder": "anhydrous"})
    close(q(result["powder"], "g"), 25 * RATIO)
    assert result["vehicle"] is None


def test_topical_ics_events_are_all_day_with_stamp(client: TestClient) -> None:
    for event in calendar(client, "/plans/topical.ics", topical()):
        dtstart_date(event)
        assert "DTSTAMP" in event and "UID" in event
