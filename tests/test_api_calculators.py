"""The mix, compound, check, formula and product endpoints through HTTP, good input and bad."""

from __future__ import annotations

import pytest

MIX, COMPOUND, CHECK = "/api/v1/mix", "/api/v1/compound", "/api/v1/compound/check"
FORMULA = "/api/v1/compound/formula"
REL = 1e-9


def value(body: dict, key: str) -> float:
    return body[key]["value"]


def test_mix_by_volumes_matches_the_facts_file(client):
    # sts-facts.md: 5 mL of 250 mg/mL = 1,250 mg = 796.3 mg anhydrous = 5.037 mmol = 10.07 mmol Na
    response = client.post(MIX, json={"stock_volume": "5 mL", "diluent_volume": "0 mL"})
    assert response.status_code == 200
    body = response.json()
    assert body["sts_pentahydrate"] == {"value": pytest.approx(1250, rel=REL), "unit": "mg"}
    assert body["sts_anhydrous"]["value"] == pytest.approx(796.3, abs=0.05)
    assert body["thiosulfate"] == {"value": pytest.approx(5.037, abs=0.0005), "unit": "mmol"}
    assert body["sodium"] == {"value": pytest.approx(10.07, abs=0.005), "unit": "mmol"}
    assert body["concentration"] == {"value": pytest.approx(250, rel=REL), "unit": "mg/mL"}
    assert body["lidocaine"] is None
    assert body["working"] and all(isinstance(line, str) for line in body["working"])
    assert {s["name"] for s in body["sources"]} >= {
        "molar mass of STS pentahydrate, Na2S2O3·5H2O", "molar mass of anhydrous STS, Na2S2O3"
    }


def test_mix_with_lidocaine_matches_the_facts_file(client):
    # sts-facts.md: 2 mL 250 mg/mL + 2 mL 1 % lidocaine = 4 mL, 125 mg/mL (500 mg), 5 mg/mL (20 mg)
    body = client.post(MIX, json={
        "stock": "25 % w/v", "stock_volume": "2 mL", "diluent_volume": "2 cc",
        "diluent": "lidocaine 1%",
    }).json()
    assert value(body, "final_volume") == pytest.approx(4, rel=REL)
    assert value(body, "concentration") == pytest.approx(125, rel=REL)
    assert value(body, "sts_pentahydrate") == pytest.approx(500, rel=REL)
    assert body["lidocaine"] == {
        "concentration": {"value": pytest.approx(5, rel=REL), "unit": "mg/mL"},
        "amount": {"value": pytest.approx(20, rel=REL), "unit": "mg"},
    }


def test_mix_to_target_matches_the_facts_file(client):
    # sts-facts.md: 150 mg/mL, 10 mL, from 250 mg/mL: 6 mL stock + 4 mL diluent
    body = client.post(MIX, json={"target": "150 mg/mL", "final_volume": "10 mL"}).json()
    assert value(body, "stock_volume") == pytest.approx(6, rel=REL)
    assert value(body, "diluent_volume") == pytest.approx(4, rel=REL)
    assert any("volumes taken as additive" in line for line in body["working"])


def test_compound_matches_the_facts_file(client):
    # sts-facts.md: 100 g of 10 % w/w (pentahydrate) from anhydrous powder: 6.37 g + 93.63 g
    response = client.post(COMPOUND, json={
        "strength": "10 % w/w", "quantity": "100 g", "powder": "anhydrous"
    })
    assert response.status_code == 200
    body = response.json()
    assert body["powder"]["value"] == pytest.approx(6.37, abs=0.005)
    assert body["vehicle"]["value"] == pytest.approx(93.63, abs=0.005)
    assert body["strength"] == {"value": pytest.approx(100, rel=REL), "unit": "mg/g"}
    assert body["warnings"] == []
    assert any(s["value"] == "158.11 g/mol" for s in body["sources"])


