"""The FHIR export endpoint: a course as a FHIR R4 Bundle (app/services/fhir_export.py)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path
from fastapi.responses import Response

from app.api.auth import DatabaseDep, ReadCourses
from app.api.deps import PolicyDep, SettingsDep
from app.services import fhir_export

FHIR_JSON = "application/fhir+json"
router = APIRouter(prefix="/api/v1", tags=["courses"], responses={
    401: {"description": "no valid API token (`WWW-Authenticate: Bearer`)"},
    404: {"description": "no such course"},
})
Id = Annotated[str, Path(json_schema_extra={"maxLength": 64})]


def bundle_json(export: fhir_export.Export) -> bytes:
    """The Bundle as UTF-8 JSON bytes."""
    return json.dumps(export.bundle, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode()


@router.get("/courses/{course_id}/fhir", response_class=Response, responses={
    200: {"description": "a FHIR R4 Bundle of type collection",
          "content": {FHIR_JSON: {"schema": {"type": "object"}}}}})
def export_course(
    course_id: Id, actor: ReadCourses, db: DatabaseDep, policy: PolicyDep, settings: SettingsDep
) -> Response:
    """A course as a FHIR R4 Bundle: Patient, CarePlan, requests, administrations, dispenses."""
    export = fhir_export.export_course(db, policy, actor, course_id, settings.patient_id_system)
    return Response(bundle_json(export), media_type=FHIR_JSON,
                    headers={"ETag": f'"{export.version}"'})


def install(app: FastAPI) -> None:
    """Add the FHIR export route."""
    app.include_router(router)
