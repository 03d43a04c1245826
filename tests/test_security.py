"""Security headers everywhere, request and field size limits, and user text coming back inert
from every endpoint and page that exists when the tests run."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from app.main import create_app
from app.security import CONTENT_SECURITY_POLICY
from app.settings import load_settings
from tests.security_samples import (
    BODIES,
    ICS_INJECTION,
    LIVE,
    MARKUP,
    NOT_PAGES,
    PAGE_QUERY,
    all_routes,
    get,
    list_paths,
    replaced,
    string_leaves,
)

EXPECTED_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.fixture(scope="module")
def http() -> Iterator[TestClient]:
    """One app for the module: these tests only read."""
    with TestClient(create_app()) as client:
        yield client


def json_endpoints(http: TestClient) -> list[str]:
    """Every POST operation in the served schema that is open without an account (those behind
    one, the courses of issue 8, are tested with tokens in tests/courses)."""
    paths = http.get("/openapi.json").json()["paths"]
    return sorted(
        path for path, operations in paths.items()
        if "post" in operations and not operations["post"].get("security")
    )


def existing(http: TestClient) -> dict[str, dict[str, Any]]:
    """The sample bodies of the endpoints this build serves."""
    served = set(json_endpoints(http))
    return {path: body for path, body in BODIES.items() if path in served}


def page_routes(http: TestClient, method: str) -> list[str]:
    """Paths of the HTML routes (not the API, docs or static files) for a method."""
    app: Any = http.app
    return sorted(
        route.path for route in all_routes(app.routes)
        if isinstance(route, APIRoute) and method in route.methods
        and not route.path.startswith(NOT_PAGES) and "{" not in route.path
    )


def static_file(http: TestClient) -> str:
    """The URL of one file the app serves from its static mount."""
    app: Any = http.app
    for route in all_routes(app.routes):
        if isinstance(route, Mount) and route.path == "/static":
            directory = route.app.directory  # type: ignore[attr-defined]
            names = sorted(p.name for p in Path(directory).iterdir() if p.is_file())
            if names:
                return f"/static/{names[0]}"
    raise AssertionError("route discovery found no static file")


# --- headers -------------------------------------------------------------------------------


def assert_secured(response: Any) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert len(response.headers.get_list("content-security-policy")) == 1


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/mix", BODIES["/api/v1/mix"]),
        ("POST", "/api/v1/mix", {"stock": "10 %"}),  # a 422
        ("GET", "/openapi.json", None),
        ("GET", "/healthz", None),
        ("GET", "/no-such-page", None),  # a 404
    ],
)
def test_api_responses_carry_the_security_headers(http, method, path, body):
    response = http.request(method, path, json=body)
    assert response.status_code in (200, 404, 422)
    assert_secured(response)


def test_the_policy_allows_only_our_own_origin():
    # No inline script, no eval, no third-party host anywhere in the policy.
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert not re.search(r"https?:|\*", CONTENT_SECURITY_POLICY)
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_html_pages_carry_the_security_headers(http):
    pages = page_routes(http, "GET")
    assert pages, "route discovery found no HTML pages"
    for path in pages:
        response = http.get(path)
        assert response.status_code < 500, path
        assert_secured(response)


def test_static_files_carry_the_security_headers(http):
    response = http.get(static_file(http))
    assert response.status_code == 200
    assert_secured(response)


# --- size limits ---------------------------------------------------------------------------


@pytest.fixture
def small_limit() -> Iterator[TestClient]:
    """An app that accepts API bodies of at most 2048 bytes."""
    with TestClient(create_app(load_settings(max_api_body_bytes=2048))) as client:
        yield client


def test_a_body_declared_too_large_is_refused_with_413(small_limit):
    response = small_limit.post(
        "/api/v1/mix", content=b" " * 4096, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "request body too large: this planner accepts at most 2048 bytes"
    )
    assert_secured(response)


def test_a_streamed_body_that_grows_too_large_is_refused_with_413(small_limit):
    def chunks() -> Iterator[bytes]:
        for _ in range(8):  # 8 × 1000 bytes, with no Content-Length
            yield b" " * 1000

    response = small_limit.post(
        "/api/v1/mix", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "at most 2048 bytes" in response.json()["detail"]


def test_a_body_under_the_limit_is_served(small_limit):
    response = small_limit.post("/api/v1/mix", json=BODIES["/api/v1/mix"])
    assert response.status_code == 200


def test_a_ten_megabyte_site_name_is_refused_before_it_is_read(http):
    assert "/api/v1/plans/injection" in json_endpoints(http), "route discovery missed it"
    body = replaced(BODIES["/api/v1/plans/injection"], ("sites", 0, "name"), "x" * 10_000_000)
    response = http.post("/api/v1/plans/injection", json=body)
    assert response.status_code == 413
    assert "at most 65536 bytes" in response.json()["detail"]


def test_every_sample_is_accepted(http):
    # The other tests change one thing in these; each must be valid to begin with.
    for path, body in existing(http).items():
        assert http.post(path, json=body).status_code == 200, path


def test_every_post_endpoint_has_a_sample(http):
    assert set(json_endpoints(http)) <= set(BODIES), "add the new endpoint to BODIES"


def oversized_fields(http: TestClient) -> Iterator[tuple[str, dict[str, Any], tuple[Any, ...]]]:
    for path, body in existing(http).items():
        for leaf in string_leaves(body):
            yield path, replaced(body, leaf, "1" * 10_000), leaf


def test_an_oversized_text_field_is_a_422_naming_it(http):
    for path, body, leaf in oversized_fields(http):
        response = http.post(path, json=body)
        assert response.status_code == 422, (path, leaf)
        located = response.json()["detail"][0]["loc"]
        assert str(leaf[-1]) in [str(part) for part in located], (path, leaf, located)


def test_an_oversized_list_is_a_422(http):
    for path, body in existing(http).items():
        for where in list_paths(body):
            longer = replaced(body, where, [get(body, where)[0]] * 500)  # fits the body limit
            response = http.post(path, json=longer)
            assert response.status_code == 422, (path, where)
            assert "at most" in response.text, (path, where)


@pytest.mark.parametrize(
    ("path", "where", "value"),
    [
        ("/api/v1/plans/injection", ("sites", 0, "rounds"), 1_000_000),
        ("/api/v1/plans/injection", ("sites", 3, "first_round"), 1_000_000),
        ("/api/v1/plans/injection", ("interval_days",), 100_000),
        ("/api/v1/plans/topical", ("steps", 0, "days"), 1_000_000),
        ("/api/v1/plans/topical", ("review_interval_days",), 100_000),
    ],
)
def test_plan_length_is_bounded(http, path, where, value):
    assert path in json_endpoints(http), "route discovery missed it"
    response = http.post(path, json=replaced(BODIES[path], where, value))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == where[-1]


def unbounded(schema: dict[str, Any], components: dict[str, Any], where: str) -> Iterator[str]:
    """Places in a request schema where text, lists, maps or whole numbers have no upper bound."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from unbounded(components[name], components, name)
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, ()):
            yield from unbounded(part, components, where)
    kind = schema.get("type")
    if kind == "string" and not (
        "maxLength" in schema or "enum" in schema or "const" in schema
        or schema.get("format") in ("date", "date-time")
        or re.search(r"\{\d*,?\d+\}\$$", schema.get("pattern", ""))
    ):
        yield f"{where}: text without maxLength"
    if kind == "array":
        if "maxItems" not in schema:
            yield f"{where}: list without maxItems"
        yield from unbounded(schema.get("items", {}), components, f"{where}[]")
    if kind == "integer" and "maximum" not in schema and "exclusiveMaximum" not in schema:
        yield f"{where}: whole number without maximum"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        if "maxProperties" not in schema:
            yield f"{where}: map without maxProperties"
        yield from unbounded(schema.get("propertyNames", {}), components, f"{where} keys")
        yield from unbounded(schema["additionalProperties"], components, f"{where} values")
    for name, prop in schema.get("properties", {}).items():
        yield from unbounded(prop, components, f"{where}.{name}")