@pytest.mark.parametrize("strength", ["10 % w/w", "100 mg/g", "0.1 g/g", "0.1 kg/kg", "100 g/kg"])
def test_every_way_of_writing_a_w_w_strength_compounds_the_same(client, strength):
    # hand: 0.1 g/g = 0.1 kg/kg = 100 g/kg = 100 mg/g = 10 % w/w; 100 g of it holds 10 g of STS,
    # pentahydrate powder on the pentahydrate basis, so 10 g powder + 90 g base
    response = client.post(COMPOUND, json={"strength": strength, "quantity": "100 g"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["strength"] == {"value": pytest.approx(100, rel=REL), "unit": "mg/g"}
    assert body["powder"] == {"value": pytest.approx(10, rel=REL), "unit": "g"}
    assert body["vehicle"] == {"value": pytest.approx(90, rel=REL), "unit": "g"}


def test_compound_w_v_makes_up_to_volume(client):
    body = client.post(COMPOUND, json={"strength": "25 % w/v", "quantity": "100 mL"}).json()
    assert body["vehicle"] is None and body["powder"]["value"] == pytest.approx(25, rel=REL)
    assert any("make up to volume" in line for line in body["working"])


def test_compound_above_the_published_strength_warns(client):
    body = client.post(COMPOUND, json={"strength": "30 % w/w", "quantity": "100 g"}).json()
    assert [w["code"] for w in body["warnings"]] == ["strength_above_published"]
    assert body["warnings"][0]["message"] == (
        "300 mg/g (pentahydrate) is above the highest published topical strength, 25 % read "
        "on the pentahydrate basis."
    )
    assert "Bair & Fivenson" in body["warnings"][0]["source"]
    assert body["powder"]["value"] == pytest.approx(30, rel=REL)


def test_check_reports_deviation_and_sources(client):
    # hand: 10.9 g in 100 g against 10 % w/w: 109 mg/g, +9 %, within the default 10 %
    body = client.post(CHECK, json={
        "strength": "10 % w/w", "powder_mass": "10.9 g", "total_mass": "100 g"
    }).json()
    assert body["actual_strength"] == {"value": pytest.approx(109, rel=REL), "unit": "mg/g"}
    assert body["deviation_percent"] == pytest.approx(9, rel=REL)
    assert body["within_tolerance"] is True
    # hand: with a 5 % tolerance the same batch is outside
    body = client.post(CHECK, json={
        "strength": "10 % w/w", "powder_mass": "10.9 g", "total_mass": "100 g",
        "tolerance_percent": 5,
    }).json()
    assert body["within_tolerance"] is False


def test_formula_scales_the_eahp_ointment(client):
    # hand: 200 g, STS read as anhydrous, pentahydrate powder: 50 g × 1.569667 = 78.4833 g;
    # paraffin q.s. = 200 − 78.4833 − 20 − 65 = 36.5167 g
    response = client.post(FORMULA, json={
        "formula": "eahp-sts-25-ointment", "quantity": "200 g", "strength_basis": "anhydrous",
        "powder": "pentahydrate",
    })
    assert response.status_code == 200
    body = response.json()
    masses = {i["name"]: i["mass"]["value"] for i in body["ingredients"]}
    assert masses == {
        "sodium thiosulfate": pytest.approx(78.4833, abs=0.0005),
        "glycerin": pytest.approx(20, rel=REL),
        "lanolin": pytest.approx(65, rel=REL),
        "white soft paraffin": pytest.approx(36.5167, abs=0.0005),
    }
    assert body["strength"] == {"value": pytest.approx(250, rel=REL), "unit": "mg/g"}
    assert "not stated in the source" in body["working"][0]
    assert any(s["name"] == "salt form of the STS in the EAHP 25 % ointment"
               for s in body["sources"])


def test_formulas_and_products_are_listed(client):
    formulas = client.get("/api/v1/formulas").json()
    assert [f["id"] for f in formulas] == ["eahp-sts-25-ointment"]
    assert formulas[0]["salt_form"] == "not stated"
    products = {p["id"]: p for p in client.get("/api/v1/products").json()}
    assert products["sts-25-usp"]["strength"] == {"value": 250.0, "unit": "mg/mL"}
    assert products["pedmark"]["basis"] == "pentahydrate"
    assert products["pedmarqsi"]["basis"] == "anhydrous"
    assert all(p["source"] for p in products.values())


def test_openapi_lists_every_calculator(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {MIX, COMPOUND, CHECK, FORMULA, "/api/v1/formulas", "/api/v1/products"} <= set(paths)


VOLUMES = {"diluent_volume": "0 mL"}


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        # wrong dimension
        (MIX, {"stock_volume": "5 g", **VOLUMES}, "stock_volume",
         "stock_volume must be a volume such as '5 mL'; got a mass"),
        (MIX, {"stock": "250 mg", "stock_volume": "5 mL", **VOLUMES}, "stock",
         "stock must be a concentration such as '250 mg/mL' or '25 % w/v'; got a mass"),
        (COMPOUND, {"strength": "10 % w/w", "quantity": "100 mL"}, "quantity",
         "quantity must be a mass such as '100 g' for a w/w strength; got a volume"),
        (CHECK, {"strength": "10 % w/w", "powder_mass": "10 mL", "total_mass": "100 g"},
         "powder_mass", "powder_mass must be a mass such as '5 g'; got a volume"),
        # bare %
        (COMPOUND, {"strength": "10 %", "quantity": "100 g"}, "strength",
         "a bare % does not say whether it is w/w or w/v"),
        (MIX, {"stock": "25 %", "stock_volume": "5 mL", **VOLUMES}, "stock",
         "a bare % does not say whether it is w/w or w/v"),
        # a plain number is not a strength, even when pint would call g/g one
        (COMPOUND, {"strength": "0.1", "quantity": "100 g"}, "strength",
         "strength must be a strength such as '250 mg/mL', '100 mg/g' or '10 % w/w'; "
         "no unit given"),
        (COMPOUND, {"strength": "0.1 dimensionless", "quantity": "100 g"}, "strength",
         "got a plain ratio (a w/w strength is a mass per mass"),
        (COMPOUND, {"strength": "0.1 mL/mL", "quantity": "100 g"}, "strength",
         "got a plain ratio (a w/w strength is a mass per mass"),
        (MIX, {"stock": "0.25 g/g", "stock_volume": "5 mL", **VOLUMES}, "stock",
         "stock must be a concentration such as '250 mg/mL' or '25 % w/v'; got a plain ratio"),
        # NaN and infinity, as text
        (MIX, {"stock_volume": "NaN mL", **VOLUMES}, "stock_volume", "not a finite number"),
        (MIX, {"stock_volume": "inf mL", **VOLUMES}, "stock_volume", "not a finite number"),
        (MIX, {"stock_volume": "1e999 mL", **VOLUMES}, "stock_volume", "the number is too large"),
        # negative and zero
        (MIX, {"stock_volume": "-5 mL", **VOLUMES}, "stock_volume", "it cannot be negative"),
        (MIX, {"stock_volume": "0 mL", **VOLUMES}, "stock_volume", "it must be more than zero"),
        (COMPOUND, {"strength": "0 % w/w", "quantity": "100 g"}, "strength",
         "it must be more than zero"),
        # target above stock
        (MIX, {"target": "300 mg/mL", "final_volume": "10 mL"}, "target",
         "target is 300 mg/mL, stronger than the stock 250 mg/mL"),
        # wrong JSON type
        (MIX, {"stock_volume": 5, **VOLUMES}, "stock_volume",
         "stock_volume must be a volume such as '5 mL', written as text with its unit; "
         "got a bare number"),
        (CHECK, {"strength": "10 % w/w", "powder_mass": "10 g", "total_mass": "100 g",
                 "tolerance_percent": "lots"}, "tolerance_percent",
         "tolerance_percent: Input should be a valid number"),
        (MIX, {"stock_volume": "5 mL", **VOLUMES, "diluent": "beer"}, "diluent",
         "diluent: Input should be 'saline', 'water', 'lidocaine 1%' or 'lidocaine 2%'; "
         "got 'beer'"),
        # over-long text
        (MIX, {"stock_volume": "5" * 65 + " mL", **VOLUMES}, "stock_volume",
         "in at most 64 characters; got 68"),
        # missing fields
        (COMPOUND, {"quantity": "100 g"}, "strength", "strength is required"),
        (CHECK, {"strength": "10 % w/w", "powder_mass": "10 g"}, "total_mass",
         "total_mass is needed: a w/w label needs the total mass of the batch"),
        (FORMULA, {"formula": "eahp-sts-25-ointment", "quantity": "100 g"}, "strength_basis",
         "strength_basis is required: the source does not say whether its STS is"),
        # units pint knows that a pharmacy never means
        (COMPOUND, {"strength": "10 % w/w", "quantity": "100 gr"}, "quantity",
         "'gr' is not a unit this planner accepts (it means grain)"),
        # impossible recipes and unknown formulas
        (COMPOUND, {"strength": "70 % w/w", "quantity": "100 g", "strength_basis": "anhydrous"},
         "strength", "cannot be made from pentahydrate powder"),
        (FORMULA, {"formula": "x", "quantity": "100 g", "strength_basis": "anhydrous"}, "formula",
         "formula must be one of 'eahp-sts-25-ointment'; got 'x'"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_what_was_expected(
    client, path, body, field, message
):
    response = client.post(path, json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(item["loc"][-1] == field and message in item["msg"] for item in detail), detail


def test_neither_way_of_mixing_is_a_422_saying_what_to_give(client):
    for body in ({}, {"stock_volume": "5 mL"}, {"stock_volume": "5 mL", "diluent_volume": "1 mL",
                                                "target": "100 mg/mL", "final_volume": "5 mL"}):
        response = client.post(MIX, json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["msg"] == (
            "give either stock_volume and diluent_volume, or target and final_volume "
            "(not both, not neither)"
        )


@pytest.mark.parametrize(
    ("path", "raw", "message"),
    [
        # NaN and Infinity are accepted by Python's JSON reader: they must not make a 500
        (MIX, '{"stock_volume": NaN, "diluent_volume": "0 mL"}', "NaN is not a JSON number"),
        (MIX, '{"stock_volume": Infinity, "diluent_volume": "0 mL"}', "Infinity is not a JSON"),
        (CHECK, '{"strength": "10 % w/w", "powder_mass": "10 g", "total_mass": "100 g", '
                '"tolerance_percent": NaN}', "NaN is not a JSON number"),
        (MIX, '{"stock_volume": ', "the request body is not valid JSON"),
        (MIX, "[1, 2]", "the request body must be a JSON object"),
        (MIX, "null", "the request body"),
    ],
)
def test_malformed_json_is_a_422_never_a_500(client, path, raw, message):
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert any(message in item["msg"] for item in response.json()["detail"])
