"""Account changes, from the admin page and from the sts-planner command, are in the audit trail."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.settings import Settings
from app.storage import audit, audit_check
from app.storage.engine import Database
from tests.pages.conftest import PASSWORD, csrf_of

Browser = Callable[[str], TestClient]
SECRET = "a new clinic password"


def _account_entries(database: Database) -> list[tuple[str, str, dict[str, object]]]:
    with database.reading() as session:
        return [(e.by, e.action, e.detail) for e in audit.entries(session, None, 0, 1000)
                if e.course_id is None]


def _post(client: TestClient, path: str, data: dict[str, str]) -> int:
    token = csrf_of(client.get("/admin/accounts").text)
    return client.post(path, data={**data, "csrf": token}).status_code


def test_each_change_on_the_admin_page_is_audited_by_id_and_role_only(
    browser: Browser, database: Database
) -> None:
    admin = browser("admin")
    before = len(_account_entries(database))
    assert _post(admin, "/admin/accounts", {"username": "rowena.nurse", "role": "viewer",
                                            "password": SECRET}) == 303
    for action, role in (("role", "clinician"), ("disable", ""), ("enable", ""),
                         ("revoke", "")):
        assert _post(admin, "/admin/accounts/change",
                     {"username": "rowena.nurse", "action": action, "role": role}) == 303
    # Refused changes write nothing.
    assert _post(admin, "/admin/accounts", {"username": "rowena.nurse", "role": "viewer",
                                            "password": SECRET}) == 422
    assert _post(admin, "/admin/accounts/change", {"username": "admin",
                                                   "action": "disable"}) == 409
    entries = _account_entries(database)[before:]
    assert [(by, action) for by, action, _ in entries] == [
        ("admin", "account.added"), ("admin", "account.role_changed"),
        ("admin", "account.disabled"), ("admin", "account.enabled"),
        ("admin", "tokens.revoked"),
    ]
    account_ids = {detail["account_id"] for _, _, detail in entries}
    assert len(account_ids) == 1 and isinstance(account_ids.pop(), int)
    assert entries[1][2]["role_before"] == "viewer" and entries[1][2]["role"] == "clinician"
    said = json.dumps([detail for _, _, detail in entries])
    assert "rowena" not in said and SECRET not in said
    page = admin.get("/admin/accounts").text
    assert "History of account changes" in page
    assert "rowena.nurse (account" in page and "role changed from viewer to clinician" in page
    with database.reading() as session:
        assert audit_check.verify(session, database.seal).first_bad is None


def test_the_console_command_is_audited_as_the_console_and_never_keeps_the_token(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    monkeypatch.setenv("STS_DATABASE_URL", settings.database())
    monkeypatch.setenv("STS_DATA_DIR", str(tmp_path / "data"))
    before = len(_account_entries(database))

    def run(*args: str, stdin: str = "") -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        assert main(list(args)) == 0

    run("user", "add", "cli.pharm", "--role", "pharmacist", stdin=PASSWORD + "\n")
    run("token", "add", "cli.pharm")
    token = capsys.readouterr().out.strip()
    run("user", "role", "cli.pharm", "viewer")
    run("token", "revoke", "cli.pharm")
    run("user", "disable", "cli.pharm")
    run("user", "enable", "cli.pharm")
    entries = _account_entries(database)[before:]
    assert [(by, action) for by, action, _ in entries] == [
        ("console", "account.added"), ("console", "token.added"),
        ("console", "account.role_changed"), ("console", "tokens.revoked"),
        ("console", "account.disabled"), ("console", "account.enabled"),
    ]
    assert entries[3][2]["revoked"] == 1
    said = json.dumps([detail for _, _, detail in entries])
    assert token not in said and "cli.pharm" not in said and PASSWORD not in said