def test_every_request_field_has_an_upper_bound(http):
    document = http.get("/openapi.json").json()
    components = document.get("components", {}).get("schemas", {})
    problems: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                problems += unbounded(media["schema"], components, f"{method} {path}")
            for parameter in operation.get("parameters", ()):
                problems += unbounded(parameter.get("schema", {}), components,
                                      f"{method} {path} ?{parameter['name']}")
    assert not sorted(set(problems))


# --- inert user text -----------------------------------------------------------------------


def test_markup_in_any_json_field_comes_back_as_plain_json(http):
    for path, body in existing(http).items():
        if path.endswith(".ics"):
            continue
        for leaf in string_leaves(body):
            response = http.post(path, json=replaced(body, leaf, MARKUP))
            assert response.status_code in (200, 422), (path, leaf)
            assert response.headers["content-type"] == "application/json", (path, leaf)
            response.json()  # well-formed: the text sits inside a JSON string


def calendar_events(text: str) -> int:
    return text.count("\r\nBEGIN:VEVENT\r\n")


@pytest.mark.parametrize("payload", [MARKUP, ICS_INJECTION, "a;b,c\\d"])
def test_text_in_a_calendar_cannot_add_lines_or_events(http, payload):
    calendars = [path for path in existing(http) if path.endswith(".ics")]
    assert calendars, "route discovery found no calendar endpoints"
    for path in calendars:
        body = BODIES[path]
        clean = http.post(path, json=body)
        assert clean.status_code == 200
        for leaf in string_leaves(body):
            response = http.post(path, json=replaced(body, leaf, payload))
            assert response.status_code in (200, 422), (path, leaf)
            if response.status_code == 422:
                continue
            assert response.headers["content-type"].startswith("text/calendar")
            lines = response.text.split("\r\n")
            assert not any(line.startswith("ATTENDEE") for line in lines), (path, leaf)
            assert calendar_events(response.text) == calendar_events(clean.text), (path, leaf)


