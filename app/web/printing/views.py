"""A print view and its PDF twin from one template, and the four routes `register()` adds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import QueryParams

from app.clinical.text import PlainName, PlainText
from app.http.deps import PolicyDep
from app.i18n.catalogues import SOURCE
from app.i18n.language import Language
from app.policy import Policy
from app.web.templating import env_for

# Who the sheet is for is typed at print time and only ever travels in a POST body, never in a
# URL; nothing of it is kept.
PatientName = Annotated[str, Form(max_length=120)]
ShortField = Annotated[str, Form(max_length=60)]


@dataclass(frozen=True)
class PrintedFor:
    """Who a printout is for and who prescribed, as typed; a blank leaves a line to write on."""

    name: str | None = None
    reference: str | None = None  # the hospital number
    born: str | None = None
    prescriber: str | None = None


def printed_for(
    patient_name: PatientName = "", hospital_number: ShortField = "",
    date_of_birth: ShortField = "", prescriber: PatientName = "",
) -> PrintedFor:
    """The details typed in the print form, each trimmed; blanks stay blank."""
    return PrintedFor(
        typed_name(patient_name), typed_text(hospital_number, "hospital number"),
        typed_text(date_of_birth, "date of birth"), typed_name(prescriber, "prescriber"),
    )


PrintedForDep = Annotated[PrintedFor, Depends(printed_for)]

# Neither the page nor the PDF may be kept by a shared cache: either may carry a patient's name.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

Builder = Callable[[Request, Policy], Mapping[str, object]]


def paper_size(params: QueryParams) -> str:
    """'letter' when the query asks for US Letter, else 'a4'."""
    return "letter" if params.get("paper") == "letter" else "a4"


def query_with(params: QueryParams, **changes: str | None) -> str:
    """The query string with some parameters replaced (or dropped when None)."""
    kept = [(key, value) for key, value in params.multi_items() if key not in changes]
    kept += [(key, value) for key, value in changes.items() if value is not None]
    return urlencode(kept)


def render_print(
    request: Request, template: str, context: Mapping[str, object], *, pdf: bool,
    patient_name: str | None, filename: str, disposition: str = "inline",
    patient: PrintedFor | None = None,
) -> Response:
    """Render a print view as an HTML page, or as a PDF from the very same template."""
    params = request.query_params
    patient = patient or PrintedFor(name=patient_name)
    print_path = request.url.path.removesuffix(".pdf")
    page = {
        "settings": request.app.state.settings,
        "policy": request.app.state.policy,
        "paper": paper_size(params),
        "for_pdf": pdf,
        "printed": dt.date.today(),
        "patient_name": patient.name,
        "patient": patient,
        "query": query_with(params),
        "query_a4": query_with(params, paper=None),
        "query_letter": query_with(params, paper="letter"),
        "print_path": print_path,
        "pdf_path": print_path + ".pdf",
        # The patient's language select keeps every other part of the address.
        "query_items": [(k, v) for k, v in params.multi_items() if k != "lang"],
        **context,
    }
    # A patient printout is in the language its builder chose; a staff sheet in English.
    chosen = context.get("language")
    templates = env_for(chosen.code if isinstance(chosen, Language) else SOURCE)
    if context.get("errors"):
        # Nothing safe to print: say what is missing, as a page, for the PDF link too.
        page["for_pdf"] = False
        html = templates.get_template(template).render(page)
        return HTMLResponse(html, status_code=422, headers=NO_STORE)
    html = templates.get_template(template).render(page)
    if not pdf:
        return HTMLResponse(html, headers=NO_STORE)
    return Response(
        request.app.state.pdf.render(html),
        media_type="application/pdf",
        headers={**NO_STORE, "Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


_NAME: TypeAdapter[str] = TypeAdapter(PlainName)
_TEXT: TypeAdapter[str] = TypeAdapter(PlainText)


def typed_name(value: str, label: str = "patient name") -> str | None:
    """A name as typed, trimmed and in NFC; None leaves a line to write it by hand. Refused (422,
    in words) when it holds a character that could hide or reorder what is printed, or a word
    mixing two scripts: the same rule as every name the app keeps."""
    return _typed(value, label, _NAME)


def typed_text(value: str, label: str) -> str | None:
    """Another detail as typed, under the same rule but for the mixing of scripts."""
    return _typed(value, label, _TEXT)


def _typed(value: str, label: str, rule: TypeAdapter[str]) -> str | None:
    if not value.strip():
        return None
    try:
        return " ".join(rule.validate_python(value).split())
    except ValidationError as error:
        # The message names the character by code point and never repeats what was typed.
        reason = str(error.errors()[0]["msg"]).removeprefix("text ")
        raise HTTPException(422, f"The {label} cannot be printed: it {reason}.") from None


def register(
    router: APIRouter, path: str, template: str, build: Builder, filename: str
) -> None:
    """Add the four routes of one print view to `router`: page and PDF, each by GET or with a
    name by POST."""

    def respond(
        request: Request, policy: Policy, pdf: bool, posted: bool, patient: PrintedFor
    ) -> Response:
        # The "Download PDF" button posts, so a posted PDF is saved rather than shown.
        return render_print(request, template, build(request, policy), pdf=pdf,
                            patient_name=patient.name, filename=filename, patient=patient,
                            disposition="attachment" if pdf and posted else "inline")

    def by_get(pdf: bool) -> Callable[..., Response]:
        def answer(request: Request, policy: PolicyDep) -> Response:
            return respond(request, policy, pdf, False, PrintedFor())
        return answer

    def by_post(pdf: bool) -> Callable[..., Response]:
        def answer(request: Request, policy: PolicyDep, patient: PrintedForDep) -> Response:
            return respond(request, policy, pdf, True, patient)
        return answer

    router.add_api_route(path, by_get(False), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(path, by_post(False), methods=["POST"], response_class=HTMLResponse)
    router.add_api_route(path + ".pdf", by_get(True), methods=["GET"], response_class=Response)
    router.add_api_route(path + ".pdf", by_post(True), methods=["POST"], response_class=Response)

