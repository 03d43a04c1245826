"""The HTML pages. Read app/web/ARCHITECTURE.md first: the agreed URLs, templates and CSP rules."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.web import (
    admin_pages,
    auth_pages,
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
from app.web.templating import STATIC_DIR


def install(app: FastAPI) -> None:
    """Serve the static files and register the page routes (errors: app/api/errors.py)."""
    pdf.install(app, app.state.settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(printing.router)
    app.include_router(pages.router)
    app.include_router(injection.router)
    app.include_router(topical.router)
    auth_pages.install(app)
    app.include_router(courses_pages.router)
    app.include_router(course_records.router)
    app.include_router(course_topical.router)
    app.include_router(course_prints.router)
    app.include_router(admin_pages.router)
    app.include_router(pharmacy_records.router)  # issue 9

