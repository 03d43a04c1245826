"""The app factory: builds the FastAPI application with its routes and handlers."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from app import health
from app.api import (
    beyond_use,
    calculators,
    courses,
    docs,
    errors,
    fhir,
    formulas,
    plans,
    preparations,
)
from app.lifespans import also_on_lifespan
from app.logging_setup import configure_logging
from app.policy import policy_from_settings
from app.security import SecurityMiddleware
from app.settings import Settings, load_settings
from app.storage import lifetime
from app.web import install as install_web


def warn_of_missing_settings(settings: Settings) -> None:
    """Say on standard error what a clinic must still set before patients take printouts home."""
    if not settings.clinic_phone.strip():
        logging.getLogger("sts.settings").warning(
            "STS_CLINIC_PHONE is empty: patient printouts cannot give a number to call and "
            "will tell patients to ask their clinic instead. Set it to the clinic's telephone.")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build a new STS Planner application from `settings` (default: read the environment)."""
    settings = settings or load_settings()  # bad settings stop start-up here, naming the variable
    configure_logging(settings.log_level)
    app = FastAPI(
        title="STS Planner",
        version="1.0.0",
        description=(
            "Unit-safe planning of sodium thiosulfate injections and topical preparations. "
            "A planning aid for clinicians, not a prescription."
        ),
        docs_url=None,  # app/api/docs.py serves /docs from local files, under the CSP
        redoc_url=None,
    )
    # Made once here and only read afterwards: routes take them as dependencies (app/http/deps.py).
    app.state.settings = settings
    app.state.policy = policy_from_settings(settings)
    app.state.zone = settings.zone()
    errors.install(app)
    app.add_middleware(
        SecurityMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_api_body_bytes=settings.max_api_body_bytes,
        render_error=errors.error_response,
    )
    # The plan routes first: a request is matched against the routes in order, and these are
    # the busiest (benchmarks/versus_echo.py).
    plans.install(app)  # loads and checks schedules/*.toml: a broken template stops start-up
    app.include_router(health.router)
    docs.install(app)
    app.include_router(calculators.router)
    app.include_router(formulas.router)
    app.include_router(beyond_use.router)  # issue 9: pharmacy records
    install_web(app)
    courses.install(app)
    preparations.install(app)  # issue 22: batches kept with a topical course
    fhir.install(app)  # issue 26: FHIR R4 export
    # The database lives as long as the app: opened and migrated here, before the first request
    # (the contract asks for the schema then), and closed when the app's lifespan ends.
    lifetime.install(app, settings)
    also_on_lifespan(app, start=lambda: warn_of_missing_settings(settings), stop=lambda: None)
    return app
