"""Print views into PDF bytes with WeasyPrint, in a bounded pool of worker processes with a
time limit and a page limit, so a large printout can neither stall the server nor exhaust it."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import re
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache

from fastapi import FastAPI
from starlette.exceptions import HTTPException

from app.lifespans import also_on_lifespan
from app.pdf_worker import RenderTimeout, TooManyPages, ready, render_now, start_worker
from app.settings import Settings

# A printed table row is 5–20 mm: about ten to a page is the densest the print views lay out,
# so the row count over ten is a page estimate that errs high, made before any layout.
ROWS_PER_PAGE = 10
_ROW = re.compile(r"<tr\b")
# A worker is replaced after this many PDFs, returning whatever memory WeasyPrint kept.
TASKS_PER_WORKER = 50
# How long each pre-start task keeps its worker busy: longer than a worker takes to start.
PRESTART_HOLD_SECONDS = 2.0


@dataclass(frozen=True)
class PdfLimits:
    """How many PDFs render at once, for how long, and how long and large they may be."""

    workers: int
    seconds: float
    max_pages: int
    memory_mb: int = 1024


def too_long(pages: int, limit: int, estimated: bool) -> HTTPException:
    """The refusal, in words, for a printout over the page limit."""
    about = "about " if estimated else ""
    return HTTPException(
        422,
        f"This printout would run to {about}{pages} pages; a printout holds at most {limit}. "
        "Print fewer sites or rounds at a time, or use the on-screen plan.",
    )


def estimated_pages(html: str) -> int:
    """A page count made from the HTML alone, before any layout."""
    return len(_ROW.findall(html)) // ROWS_PER_PAGE + 1


# --- in the server --------------------------------------------------------------------------


def _context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context, preloading only WeasyPrint and the worker module."""
    # forkserver: workers do not inherit the server's threads and sockets; they fork from a
    # server that has imported WeasyPrint once, not the whole app.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["app.pdf_worker", "weasyprint"])
    return context


@lru_cache(maxsize=1)
def _start_fork_server() -> None:
    """Start the fork server by starting one process that does nothing."""
    process = _context().Process(target=os.getpid)
    process.start()
    process.join()


class PdfRenderer:
    """Renders PDFs in worker processes: at most `workers` at once and as many waiting, each
    within a time limit; more than that is refused at once with a 503 in words."""

    def __init__(self, limits: PdfLimits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.workers * 2)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False
        self._started: list[Future[int]] = []

    def _executor(self) -> ProcessPoolExecutor:
        """The worker pool, made by the pre-start or else by the first PDF."""
        with self._lock:
            if self._closed:  # the server is stopping
                raise busy()
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.limits.workers,
                    mp_context=_context(),
                    initializer=start_worker,
                    initargs=(self.limits.memory_mb, os.getpid()),
                    max_tasks_per_child=TASKS_PER_WORKER,
                )
            return self._pool

    def render(self, html: str) -> bytes:
        """PDF bytes for a print view; blocks the calling (thread-pool) thread, not the loop."""
        estimate = estimated_pages(html)
        if estimate > self.limits.max_pages:
            raise too_long(estimate, self.limits.max_pages, estimated=True)
        if not self._slots.acquire(blocking=False):
            raise busy()
        try:
            future: Future[bytes] = self._executor().submit(
                render_now, html, self.limits.max_pages, self.limits.seconds
            )
            # The worker stops itself at the limit; this is the backstop should it hang. A
            # printout may first wait for one other per worker (the slots), so twice the limit.
            return future.result(timeout=2 * self.limits.seconds + 10)
        except TooManyPages as error:
            raise too_long(error.pages, self.limits.max_pages, estimated=False) from None
        except (RenderTimeout, FutureTimeout, MemoryError):
            raise busy(took_too_long=True) from None
        except BrokenProcessPool:  # a worker died (out of memory): start afresh next time
            self._discard()
            raise busy(took_too_long=True) from None
        finally:
            self._slots.release()

    def warm(self, prestart: bool) -> None:
        """In the background, start the fork server (which imports WeasyPrint) and, with
        `prestart`, every worker, so that even the first printout finds one ready."""
        threading.Thread(target=self._warm, args=(prestart,), daemon=True).start()

    def _warm(self, prestart: bool) -> None:
        """Start the fork server, then (with `prestart`) one worker per slot."""
        _start_fork_server()
        if not prestart:
            return
        try:
            pool = self._executor()
        except HTTPException:  # stopped before the fork server was up
            return
        # The pool starts a worker for each task that finds none idle, so tasks sent together
        # start them all; each lays out its warm-up page, then takes a task that holds it a
        # moment so that it cannot take another worker's task too.
        try:
            self._started = [pool.submit(ready, PRESTART_HOLD_SECONDS)
                             for _ in range(self.limits.workers)]
        except RuntimeError:  # the pool was shut down in between: the server is stopping
            return

    def started_workers(self, timeout: float) -> set[int]:
        """The process ids of the workers pre-started so far, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not self._started and time.monotonic() < deadline:
            time.sleep(0.05)
        pending = list(self._started)
        return {job.result(max(0.0, deadline - time.monotonic())) for job in pending}

    def close(self) -> None:
        """Stop the workers for good (at shutdown)."""
        with self._lock:
            self._closed = True
        self._discard()

    def _discard(self) -> None:
        """Stop the workers; the next printout starts new ones."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def busy(took_too_long: bool = False) -> HTTPException:
    """The refusal, in words, when printouts are queued up or one took too long."""
    reason = ("This printout took too long to make" if took_too_long
              else "Too many printouts are being made at the moment")
    return HTTPException(503, f"{reason}. Please try again in a minute, or print fewer rounds.",
                         headers={"Retry-After": "30"})


def install(app: FastAPI, settings: Settings) -> None:
    """Give an app its PDF renderer (app.state.pdf), with the limits from settings, started
    with the app and stopped with it."""
    renderer = PdfRenderer(PdfLimits(
        workers=settings.pdf_workers, seconds=settings.pdf_timeout_seconds,
        max_pages=settings.pdf_max_pages, memory_mb=settings.pdf_memory_mb,
    ))
    app.state.pdf = renderer
    also_on_lifespan(app, start=lambda: renderer.warm(prestart=settings.pdf_prestart),
                     stop=renderer.close)
