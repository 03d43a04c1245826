"""The server's own limits: the API's small body limit, uvicorn's concurrency limit and timeouts,
and a container health check that asks the address the server listens on."""

from __future__ import annotations

from typing import Any

import pytest

from app import serve
from app.healthcheck import healthz_url
from app.settings import get_settings
from tests.security_samples import BODIES, replaced


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("0.0.0.0", "8000", "http://127.0.0.1:8000/healthz"),
        ("::", "8080", "http://[::1]:8080/healthz"),
        ("10.1.2.3", "8000", "http://10.1.2.3:8000/healthz"),
        ("fd00::5", "9000", "http://[fd00::5]:9000/healthz"),
        ("127.0.0.1", "8000", "http://127.0.0.1:8000/healthz"),
    ],
)
def test_the_health_check_asks_where_the_server_listens(host, port, url):
    assert healthz_url(host, port) == url


def test_uvicorn_runs_with_a_concurrency_limit_and_timeouts(monkeypatch):
    given: dict[str, Any] = {}
    monkeypatch.setattr(serve.uvicorn, "run", lambda *args, **kwargs: given.update(kwargs))
    monkeypatch.setenv("STS_LIMIT_CONCURRENCY", "32")
    get_settings.cache_clear()
    try:
        assert serve.main() == 0
    finally:
        get_settings.cache_clear()
    assert given["limit_concurrency"] == 32
    assert given["timeout_keep_alive"] == 5 and given["timeout_graceful_shutdown"] == 30
    assert given["access_log"] is False


@pytest.mark.parametrize(
    ("path", "size", "status"),
    [
        ("/api/v1/mix", 65 * 1024, 413),
        ("/api/v1/plans/injection", 15_000_000, 413),
        ("/api/v1/plans/injection.ics", 70_000, 413),
    ],
)
def test_an_api_body_over_64_kib_is_refused_before_it_is_read(http, path, size, status):
    body = b"{" + b" " * size + b"}"
    response = http.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert "at most 65536 bytes" in response.json()["detail"]
    assert response.headers["connection"] == "close"


def test_pages_keep_their_own_larger_limit(http):
    response = http.post("/injection/calendar", data={"patient_name": "A" * 100_000})
    assert response.status_code != 413


@pytest.mark.parametrize(
    ("path", "where"),
    [("/api/v1/plans/injection", ("sites", 0, "name")),
     ("/api/v1/plans/topical", ("sites", 0, "name")),
     ("/api/v1/mix", ("stock",)), ("/api/v1/compound/formula", ("formula",))],
)
def test_a_422_never_echoes_a_long_input(http, path, where):
    long_text = "Zebrafinch" * 5000  # 50,000 characters, inside the body limit
    response = http.post(path, json=replaced(BODIES[path], where, long_text))
    assert response.status_code == 422
    assert len(response.content) < 2000
    assert long_text[:200] not in response.text
