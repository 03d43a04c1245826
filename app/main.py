"""The app factory: builds the FastAPI application with its routes and handlers."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import calculators, errors


def create_app() -> FastAPI:
    """Build a new STS Planner application."""
    app = FastAPI(
        title="STS Planner",
        version="1.0.0",
        description=(
            "Unit-safe planning of sodium thiosulfate injections and topical preparations. "
            "A planning aid for clinicians, not a prescription."
        ),
    )
    errors.install(app)
    app.include_router(calculators.router)
    return app
