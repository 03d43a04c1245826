"""The course page's forms: record a round, strike a record out, stop the course."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.courses.errors import CourseRefusal, InvalidInput, PreconditionFailed
from app.courses.kinds import RecordStatus
from app.http.deps import DatabaseDep, PolicyDep
from app.services import course_actions as service
from app.web.accounts.access import RoundRecorder, Striker, Writer
from app.web.accounts.session import PageUser
from app.web.courses import view as course_view
from app.web.courses.pages import CourseId, Long, Short, Typed, course_page, messages, today
from app.web.refusals import PageRefused
from app.web.templating import is_fragment_request

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Version = Annotated[int, Form(ge=1, le=10**9)]
Count = Annotated[int, Form(ge=0, le=10**6)]
Names = Annotated[list[str], Form(max_length=60)]
STATUSES = (RecordStatus.GIVEN, RecordStatus.DEFERRED, RecordStatus.OMITTED)


def conflict_of(
    db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str, seen: int,
    mine: Mapping[str, object],
) -> dict[str, object]:
    """Both versions in words: what others recorded since the page was shown, and what was typed."""
    current = service.read_course(db, policy, user.actor, course_id)
    theirs = [course_view.record_words(r) for r in current.records[seen:]]
    if current.stopped is not None:
        theirs.append(f"The course was stopped: {current.stopped.reason} "
                      f"(by {current.stopped.by}).")
    if not theirs:
        theirs = ["A record was struck out as entered in error, or the course changed "
                  "otherwise; its records are below."]
    return {"theirs": theirs, "mine": course_view.typed_words({**mine, "by": ""})}


def send_record(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str,
    version: int, seen: int, form: Typed, record: dict[str, object], back: str, said: str,
) -> Response:
    """Send a record from any of the course page's forms; a stale version or a refusal shows
    the page again with what was typed (`form`), the conflict in words where there is one."""
    try:
        service.add_record(db, policy, user.actor, course_id, version, record, today(request))
    except PreconditionFailed:
        conflict = conflict_of(db, policy, user, course_id, seen, record)
        return course_page(request, db, policy, user, course_id, form=form, conflict=conflict,
                           status=412)
    except InvalidInput as error:
        form.errors = messages(error)
        return course_page(request, db, policy, user, course_id, form=form, status=422)
    except CourseRefusal as refusal:
        if refusal.status == 404:
            raise PageRefused(404, "Course not found", refusal.message) from None
        form.errors = [refusal.message]
        return course_page(request, db, policy, user, course_id, form=form, status=refusal.status)
    return saved(request, db, policy, user, course_id, back, said)


@router.post("/courses/{course_id}/records")
def add_record(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: RoundRecorder,
    course_id: CourseId, version: Version,
    seen: Count, round: Annotated[int, Form(ge=1, le=1000)], status: Short, date: Short = "",
    site_name: Names = [], site_volume: Names = [],  # noqa: B006 - FastAPI copies defaults
    lot: Short = "", expiry: Short = "", reason: Long = "", note: Long = "",
) -> Response:
    """Record the round; a stale version or a refusal shows the page again with what was typed."""
    volumes = list(zip(site_name, site_volume, strict=False))
    form = course_view.RecordForm(round=round, date=date.strip(), status=status,
                                  volumes=volumes, lot=lot.strip(), expiry=expiry.strip(),
                                  reason=reason.strip(), note=note.strip())
    record: dict[str, object] = {"round": round, "status": status, "date": form.date}
    if status == RecordStatus.GIVEN:
        record.update(volumes={n: v.strip() for n, v in volumes if v.strip()},
                      lot=form.lot or None, expiry=form.expiry or None)
    elif form.reason:
        record["reason"] = form.reason
    if form.note:
        record["note"] = form.note
    return send_record(request, db, policy, user, course_id, version, seen, form, record,
                       f"/courses/{course_id}#rounds", f"Saved: round {round} {status}.")


def saved(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str, then: str,
    said: str,
) -> Response:
    """After a write: htmx gets the course's body with `said` announced, a plain form a redirect
    (so a reload never sends the form again)."""
    if is_fragment_request(request):
        return course_page(request, db, policy, user, course_id, said=said)
    return RedirectResponse(then, status_code=303)


@router.post("/courses/{course_id}/records/{record_id}/entered-in-error")
def entered_in_error(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Striker,
    course_id: CourseId, record_id: CourseId,
    version: Version, reason: Long,
) -> Response:
    """Strike a record out: it stays on the page, struck through, with the reason."""
    return _written(
        request, db, policy, user, course_id, f"/courses/{course_id}#records",
        "Saved: the record is struck out as entered in error.",
        lambda: service.mark_in_error(db, policy, user.actor, course_id, record_id, version,
                                      reason.strip()),
    )


@router.post("/courses/{course_id}/stop")
def stop_course(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: Writer,
    course_id: CourseId, version: Version,
    reason: Long,
) -> Response:
    """Stop the course with a reason; it leaves the due list."""
    return _written(
        request, db, policy, user, course_id, f"/courses/{course_id}",
        "Saved: the course is stopped.",
        lambda: service.stop_course(db, policy, user.actor, course_id, version, reason.strip()),
    )


def _written(
    request: Request, db: DatabaseDep, policy: PolicyDep, user: PageUser, course_id: str, then: str,
    said: str, write: Callable[[], object],
) -> Response:
    """Make a write to a course; on success go to `then`, else show the course page with the
    refusal in words (a 404 as the not-found page)."""
    try:
        write()
    except InvalidInput as error:
        return course_page(request, db, policy, user, course_id, errors=messages(error), status=422)
    except CourseRefusal as refusal:
        if refusal.status == 404:
            raise PageRefused(404, "Not found", refusal.message) from None
        return course_page(request, db, policy, user, course_id, errors=[refusal.message],
                           status=refusal.status)
    return saved(request, db, policy, user, course_id, then, said)
