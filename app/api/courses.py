"""Course endpoints: thin routes over app/services/courses.py, answering with ETag and Location."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from app.api.auth import ReadAudit, ReadCourses, Records, Strikes, WriteCourses
from app.api.course_bodies import (
    audit_body,
    course_body,
    read,
    read_record,
    search_body,
    summary_body,
)
from app.api.course_schema import new_course_body
from app.api.openapi_parts import REFUSALS, Id, read_body
from app.contracts.courses import AmendIn, CourseIn, ReasonIn, RecordIn, SearchIn, iso_date
from app.courses.errors import InvalidInput, PreconditionRequired
from app.courses.views import CourseView
from app.http.deps import DatabaseDep, PolicyDep, local_today
from app.services import course_amend, course_search
from app.services import courses as service
from app.services import due as due_service

router = APIRouter(prefix="/api/v1", tags=["courses"], responses=REFUSALS)
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=40)]
Bounded = Annotated[str, Query(max_length=64)]
# Only a strong tag: If-Match compares strongly (RFC 9110, 13.1.1), so a weak W/"3" matches nothing.
_ETAG = re.compile(r'^"(\d{1,9})"$')
Command = TypeVar("Command")


def _course(course: CourseView, status: int = 200) -> JSONResponse:
    headers = {"ETag": f'"{course.version}"'}
    if status == 201:
        headers["Location"] = f"/api/v1/courses/{course.id}"
    return JSONResponse(course_body(course), status_code=status, headers=headers)


def etag_version(if_match: str | None) -> int | None:
    """The version an If-Match names ('"3"'), or None when it names none (a weak 'W/"3"' is
    answered 412, as a tag that matches no version)."""
    if if_match is None:
        return None
    found = _ETAG.match(if_match.strip())
    return None if found is None else int(found.group(1))


def _preconditions(
    if_match: str | None, read_input: Callable[[], Command], target: Callable[[], int]
) -> tuple[Command, int]:
    """The write's input and the version its If-Match names. When either is missing or wrong,
    the refusal comes in the order the contract gives: 404 and 403 (from `target`), then 428
    without If-Match, 412 when it names another version, and only then 422."""
    refused: InvalidInput | None = None
    try:
        command = read_input()
    except InvalidInput as error:
        refused = error
    expected = etag_version(if_match)
    if refused is None and expected is not None:
        return command, expected  # the service checks the version under the course's lock
    current = target()
    if if_match is None:
        raise PreconditionRequired('this write needs If-Match: "<version>" from the course ETag')
    if expected != current:
        raise service.stale(current)
    assert refused is not None
    raise refused


# The writes read their raw body on the event loop, then do the database and planning work in the
# thread pool: on the loop, a lock held by another writer would stall every request the process
# serves, /healthz included.
@router.post("/courses", status_code=201, openapi_extra=new_course_body())
async def create_course(
    request: Request, actor: WriteCourses, db: DatabaseDep, policy: PolicyDep
) -> Response:
    """Keep a new course for a patient: the plan exactly as sent, with its schedule."""
    raw, today = await request.body(), local_today(request)

    def create() -> Response:
        course = read(raw, CourseIn)
        return _course(service.create_course(db, policy, actor, course, today), 201)

    return await run_in_threadpool(create)


@router.get("/courses")
def list_courses(actor: ReadCourses, db: DatabaseDep, patient: Bounded) -> Response:
    """A patient's courses in brief, with the date each is next due."""
    return JSONResponse([summary_body(c) for c in service.list_for_patient(db, actor, patient)])


@router.post("/courses/search", openapi_extra=read_body(SearchIn))
async def search_courses(request: Request, actor: ReadCourses, db: DatabaseDep) -> Response:
    """Courses by the start of a reference or part of a name, kind and status, newest first;
    the terms travel in the body only (never a URL or a log line)."""
    raw = await request.body()

    def search() -> Response:
        found = course_search.search_courses(db, actor, read(raw, SearchIn))
        return JSONResponse(search_body(found), headers={"Cache-Control": "no-store"})

    return await run_in_threadpool(search)


@router.get("/courses/{course_id}")
def get_course(
    course_id: Id, actor: ReadCourses, db: DatabaseDep, policy: PolicyDep
) -> Response:
    """One course with its recomputed schedule and every record (the read is audited)."""
    return _course(service.get_course(db, policy, actor, course_id))


