"""The HTML pages. Read app/web/ARCHITECTURE.md first: the agreed URLs, templates and CSP rules."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.web import injection, pages, pdf, printing, topical
from app.web.templating import STATIC_DIR


def install(app: FastAPI) -> None:
    """Serve the static files and register the page routes (errors: app/api/errors.py)."""
    pdf.install(app, app.state.settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(printing.router)
    app.include_router(pages.router)
    app.include_router(injection.router)
    app.include_router(topical.router)

