"""The FHIR export endpoint: a course as a FHIR R4 Bundle (app/services/fhir_export.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Header
from fastapi.responses import Response

from app.api.auth import ReadCourses
from app.api.openapi_parts import Id
from app.http.deps import DatabaseDep, PolicyDep, SettingsDep
from app.http.fhir import FHIR_JSON, bundle_json
from app.services import fhir_export

router = APIRouter(prefix="/api/v1", tags=["courses"], responses={
    304: {"description": "`If-None-Match` names the course's current version: nothing new"},
    401: {"description": "no valid API token (`WWW-Authenticate: Bearer`)"},
    404: {"description": "no such course"},
})
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match", max_length=400)]


@router.get("/courses/{course_id}/fhir", response_class=Response, responses={
    200: {"description": "a FHIR R4 Bundle of type collection",
          "content": {FHIR_JSON: {"schema": {"type": "object"}}}}})
def export_course(
    course_id: Id, actor: ReadCourses, db: DatabaseDep, policy: PolicyDep, settings: SettingsDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A course as a FHIR R4 Bundle: Patient, CarePlan, requests, administrations, dispenses."""
    export = fhir_export.export_course(db, policy, actor, course_id, settings.patient_id_system)
    tag = f'"{export.version}"'
    if if_none_match is not None and unchanged(if_none_match, tag):
        return Response(status_code=304, headers={"ETag": tag})
    return Response(bundle_json(export), media_type=FHIR_JSON, headers={"ETag": tag})


def unchanged(if_none_match: str, tag: str) -> bool:
    """True when If-None-Match names `tag` or is "*" (compared weakly, RFC 9110 13.1.2)."""
    named = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in named or tag in named


def install(app: FastAPI) -> None:
    """Add the FHIR export route."""
    app.include_router(router)
