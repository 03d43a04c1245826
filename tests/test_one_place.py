"""Each value in one place: the batch check's tolerance is a sourced fact that every place using it
reads, and every unit has its labels in one table, so people read cm² where JSON says cm**2."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from app.clinical import facts
from app.contracts.calculators import CheckRequest
from app.pharmacy.records import BATCH_CHECK
from app.quantities import display
from app.quantities.fast import to_json
from app.quantities.registry import (
    CM2,
    LABELS,
    MG_PER_CM2,
    PERCENT,
    SHOWN_LABELS,
    UNIT_LABELS,
    Quantity,
)
from app.web.forms import check_form

ROOT = Path(__file__).resolve().parents[1]
TEN_PERCENT_WORKSHEET = (
    "/pharmacy/records/compounding?record=pagnini-2013-topical-3-then-10-step-2&quantity=100 g"
    "&powder=anhydrous&bud=aqueous-unpreserved&powder_mass={mass}&total=100.07 g"
)


def test_the_batch_tolerance_is_a_sourced_fact():
    fact = facts.BATCH_TOLERANCE
    assert fact in facts.ALL_FACTS
    assert fact.value == Quantity(10, PERCENT) and fact.text == "10 %"
    assert facts.batch_tolerance_percent() == 10
    assert "local convention" in fact.source


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("the check request's default",
         lambda: CheckRequest.model_fields["tolerance_percent"].default),
        ("the check form's default",
         lambda: float(check_form(QueryParams("")).values["tolerance_percent"])),
    ],
)
def test_every_default_tolerance_is_the_fact(where, value):
    assert value() == facts.batch_tolerance_percent(), where


@pytest.mark.parametrize(
    "words",
    [BATCH_CHECK, (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")],
    ids=["master record's quality check", "docs/sources.md"],
)
def test_the_tolerance_is_written_from_the_fact(words):
    assert facts.BATCH_TOLERANCE.text in words


def test_the_worksheet_template_holds_no_tolerance_of_its_own():
    template = (ROOT / "templates" / "pharmacy_records" / "compounding.html").read_text("utf-8")
    assert "10 %" not in template and "{{ tolerance }}" in template


@pytest.mark.parametrize(
    ("mass", "verdict"),
    [("6.37 g", "within</strong> the ±10 % tolerance"),
     ("3.00 g", "OUTSIDE</strong> the ±10 % tolerance"),
     ("", "within ±10 % of the label")],
    ids=["within", "outside", "not yet weighed"],
)
def test_the_worksheet_shows_the_facts_tolerance(client: TestClient, mass, verdict):
    page = client.get(TEN_PERCENT_WORKSHEET.format(mass=mass))
    assert page.status_code == 200 and verdict in page.text


def test_the_sources_page_lists_the_tolerance(client: TestClient):
    page = client.get("/sources").text
    assert facts.BATCH_TOLERANCE.name in page and "10 %" in page


@pytest.mark.parametrize("fact", [facts.BODY_SURFACE_MAX, facts.TOPICAL_DENSITY_MAX],
                         ids=lambda fact: fact.name)
def test_the_sources_page_writes_units_for_people(client: TestClient, fact):
    page = client.get("/sources").text
    assert f"{fact.value.magnitude:g} {SHOWN_LABELS[fact.value.units]}" in page
    assert "**" not in fact.text


@pytest.mark.parametrize("written", ["40000 cm**2", "cm**2", "mg/cm**2"])
def test_no_pint_notation_on_the_sources_page(client: TestClient, written):
    assert written not in client.get("/sources").text


@pytest.mark.parametrize(
    ("unit", "shown", "in_json"), [(CM2, "cm²", "cm**2"), (MG_PER_CM2, "mg/cm²", "mg/cm**2")]
)
def test_one_table_gives_both_labels(unit, shown, in_json):
    assert LABELS[unit] == (shown, in_json)
    assert display.quantity(Quantity(50, unit), unit) == f"50 {shown}"
    assert to_json(Quantity(50, unit), unit) == {"value": 50.0, "unit": in_json}


def test_every_label_comes_from_the_one_table():
    assert set(SHOWN_LABELS) == set(LABELS) and set(UNIT_LABELS) <= set(LABELS)

