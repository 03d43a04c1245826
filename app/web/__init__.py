"""The HTML pages. Read app/web/ARCHITECTURE.md first: the agreed URLs, templates and CSP rules."""

from __future__ import annotations

import inspect

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.web import (
    admin_pages,
    auth_pages,
    course_prints,
    course_records,
    courses_pages,
    injection,
    pages,
    pharmacy_records,
    printing,
    topical,
)
from app.web.templating import STATIC_DIR, render

_TITLES = {404: "Page not found", 405: "Not available this way"}


def wants_html(request: Request) -> bool:
    """True for a browser asking for a page, not an API or static-file client."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not path.startswith(("/api/", "/static/"))


def install(app: FastAPI) -> None:
    """Serve the static files, register the page routes, and answer browsers' errors in HTML."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(printing.router)
    app.include_router(pages.router)
    app.include_router(injection.router)
    app.include_router(topical.router)
    auth_pages.install(app)
    app.include_router(courses_pages.router)
    app.include_router(course_records.router)
    app.include_router(course_prints.router)
    app.include_router(admin_pages.router)
    app.include_router(pharmacy_records.router)  # issue 9
    api_handler = app.exception_handlers.get(StarletteHTTPException)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if wants_html(request) and error.status_code in _TITLES:
            message = "There is no page at this address. The pages are listed at the top."
            context = {"title": _TITLES[error.status_code], "message": message}
            return render(request, "error.html", context, status_code=error.status_code)
        if api_handler is None:
            raise error
        answer = api_handler(request, error)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(StarletteHTTPException, http_error)
