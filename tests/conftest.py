"""Shared fixtures: a fresh app and an in-process HTTP client (httpx) for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture
def app() -> FastAPI:
    """A new application built by the factory."""
    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An httpx-based client that calls the app in-process."""
    with TestClient(app) as http:
        yield http
