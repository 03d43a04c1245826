"""No patient data in logs: plan with secret site and patient names, then read every log line,
in-process (caplog) and from a real uvicorn's stderr."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.security import ACCESS_LOGGER
from tests.security_samples import BODIES, INJECTION, PAGE_QUERY, replaced

SITE = "Zebrafinch-knuckle"  # a site name that would give a patient away
PATIENT = "Quintessa Marplewood"
SECRETS = (SITE, PATIENT, "Zebrafinch", "Marplewood")


def secret_requests() -> list[tuple[str, str, dict[str, object]]]:
    """Requests carrying the secrets in every place a client may put them."""
    injection = replaced(INJECTION, ("sites", 0, "name"), SITE)
    first = next(i for i, (k, _) in enumerate(PAGE_QUERY) if k == "site_name")
    query = [(k, SITE if i == first else v) for i, (k, v) in enumerate(PAGE_QUERY)]
    return [
        ("POST", "/api/v1/plans/injection", {"json": injection}),
        ("POST", "/api/v1/plans/injection.ics", {"json": injection}),
        ("POST", "/api/v1/plans/injection", {"json": replaced(injection, ("sites", 1, "volume"),
                                                              f"{SITE} mL")}),  # a 422
        ("POST", "/api/v1/mix", {"json": {**BODIES["/api/v1/mix"], "stock": PATIENT}}),
        ("GET", "/injection", {"params": query}),
        ("GET", "/injection/round-sheet", {"params": query}),
        ("POST", "/injection/calendar", {"params": query, "data": {"patient_name": PATIENT}}),
        ("POST", "/injection/calendar.pdf", {"params": query,
                                             "data": {"patient_name": PATIENT}}),
        ("GET", "/topical", {"params": query}),
        ("GET", f"/api/v1/protocols?patient_name={PATIENT}", {}),
    ]


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_planning_logs_the_path_but_no_patient_data(caplog):
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app()) as http:
        for method, path, options in secret_requests():
            http.request(method, path, **options)  # type: ignore[arg-type]
    access = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    # The access log still says what was asked for: method, path, status.
    assert "POST /api/v1/plans/injection 200" in "\n".join(access)
    assert "POST /api/v1/plans/injection 422" in "\n".join(access)
    assert "GET /injection 200" in "\n".join(access)  # the secrets reached the pages…
    assert "POST /injection/calendar.pdf 200" in "\n".join(access)  # …and a PDF
    # httpx logs on the client side of the test, which a server never runs.
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert server_side
    for record in server_side:
        assert_no_secret(record.getMessage())
        assert_no_secret(str(record.args))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Callable[[], str]]]:
    """A real uvicorn on loopback, started as the container starts it, stderr to a file; gives its
    address and a function that stops it and reads everything it wrote."""
    port, log = free_port(), tmp_path / "stderr.log"
    environment = {**os.environ, "STS_LOG_LEVEL": "debug"}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=stderr, stderr=stderr, env=environment, cwd=Path(__file__).parents[1],
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)

        def stop_and_read() -> str:
            process.terminate()
            process.wait(timeout=30)
            return log.read_text()

        yield base, stop_and_read
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_real_server_logs_no_patient_data(server):
    base, stop_and_read = server
    # A generous timeout: the first PDF imports WeasyPrint, slow on a busy shared machine.
    with httpx.Client(base_url=base, timeout=60) as http:
        for method, path, options in secret_requests():
            http.request(method, path, **options)  # type: ignore[arg-type]
        http.get("/healthz", params={"note": PATIENT})
    text = stop_and_read()
    assert "POST /api/v1/plans/injection 200" in text  # the access log is there…
    assert "GET /healthz 200" in text
    assert_no_secret(text)  # …with no query string, body or name in it
