"""The course list (/courses): every course newest first, searched by reference or name, filtered
by kind and status, 50 a page. The terms are posted, never put in an address or a log line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.courses.errors import InvalidInput
from app.http.deps import DatabaseDep
from app.services import course_actions as service
from app.web.accounts.access import Reader, ReaderForm
from app.web.accounts.session import PageUser
from app.web.courses import view as course_view
from app.web.templating import page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 50
Choice = Annotated[str, Form(max_length=20)]
KINDS = {"": "Either kind", "injection": "Injection", "topical": "Topical"}
STATUSES = {"active": "Active", "completed": "Completed", "stopped": "Stopped"}
LABELS = {"q": "Reference or name", "kind": "Kind", "status": "Status", "cursor": "Page"}


def _listing(
    request: Request, db: DatabaseDep, user: PageUser, typed: Mapping[str, object],
    status: int = 200,
) -> Response:
    """The page (or, for htmx, the results alone) for a search as typed."""
    search: dict[str, object] = {"limit": PAGE}
    if typed["q"]:
        search["q"] = typed["q"]
    if typed["kind"]:
        search["kind"] = typed["kind"]
    if typed["status"]:
        search["status"] = typed["status"]
    if typed["cursor"]:
        search["cursor"] = typed["cursor"]
    errors: list[str] = []
    try:
        found = service.find_courses(db, user.actor, search)
        rows, cursor = [course_view.course_row(c) for c in found.items], found.next_cursor
    except InvalidInput as error:
        errors = [f"{LABELS.get(str(e['loc'][-1]), 'The search')}: "
                  f"{str(e['msg']).removeprefix('Value error, ')}" for e in error.errors]
        rows, cursor, status = [], None, 422
    context = {"user": user, "typed": typed, "rows": rows, "next_cursor": cursor,
               "errors": errors, "kinds": KINDS, "statuses": STATUSES, "page_size": PAGE}
    return page(request, "courses/list.html", context, status, block="results")


@router.get("/courses")
def course_list(request: Request, db: DatabaseDep, user: Reader) -> Response:
    """Every course, newest first, with the search form."""
    typed = {"q": "", "kind": "", "status": [], "cursor": ""}
    return _listing(request, db, user, typed)


@router.post("/courses")
def search_courses(
    request: Request, db: DatabaseDep, user: ReaderForm,
    q: Annotated[str, Form(max_length=200)] = "", kind: Choice = "",
    status: Annotated[list[str], Form(max_length=3)] = [],  # noqa: B006 - FastAPI copies it
    cursor: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The courses the search finds (the terms came in this POST body only)."""
    typed = {"q": " ".join(q.split()), "kind": kind, "status": status, "cursor": cursor}
    return _listing(request, db, user, typed)
