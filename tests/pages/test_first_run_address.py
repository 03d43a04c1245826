"""The first-run link printed at start names the address the server actually listens on."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.web.accounts.sign_in import served_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("host", "port", "address"), [
    ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
    ("0.0.0.0", 8080, "http://127.0.0.1:8080"),  # noqa: S104 - the wildcard under test
    ("::", 9000, "http://[::1]:9000"),
    ("::1", 9001, "http://[::1]:9001"),
    ("clinic.example", 443, "http://clinic.example:443"),
])
def test_the_link_names_an_address_a_browser_can_open(host: str, port: int, address: str) -> None:
    assert served_at(host, port) == address


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_start_command_prints_a_link_to_the_port_it_serves(tmp_path: Path) -> None:
    """`python -m app.serve` (what scripts/serve.sh runs) on a port that is not 8000."""
    port = _free_port()
    env = {**os.environ, "STS_PORT": str(port), "STS_DATA_DIR": str(tmp_path / "data"),
           "STS_DATABASE_URL": f"sqlite:///{tmp_path / 'first.db'}", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "app.serve"], cwd=ROOT, env=env,  # noqa: S603
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            found = None
            deadline = time.monotonic() + 60
            while found is None and time.monotonic() < deadline and server.poll() is None:
                time.sleep(0.2)
                found = re.search(r"(http://\S+)/first-run\?token=[\w-]+", log.read_text())
            assert found is not None, log.read_text()
            assert found.group(1) == f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(found.group(0), timeout=2) as page:  # noqa: S310
                        assert page.status == 200
                        break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.2)
            else:
                pytest.fail("the printed link did not answer")
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_serve_sh_passes_its_port_to_the_app_that_prints_the_link() -> None:
    script = (ROOT / "scripts" / "serve.sh").read_text()
    assert 'export STS_PORT="${PORT:-${STS_PORT:-8000}}"' in script
    assert script.rstrip().endswith("exec .venv/bin/python -m app.serve")
