"""Master formulation records, the compounding worksheet and their PDFs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.pharmacy.records import Kind
from app.services.pharmacy_records import master_formulation, master_formulations
from tests.pharmacy.pdfs import page_texts

EAHP = "formula-eahp-sts-25-ointment"
TEN_PERCENT = "pagnini-2013-topical-3-then-10-step-2"
DILUTION = "ssc-weekly-4x-150-dilution"


@pytest.fixture(scope="module")
def protocols() -> object:
    return create_app().state.protocols


def test_records_come_from_formulas_and_templates(protocols: object) -> None:
    ids = {record.id for record in master_formulations(protocols)}  # type: ignore[arg-type]
    assert {EAHP, TEN_PERCENT, "pagnini-2013-topical-3-then-10-step-1", DILUTION,
            "baumgartner-4weekly-4x-150-dilution", "eahp-25-ointment-step-1"} <= ids
    # Neat injections are not compounded, so they have no record.
    assert not any(i.startswith(("golub", "clin-rheumatol")) for i in ids)


def test_a_formula_that_does_not_say_leaves_the_choices_open(protocols: object) -> None:
    record = master_formulation(EAHP, protocols)  # type: ignore[arg-type]
    assert record.basis is None and record.kind is Kind.NONSTERILE
    assert record.bud_rule(None) is None and record.bud_rule("sterile-ish") is None
    assert {key: rule.count for key, rule in record.bud_choices.items()} == {
        "aqueous-unpreserved": 14, "aqueous-preserved": 35, "nonaqueous-oral-liquid": 90,
        "nonaqueous": 180}
    assert [(i.name, None if i.amount is None else i.amount.magnitude)
            for i in record.ingredients] == [
        ("sodium thiosulfate", 25), ("glycerin", 10), ("lanolin", 32.5),
        ("white soft paraffin", None)]
    assert record.warning == "For external use only"


def test_a_dilution_record_is_sterile_with_its_volumes(protocols: object) -> None:
    record = master_formulation(DILUTION, protocols)  # type: ignore[arg-type]
    assert record.kind is Kind.STERILE and record.warning == "For intralesional injection"
    # 3 parts of 250 mg/mL + 2 parts saline = 150 mg/mL; per 10 mL, 6 mL + 4 mL.
    assert record.strength.magnitude == pytest.approx(150)
    assert [i.amount.magnitude for i in record.ingredients] == pytest.approx([6, 4])
    assert set(record.bud_choices) == {"immediate-room", "immediate-refrigerator", "1-room",
                                       "1-refrigerator", "2-room", "2-refrigerator",
                                       "2-freezer"}


def test_index_links_every_record(client: TestClient) -> None:
    page = client.get("/pharmacy/records")
    assert page.status_code == 200
    for record_id in (EAHP, TEN_PERCENT, DILUTION):
        assert f"/pharmacy/records/master?record={record_id}" in page.text
        assert f"/pharmacy/records/compounding?record={record_id}" in page.text


@pytest.mark.parametrize(("query", "present", "absent"), [
    (f"record={EAHP}", ["To be chosen by the pharmacist", "180 days", "14 days",
                        "salt form not stated"], ["Chosen by the pharmacist"]),
    (f"record={EAHP}&bud=nonaqueous", ["Chosen by the pharmacist", "180 days"],
     ["To be chosen"]),
    (f"record={DILUTION}&bud=1-refrigerator", ["Category 1, refrigerator: 24 hours",
                                               "USP &lt;797&gt;"], []),
])
def test_master_record_page(client: TestClient, query: str, present: list[str],
                            absent: list[str]) -> None:
    page = client.get(f"/pharmacy/records/master?{query}")
    assert page.status_code == 200
    assert all(words in page.text for words in present), present
    assert not any(words in page.text for words in absent), absent


def test_unknown_record_is_a_page_saying_so(client: TestClient) -> None:
    page = client.get("/pharmacy/records/master?record=no-such-thing")
    assert page.status_code == 422 and "cannot be found" in page.text


WORKSHEET = (f"/pharmacy/records/compounding?record={TEN_PERCENT}&quantity=100 g&powder=anhydrous"
             "&bud=aqueous-unpreserved&compounded=2025-01-06&batch=B-17"
             "&c_maker=Acme&c_lot=L1&c_expiry=2025-06-01&c_actual=6.37 g"
             "&c_maker=BaseCo&c_lot=L2&c_expiry=2025-01-10&c_actual=93.70 g"
             "&powder_mass=6.37 g&total=100.07 g")


def test_compounding_worksheet_hand_worked(client: TestClient) -> None:
    page = client.get(WORKSHEET)
    assert page.status_code == 200
    text = page.text
    # 100 g of 10 % w/w (pentahydrate) from anhydrous powder: 6.37 g powder + 93.63 g base.
    assert "6.37 g" in text and "93.63 g" in text
    # <795> unpreserved: 14 days to 2025-01-20, but the base expires 2025-01-10.
    assert "Beyond-use date: 2025-01-10" in text and "limited by Base (vehicle)" in text
    # 6.37 g anhydrous = 10.00 g pentahydrate in 100.07 g: within ±10 % of the label.
    assert "within</strong> the ±10 % tolerance" in text
    assert "B-17" in text and "Acme" in text and "L2" in text


def test_sterile_worksheet(client: TestClient) -> None:
    page = client.get(f"/pharmacy/records/compounding?record={DILUTION}&quantity=5 mL"
                      "&bud=1-refrigerator&compounded=2025-01-06T09:00"
                      "&c_expiry=2026-01-01&c_expiry=2026-01-01")
    assert page.status_code == 200
    # 5 mL of 150 mg/mL from 3 + 2 parts: 3 mL stock + 2 mL saline; 24 h in a refrigerator.
    assert "3.0 mL" in page.text and "2.0 mL" in page.text
    assert "Beyond-use date: 2025-01-07T09:00" in page.text


def test_missing_choices_are_asked_for_not_assumed(client: TestClient) -> None:
    page = client.get(f"/pharmacy/records/compounding?record={EAHP}&quantity=100 g")
    assert page.status_code == 200
    assert "Choose the powder" in page.text and "Choose the salt form" in page.text
    pdf = client.get(f"/pharmacy/records/compounding.pdf?record={EAHP}&quantity=100 g")
    assert pdf.status_code == 422


def test_worksheet_pdf_keeps_sign_off_with_the_bud(client: TestClient, tmp_path: Path) -> None:
    pdf = client.get(WORKSHEET.replace("compounding?", "compounding.pdf?"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = page_texts(pdf.content, tmp_path)
    with_sign_off = [text for text in pages if "Sign-off" in text]
    assert len(with_sign_off) == 1
    assert "Beyond-use date and storage" in with_sign_off[0]
    assert "Prepared by" in with_sign_off[0] and "Checked by" in with_sign_off[0]
    whole = " ".join(pages)
    assert "Compounding record" in whole and "Acme" in whole and "2025-01-10" in whole


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("query", [
    f"record={EAHP}&quantity=250 g&powder=pentahydrate&strength_basis=anhydrous",
    f"record={TEN_PERCENT}&quantity=30 g&powder=pentahydrate&bud=nonaqueous",
    f"record={DILUTION}&quantity=10 mL&bud=immediate-room&compounded=2025-01-06T09:00"
    "&c_expiry=2026-01-01&c_expiry=2026-01-01&deviations=" + "x" * 200,
])
def test_sign_off_never_alone_whatever_the_sheet(
    client: TestClient, tmp_path: Path, paper: str, query: str
) -> None:
    pdf = client.get(f"/pharmacy/records/compounding.pdf?{query}&paper={paper}")
    assert pdf.status_code == 200
    pages = page_texts(pdf.content, tmp_path)
    page = next(text for text in pages if "Sign-off" in text)
    assert "Beyond-use date and storage" in page and "Checked by" in page


def test_label_from_the_worksheet_prints_the_bud_it_worked_out(
    client: TestClient, tmp_path: Path
) -> None:
    """Hazard H23: a label printed from the worksheet never leaves its known BUD blank."""
    page = client.get(WORKSHEET)
    [link] = re.findall(r'href="(/pharmacy/records/label\?[^"]+)"', page.text)
    link = html.unescape(link)
    assert "beyond_use=2025-01-10" in link
    label = client.get(link.replace("/label?", "/label.pdf?"))
    assert label.status_code == 200
    [text] = page_texts(label.content, tmp_path)
    assert "Use by (BUD): 10 Jan 2025" in text and "B-17" in text


def test_label_without_a_bud_says_so_and_offers_a_field(client: TestClient) -> None:
    page = client.get(f"/pharmacy/records/label?record={TEN_PERCENT}&quantity=50 g")
    assert page.status_code == 200
    assert 'name="beyond_use"' in page.text
    assert "No beyond-use date yet" in page.text
    typed = client.get(f"/pharmacy/records/label?record={TEN_PERCENT}&quantity=50 g"
                       "&beyond_use=2025-02-01")
    assert "10 Jan" not in typed.text and "01 Feb 2025" in typed.text
    assert "No beyond-use date yet" not in typed.text


def test_every_sterile_bud_choice_reads_differently(client: TestClient) -> None:
    """Two choices that read the same (both 'immediate use: 4 hours') cannot be told apart."""
    page = client.get(f"/pharmacy/records/compounding?record={DILUTION}&quantity=5 mL")
    options = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', page.text.split(
        'id="bud"')[1].split("</select>")[0])
    assert len(options) == len(set(options)) >= 7
    assert any("room temperature" in o and "immediate" in o for o in options)
    assert any("refrigerator" in o and "immediate" in o for o in options)
