"""Errors: no 500 for htmx requests to pages without a fragment, HTML error pages for browsers,
the app's own 500 with every header, its real status in the log, and nothing of the request."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.security import ACCESS_LOGGER
from app.settings import load_settings
from tests.robust.conftest import HTML, HTMX, assert_secured

# Pages whose templates have no `results` block, and errors asked for by a browser.
WHOLE_PAGES = [
    ("GET", "/", 200),
    ("GET", "/sources", 200),
    ("GET", "/pharmacy", 200),
    ("GET", "/injection/calendar.ics", 422),  # an incomplete plan
    ("GET", "/topical/calendar.ics", 422),
    ("GET", "/injection/calendar.ics?start_date=2025-01-06", 422),
    ("GET", "/no-such-page", 404),
    ("POST", "/sources", 405),
    ("DELETE", "/injection", 405),
]


@pytest.mark.parametrize(("method", "path", "status"), WHOLE_PAGES)
@pytest.mark.parametrize("headers", [HTMX, HTML], ids=["htmx", "browser"])
def test_a_page_without_a_fragment_answers_with_the_whole_page(http, method, path, status,
                                                                 headers):
    response = http.request(method, path, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text and "STS Planner" in response.text
    assert_secured(response)


@pytest.mark.parametrize(
    ("path", "title"),
    [("/no-such-page", "Page not found"), ("/injection/nothing/here", "Page not found")],
)
def test_a_browser_gets_a_404_page_in_the_layout_not_json(http, path, title):
    response = http.get(path, headers=HTML)
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.text
    assert '<nav aria-label="Main">' in response.text


@pytest.mark.parametrize("path", ["/no-such-page", "/api/v1/nothing"])
def test_an_api_client_gets_json_errors(http, path):
    response = http.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_error_page_does_not_echo_what_was_typed_at_length(http):
    long_text = "elbow" * 2000
    response = http.get(f"/{long_text}", headers=HTML)
    assert response.status_code == 404
    assert long_text[:200] not in response.text


@pytest.fixture
def failing() -> TestClient:
    """An app with one route that fails the way a bug would, quoting its input."""
    app = create_app(load_settings())

    @app.get("/api/v1/fails")
    @app.get("/fails")
    def fails() -> None:
        raise UnicodeEncodeError("utf-8", "Zebrafinch elbow \ud800", 17, 18, "surrogate")

    return TestClient(app)


@pytest.mark.parametrize(
    ("path", "headers", "content_type", "words"),
    [
        ("/fails", HTML, "text/html", "Something went wrong on our side"),
        ("/fails", HTMX, "text/html", "Something went wrong on our side"),
        ("/api/v1/fails", {}, "application/json", "Something went wrong on our side"),
    ],
)
def test_a_500_is_the_apps_own_with_every_header_and_its_status_logged(
    failing, caplog, capsys, path, headers, content_type, words
):
    caplog.set_level(logging.DEBUG)
    response = failing.get(path, headers=headers)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(content_type)
    assert words in response.text
    assert_secured(response)
    request_id = response.headers["x-request-id"]
    logged = [r.getMessage() for r in caplog.records]
    assert any(f" {path} 500 " in line and request_id in line for line in logged)
    assert any("failed: UnicodeEncodeError" in line for line in logged)
    everything = "\n".join(logged) + capsys.readouterr().err + response.text
    assert "Zebrafinch" not in everything and "Traceback" not in everything
    assert all(r.exc_info is None for r in caplog.records)


def test_the_connection_serves_the_next_request_after_a_500(failing):
    assert failing.get("/fails").status_code == 500
    assert failing.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/sources", "/pharmacy", "/injection", "/topical", "/pharmacy/mix",
             "/pharmacy/compound", "/pharmacy/check", "/pharmacy/formula", "/healthz",
             "/injection/round-sheet", "/topical/calendar"],
)
def test_head_is_answered_as_get_without_a_body(http, path):
    got = http.get(path)
    head = http.head(path)
    assert head.status_code == got.status_code != 405
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert_secured(head)


@pytest.mark.parametrize(
    ("raw_path", "forged"),
    [("/x%0aFORGED%20LINE", "\nFORGED"), ("/x%0d%0aINFO%20sts", "\r\nINFO"),
     ("/x%1b%5b31m", "\x1b["), ("/x%e2%80%aeevil", "\u202e"), ("/x%c2%85next", "\x85")],
)
def test_the_access_log_escapes_what_it_writes(http, caplog, raw_path, forged):
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    http.get(raw_path)
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    assert lines and all(forged not in line for line in lines)
    assert any(line.startswith("GET /x") for line in lines)


@pytest.mark.parametrize(
    "url",
    ["/injection?start_date=2025-01-06&site_name=elbow&site_volume=1%20mL&site_rounds=2",
     "/topical?start_date=2025-01-06&site_name=arm&site_area=50%20cm%5E2",
     "/pharmacy/mix?stock_volume=1%20mL", "/injection/round-sheet?start_date=2025-01-06"],
)
def test_a_page_whose_url_carries_plan_input_is_never_cached(http, url):
    response = http.get(url)
    assert "no-store" in response.headers["cache-control"]


@pytest.mark.parametrize("url", ["/injection?site_name=%ED%A0%80", "/topical?site_name=%FF",
                                 "/pharmacy/mix?stock=%C3"])
def test_undecodable_query_text_is_a_422_not_replaced(http, url):
    response = http.get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query"]
    assert "UTF-8" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/courses", "GET, HEAD, POST"),  # two routes share the path
        ("PUT", "/api/v1/courses", "GET, HEAD, POST"),
        ("OPTIONS", "/api/v1/courses", "GET, HEAD, POST"),
        ("POST", "/sources", "GET, HEAD"),
        ("DELETE", "/injection", "GET, HEAD"),
        ("DELETE", "/courses/c1/calendar.pdf", "GET, HEAD, POST"),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTML], ids=["api", "browser"])
def test_a_405_names_every_method_the_address_answers(http, method, path, allow, headers):
    response = http.request(method, path, headers=headers)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
