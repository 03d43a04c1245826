"""The navigation offers Sign in to a signed-out visitor only; the favicon is served where
browsers look for it (no 404 in every server log)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

Browser = Callable[[str], TestClient]
SIGN_IN_LINK = '<a href="/sign-in"'


@pytest.mark.parametrize("path", ["/favicon.ico", "/static/favicon.svg"])
def test_the_favicon_is_an_svg(app: FastAPI, path: str) -> None:
    with TestClient(app) as client:
        answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.text.startswith("<svg") and "<script" not in answer.text


@pytest.mark.parametrize("path", ["/", "/injection", "/sources", "/sign-in"])
def test_a_signed_out_visitor_is_offered_sign_in_and_the_icon(app: FastAPI, path: str) -> None:
    with TestClient(app) as client:
        page = client.get(path).text
    assert SIGN_IN_LINK in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


@pytest.mark.parametrize("path", ["/", "/clinic", "/account"])
def test_a_signed_in_user_is_not_offered_sign_in(browser: Browser, path: str) -> None:
    page = browser("viewer").get(path)
    assert page.status_code == 200 and SIGN_IN_LINK not in page.text


def test_the_clinic_pages_link_to_your_account(browser: Browser) -> None:
    page = browser("pharmacist").get("/clinic").text
    assert '<a href="/account">Your account</a>' in page