@router.post("/courses/{course_id}/records", status_code=201, openapi_extra=read_body(RecordIn))
async def add_record(
    request: Request, course_id: Id, actor: Records, db: DatabaseDep, policy: PolicyDep,
    if_match: IfMatch = None,
) -> Response:
    """Record a round given, deferred or omitted, or a topical block dispensed or review held."""
    raw, today = await request.body(), local_today(request)

    def record() -> Response:
        command, expected = _preconditions(
            if_match, lambda: read_record(raw),
            lambda: service.write_target(db, actor, course_id, recording=True),
        )
        return _course(service.add_record(db, policy, actor, course_id, command, expected,
                                          today), 201)

    return await run_in_threadpool(record)


@router.post(
    "/courses/{course_id}/records/{record_id}/entered-in-error", openapi_extra=read_body(ReasonIn)
)
async def entered_in_error(
    request: Request, course_id: Id, record_id: Id, actor: Strikes,
    db: DatabaseDep, policy: PolicyDep, if_match: IfMatch = None,
) -> Response:
    """Mark a record entered in error: it stays, and stops counting in the schedule."""
    raw = await request.body()

    def strike() -> Response:
        reason, expected = _preconditions(
            if_match, lambda: read(raw, ReasonIn),
            lambda: service.write_target(db, actor, course_id, record_id=record_id),
        )
        return _course(service.mark_in_error(db, policy, actor, course_id, record_id, reason,
                                             expected))

    return await run_in_threadpool(strike)


@router.post("/courses/{course_id}/stop", openapi_extra=read_body(ReasonIn))
async def stop_course(
    request: Request, course_id: Id, actor: WriteCourses, db: DatabaseDep, policy: PolicyDep,
    if_match: IfMatch = None,
) -> Response:
    """Stop a course: it takes no new records and leaves the due list."""
    raw = await request.body()

    def stop() -> Response:
        reason, expected = _preconditions(
            if_match, lambda: read(raw, ReasonIn),
            lambda: service.write_target(db, actor, course_id),
        )
        return _course(service.stop_course(db, policy, actor, course_id, reason, expected))

    return await run_in_threadpool(stop)


@router.post("/courses/{course_id}/amend", openapi_extra=read_body(AmendIn))
async def amend_course(
    request: Request, course_id: Id, actor: WriteCourses, db: DatabaseDep, policy: PolicyDep,
    if_match: IfMatch = None,
) -> Response:
    """Give a course a new plan: what is recorded stays, the previous plan is kept."""
    raw = await request.body()

    def amend() -> Response:
        amendment, expected = _preconditions(
            if_match, lambda: read(raw, AmendIn),
            lambda: service.write_target(db, actor, course_id),
        )
        return _course(course_amend.amend_course(db, policy, actor, course_id, amendment,
                                                 expected))

    return await run_in_threadpool(amend)


def _query_date(name: str, value: str) -> dt.date:
    try:
        return iso_date(value)
    except ValueError as error:
        raise InvalidInput([{"loc": ["query", name], "type": "value_error",
                             "msg": f"{name} {error}"}]) from None


@router.get("/due")
def due(
    actor: ReadCourses, db: DatabaseDep, policy: PolicyDep,
    start: Annotated[str, Query(alias="from", max_length=10)],
    end: Annotated[str, Query(alias="to", max_length=10)],
) -> Response:
    """What active courses have due in a date range, by date then patient reference: injection
    rounds, topical blocks to dispense and reviews to hold, each saying its `kind` and `what`."""
    first, last = _query_date("from", start), _query_date("to", end)
    return Response(due_service.due_list(db, policy, first, last).json(),
                    media_type="application/json")


@router.get("/audit")
def audit_trail(
    actor: ReadAudit, db: DatabaseDep, course: Annotated[str | None, Query(max_length=64)] = None,
    after: Annotated[int, Query(ge=0, le=2**53)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> Response:
    """Audit entries in the order written: for one course, or the whole trail a page at a time."""
    return JSONResponse([audit_body(e) for e in service.audit_trail(db, course, after, limit)])


def install(app: FastAPI) -> None:
    """Add the course routes (the database is the app's: app/storage/lifetime.py)."""
    app.include_router(router)
