"""The plan routes' hand-built JSON bodies follow their response models field for field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from app.api.plan_responses import InjectionPlanOut, TopicalPlanOut

SITES = [
    {"name": "finger", "volume": "0.5 cc", "rounds": 3},
    {"name": "elbow", "volume": "1.5 mL", "rounds": 2, "first_round": 2},
]
INJECTION_CASES: list[dict[str, Any]] = [
    {"sites": SITES},
    {
        "sites": SITES, "interval_days": 5, "patient_weight": "8 kg",
        "mix": {"stock": "80 mg/mL", "stock_basis": "anhydrous", "diluent": "lidocaine 2%",
                "stock_parts": 1, "diluent_parts": 1},
        "closed_weekdays": [6, 7], "closed_dates": ["2025-01-20"],
        "given": [{"round": 2, "date": "2025-01-14", "volumes": {"elbow": "9 mL"}}],
        "protocol_limits": {"id": "t", "source": "s", "max_site_volume": "1 mL",
                            "max_visit_volume": "2 mL"},
    },
    {"sites": SITES, "mix": {"diluent": "saline", "stock_parts": 1, "diluent_parts": 2}},
]


def assert_follows(model: type[BaseModel], body: dict[str, Any]) -> None:
    """The body is exactly what the model makes of it: no field missing, added or retyped."""
    assert model.model_validate(body).model_dump(mode="json") == body


@pytest.mark.parametrize("case", INJECTION_CASES)
def test_injection_body_follows_its_model(client, case):
    response = client.post("/api/v1/plans/injection", json={"start_date": "2025-01-06", **case})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert_follows(InjectionPlanOut, response.json())


def test_every_protocol_body_follows_its_model(client):
    for protocol in client.get("/api/v1/protocols").json():
        route = "injection" if protocol["route"] == "intralesional" else "topical"
        body = {**protocol["plan"], "start_date": "2025-01-06"}
        response = client.post(f"/api/v1/plans/{route}", json=body)
        model = InjectionPlanOut if route == "injection" else TopicalPlanOut
        assert_follows(model, response.json())


def test_topical_w_v_body_follows_its_model(client):
    body = {
        "start_date": "2025-01-06", "steps": [{"strength": "25 % w/v", "days": 30}],
        "sites": [{"name": "leg", "area": "50 cm^2"}], "amount_per_area": "2 mg/cm^2",
        "density": "1.1 g/mL",
    }
    assert_follows(TopicalPlanOut, client.post("/api/v1/plans/topical", json=body).json())
