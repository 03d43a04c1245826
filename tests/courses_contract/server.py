"""A real STS Planner server process on a free loopback port, started as a deployment starts it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.pg import free_port

STARTUP_SECONDS = 90.0


class Server:
    """One `python -m app.serve` process with the given STS_ settings, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process and return once it accepts TCP connections (no request is sent)."""
        env = {**os.environ, **self.env, "STS_HOST": "127.0.0.1", "STS_PORT": str(self.port),
               "STS_WORKERS": "1"}
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.serve"], env=env, stdout=sink,
                stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[2],
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.port), timeout=0.5
            ):
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server did not listen within {STARTUP_SECONDS} s:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, nothing the process could still do."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), falling back to SIGKILL."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        """Everything the process has logged so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def client(self, **kwargs: object) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[Server]:
    """A started server, stopped when the block ends, even on failure."""
    server = Server(env, log)
    try:
        server.start()
        yield server
    finally:
        server.stop()
