"""The PDF worker process: WeasyPrint with print.css, no fetching, and its own time limit.
Kept apart from the app so that a worker imports WeasyPrint and nothing else."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # weasyprint is imported in the worker only, where it renders
    from weasyprint import CSS
    from weasyprint.urls import URLFetcher

PRINT_CSS = Path(__file__).resolve().parents[1] / "static" / "print.css"


class TooManyPages(Exception):
    """Raised in a worker when the laid-out document is longer than the limit."""

    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


class RenderTimeout(Exception):
    """Raised in a worker when rendering passes its time limit."""


# How much less CPU priority a worker has than the server: when printouts fill every core, the
# event loop (and so /healthz and every page) still gets the CPU first.
WORKER_NICENESS = 5


# A page with what the print views use (headings, bold, a table, a tick box, the page footer),
# laid out when a worker starts so that the first printout finds fonts and code paths warm.
WARM_UP = ("<h1>Planning aid</h1><p class='planning-aid'>Not a prescription.</p>"
           "<table class='calendar'><tr><td class='event'><b>Mon 6 Jan</b>\nJar: 3 % w/w\n"
           "<span class='box'></span>Apply</td><th>Round</th></tr></table>")


def start_worker(memory_mb: int, owner: int) -> None:
    """Cap the worker's address space, so a runaway layout fails alone, not the host; yield
    the CPU to the server; and lay out a sample page (WARM_UP)."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.nice(WORKER_NICENESS)
    threading.Thread(target=_exit_with_owner, args=(owner,), daemon=True).start()
    render_now(WARM_UP, max_pages=1, seconds=30)


def ready(hold_seconds: float) -> int:
    """This worker's process id, once it has been busy for `hold_seconds`: while it is, a
    second task sent with this one goes to (and so starts) a second worker."""
    time.sleep(hold_seconds)
    return os.getpid()


def _exit_with_owner(owner: int) -> None:
    """End this worker once the server that owns the pool is gone (a server killed outright
    cannot tell its workers), rather than linger holding memory."""
    while True:
        time.sleep(2)
        try:
            os.kill(owner, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            os._exit(0)


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    raise RenderTimeout()


@lru_cache(maxsize=1)
def _no_fetching() -> URLFetcher:
    """A fetcher that refuses every URL: a printout needs nothing from outside itself."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
        def fetch(self, url: str, headers: object = None) -> NoReturn:
            """Refuse, so text a user typed can never make the server fetch a URL."""
            raise ValueError("print views load no external resources")

    return NoFetching()


@lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    """The print stylesheet, parsed once per worker; it holds no request data."""
    from weasyprint import CSS

    return CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=_no_fetching())


def render_now(html: str, max_pages: int, seconds: float) -> bytes:
    """PDF bytes for an HTML print view, laid out with static/print.css, within the limits."""
    from weasyprint import HTML

    previous = signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        document = HTML(string=html, base_url="about:blank", url_fetcher=_no_fetching())
        laid_out = document.render(stylesheets=[_stylesheet()])
        if len(laid_out.pages) > max_pages:
            raise TooManyPages(len(laid_out.pages))
        pdf = laid_out.write_pdf()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)


