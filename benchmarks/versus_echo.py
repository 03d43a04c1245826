"""The plan endpoint against a bare FastAPI echo endpoint, side by side in one run.

Starts two uvicorn servers on 127.0.0.1 (the planner, and benchmarks/echo_app.py), then drives
POST /api/v1/plans/injection with the seed case and POST /echo with the same JSON body, in turns
(echo, plan, echo, plan …) so that other work on the machine falls on both alike, and prints each
one's throughput, p50, p99 and server CPU per request, and the plan / echo ratio (target ≥ 0.8).
Usage: .venv/bin/python benchmarks/versus_echo.py [--duration 5] [--rounds 3] [--connections 16]
[--generator wrk|httpx]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import free_port, measured, run_httpx, run_wrk  # noqa: E402
from tests.seed import SEED_INJECTION  # noqa: E402

SERVERS = {"plan": "app.main:create_app", "echo": "benchmarks.echo_app:create_echo_app"}
PATHS = {"plan": "/api/v1/plans/injection", "echo": "/echo"}


def start(target: str, port: int, log: Any) -> subprocess.Popen[bytes]:
    """One uvicorn worker serving an app factory, the way benchmarks/load.py starts the planner."""
    command = [sys.executable, "-m", "uvicorn", target, "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--workers", "1"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.05)
    server.terminate()
    raise SystemExit(f"{target} did not start within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per turn")
    parser.add_argument("--rounds", type=int, default=3, help="turns per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--generator", choices=("wrk", "httpx"), default=None,
                        help="load generator (default: wrk when installed, else httpx)")
    options = parser.parse_args()
    use_wrk = options.generator == "wrk" or (options.generator is None and shutil.which("wrk"))
    drive = run_wrk if use_wrk else run_httpx
    load_before = os.getloadavg()[0]
    figures: dict[str, list[dict[str, Any]]] = {"plan": [], "echo": []}
    with tempfile.TemporaryFile() as log:
        servers = {name: (start(target, port := free_port(), log), port)
                   for name, target in SERVERS.items()}
        try:
            for name, (_server, port) in servers.items():
                warm = httpx.post(f"http://127.0.0.1:{port}{PATHS[name]}", json=SEED_INJECTION)
                if warm.status_code != 200:
                    raise SystemExit(f"{name} answered {warm.status_code}: {warm.text[:300]}")
            for _turn in range(options.rounds):
                for name in ("echo", "plan"):
                    server, port = servers[name]
                    url = f"http://127.0.0.1:{port}{PATHS[name]}"
                    figures[name].append(measured(server.pid, drive, url, SEED_INJECTION,
                                                  options.duration, options.connections))
        finally:
            for server, _port in servers.values():
                server.terminate()
                server.wait(timeout=30)
    print(f"load generator: {'wrk' if drive is run_wrk else 'httpx'}, {options.connections} "
          f"connections, {options.rounds} turns of {options.duration} s each, 1 uvicorn worker "
          f"each, {os.cpu_count()} CPU cores; load average before the run {load_before:.1f}")
    summary = {}
    for name in ("plan", "echo"):
        runs = figures[name]
        summary[name] = {key: statistics.median(run[key] for run in runs)
                         for key in ("throughput", "p50", "p99", "cpu_ms")}
        errors = sum(run["errors"] for run in runs)
        requests = sum(run["requests"] for run in runs)
        print(f"POST {PATHS[name]:26} {summary[name]['throughput']:8.0f} req/s (median)  "
              f"p50 {summary[name]['p50']:6.2f} ms  p99 {summary[name]['p99']:6.2f} ms  "
              f"errors {errors} of {requests}  server CPU {summary[name]['cpu_ms']:.3f} ms/request")
    turns = [plan["throughput"] / echo["throughput"]
             for plan, echo in zip(figures["plan"], figures["echo"], strict=True)]
    ratio = summary["plan"]["throughput"] / summary["echo"]["throughput"]
    print(f"plan / echo throughput: {ratio:.2f}"
          f" (target ≥ 0.80; per turn {', '.join(f'{t:.2f}' for t in turns)}); by server CPU "
          f"per request: {summary['echo']['cpu_ms'] / summary['plan']['cpu_ms']:.2f}")


if __name__ == "__main__":
    main()
