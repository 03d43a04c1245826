"""The HTML pages. Read app/web/ARCHITECTURE.md first: the agreed URLs, templates and CSP rules."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.security import Scope
from app.web import home
from app.web.accounts import account, admin, sign_in
from app.web.courses import (
    amend,
    clinic,
    fhir,
    listing,
    pages,
    preparations,
    prints,
    records,
)
from app.web.courses import topical as course_topical
from app.web.pharmacy import calculator_pages, worksheet
from app.web.pharmacy import records as pharmacy_records
from app.web.planners import injection, topical
from app.web.planners import prints as plan_prints
from app.web.printing import pdf
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
    app.include_router(worksheet.router)
    app.include_router(plan_prints.router)
    app.include_router(home.router)
    app.include_router(calculator_pages.router)
    app.include_router(injection.router)
    app.include_router(topical.router)
    sign_in.install(app)
    app.include_router(listing.router)
    app.include_router(pages.router)
    app.include_router(amend.router)
    app.include_router(clinic.router)
    app.include_router(records.router)
    app.include_router(course_topical.router)
    app.include_router(prints.router)
    app.include_router(preparations.router)  # issue 22
    app.include_router(fhir.router)  # issue 26
    app.include_router(admin.router)
    app.include_router(account.router)
    app.include_router(pharmacy_records.router)  # issue 9
