"""The HTML pages. Read app/web/ARCHITECTURE.md first: the agreed URLs, templates and CSP rules."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.security import Scope
from app.web import (
    account_pages,
    admin_pages,
    auth_pages,
    clinic_pages,
    course_amend,
    course_fhir,
    course_list,
    course_preparations,
    course_prints,
    course_records,
    course_topical,
    courses_pages,
    injection,
    pages,
    pdf,
    pharmacy_records,
    printing,
    topical,
)
from app.web.templating import STATIC_DIR, env


def error_page(scope: Scope, status: int, title: str, messages: list[str]) -> str:
    """The error page in the app's layout (app/api/errors.py calls it through `app.state`)."""
    return env.get_template("error.html").render(
        title=title, messages=messages, settings=scope["app"].state.settings, path="", status=status
    )


def install(app: FastAPI) -> None:
    """Serve the static files, register the page routes and the error page that
    app/api/errors.py renders for browsers."""
    app.state.error_page = error_page
    pdf.install(app, app.state.settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(printing.router)
    app.include_router(pages.router)
    app.include_router(injection.router)
    app.include_router(topical.router)
    auth_pages.install(app)
    app.include_router(course_list.router)
    app.include_router(courses_pages.router)
    app.include_router(course_amend.router)
    app.include_router(clinic_pages.router)
    app.include_router(course_records.router)
    app.include_router(course_topical.router)
    app.include_router(course_prints.router)
    app.include_router(course_preparations.router)  # issue 22
    app.include_router(course_fhir.router)  # issue 26
    app.include_router(admin_pages.router)
    app.include_router(account_pages.router)
    app.include_router(pharmacy_records.router)  # issue 9

