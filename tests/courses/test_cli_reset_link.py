"""`sts-planner user reset-link USERNAME`: the link as the only line of standard output, under
the served-at address or --base; it works once; the account's sessions and tokens end; audited
without the token (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.main import create_app
from app.services import accounts
from app.settings import Settings, load_settings
from app.storage import audit
from tests.courses.conftest import PASSWORD

NEW = "a password from the link"
LINK = re.compile(r"^(?P<base>https?://[^/]+)/reset-password\?token=(?P<token>[A-Za-z0-9_-]{43})$")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> str:
    """Point the command at this test's database and folder; an account named ann."""
    assert settings.database_url is not None
    monkeypatch.setenv("STS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("STS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "ann", "--role", "clinician"]) == 0
    return settings.database_url


@pytest.mark.parametrize(
    ("args", "variables", "base"),
    [
        ([], {}, "http://127.0.0.1:8000"),
        ([], {"STS_HOST": "0.0.0.0", "STS_PORT": "8443"}, "http://127.0.0.1:8443"),
        (["--base", "https://sts.clinic.example/"], {}, "https://sts.clinic.example"),
    ],
)
def test_the_link_is_the_only_line_and_sets_a_password_once(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], variables: dict[str, str], base: str,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    app = create_app(load_settings(database_url=env))
    token_before = accounts.add_token(app.state.database, "ann")
    capsys.readouterr()
    assert main(["user", "reset-link", "ann", *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    found = LINK.match(out[0])
    assert found is not None and found["base"] == base, out
    token = found["token"]
    assert accounts.actor_of_token(app.state.database, token_before) is None
    with TestClient(app, follow_redirects=False) as client:
        page = client.get(f"/reset-password?token={token}")
        assert page.status_code == 200
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        data = {"csrf": csrf.group(1), "token": token, "password": NEW, "repeat": NEW}
        assert client.post("/reset-password", data=data).status_code == 303
        assert client.post("/reset-password", data=data).status_code == 404
    assert accounts.sign_in(app.state.database, "ann", NEW) is not None
    with app.state.database.reading() as session:
        entries = audit.entries(session, None, 0, 1000)
    app.state.database.close()
    issued = [e for e in entries if e.action == "account.reset_link_issued"]
    assert [e.by for e in issued] == ["console"]
    assert token not in json.dumps([e.detail for e in entries])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["user", "reset-link", "nobody"], "no user named 'nobody'"),
        (["user", "reset-link", "ann", "--base", "sts.clinic.example"], "--base must start"),
    ],
)
def test_a_refusal_is_one_line_and_prints_no_link(
    env: str, capsys: pytest.CaptureFixture[str], args: list[str], words: str,
) -> None:
    capsys.readouterr()
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and words in captured.err
