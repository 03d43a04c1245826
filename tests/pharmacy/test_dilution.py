"""From an injection plan to its dilution: per-visit stock and diluent, vials, sterile worksheet."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from app.clinical.working import Working
from app.pharmacy.products import PRODUCTS
from app.pharmacy.visit_dilution import per_visit, vials_to_open
from app.quantities.registry import ML, Quantity


@pytest.mark.parametrize(("stock_ml", "vial_ml", "vials"), [
    (0.625, 50, 1),
    (50, 50, 1),
    (50.0000000001, 50, 1),  # float noise, not a second vial
    (50.01, 50, 2),
    (120, 50, 3),
    (100, 100, 1),
])
def test_vials_to_open(stock_ml: float, vial_ml: float, vials: int) -> None:
    assert vials_to_open(Quantity(stock_ml, ML), Quantity(vial_ml, ML)) == vials


def test_per_visit_split_by_parts() -> None:
    working = Working()
    # 3 parts stock + 2 parts saline: 5 mL = 3 mL + 2 mL; 60 mL = 36 mL + 24 mL (1 vial of 50).
    found = per_visit([(1, Quantity(5, ML)), (2, Quantity(60, ML))], 3, 2, Quantity(50, ML),
                      working)
    assert [d.stock.magnitude for d in found] == pytest.approx([3, 36])
    assert [d.diluent.magnitude for d in found] == pytest.approx([2, 24])
    assert [d.vials for d in found] == [1, 1]
    assert any("36 mL ÷ 50 mL per vial → 1 vial(s)" in line for line in working.lines)
    unknown = per_visit([(1, Quantity(5, ML))], 1, 1, None, Working())
    assert unknown[0].vials is None


def test_vial_sizes_come_from_the_labels() -> None:
    sizes = {p.id: None if p.vial_volume is None else p.vial_volume.to(ML).magnitude
             for p in PRODUCTS}
    # No vial size is held for a product whose label was not at hand: counted by hand.
    assert sizes == {"sts-25-usp": 50, "pedmark": 100, "pedmarqsi": None, "sts-150-nordic": None}


SHEET = ("/injection/round-sheet?start_date=2020-05-07&interval_days=14&product=sts-25-usp"
         "&diluent=saline&stock_parts=1&diluent_parts={parts}&site_name=hand&site_volume=1.25 mL"
         "&site_rounds=2&site_first_round=1&site_name=thigh&site_volume=110 mL&site_rounds=1"
         "&site_first_round=2")


def test_round_sheet_shows_each_visits_dilution(client: TestClient) -> None:
    page = client.get(SHEET.format(parts=1))
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    # Round 1: 1.25 mL = 0.625 + 0.625 mL, one vial; round 2: 111.25 mL = 55.62 + 55.62 mL,
    # two 50 mL vials.
    assert "1 1.25 mL 0.625 mL 0.625 mL 1" in text
    assert "2 111.2 mL 55.62 mL 55.62 mL 2" in text
    links = [html.unescape(link) for link in
             re.findall(r'href="(/pharmacy/records/compounding\?[^"]+)"', page.text)]
    assert len(links) == 2 and all("record=dilution" in link for link in links)
    worksheet = client.get(links[1] + "&bud=immediate-room&compounded=2020-05-21T09:00"
                           "&c_expiry=2021-01-01&c_expiry=2020-05-21")
    assert worksheet.status_code == 200
    assert "Beyond-use date: 2020-05-21T13:00" in worksheet.text  # immediate use: 4 hours
    assert "2 vial(s) of Sodium Thiosulfate Injection USP 25 %" in worksheet.text


def test_neat_stock_has_no_dilution(client: TestClient) -> None:
    page = client.get(SHEET.format(parts=0))
    assert page.status_code == 200 and "Dilution for each visit" not in page.text


def test_dilution_worksheet_refuses_bad_parts(client: TestClient) -> None:
    page = client.get("/pharmacy/records/compounding?record=dilution&stock=250 mg/mL"
                      "&stock_basis=pentahydrate&stock_parts=-1&diluent_parts=1&quantity=5 mL")
    assert page.status_code == 422 and "cannot be found" in page.text
