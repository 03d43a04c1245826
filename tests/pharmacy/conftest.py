"""The browser suite's fixtures (a real uvicorn, Debian's Chromium) for the pharmacy flow test."""

from tests.browser.conftest import axe_page, base_url, browser, page  # noqa: F401
