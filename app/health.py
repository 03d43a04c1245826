"""A cheap liveness endpoint for container health checks and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_class=PlainTextResponse)
async def healthz() -> str:
    """Answer 'ok' without touching the planner, so it measures the server alone."""
    # async: a sync route would pay for a hand-off to the thread pool on every probe.
    return "ok"


# Load balancers often probe with HEAD; one schema entry (GET) is enough.
router.add_api_route(
    "/healthz", healthz, methods=["HEAD"], response_class=PlainTextResponse,
    include_in_schema=False,
)
