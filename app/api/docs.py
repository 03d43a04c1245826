"""Interactive API docs at /docs, served from our own static files under the strict CSP."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse

# FastAPI's own /docs page loads Swagger UI from a CDN and starts it with an inline script,
# both of which the Content-Security-Policy forbids; this page uses local files only.
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>STS Planner API v1</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-schema="/openapi.json"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger/init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> str:
    """The Swagger UI page for /openapi.json."""
    return DOCS_PAGE


def install(app: FastAPI) -> None:
    """Serve /docs from local files (build the app with docs_url=None and redoc_url=None)."""
    app.include_router(router)
