"""The clinic's due list: `/clinic` (both kinds, overdue first, with the pharmacist's view of what
to dispense this week), the day sheet to print (HTML and PDF) and the range as a spreadsheet."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.contracts.courses import iso_date
from app.courses.errors import InvalidInput
from app.http.deps import DatabaseDep
from app.services import due as service
from app.web.accounts.access import Reader
from app.web.courses import clinic_view
from app.web.courses.pages import today
from app.web.printing.views import NO_STORE, render_print
from app.web.refusals import PageRefused
from app.web.templating import page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
# Only dates and the view travel in these URLs: never a patient's reference or name.
DateQuery = Annotated[str, Query(max_length=10)]
VIEWS = {"": None, "all": None, "dispense": service.DISPENSE}


def _date(name: str, value: str, default: dt.date) -> dt.date:
    """A date from the query (YYYY-MM-DD), or the default when none is given; else 422."""
    if not value:
        return default
    try:
        return iso_date(value)
    except ValueError as error:
        raise PageRefused(422, "Not a date", f"{name} {error}") from None


@router.get("/clinic")
def due_list(request: Request, db: DatabaseDep, user: Reader,
             view: Annotated[str, Query(max_length=10)] = "") -> Response:
    """Both kinds, overdue first, then two weeks from today by day; `view=dispense` is the
    pharmacist's list of blocks to dispense in the coming seven days (for htmx, the list
    alone: it refreshes itself)."""
    if view not in VIEWS:
        raise PageRefused(422, "No such view",
                          "view must be all (everything due) or dispense (blocks to dispense).")
    now = dt.datetime.now(request.app.state.zone)
    board = service.due_board(db, request.app.state.policy, now.date(), VIEWS[view])
    overdue, days = clinic_view.rows(board)
    context: dict[str, object] = {
        "user": user, "board": board, "today": now.date(), "updated": f"{now:%H:%M}",
        "overdue": overdue, "days": days, "view": "dispense" if VIEWS[view] else "all",
    }
    return page(request, "courses/due.html", context, block="due")


def _day_sheet(request: Request, db: DatabaseDep, date: str, pdf: bool) -> Response:
    current = today(request)
    day = _date("date", date, current)
    board = service.day_sheet(db, request.app.state.policy, day, current)
    overdue, days = clinic_view.rows(board)
    context = {"board": board, "day": day, "overdue": overdue,
               "rows": [r for _, _, items in days for r in items], "back_url": "/clinic"}
    return render_print(request, "print/day_sheet.html", context, pdf=pdf, patient_name=None,
                        filename=f"sts-day-sheet-{day.isoformat()}.pdf")


@router.get("/clinic/day-sheet")
def day_sheet(request: Request, db: DatabaseDep, user: Reader, date: DateQuery = "") -> Response:
    """One day's sheet to print: what is due that day (and, today, what is overdue)."""
    return _day_sheet(request, db, date, pdf=False)


@router.get("/clinic/day-sheet.pdf", response_class=Response)
def day_sheet_pdf(request: Request, db: DatabaseDep, user: Reader,
                  date: DateQuery = "") -> Response:
    """The day sheet as a PDF, from the same template."""
    return _day_sheet(request, db, date, pdf=True)


@router.get("/clinic/due.csv", response_class=Response)
def due_csv(request: Request, db: DatabaseDep, user: Reader,
            start: Annotated[str, Query(alias="from", max_length=10)] = "",
            end: Annotated[str, Query(alias="to", max_length=10)] = "") -> Response:
    """The due list for a range (two weeks from today unless given) as CSV for a spreadsheet:
    UTF-8 with a byte-order mark, a header row, never kept by a cache."""
    current = today(request)
    first = _date("from", start, current)
    last = _date("to", end, first + dt.timedelta(days=service.BOARD_DAYS - 1))
    try:
        items = service.export(db, request.app.state.policy, first, last)
    except InvalidInput as error:
        raise PageRefused(422, "No such range", str(error)) from None
    body = "\ufeff" + clinic_view.csv_text(items, current)
    name = f"sts-due-{first.isoformat()}-to-{last.isoformat()}.csv"
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})
