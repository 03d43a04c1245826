"""A cheap liveness endpoint for container health checks and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_class=PlainTextResponse)
def healthz() -> str:
    """Answer 'ok' without touching the planner, so it measures the server alone."""
    return "ok"
