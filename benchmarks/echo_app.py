"""The yardstick for the plan endpoint: a bare FastAPI app whose one route reads a JSON body and
returns it unchanged, served by the same uvicorn as the planner (benchmarks/versus_echo.py)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def create_echo_app() -> FastAPI:
    """A FastAPI app with no middleware and one route, POST /echo."""
    app = FastAPI()

    @app.post("/echo")
    async def echo(body: dict[str, Any]) -> dict[str, Any]:
        return body

    return app
