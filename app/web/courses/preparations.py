"""Pages for preparations kept with a topical course: make one for a block, see it, have it
checked by a second person, and print its label with the BUD it was given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.roles import Action
from app.clinical.chemistry import Basis
from app.contracts.preparations import CheckIn, PreparationIn
from app.courses.commands import validated
from app.courses.errors import CourseRefusal, InvalidInput
from app.courses.preparations import Preparation
from app.http.deps import DatabaseDep, PolicyDep
from app.pharmacy.beyond_use import NONSTERILE_RULES
from app.pharmacy.records import EXTERNAL
from app.services import course_actions
from app.services import preparations as service
from app.web.accounts.access import Compounder, CompounderForm, Reader
from app.web.accounts.session import PageUser
from app.web.courses.pages import CourseId, Long, Short, messages, today
from app.web.pharmacy.records import LABEL_STOCKS, label_css
from app.web.printing.views import render_print
from app.web.refusals import PageRefused
from app.web.templating import page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Texts = Annotated[list[str], Form(max_length=10)]
FIELDS = ("batch", "compounded", "form", "quantity", "powder_mass", "total", "deviations")
BUD_KINDS = [(form.value, f"{rule.kind}: {rule.count} {rule.unit}")
             for form, rule in NONSTERILE_RULES.items()]


def _refused(refusal: CourseRefusal) -> PageRefused:
    return PageRefused(refusal.status, "Not found" if refusal.status == 404 else "Refused",
                       refusal.message)


def _form_page(request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser,
               course_id: str, block: int, powder: str, typed: Mapping[str, object],
               errors: list[str], status: int = 200) -> Response:
    """The preparation form for a block: what the block needs and each planned amount."""
    try:
        course = course_actions.read_course(db, policy, user.actor, course_id)
        planned = service.plan_preparation(db, policy, course_id, block, Basis(powder))
    except CourseRefusal as refusal:
        raise _refused(refusal) from None
    except InvalidInput as error:
        raise PageRefused(422, "No such block", " ".join(messages(error))) from None
    rows = typed.get("rows") or [{"name": n, "planned": a} for n, a in planned.lines]
    return page(request, "courses/preparation_new.html", {
        "user": user, "course": course, "planned": planned, "powder": powder,
        "typed": typed, "rows": rows, "errors": errors, "bud_kinds": BUD_KINDS,
        "today": today(request).isoformat(), "path": request.url.path,
    }, status=status)


@router.get("/courses/{course_id}/preparations/new")
def new_preparation(request: Request, db: DatabaseDep, policy: PolicyDep, user: Compounder,
                    course_id: CourseId, block: int = 1, powder: str = "pentahydrate"
                    ) -> Response:
    """The form to record a batch made for one block."""
    powder = powder if powder in Basis._value2member_map_ else "pentahydrate"
    return _form_page(request, db, policy, user, course_id, block, powder, {}, [])


@router.post("/courses/{course_id}/preparations")
def add_preparation(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: CompounderForm,
    course_id: CourseId, block: Annotated[int, Form(ge=1, le=1000)], powder: Short,
    batch: Short = "", compounded: Short = "", form: Short = "", quantity: Short = "",
    powder_mass: Short = "", total: Short = "", deviations: Long = "",
    c_name: Texts = [], c_maker: Texts = [], c_lot: Texts = [],  # noqa: B006
    c_expiry: Texts = [], c_actual: Texts = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    """Keep the batch; refused input shows the form again with what was typed."""
    typed = dict(zip(FIELDS, (batch, compounded, form, quantity, powder_mass, total,
                              deviations), strict=True))
    rows = [dict(zip(("name", "maker", "lot", "expiry", "actual"), values, strict=True))
            for values in zip(c_name, c_maker, c_lot, c_expiry, c_actual, strict=False)]
    data: dict[str, object] = {k: v.strip() for k, v in typed.items() if v.strip()}
    data.update(block=block, powder=powder, components=[
        {k: v.strip() for k, v in row.items()} for row in rows if row["lot"].strip()])
    try:
        made = service.record_preparation(db, policy, user.actor, course_id,
                                          validated(PreparationIn, data), today(request))
    except InvalidInput as error:
        return _form_page(request, db, policy, user, course_id, block, powder,
                          {**typed, "rows": rows}, messages(error), status=422)
    except CourseRefusal as refusal:
        raise _refused(refusal) from None
    return RedirectResponse(f"/courses/{course_id}/preparations/{made.id}", status_code=303)


def _found(db: DatabaseDep, course_id: str, preparation_id: str) -> Preparation:
    try:
        kept = service.preparations(db, course_id)
    except CourseRefusal as refusal:
        raise _refused(refusal) from None
    found = next((p for p in kept if p.id == preparation_id), None)
    if found is None:
        raise PageRefused(404, "Not found", "There is no such preparation in this course.")
    return found


def _show(request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser,
          course_id: str, preparation_id: str, errors: list[str] | None = None,
          status: int = 200) -> Response:
    found = _found(db, course_id, preparation_id)
    course = course_actions.read_course(db, policy, user.actor, course_id)
    second = request.app.state.settings.preparation_second_check
    may_check = found.checked is None and user.may(Action.COMPOUND) and not (
        second and found.made_by.by == user.actor.username)
    return page(request, "courses/preparation.html", {
        "user": user, "course": course, "found": found, "may_check": may_check,
        "second": second, "errors": errors or [], "path": request.url.path,
    }, status=status)


@router.get("/courses/{course_id}/preparations/{preparation_id}")
def show_preparation(request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader,
                     course_id: CourseId, preparation_id: CourseId) -> Response:
    """A kept preparation: what was made, its BUD and batch check, who made and checked it."""
    return _show(request, db, policy, user, course_id, preparation_id)


@router.post("/courses/{course_id}/preparations/{preparation_id}/check")
def check_preparation(request: Request, db: DatabaseDep, policy: PolicyDep,
                      user: CompounderForm, course_id: CourseId, preparation_id: CourseId,
                      note: Long = "") -> Response:
    """A second person's check; a refusal shows the preparation again saying why."""
    try:
        service.check_preparation(
            db, user.actor, course_id, preparation_id,
            validated(CheckIn, {"note": note.strip()} if note.strip() else {}),
            request.app.state.settings.preparation_second_check)
    except InvalidInput as error:
        return _show(request, db, policy, user, course_id, preparation_id,
                     errors=messages(error), status=422)
    except CourseRefusal as refusal:
        if refusal.status == 404:
            raise _refused(refusal) from None
        return _show(request, db, policy, user, course_id, preparation_id,
                     errors=[refusal.message], status=refusal.status)
    return RedirectResponse(f"/courses/{course_id}/preparations/{preparation_id}",
                            status_code=303)


