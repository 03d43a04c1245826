"""Protocol templates: each builds a plan; a broken one is a start-up error naming the field."""

from __future__ import annotations

import pytest

from app import protocols
from app.main import create_app
from app.policy import PUBLISHED
from app.protocols import SCHEDULES_DIR, ProtocolError, load
from app.services.plans import template_checker

GOOD_TOPICAL = """
id = "x"
title = "X"
route = "topical"
source = "A citation"
[plan]
amount_per_area = "2 mg/cm^2"
[[plan.steps]]
strength = "10 % w/w"
days = 14
[[plan.sites]]
name = "arm"
area = "50 cm^2"
"""


def write(tmp_path, text, name="broken.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_every_template_loads_with_a_citation_and_its_assumptions():
    protocols = load(template_checker(PUBLISHED))
    assert len(protocols) == len(list(SCHEDULES_DIR.glob("*.toml"))) >= 6
    for protocol in protocols:
        assert protocol.source.strip() and protocol.assumptions


def test_every_template_builds_a_plan_through_the_api(client):
    listed = client.get("/api/v1/protocols").json()
    for protocol in listed:
        route = "injection" if protocol["route"] == "intralesional" else "topical"
        response = client.post(
            f"/api/v1/plans/{route}", json={**protocol["plan"], "start_date": "2025-01-06"}
        )
        assert response.status_code == 200, (protocol["id"], response.text)
        assert response.json()["working"]


@pytest.mark.parametrize(
    ("route", "interval", "stock_parts", "diluent_parts", "rounds"),
    [
        ("ssc-weekly-4x-150", 7, 3, 2, 4),  # 3 parts of 250 + 2 of saline = 150 mg/mL
        ("baumgartner-4weekly-4x-150", 28, 3, 2, 4),
        ("clin-rheumatol-2021-monthly-3x-250", 28, 1, 0, 3),
        ("golub-2020-hands-elbow", 14, 1, 0, 4),
    ],
)
def test_the_published_injection_regimens_are_there(
    client, route, interval, stock_parts, diluent_parts, rounds
):
    protocol = next(p for p in client.get("/api/v1/protocols").json() if p["id"] == route)
    plan = protocol["plan"]
    assert plan["interval_days"] == interval
    parts = (plan["mix"]["stock_parts"], plan["mix"]["diluent_parts"])
    assert parts == (stock_parts, diluent_parts)
    assert max(s.get("first_round", 1) + s["rounds"] - 1 for s in plan["sites"]) == rounds


def test_the_seed_case_template_says_what_it_assumes_and_sets_its_limit(client):
    protocol = next(
        p for p in client.get("/api/v1/protocols").json() if p["id"] == "golub-2020-hands-elbow"
    )
    assert any("split" in a for a in protocol["assumptions"])
    limits = protocol["plan"]["protocol_limits"]
    assert limits["max_visit_volume"] == "5 mL" and "Golub" in limits["source"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("id = ", "(file)"),  # not TOML
        (GOOD_TOPICAL.replace('source = "A citation"', ""), "source"),
        (GOOD_TOPICAL.replace('"topical"', '"oral"'), "route"),
        (GOOD_TOPICAL.replace('"50 cm^2"', '"50 kg"'), "plan.sites.0.area"),
        (GOOD_TOPICAL.replace('"10 % w/w"', '"10 %"'), "plan.steps.0.strength"),
        (GOOD_TOPICAL.replace("[plan]", '[plan]\nstart_date = "2025-01-01"'), "plan.start_date"),
        (GOOD_TOPICAL.replace('"10 % w/w"', '"10 % w/v"'), "plan.density"),  # built, then refused
    ],
)
def test_a_broken_template_names_the_file_and_the_field(tmp_path, text, field):
    with pytest.raises(ProtocolError) as error:
        load(template_checker(PUBLISHED), write(tmp_path, text))
    assert error.value.file == "broken.toml" and error.value.field == field
    assert str(error.value).startswith(f"protocol template broken.toml: {field}")


def test_two_templates_with_one_id_are_refused(tmp_path):
    write(tmp_path, GOOD_TOPICAL, "a.toml")
    write(tmp_path, GOOD_TOPICAL, "b.toml")
    with pytest.raises(ProtocolError, match="also used by a.toml"):
        load(template_checker(PUBLISHED), tmp_path)


def test_a_good_template_loads(tmp_path):
    (protocol,) = load(template_checker(PUBLISHED), write(tmp_path, GOOD_TOPICAL, "good.toml"))
    assert protocol.id == "x" and protocol.route == "topical" and protocol.file == "good.toml"


def test_a_broken_template_stops_the_app_from_starting(tmp_path, monkeypatch):
    broken = write(tmp_path, GOOD_TOPICAL.replace("days = 14", "days = 0"))
    monkeypatch.setattr(protocols, "SCHEDULES_DIR", broken)
    with pytest.raises(ProtocolError, match="broken.toml: plan.steps.0.days"):
        create_app()
