"""PDFs render in a bounded pool of worker processes: the largest printouts are refused in words
before layout, a long layout is stopped, and ordinary printouts still come out."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException

from app.main import create_app
from app.pdf_worker import WORKER_NICENESS
from app.settings import load_settings
from app.web.printing.pdf import PdfLimits, PdfRenderer, estimated_pages
from benchmarks.pdf_cases import injection, topical_nine_months
from tests.robust.conftest import HTML, assert_secured


@pytest.mark.parametrize(
    ("url", "headers", "words"),
    [
        (injection("round-sheet", 60, 52, interval=1), HTML, "a printout holds at most 60"),
        (injection("round-sheet", 60, 52, interval=1), {}, "a printout holds at most 60"),
        (injection("round-sheet", 60, 52, interval=1), HTML, "Print fewer sites or rounds"),
        (injection("round-sheet", 30, 20), HTML, "a printout holds at most 60"),
    ],
)
def test_a_printout_too_long_is_refused_in_words_before_layout(http, url, headers, words):
    started = time.perf_counter()
    response = http.get(url, headers=headers)
    assert response.status_code == 422
    assert words in response.text
    assert time.perf_counter() - started < 15  # the layout alone took 58 s
    assert_secured(response)


@pytest.mark.parametrize("url", [injection("round-sheet", 2, 4), injection("calendar", 2, 4)])
def test_an_ordinary_printout_still_comes_out(http, url):
    response = http.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.headers["cache-control"] == "no-store"


@pytest.fixture(scope="module")
def nine_months(http) -> str:
    """The print view of the 9-month topical calendar, as HTML."""
    return http.get(topical_nine_months().replace(".pdf", "")).text


@pytest.fixture
def renderer() -> Iterator[PdfRenderer]:
    """A one-worker renderer, stopped after the test."""
    made = PdfRenderer(PdfLimits(workers=1, seconds=60, max_pages=60))
    yield made
    made.close()


def test_the_page_limit_is_checked_again_after_layout(renderer):
    html = "<p>A line of text with no table rows.</p>" * 1500  # long, yet no rows to count
    assert estimated_pages(html) == 1
    renderer.limits = PdfLimits(workers=1, seconds=60, max_pages=5)
    with pytest.raises(HTTPException) as refused:
        renderer.render(html)
    assert refused.value.status_code == 422
    assert "would run to " in str(refused.value.detail)
    assert "about" not in str(refused.value.detail)  # counted, not estimated


def test_the_estimate_counts_the_rows_of_a_printout(nine_months):
    assert estimated_pages(nine_months) == 9  # WeasyPrint lays it out on 7: the estimate errs high


def test_a_render_past_its_time_limit_is_a_503_and_the_pool_recovers(nine_months):
    hurried = PdfRenderer(PdfLimits(workers=1, seconds=0.05, max_pages=60))
    try:
        with pytest.raises(HTTPException) as stopped:
            hurried.render(nine_months)
        assert stopped.value.status_code == 503
        assert "took too long" in str(stopped.value.detail)
        assert stopped.value.headers == {"Retry-After": "30"}
        hurried.limits = PdfLimits(workers=1, seconds=60, max_pages=60)
        assert hurried.render(nine_months).startswith(b"%PDF")
    finally:
        hurried.close()


@pytest.fixture
def slow_pdfs() -> Iterator[TestClient]:
    """An app whose PDFs are given almost no time."""
    with TestClient(create_app(load_settings(pdf_timeout_seconds=0.05))) as client:
        yield client


def test_a_browser_is_told_in_words_when_a_printout_takes_too_long(slow_pdfs):
    response = slow_pdfs.get(topical_nine_months(), headers=HTML)
    assert response.status_code == 503
    assert "took too long" in response.text and "<html" in response.text
    assert response.headers["retry-after"] == "30"


def test_workers_yield_the_cpu_to_the_server(renderer):
    # When printouts fill every core, the server (and /healthz) must still be scheduled first.
    assert renderer.render("<p>A short printout.</p>").startswith(b"%PDF")
    worker = renderer._executor().submit(os.nice, 0).result(timeout=60)
    assert worker == min(os.nice(0) + WORKER_NICENESS, 19)


def test_workers_start_with_the_server_so_the_first_printout_need_not_wait():
    with TestClient(create_app(load_settings(pdf_prestart=True))) as client:
        workers = client.app.state.pdf.started_workers(timeout=120)
        # Sent together, the warm-up tasks start a worker each; a quick worker may take two.
        assert 1 <= len(workers) <= client.app.state.settings.pdf_workers
        for pid in workers:
            os.kill(pid, 0)  # still running, waiting for a printout
        assert client.get(injection("calendar", 2, 4)).status_code == 200


def test_without_prestart_workers_wait_for_the_first_printout():
    with TestClient(create_app(load_settings(pdf_prestart=False))) as client:
        assert client.app.state.pdf.started_workers(timeout=0.5) == set()
