"""Preparations kept with a topical course: thin routes over app/services/preparations.py."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from app.api.auth import ReadCourses
from app.api.course_bodies import read
from app.api.openapi_parts import REFUSALS, Id, read_body
from app.contracts.json_values import JsonObject
from app.contracts.preparations import CheckIn, PreparationIn
from app.courses.preparations import Preparation
from app.courses.views import Signed, moment
from app.http.deps import DatabaseDep, PolicyDep, SettingsDep, local_today
from app.services import preparations as service

# The course routes' refusals (401, 403, 404, 409, …) are these routes' too: documented alike.
router = APIRouter(prefix="/api/v1", tags=["preparations"], responses=REFUSALS)


def _signed(signed: Signed | None) -> JsonObject | None:
    if signed is None:
        return None
    return {"by": signed.by, "at": moment(signed.at), "note": signed.reason}


def preparation_body(found: Preparation) -> JsonObject:
    """A kept preparation as JSON: what was made, its BUD and check, who made and checked it."""
    return {
        "id": found.id, "course_id": found.course_id, "block": found.block,
        "batch": found.batch, "compounded": found.compounded.isoformat(),
        "beyond_use": found.beyond_use.isoformat(), **found.made,
        "made": _signed(found.made_by), "checked": _signed(found.checked),
    }


@router.post("/courses/{course_id}/preparations", status_code=201,
             openapi_extra=read_body(PreparationIn))
async def add_preparation(request: Request, course_id: Id, actor: ReadCourses, db: DatabaseDep,
                          policy: PolicyDep) -> Response:
    """Keep a batch made for one block (pharmacist, admin): 201 with its BUD and batch check."""
    raw = await request.body()
    today = local_today(request)

    def keep() -> Response:
        found = service.record_preparation(db, policy, actor, course_id,
                                           read(raw, PreparationIn), today)
        return JSONResponse(preparation_body(found), status_code=201)

    return await run_in_threadpool(keep)


@router.get("/courses/{course_id}/preparations")
def list_preparations(course_id: Id, actor: ReadCourses, db: DatabaseDep) -> Response:
    """A course's preparations in the order made."""
    return JSONResponse([preparation_body(p) for p in service.preparations(db, course_id)])


@router.post("/courses/{course_id}/preparations/{preparation_id}/check",
             openapi_extra=read_body(CheckIn))
async def check_preparation(request: Request, course_id: Id, preparation_id: Id,
                            actor: ReadCourses, db: DatabaseDep, settings: SettingsDep
                            ) -> Response:
    """A second person's check of a preparation (not its maker, unless the clinic allows)."""
    raw = await request.body()

    def check() -> Response:
        found = service.check_preparation(db, actor, course_id, preparation_id,
                                          read(raw, CheckIn), settings.preparation_second_check)
        return JSONResponse(preparation_body(found))

    return await run_in_threadpool(check)


def install(app: FastAPI) -> None:
    """Add the preparation routes."""
    app.include_router(router)
