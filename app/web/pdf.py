"""Turning a rendered print view into PDF bytes with WeasyPrint, offline, with print.css."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from app.web.templating import STATIC_DIR

PRINT_CSS = STATIC_DIR / "print.css"

# WeasyPrint is imported on the first PDF, not at start-up: importing it is about half a second
# of the server's cold start (benchmarks/load.py).


@lru_cache(maxsize=1)
def _no_fetching() -> Any:
    """A fetcher that refuses every URL: a printout needs nothing from outside itself."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            """Refuse, so text a user typed can never make the server fetch a URL."""
            raise ValueError(f"print views load no external resources (asked for {url[:80]!r})")

    return NoFetching()


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    """The print stylesheet, parsed once per process."""
    from weasyprint import CSS

    return CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=_no_fetching())


def render_pdf(html: str) -> bytes:
    """PDF bytes for an HTML print view, laid out with static/print.css."""
    from weasyprint import HTML

    document = HTML(string=html, base_url="about:blank", url_fetcher=_no_fetching())
    pdf = document.write_pdf(stylesheets=[_stylesheet()])
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
