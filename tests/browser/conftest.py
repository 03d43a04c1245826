"""Browser fixtures: a real uvicorn subprocess, Debian's Chromium via Playwright, screenshots."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.browser.shared import AXE_JS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# The machine has no network: these flags stop Chromium from trying to reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Poll the server until it answers, failing early if the process dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited with code {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - our own server
                if response.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"uvicorn did not answer on {url} within {seconds} s")


@contextmanager
def serving(env: dict[str, str], log_path: Path, port: int, ready: str = "/sign-in",
            *extra: str) -> Iterator[str]:
    """A real uvicorn running the app factory on 127.0.0.1:`port` with `env`, its output in
    `log_path`; yields its address once `ready` answers, and stops it afterwards."""
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed argument list
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), *extra],
            cwd=ROOT, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=log,
            stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url + ready, server)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A real uvicorn running the app factory on 127.0.0.1, for the whole session; its output is
    kept in test-artifacts/ when a test of the session failed."""
    output = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    try:
        with serving(dict(os.environ), output, _free_port(), "/openapi.json",
                     "--log-level", "warning") as url:
            yield url
    finally:
        if request.session.testsfailed:
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copy(output, ARTIFACTS / "uvicorn.log")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; Playwright never downloads a browser."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh --test installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _tab(browser: Any, request: pytest.FixtureRequest, **options: Any) -> Iterator[Any]:
    """A new browser context and page, kept on the test item so a failure can be screenshotted."""
    context = browser.new_context(**options)
    tab = context.new_page()
    request.node.browser_page = tab
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page with JavaScript on; a screenshot is saved if the test fails."""
    yield from _tab(browser, request)


@pytest.fixture
def page_without_js(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page with JavaScript turned off, as for a user with scripts blocked."""
    yield from _tab(browser, request, java_script_enabled=False)


@pytest.fixture
def axe_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page whose context bypasses the app's CSP, so the axe-core script can be injected.

    Only the accessibility test uses this: the app's Content-Security-Policy (script-src 'self')
    rightly blocks a script the page did not ship, so Playwright's bypass_csp is switched on here.
    """
    if not AXE_JS.exists():
        pytest.skip("node_modules/axe-core is missing: run `npm ci`")
    yield from _tab(browser, request, bypass_csp=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """After a failed test call, save a full-page screenshot of its browser page."""
    report = yield
    tab = getattr(item, "browser_page", None)
    if report.when == "call" and report.failed and tab is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except PlaywrightError as error:  # a screenshot must never hide the real failure
            report.sections.append(("screenshot", f"could not save a screenshot: {error}"))
    return report
