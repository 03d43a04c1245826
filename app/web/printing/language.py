"""Which language a patient printout is in: `?lang=`, else the course's, else the setting."""

from __future__ import annotations

from fastapi import Request

from app.i18n.language import Language, language
from app.web.refusals import PageRefused

# Never the browser's Accept-Language: the patient is not the person at the keyboard.


def chosen(request: Request, course_language: str | None = None) -> Language:
    """The language asked for in the address, else the course's, else STS_PATIENT_LANGUAGE;
    an unknown one is refused (422) naming the languages there are."""
    asked = request.query_params.get("lang")
    code = asked or course_language or request.app.state.settings.patient_language
    try:
        return language(code)
    except ValueError as error:
        message = f"The patient's language (lang) {error}."
        raise PageRefused(422, "No such language", message) from None