def _label(request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser,
           course_id: str, preparation_id: str, pdf: bool) -> Response:
    found = _found(db, course_id, preparation_id)
    course = course_actions.read_course(db, policy, user.actor, course_id)
    stock = request.query_params.get("stock", "100x50")
    stock = stock if stock in LABEL_STOCKS else "100x50"
    made = found.made
    context = {
        "stock": stock, "stock_words": LABEL_STOCKS[stock], "label_css": label_css(),
        "back_url": f"/courses/{course_id}/preparations/{preparation_id}", "kept": [],
        "kept_preparation": True,
        "record": {"name": f"Sodium thiosulfate {made['strength']} topical preparation",
                   "dosage_form": "topical preparation", "route": "topical",
                   "warning": EXTERNAL},
        "strength_text": f"{made['strength']}, {made['basis']}", "amount": made["quantity"],
        "bud": found.beyond_use.strftime("%d %b %Y"), "rule": {"storage": made["storage"]},
        "batch": found.batch,
    }
    return render_print(request, "print/label.html", context, pdf=pdf,
                        patient_name=course.patient.get("name"),
                        filename="sts-preparation-label.pdf")


@router.get("/courses/{course_id}/preparations/{preparation_id}/label")
def label(request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader,
          course_id: CourseId, preparation_id: CourseId) -> Response:
    """The label of a kept preparation: its BUD, batch and storage, never a blank."""
    return _label(request, db, policy, user, course_id, preparation_id, pdf=False)


@router.get("/courses/{course_id}/preparations/{preparation_id}/label.pdf")
def label_pdf(request: Request, db: DatabaseDep, policy: PolicyDep, user: Reader,
              course_id: CourseId, preparation_id: CourseId) -> Response:
    """The same label as a PDF."""
    return _label(request, db, policy, user, course_id, preparation_id, pdf=True)
