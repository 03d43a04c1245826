"""Load benchmark: uvicorn on loopback, driven by wrk (or an async httpx client) in another process.

Prints cold start (process start to the first 200 from /healthz), then throughput, p50/p99
latency and errors for POST /api/v1/plans/injection (the seed case) and GET /healthz, and the
ratio of their throughputs. Targets: plan ≥ half the /healthz throughput, p99 < 25 ms, 0 errors,
cold start < 1 s. Server CPU per request counts every uvicorn worker. Usage:
.venv/bin/python benchmarks/load.py [--duration 10] [--connections 16] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the seed case, which the tests send too

from tests.seed import SEED_INJECTION as PLAN_BODY  # noqa: E402

PLAN_PATH = "/api/v1/plans/injection"
FALLBACK_PATH = "/api/v1/mix"  # before the plan endpoint existed
MIX_BODY = {"stock": "250 mg/mL", "stock_volume": "1 mL", "diluent_volume": "1 mL"}
MAX_DURATION = 60  # seconds: every run stops by itself


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (field 3 onwards)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live children, i.e. uvicorn's workers
    (Linux /proc): a figure that, unlike wall time, a busy shared machine barely changes."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, IndexError):  # a process that ended while we looked
                continue
    ticks = 0
    for each in pids:
        try:
            fields = _stat(each)
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def start_server(port: int, log: Any, workers: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start uvicorn and return it with the seconds from spawn to the first 200 on /healthz."""
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
               "--workers", str(workers)]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
    while time.perf_counter() - started < 30:
        # A bare http.client probe: an httpx client per try would itself eat the CPU it measures.
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return server, time.perf_counter() - started
        except OSError:
            time.sleep(0.005)
        finally:
            probe.close()
    server.terminate()
    raise SystemExit("the server did not answer /healthz within 30 s")


def run_wrk(
    url: str, body: dict[str, Any] | None, seconds: int, connections: int
) -> dict[str, Any]:
    """Drive one URL with wrk (2 threads) and read its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
            script.write(f"wrk.body = {json.dumps(json.dumps(body))}\n")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
               "-s", script.name, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=seconds + 30).stdout
    os.unlink(script.name)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "throughput": float(_find(r"Requests/sec:\s+([\d.]+)", output)),
        "p50": _wrk_ms(_find(r"50%\s+([\d.]+\w+)", output)),
        "p99": _wrk_ms(_find(r"99%\s+([\d.]+\w+)", output)),
        "requests": int(_find(r"(\d+) requests in", output)),
        "errors": errors + (int(bad.group(1)) if bad else 0),
    }


def _find(pattern: str, output: str) -> str:
    """The first group of a pattern that wrk's report must contain."""
    found = re.search(pattern, output)
    if found is None:
        raise SystemExit(f"wrk's report has no match for {pattern!r}:\n{output}")
    return found.group(1)


def _wrk_ms(text: str) -> float:
    """wrk's '1.23ms' / '850.00us' / '1.02s' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _drive(
    url: str, body: dict[str, Any] | None, seconds: int, connections: int
) -> dict[str, Any]:
    """The async httpx load generator: `connections` clients in a loop for `seconds`."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    response = await (client.post(url, json=body) if body else client.get(url))
                    errors += response.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - sent) * 1000)
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"throughput": len(latencies) / elapsed, "p50": cuts[49], "p99": cuts[98],
            "requests": len(latencies), "errors": errors}


def run_httpx(
    url: str, body: dict[str, Any] | None, seconds: int, connections: int
) -> dict[str, Any]:
    """Run the httpx generator in its own process, so it does not share the server's core."""
    arguments = json.dumps([url, body, seconds, connections])
    output = subprocess.run([sys.executable, __file__, "--generate", arguments],
                            capture_output=True, text=True, check=True, timeout=seconds + 60)
    return dict(json.loads(output.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1,
                        help="uvicorn workers (the container's STS_WORKERS); try 1 and the cores")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        print(json.dumps(asyncio.run(_drive(*json.loads(options.generate)))))
        return
    seconds = min(options.duration, MAX_DURATION)
    load_before = os.getloadavg()[0]  # other work on the machine skews every wall-clock figure
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server, cold = start_server(port, log, options.workers)
        try:
            paths = httpx.get(f"{base}/openapi.json").json()["paths"]
            path, body = (PLAN_PATH, PLAN_BODY) if PLAN_PATH in paths else (FALLBACK_PATH, MIX_BODY)
            warm = httpx.post(f"{base}{path}", json=body)
            if warm.status_code != 200:
                raise SystemExit(f"{path} answered {warm.status_code}: {warm.text[:300]}")
            if options.workers > 1:  # the first 200 came from one worker; let the rest start
                time.sleep(3)
            drive = run_wrk if shutil.which("wrk") else run_httpx
            generator = "wrk" if drive is run_wrk else "httpx (async, separate process)"
            startup_cpu = cpu_seconds(server.pid)
            health = measured(server.pid, drive, f"{base}/healthz", None, seconds,
                              options.connections)
            plan = measured(server.pid, drive, f"{base}{path}", body, seconds,
                            options.connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"load generator: {generator}, {options.connections} connections, {seconds} s each, "
          f"{options.workers} uvicorn worker(s) on 127.0.0.1, {os.cpu_count()} CPU cores; "
          "machine load average "
          f"before the run {load_before:.1f}")
    print(f"cold start (spawn to first 200 on /healthz): {cold * 1000:.0f} ms (target < 1000 ms); "
          f"server CPU time by then {startup_cpu * 1000:.0f} ms")
    for name, figures in ((f"POST {path}", plan), ("GET /healthz", health)):
        print(f"{name:32} {figures['throughput']:8.0f} req/s  p50 {figures['p50']:6.2f} ms  "
              f"p99 {figures['p99']:6.2f} ms  errors {figures['errors']} "
              f"of {figures['requests']}  server CPU {figures['cpu_ms']:.3f} ms/request")
    ratio = plan["throughput"] / health["throughput"]
    print(f"plan / healthz throughput: {ratio:.2f} (target ≥ 0.50); "
          f"by server CPU per request: {health['cpu_ms'] / plan['cpu_ms']:.2f}; "
          f"plan p99 {plan['p99']:.2f} ms (target < 25 ms)")


def measured(pid: int, drive: Any, *arguments: Any) -> dict[str, Any]:
    """Run one load and add the server's CPU time per request to its figures."""
    before = cpu_seconds(pid)
    figures = dict(drive(*arguments))
    figures["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(figures["requests"], 1)
    return figures


if __name__ == "__main__":
    main()
