"""4 concurrent maximal PDF requests against a real uvicorn on loopback while /healthz is polled
every 50 ms; prints each PDF's status and time and the worst /healthz latency (target < 1 s).
"Maximal" is run twice: the largest round sheet the form allows (refused in words before
layout) and the largest one under the page limit (rendered in the worker pool).
Usage: .venv/bin/python benchmarks/pdf_load.py [--clients 4]"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pdf_cases import injection  # noqa: E402

CASES = {
    "largest the form allows (60 sites × 52 rounds, daily)": injection("round-sheet", 60, 52, 1),
    "largest under the page limit (60 sites × 8 rounds)": injection("round-sheet", 60, 8),
}


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def poll(http: httpx.AsyncClient, done: asyncio.Event) -> list[float]:
    """/healthz latencies, every 50 ms until `done`."""
    latencies = []
    while not done.is_set():
        started = time.perf_counter()
        response = await http.get("/healthz")
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200
        await asyncio.sleep(0.05)
    return latencies


async def fetch(http: httpx.AsyncClient, url: str) -> tuple[int, float]:
    """One PDF request: its status and time."""
    started = time.perf_counter()
    response = await http.get(url)
    return response.status_code, time.perf_counter() - started


async def run(base: str, clients: int) -> None:
    """Each case: `clients` PDFs at once while /healthz is polled."""
    async with httpx.AsyncClient(base_url=base, timeout=600) as http, \
            httpx.AsyncClient(base_url=base, timeout=30) as health:
        for name, url in CASES.items():
            done = asyncio.Event()
            poller = asyncio.create_task(poll(health, done))
            results = await asyncio.gather(*(fetch(http, url) for _ in range(clients)))
            done.set()
            latencies = await poller
            statuses = ", ".join(f"{status} in {took:.1f} s" for status, took in results)
            print(f"{name}: {statuses}; /healthz worst {max(latencies) * 1000:.0f} ms "
                  f"over {len(latencies)} polls")


def main() -> None:
    """Start uvicorn, wait for /healthz, run the cases, stop the server."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=4)
    clients = parser.parse_args().clients
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "STS_LOG_LEVEL": "warning"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.1)
        asyncio.run(run(base, clients))
    finally:
        process.terminate()
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
