"""Where the plan endpoint's time goes: CPU per seed-case request, stage by stage, in-process.

Calls the ASGI apps directly (no sockets, no uvicorn), so the figures hold on a busy machine where
benchmarks/versus_echo.py's wall-clock figures do not: each is the least CPU time per call over
many short batches. Prints the bare echo app's whole request beside the planner's stages: reading
the body, validating it, planning, serialising, and the whole request through every middleware.
Usage: .venv/bin/python benchmarks/plan_cost.py [--batches 30] [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.api.strict_json import parse_body  # noqa: E402
from app.contracts.plan_bodies import json_bytes  # noqa: E402
from app.contracts.plans import InjectionPlanRequest  # noqa: E402
from app.policy import PUBLISHED  # noqa: E402
from app.services.plans import injection_plan_body, plan_injection  # noqa: E402
from benchmarks.echo_app import create_echo_app  # noqa: E402
from tests.seed import SEED_INJECTION  # noqa: E402

BODY = json.dumps(SEED_INJECTION).encode()


def least_cpu_us(call: Callable[[], object], batches: int, calls: int) -> float:
    """The least CPU time per call over `batches` runs of `calls` calls, in microseconds."""
    call()
    runs = []
    for _ in range(batches):
        start = time.process_time()
        for _ in range(calls):
            call()
        runs.append((time.process_time() - start) / calls * 1e6)
    return min(runs)


def asgi_request(app: Any, path: str) -> Callable[[], None]:
    """A callable that sends the seed body to `path` through the whole ASGI app."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(BODY)).encode())],
    }
    loop = asyncio.new_event_loop()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise SystemExit(f"{path} answered {message['status']}")

    return lambda: loop.run_until_complete(app(dict(scope), receive, send))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--calls", type=int, default=200)
    options = parser.parse_args()
    # The access log is part of each request's cost, so it is written, to /dev/null.
    with tempfile.TemporaryDirectory() as data, open(os.devnull, "w") as sink, \
            contextlib.redirect_stderr(sink):
        os.environ["STS_DATA_DIR"] = data  # the app migrates a throwaway SQLite file
        from app.main import create_app

        planner = create_app()
        request = InjectionPlanRequest.model_validate(parse_body(BODY))
        stages = {
            "echo app, whole request": asgi_request(create_echo_app(), "/echo"),
            "read body (strict JSON)": lambda: parse_body(BODY),
            "validate request model": lambda: InjectionPlanRequest.model_validate_json(BODY),
            "plan (service)": lambda: plan_injection(request, PUBLISHED),
            "plan + JSON bytes": lambda: json_bytes(injection_plan_body(request, PUBLISHED)),
            "planner app, whole request": asgi_request(planner, "/api/v1/plans/injection"),
        }
        print(f"seed case, {len(BODY)} bytes in; least CPU per call over {options.batches} "
              f"batches of {options.calls}; load average {os.getloadavg()[0]:.1f}")
        figures = {name: least_cpu_us(call, options.batches, options.calls)
                   for name, call in stages.items()}
    for name, micros in figures.items():
        print(f"  {name:30s} {micros:8.1f} µs")
    echo, whole = figures["echo app, whole request"], figures["planner app, whole request"]
    print(f"planner / echo CPU: {whole / echo:.1f}×; the ratio of throughputs is about its "
          f"inverse, {echo / whole:.2f} (target ≥ 0.80)")


if __name__ == "__main__":
    main()
