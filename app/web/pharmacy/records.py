"""Pharmacy-record pages: the record index, master records, compounding worksheets and labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from app.clinical.chemistry import Basis
from app.pharmacy.records import Kind, MasterFormulation, strength_text
from app.quantities import parsing
from app.quantities.display import quantity as quantity_text
from app.quantities.fast import in_unit
from app.quantities.parsing import QuantityError, parse_quantity
from app.quantities.registry import MG_PER_G, ML, G, strength_unit
from app.services import pharmacy_records as service
from app.topical.models import TopicalPlanResult
from app.web.forms import text
from app.web.pharmacy import record_sheets as print_records
from app.web.printing.views import render_print, typed_name
from app.web.templating import STATIC_DIR, render

router = APIRouter(include_in_schema=False)
PatientName = Annotated[str, Form(max_length=120)]
Builder = Callable[[Request], Mapping[str, object]]

# Label stock the PDF is sized for: the CSS page name and the words shown for it.
LABEL_STOCKS = {"100x50": "100 × 50 mm", "4x2": "4 × 2 in"}


def worksheet_query(record: MasterFormulation, **extra: str) -> str:
    """The query that opens a record's worksheet or label with a starting amount filled in."""
    unit = "g" if record.convention == "w/w" else "mL"
    amount = "10 mL" if record.kind is Kind.STERILE else f"100 {unit}"
    return urlencode({"record": record.id, "quantity": amount, **extra})


def block_worksheets(result: TopicalPlanResult | None, basis: Basis) -> list[str]:
    """For each block of a topical plan, the query of the compounding worksheet that makes
    what the block dispenses, at its strength (exact figures: the worksheet rounds)."""
    if result is None:
        return []
    queries = []
    for block in result.blocks:
        unit = strength_unit(block.strength)
        if block.preparation_volume is None:
            amount = f"{in_unit(block.dispense.amount, G).magnitude!r} g"
        else:  # w/v: the dispensed mass as the volume the density gives
            volume = in_unit(block.preparation_volume, ML).magnitude * block.dispensed_per_needed
            amount = f"{volume!r} mL"
        queries.append(urlencode({
            "record": "topical", "strength": f"{in_unit(block.strength, unit).magnitude!r} "
            f"{'mg/g' if unit == MG_PER_G else 'mg/mL'}", "strength_basis": basis.value,
            "quantity": amount}))
    return queries


@router.get("/pharmacy/records", response_class=HTMLResponse)
def index(request: Request) -> Response:
    """Every master formulation record, with its worksheet and label."""
    found = service.master_formulations(request.app.state.protocols)
    entries = [{"record": r, "strength": strength_text(r), "query": worksheet_query(r)}
               for r in found]
    return render(request, "pharmacy_records/index.html", {"entries": entries})


@lru_cache(maxsize=1)
def label_css() -> Markup:
    """The label stylesheet, put into the PDF's own page (the PDF fetches no files)."""
    return Markup((STATIC_DIR / "labels.css").read_text(encoding="utf-8"))  # noqa: S704


def _beyond_use_text(value: str, errors: dict[str, str]) -> str:
    if not value:
        return ""
    try:
        moment = (dt.datetime.fromisoformat(value) if "T" in value
                  else dt.date.fromisoformat(value))
    except ValueError:
        errors["beyond_use"] = f"{value[:40]!r} is not a date (2025-01-06) or time (T09:30)."
        return ""
    if isinstance(moment, dt.datetime):
        return moment.strftime("%d %b %Y %H:%M")
    return moment.strftime("%d %b %Y")


def label(request: Request) -> dict[str, object]:
    """A label for one container of a preparation, on the label stock chosen."""
    params = request.query_params
    errors: dict[str, str] = {}
    record = print_records.record_of(request, errors)
    stock = text(params, "stock") if text(params, "stock") in LABEL_STOCKS else "100x50"
    context: dict[str, object] = {
        "stock": stock, "stock_words": LABEL_STOCKS[stock], "label_css": label_css(),
        "back_url": "/pharmacy/records", "beyond_use": text(params, "beyond_use")[:40],
        # The BUD form resends everything else the label was opened with.
        "kept": [(k, v) for k, v in params.multi_items() if k != "beyond_use"],
    }
    try:
        amount = parse_quantity(text(params, "quantity"), parsing.MASS_OR_VOLUME)
    except QuantityError as error:
        errors["quantity"] = f"Quantity in the container: {error}."
    bud = _beyond_use_text(text(params, "beyond_use"), errors)
    if record is None or errors:
        return {**context, "errors": errors}
    unit = ML if amount.dimensionality == ML.dimensionality else G
    return {**context, "record": record, "strength_text": strength_text(record),
            "amount": quantity_text(amount, unit), "bud": bud,
            "rule": print_records.bud_of(record, params), "batch": text(params, "batch")[:40]}


def register(path: str, template: str, build: Builder, filename: str, *, named: bool = True
             ) -> None:
    """A print view and its PDF twin, each by GET or, with a patient's name, by POST."""
    methods = ["GET", "POST"] if named else ["GET"]

    def page(pdf: bool) -> Callable[..., Response]:
        def show(request: Request, patient_name: PatientName = "") -> Response:
            # The "Download PDF" button posts: that PDF is saved rather than shown.
            disposition = "attachment" if request.method == "POST" else "inline"
            return render_print(request, template, build(request), pdf=pdf,
                                patient_name=typed_name(patient_name), filename=filename,
                                disposition=disposition)
        return show

    router.add_api_route(path, page(False), methods=methods, response_class=HTMLResponse)
    router.add_api_route(path + ".pdf", page(True), methods=methods, response_class=Response)


register("/pharmacy/records/master", "pharmacy_records/master.html", print_records.master,
         "sts-master-formulation-record.pdf", named=False)
register("/pharmacy/records/compounding", "pharmacy_records/compounding.html",
         print_records.compounding, "sts-compounding-record.pdf")
register("/pharmacy/records/label", "print/label.html", label, "sts-label.pdf")
