"""One app for each robustness test module that only reads, and the helpers they share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.security import SECURITY_HEADERS
from app.settings import load_settings


@pytest.fixture(scope="module")
def http() -> Iterator[TestClient]:
    """A client for a fresh app with default settings."""
    with TestClient(create_app(load_settings())) as client:
        yield client


def assert_secured(response: Any) -> None:
    """Every security header, exactly once."""
    for name, value in SECURITY_HEADERS:
        assert response.headers.get_list(name.decode()) == [value.decode()], name


HTML = {"Accept": "text/html,application/xhtml+xml"}
HTMX = {**HTML, "HX-Request": "true"}
