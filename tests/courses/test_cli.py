"""The sts-planner command: accounts, tokens, audit verification against tampering, backup."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.cli import main
from app.main import create_app
from app.settings import Settings, load_settings
from app.storage.engine import make_engine
from tests.courses.conftest import GIVEN, PASSWORD, auth, new_course


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> str:
    """Point the command (which reads the environment) at this test's database and folder."""
    assert settings.database_url is not None
    monkeypatch.setenv("STS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("STS_DATA_DIR", str(settings.data_dir))
    return settings.database_url


def run(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def test_user_add_token_add_and_revoke(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["user", "add", "ann", "--role", "clinician"], monkeypatch, PASSWORD + "\n") == 0
    assert run(["token", "add", "ann"], monkeypatch) == 0
    token = capsys.readouterr().out.splitlines()
    assert len(token) == 1 and len(token[0]) >= 43
    app = create_app(load_settings(database_url=env))
    with TestClient(app) as client:
        url = "/api/v1/courses?patient=H1"
        assert client.get(url, headers=auth(token[0])).status_code == 200
        assert run(["token", "revoke", "ann"], monkeypatch) == 0
        assert client.get(url, headers=auth(token[0])).status_code == 401
    app.state.database.close()


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["user", "add", "ann", "--role", "clinician"], PASSWORD + "\n", "already exists"),
        (["user", "add", "bob", "--role", "nurse"], PASSWORD + "\n", "unknown role"),
        (["user", "add", "bob", "--role", "viewer"], "short\n", "at least 12"),
        (["token", "add", "nobody"], "", "no user"),
    ],
)
def test_refusals_are_one_line_and_non_zero(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], stdin: str, words: str,
) -> None:
    assert run(["user", "add", "ann", "--role", "clinician"], monkeypatch, PASSWORD + "\n") == 0
    capsys.readouterr()
    assert run(args, monkeypatch, stdin) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in captured.err


def _trail(env: str, tokens: dict[str, str], client: TestClient) -> None:
    course = new_course(client, tokens["clinician"])
    client.post(f"/api/v1/courses/{course['id']}/records",
                json={**GIVEN, "round": 1, "date": "2026-01-05"},
                headers=auth(tokens["clinician"], 1))
    client.get(f"/api/v1/courses/{course['id']}", headers=auth(tokens["viewer"]))


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        ("UPDATE audit_entries SET by = 'mallory' WHERE seq = 2", 2),
        ("DELETE FROM audit_entries WHERE seq = 2", 2),
        ("DELETE FROM audit_entries WHERE seq = 3", 3),
        ("UPDATE audit_entries SET seq = 999 WHERE seq = 3", 3),
    ],
)
def test_audit_verify_names_the_first_entry_altered_or_removed(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    client: TestClient, tokens: dict[str, str], tamper: str, first_bad: int,
) -> None:
    _trail(env, tokens, client)
    capsys.readouterr()
    assert run(["audit", "verify"], monkeypatch) == 0
    engine = make_engine(env)
    with engine.begin() as connection:
        # The accounts the fixture made are audited too, before the course's three entries.
        written = connection.execute(text("SELECT count(*) FROM audit_entries")).scalar_one()
        assert written >= 3 and f"{written} entries" in capsys.readouterr().out
        connection.execute(text(tamper))
    engine.dispose()
    assert run(["audit", "verify"], monkeypatch) != 0
    assert f"seq {first_bad}" in capsys.readouterr().err


def test_a_backup_restores_every_course(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    live = tmp_path / "live.db"
    monkeypatch.setenv("STS_DATABASE_URL", f"sqlite:///{live}")
    assert run(["user", "add", "ann", "--role", "clinician"], monkeypatch, PASSWORD + "\n") == 0
    assert run(["token", "add", "ann"], monkeypatch) == 0
    token = capsys.readouterr().out.strip()
    app = create_app(load_settings(database_url=f"sqlite:///{live}"))
    with TestClient(app) as client:
        made = {new_course(client, token, reference=f"P-{n}")["id"] for n in range(5)}
        # The copy is taken while the app holds the database open.
        assert run(["backup", str(tmp_path / "copy.db")], monkeypatch) == 0
    app.state.database.close()
    assert run(["backup", str(tmp_path / "copy.db")], monkeypatch) != 0  # never overwrites
    live.unlink()
    (tmp_path / "copy.db").rename(live)
    with sqlite3.connect(live) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = create_app(load_settings(database_url=f"sqlite:///{live}"))
    with TestClient(restored) as client:
        for course_id in made:
            response = client.get(f"/api/v1/courses/{course_id}", headers=auth(token))
            assert response.status_code == 200
    restored.state.database.close()
    assert run(["audit", "verify"], monkeypatch) == 0


def test_backup_refuses_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("STS_DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/x")
    assert run(["backup", str(tmp_path / "x.db")], monkeypatch) != 0
    assert "pg_dump" in capsys.readouterr().err
