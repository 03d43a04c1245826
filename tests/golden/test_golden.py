"""Every golden case (tests/golden/cases.toml) through the service layer, the JSON API and the
rendered page: one table of hand-worked figures that all three must agree with."""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pint
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api.calculator_responses import CheckOut, CompoundOut, FormulaBatchOut, MixOut
from app.contracts import calculators as calc
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.main import create_app
from app.policy import PUBLISHED
from app.services import calculators, plans

CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).with_name("cases.toml")).read_text(encoding="utf-8")
)["case"]
HAZARDS = Path(__file__).resolve().parents[2] / "docs" / "hazards.md"
STOCK: Any = pint.UnitRegistry()  # units read back as an outside client would read them


def _out(model: type[BaseModel], result: Any) -> dict[str, Any]:
    return model.of(result).model_dump(mode="json")  # type: ignore[attr-defined, no-any-return]


# Each use case: its API path, and how the service layer answers it as JSON.
USES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "injection": ("/api/v1/plans/injection", lambda body: plans.injection_plan_body(
        InjectionPlanRequest.model_validate(body), PUBLISHED)),
    "topical": ("/api/v1/plans/topical", lambda body: plans.topical_plan_body(
        TopicalPlanRequest.model_validate(body), PUBLISHED)),
    "mix": ("/api/v1/mix", lambda body: _out(
        MixOut, calculators.mix(calc.MixRequest.model_validate(body)))),
    "compound": ("/api/v1/compound", lambda body: _out(
        CompoundOut, calculators.compound(calc.CompoundRequest.model_validate(body), PUBLISHED))),
    "check": ("/api/v1/compound/check", lambda body: _out(
        CheckOut, calculators.check_batch(calc.CheckRequest.model_validate(body)))),
    "formula": ("/api/v1/compound/formula", lambda body: _out(
        FormulaBatchOut,
        calculators.scale_formula(calc.FormulaRequest.model_validate(body), PUBLISHED))),
}


@pytest.fixture(scope="module")
def http() -> TestClient:
    return TestClient(create_app())


def at(body: Any, path: str) -> Any:
    """The value at a dotted path such as 'visits.1.volume'."""
    for part in path.split("."):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def check_figures(case: dict[str, Any], body: dict[str, Any], where: str) -> None:
    for figure in case["figures"]:
        found = at(body, figure["path"])
        label = f"{case['id']} {where}: {figure['path']}"
        if "equals" in figure:
            expected = None if figure["equals"] == "null" else figure["equals"]
            assert found == expected, label
        else:
            read = STOCK.Quantity(found["value"], found["unit"]).to(figure["unit"]).magnitude
            assert read == pytest.approx(figure["value"], rel=1e-9), label


def visible_text(page: str) -> str:
    """A page's words as a reader sees them: tags dropped, entities read, spaces folded."""
    words = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))
    return re.sub(r"\s+", " ", html.unescape(words))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_service_layer_gives_the_golden_figures(case):
    _path, service = USES[case["use"]]
    check_figures(case, service(case["request"]), "service")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_json_api_gives_the_golden_figures(http, case):
    path, service = USES[case["use"]]
    response = http.post(path, json=case["request"])
    assert response.status_code == 200, response.text
    check_figures(case, response.json(), "API")
    assert response.json() == service(case["request"])  # the route adds nothing of its own


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_page_shows_the_golden_figures(http, case):
    response = http.get(f"{case['page']}?{urlencode([tuple(pair) for pair in case['query']])}")
    assert response.status_code == 200, response.text[:2000]
    shown = visible_text(response.text)
    for figure in case["figures"]:
        if "shown" in figure:
            assert figure["shown"] in shown, f"{case['id']}: {figure['shown']!r} not on the page"
    for text in case.get("absent", []):
        assert text not in shown.split("Constants used")[0], f"{case['id']}: {text!r} shown"


def test_every_case_cites_its_source_and_names_a_logged_hazard():
    logged = set(re.findall(r"^## (H\d+)\b", HAZARDS.read_text(encoding="utf-8"), flags=re.M))
    for case in CASES:
        assert case["source"].strip() and case["working"].strip(), case["id"]
        assert case["hazard"] in logged, case["id"]
