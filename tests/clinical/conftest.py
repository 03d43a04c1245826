"""Shared helpers for the clinical tests: plan bodies and an app for a chosen deployment."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import load_settings

INJECTION = "/api/v1/plans/injection"
TOPICAL = "/api/v1/plans/topical"
START = "2025-01-06"


def deployment(**settings: Any) -> TestClient:
    """A client for an app built from the given settings (no environment read beyond them)."""
    return TestClient(create_app(load_settings(**settings)))


def topical_body(sites: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    """A 14-day 10 % w/w topical plan over the given (name, area) sites."""
    return {
        "start_date": START,
        "steps": [{"strength": "10 % w/w", "days": 14}],
        "sites": [{"name": name, "area": area} for name, area in sites],
        **extra,
    }


def codes(plan: dict[str, Any]) -> list[str]:
    """The plan-level warning codes, in order."""
    return [w["code"] for w in plan["warnings"]]


@pytest.fixture(scope="module")
def uk() -> TestClient:
    """A deployment that follows the UK and Irish SmPCs for the lidocaine cap."""
    return deployment(lidocaine_label="uk-ie")