def page_variants() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The valid page query, then each parameter in turn replaced by markup."""
    names = sorted({name for name, _ in PAGE_QUERY})
    for name in names:
        yield name, [(key, MARKUP if key == name else value) for key, value in PAGE_QUERY]


def assert_inert_html(response: Any, label: Any) -> None:
    assert response.status_code < 500, label
    if response.headers.get("content-type", "").startswith("text/html"):
        for live in LIVE:
            assert live not in response.text, label


def test_markup_in_any_page_parameter_is_escaped(http):
    pages = [p for p in page_routes(http, "GET") if not p.endswith(".pdf")]
    assert pages, "route discovery found no HTML pages"
    echoed = 0
    for path in pages:
        for name, query in page_variants():
            response = http.get(path, params=query)
            assert_inert_html(response, (path, name))
            echoed += "&lt;script&gt;alert(" in response.text
    assert echoed  # the pages do show what was typed: escaped


def test_markup_in_a_patient_name_is_escaped(http):
    forms = [p for p in page_routes(http, "POST") if not p.endswith(".pdf")]
    assert forms, "route discovery found no print forms"
    for path in forms:
        response = http.post(path, params=PAGE_QUERY, data={"patient_name": MARKUP})
        assert_inert_html(response, path)


def pdf_text(pdf: bytes) -> str:
    finished = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return finished.stdout.decode()


def test_markup_in_a_pdf_is_printed_as_text(http):
    pdfs = page_routes(http, "GET") + page_routes(http, "POST")
    # The clinic's day sheet needs an account (tests/pages/test_clinic_pages.py prints it).
    pdfs = sorted({p for p in pdfs if p.endswith(".pdf") and not p.startswith("/clinic/")})
    assert pdfs, "route discovery found no PDF views"
    shown = "<b>Bold</b> & co"
    first = next(i for i, (k, _) in enumerate(PAGE_QUERY) if k == "site_name")
    query = [(k, shown if i == first else v) for i, (k, v) in enumerate(PAGE_QUERY)]
    for path in pdfs:
        response = http.get(path, params=query)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/pdf"
        text = pdf_text(response.content)
        # Escaped, the tags are printed as written; rendered, they would vanish.
        if path.startswith(("/injection", "/topical")):
            assert shown in text, path
    for path in [p for p in page_routes(http, "POST") if p.endswith(".pdf")]:
        response = http.post(path, params=query, data={"patient_name": shown})
        assert response.status_code == 200, path
        assert shown in pdf_text(response.content), path


def test_docs_page_uses_only_local_scripts_and_no_inline_script(http):
    page = http.get("/docs")
    assert page.status_code == 200
    assert_secured(page)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, flags=re.S)
    assert scripts
    for attributes, inline in scripts:
        assert not inline.strip()  # an inline script would be blocked by the policy
        source = re.search(r'src="([^"]+)"', attributes).group(1)  # type: ignore[union-attr]
        assert source.startswith("/static/")
        assert http.get(source).status_code == 200
    for sheet in re.findall(r'href="([^"]+\.css)"', page.text):
        assert sheet.startswith("/static/") and http.get(sheet).status_code == 200
    assert http.get("/redoc").status_code == 404  # FastAPI's CDN-based page is off
