"""The course page's "FHIR" link: the course as a FHIR R4 Bundle, downloaded by a signed-in
member of staff (the API gives the same Bundle to a token: app/api/fhir.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.courses.errors import CourseRefusal
from app.http.deps import DatabaseDep, PolicyDep, SettingsDep
from app.http.fhir import FHIR_JSON, bundle_json
from app.services import fhir_export
from app.web.accounts.access import Reader
from app.web.courses.pages import CourseId
from app.web.printing.views import NO_STORE
from app.web.refusals import PageRefused

router = APIRouter(include_in_schema=False)
# The file's name says what it is and names no patient.
DOWNLOAD = 'attachment; filename="sts-course-fhir.json"'


@router.get("/courses/{course_id}/fhir")
def download(
    request: Request, db: DatabaseDep, policy: PolicyDep, settings: SettingsDep, user: Reader,
    course_id: CourseId,
) -> Response:
    """The Bundle as a file; the export is audited as the API's is."""
    try:
        export = fhir_export.export_course(db, policy, user.actor, course_id,
                                           settings.patient_id_system)
    except CourseRefusal as refusal:
        raise PageRefused(refusal.status, "Course not found", refusal.message) from None
    headers = {**NO_STORE, "Content-Disposition": DOWNLOAD, "ETag": f'"{export.version}"'}
    return Response(bundle_json(export), media_type=FHIR_JSON, headers=headers)
